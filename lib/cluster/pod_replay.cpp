// The timed replay's set-up, measures and trace reading: see pod_replay.hpp.
#include "dcsim/cluster/pod_replay.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "dcsim/cluster/fragmentation_study.hpp"
#include "dcsim/workload/trace/alibaba_gpu_v2023.hpp"

namespace dcsim::cluster {

using policy::NodeShape;
using policy::PodRequest;

PodReplay::PodReplay(const std::vector<NodeShape>& nodes, std::span<const TimedPod> pods, policy::PlacementPolicy& policy,
                     const PodReplayOptions& options)
    : nodes_(nodes), policy_(&policy), time_(options.time) {
  if (pods.size() >= std::size_t{0xffffffff}) throw std::invalid_argument("pod replay: too many pods for 32-bit event targets");
  if (!options.tie_ranks.empty()) nodes_.set_tie_ranks(options.tie_ranks);
  if (options.until_s) {
    if (!(*options.until_s >= 0)) throw std::invalid_argument("pod replay: until must be a time >= 0");
    until_ = time_.ticks(*options.until_s);
  }

  std::vector<Tick> arrival(pods.size());
  for (std::size_t i = 0; i < pods.size(); ++i) {
    const TimedPod& p = pods[i];
    if (!std::isfinite(p.arrival_s) || p.arrival_s < 0) {
      throw std::invalid_argument("pod replay: pod " + std::to_string(i) + " has an arrival that is not a finite time >= 0");
    }
    if (p.departure_s && !(*p.departure_s >= p.arrival_s)) {  // NaN fails too
      throw std::invalid_argument("pod replay: pod " + std::to_string(i) + " departs before it arrives");
    }
    arrival[i] = time_.ticks(p.arrival_s);
  }
  // Sorted once, so the run only ever needs the next arrival (ties keep the input order).
  std::vector<std::uint32_t> order(pods.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return arrival[a] < arrival[b]; });
  slots_.reserve(pods.size());
  for (const std::uint32_t i : order) {
    Slot s;
    s.pod = pods[i].pod;
    s.arrival = arrival[i];
    if (pods[i].departure_s) {
      const Tick departure = time_.ticks(*pods[i].departure_s);
      s.hold = departure == kNever ? kNever : departure - s.arrival;  // beyond the tick range: it stays
    }
    slots_.push_back(s);
  }
  pending_.reserve(std::min<std::size_t>(pods.size(), 1024));

  if (options.measure_fragmentation) {
    if (options.typical.empty()) {
      std::vector<PodRequest> workload;
      workload.reserve(pods.size());
      for (const TimedPod& p : pods) workload.push_back(p.pod);
      typical_ = policy::typical_pods(workload);
    } else {
      typical_ = options.typical;
    }
  }
  if (!typical_.empty()) {
    node_fragmentation_.resize(nodes_.size());
    for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
      node_fragmentation_[n] = micro_gpu(policy::node_fragmentation(typical_, nodes_, n));
      fragmentation_ += node_fragmentation_[n];
    }
  }
  // The measures start at the first arrival: an empty cluster before it says nothing.
  const Tick first = slots_.empty() ? 0 : slots_.front().arrival;
  allocated_ = TimeAverage(first);
  fragmentation_avg_ = TimeAverage(first);
  blocked_ = TimeAverage(first);
  blocked_unallocated_ = TimeAverage(first);
  fragmentation_avg_.set(first, fragmentation_);
}

PodReplayResult PodReplay::result(Tick end, std::uint64_t events) const {
  PodReplayResult r;
  const Tick first = slots_.empty() ? 0 : slots_.front().arrival;
  end = std::max(end, first);  // an `until` before the first arrival: an empty window
  r.pods = slots_.size();
  r.arrived = arrived_;
  r.placed_at_once = placed_at_once_;
  r.placed_after_wait = placed_after_wait_;
  r.rejected = rejected_;
  r.finished = finished_;
  r.running_at_end = running_;
  r.pending_at_end = pending_.size();
  if (placed_after_wait_) {
    r.mean_wait_s = time_.seconds(1) * static_cast<double>(wait_sum_) / static_cast<double>(placed_after_wait_);
    r.max_wait_s = time_.seconds(max_wait_);
  }
  if (!pending_.empty()) r.longest_pending_s = time_.seconds(end - slots_[pending_.front()].arrival);
  const double capacity = static_cast<double>(nodes_.gpu_capacity_milli());
  if (capacity > 0) {
    r.allocated_pct_mean = allocated_.mean(end) / capacity * 100.0;
    r.allocated_pct_peak = static_cast<double>(peak_allocated_) / capacity * 100.0;
    r.unallocated_pct_mean = 100.0 - r.allocated_pct_mean;
    if (!typical_.empty()) r.fragmentation_pct_mean = fragmentation_avg_.mean(end) / 1000.0 / capacity * 100.0;
    const double blocked_ticks = blocked_.integral(end);
    if (blocked_ticks > 0) r.unallocated_pct_while_pending = blocked_unallocated_.integral(end) / blocked_ticks / capacity * 100.0;
  }
  r.pending_time_pct = blocked_.mean(end) * 100.0;
  r.start_s = time_.seconds(first);
  r.end_s = time_.seconds(end);
  r.events = events;
  r.placement_calls = placement_calls_;
  r.retry_checks = retry_checks_;
  return r;
}

PodReplayResult replay_pods(const std::vector<NodeShape>& nodes, std::span<const TimedPod> pods, policy::PlacementPolicy& policy,
                            const PodReplayOptions& options) {
  PodReplay model(nodes, pods, policy, options);
  Engine<PodReplay> engine(model);
  // At once: one arrival, one admit, and a departure per running pod.
  engine.reserve(std::min<std::size_t>(pods.size() + 2, std::size_t{1} << 16));
  model.start(engine);
  engine.run(model.until());
  return model.result(model.until() == kNever ? engine.now() : model.until(), engine.events_executed());
}

std::vector<PodRequest> TimedPodTrace::requests() const {
  std::vector<PodRequest> out;
  out.reserve(pods.size());
  for (const TimedPod& p : pods) out.push_back(p.pod);
  return out;
}

TimedPodTrace read_timed_pod_trace(const std::string& node_csv, const std::string& pod_csv, const TraceReadOptions& options) {
  TimedPodTrace trace;
  trace.nodes = read_node_shapes(node_csv, options);  // as the timeless mode: same model bits and tie order
  const policy::NodeTable table(trace.nodes);
  AlibabaPodReader reader(pod_csv, options);
  PodRecord record;
  while (reader.next(record)) trace.pods.push_back(TimedPod{to_pod_request(record, table.models()), record.creation_s, record.deletion_s});
  return trace;
}

}  // namespace dcsim::cluster

#pragma once
// The timed mode of the FGD experiment: the same openb trace, with its creation and deletion
// times as real events. The timeless mode (pod_packing.hpp) asks how densely a policy packs
// pods that never leave; this one asks what the policy does to a cluster whose pods come and
// go, run through the event engine:
//   - a pod arrives at its creation time and the policy places it (NodeTable::bind);
//   - a pod that could not run even on an empty cluster (larger than any node, or no node
//     with a GPU model it accepts) is rejected at once, with classify_failure's reason;
//   - any other pod that does not fit waits in a FIFO of pending pods;
//   - a placed pod runs (deletion - creation) seconds from its start, so a pod that waited
//     leaves later than the trace says; a pod without a deletion time stays to the end;
//   - when a pod leaves (NodeTable::unbind), the pending pods are retried in arrival order
//     and every one that now fits starts: Kubernetes moves unschedulable pods back to the
//     active queue on a cluster event, and a pod that still does not fit blocks no one.
// Only the next arrival is ever in the event queue (read-ahead of one): the pods are kept
// sorted by creation time and each arrival schedules the one after it.
//
// Same instant: departures go before arrivals, so a pod arriving at the second another
// leaves sees the room it frees (whichever event happened to be scheduled first). An arrival
// event only schedules a zero-delay "admit" step, and the engine runs zero-delay events after
// every event of that tick already in its queue. (A pod whose run time is 0 leaves in such a
// zero-delay step too, in order with the admits.)
//
// Retrying cheaply. Invariant: after every event no pending pod fits any node — a pod waits
// only because it fit nowhere, binds only take room, and every departure retries. A
// departure frees room on one node, so a pending pod can fit now only there: the retry pass
// tests each pending pod against that node (NodeTable::fits, a few compares) and asks the
// policy only for those that fit it — which must then place them there, no other node
// fitting. A pass costs O(pending) compares plus one policy call per pod it starts; the
// queue is compacted in place (no allocation once it has grown).
//
// Measures, each time-weighted over [first arrival, end]: allocated GPU (% of capacity, and
// its peak), the cluster's fragmentation against the workload's typical pods (fragmentation.hpp;
// only the node a bind or unbind changed is re-measured, as pack_pods does), and, as the timed
// counterpart of the timeless mode's "unallocated GPU %" once pods fail, the unallocated GPU %
// over the time during which some pod was pending (room idle while demand waits).
//
// End: when the last pod has arrived and no event is left, or at `until` if given (pods
// arriving later never arrive; the measures run to `until`).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dcsim/cluster/pod_packing.hpp"
#include "dcsim/core/engine.hpp"
#include "dcsim/core/event.hpp"
#include "dcsim/core/time.hpp"
#include "dcsim/metrics/time_average.hpp"
#include "dcsim/policy/fragmentation.hpp"
#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement_policy.hpp"
#include "dcsim/workload/trace/csv.hpp"

namespace dcsim::cluster {

/// One pod of a timed replay: what it asks for, when it is created and when deleted.
struct TimedPod {
  policy::PodRequest pod;
  double arrival_s = 0;
  std::optional<double> departure_s;  ///< none: it stays to the end once started
};

struct PodReplayOptions {
  TimeScale time{1e-6};
  std::optional<double> until_s;  ///< end the run here; none = when no event is left
  bool measure_fragmentation = true;
  /// The fragmentation measure's typical pods; empty = learned from the replayed pods (95 %
  /// coverage, as FGD learns them).
  std::vector<policy::TypicalPod> typical;
  /// Equal policy scores go to the node of smallest rank; empty = node order.
  std::vector<std::uint32_t> tie_ranks;
};

struct PodReplayResult {
  std::uint64_t pods = 0;                 ///< in the input
  std::uint64_t arrived = 0;              ///< by the end (all, without `until`)
  std::uint64_t placed_at_once = 0;       ///< on arrival
  std::uint64_t placed_after_wait = 0;    ///< by a retry after a departure
  PodFailureCounts rejected{};  ///< by PodFailure; never kNoRoomNow (such a pod waits)
  std::uint64_t finished = 0;             ///< departed
  std::uint64_t running_at_end = 0;
  std::uint64_t pending_at_end = 0;
  double mean_wait_s = 0;        ///< over the pods placed after waiting
  double max_wait_s = 0;         ///< idem
  double longest_pending_s = 0;  ///< the wait so far of the oldest pod still pending at the end
  double allocated_pct_mean = 0;    ///< allocated GPU, % of capacity, time-weighted
  double allocated_pct_peak = 0;
  double unallocated_pct_mean = 0;  ///< 100 - allocated_pct_mean
  double fragmentation_pct_mean = 0;           ///< % of capacity, time-weighted (0 without a measure)
  double pending_time_pct = 0;                 ///< % of the time during which some pod was pending
  double unallocated_pct_while_pending = 0;    ///< time-weighted over that time only (0 if never)
  double start_s = 0;  ///< the first arrival
  double end_s = 0;
  std::uint64_t events = 0;
  std::uint64_t placement_calls = 0;  ///< PlacementPolicy::place calls
  std::uint64_t retry_checks = 0;     ///< pending pods tested against a node a departure freed

  [[nodiscard]] std::uint64_t rejected_total() const {
    std::uint64_t total = 0;
    for (auto r : rejected) total += r;
    return total;
  }
  /// Every arrived pod is finished, running, pending or rejected.
  [[nodiscard]] bool conserved() const { return arrived == finished + running_at_end + pending_at_end + rejected_total(); }
  friend bool operator==(const PodReplayResult&, const PodReplayResult&) = default;
};

/// The replay as an engine model (Engine<PodReplay>): start(sim), handle(event, sim) and
/// result(end, events). replay_pods() below runs it.
class PodReplay {
 public:
  enum Kind : std::uint32_t { kArrival = 0, kAdmit = 1, kDeparture = 2 };

  /// `policy` must outlive the model. The pods are copied, sorted by arrival (ties keep
  /// their input order). Throws std::invalid_argument for a negative or non-finite arrival,
  /// or a departure before its arrival.
  PodReplay(const std::vector<policy::NodeShape>& nodes, std::span<const TimedPod> pods, policy::PlacementPolicy& policy,
            const PodReplayOptions& options = {});

  template <class Sim>
  void start(Sim& sim) {
    if (!slots_.empty()) sim.schedule_at(slots_[0].arrival, kArrival, 0);
  }

  template <class Sim>
  void handle(const Event& e, Sim& sim) {
    switch (e.kind) {
      case kArrival: sim.schedule_at(sim.now(), kAdmit, e.target); break;  // after this tick's departures
      case kAdmit: admit(e.target, sim); break;
      default: depart(e.target, sim); break;
    }
  }

  /// The run's measures over [first arrival, end] (end at or after the last event).
  [[nodiscard]] PodReplayResult result(Tick end, std::uint64_t events) const;

  /// The tick of PodReplayOptions::until_s, or kNever.
  [[nodiscard]] Tick until() const { return until_; }
  [[nodiscard]] const policy::NodeTable& nodes() const { return nodes_; }
  /// Pending pods, oldest first, as indexes into the arrival order.
  [[nodiscard]] std::span<const std::uint32_t> pending() const { return pending_; }
  /// The request of the i-th pod in arrival order.
  [[nodiscard]] const policy::PodRequest& pod(std::uint32_t i) const { return slots_[i].pod; }
  [[nodiscard]] std::uint64_t running() const { return running_; }

 private:
  struct Slot {
    policy::PodRequest pod;
    Tick arrival = 0;
    Tick hold = kNever;  // run time once started; kNever = stays
    Tick start = kNever;
    policy::Placement where;
  };

  template <class Sim>
  void admit(std::uint32_t i, Sim& sim) {
    const Tick now = sim.now();
    ++arrived_;
    const Slot& s = slots_[i];
    ++placement_calls_;
    if (const auto where = policy_->place(s.pod, nodes_)) {
      ++placed_at_once_;
      start_pod(i, *where, now, sim);
    } else if (const PodFailure why = classify_failure(s.pod, nodes_); why == PodFailure::kNoRoomNow) {
      pending_.push_back(i);
    } else {
      ++rejected_[static_cast<int>(why)];
    }
    // Read-ahead of one. A pod of the same tick is admitted directly: every departure of this
    // tick that was in the queue has run already (we are in a zero-delay step).
    if (i + 1 < slots_.size()) {
      const Tick next = slots_[i + 1].arrival;
      sim.schedule_at(next, next == now ? kAdmit : kArrival, i + 1);
    }
    record(now);
  }

  template <class Sim>
  void depart(std::uint32_t i, Sim& sim) {
    const Tick now = sim.now();
    Slot& s = slots_[i];
    nodes_.unbind(s.pod, s.where);
    remeasure(s.where.node);
    --running_;
    ++finished_;
    retry_on(s.where.node, now, sim);
    record(now);
  }

  // The pending pods that fit `node`, the only node with new room, start in arrival order.
  template <class Sim>
  void retry_on(std::uint32_t node, Tick now, Sim& sim) {
    std::size_t kept = 0;
    for (std::size_t k = 0; k < pending_.size(); ++k) {
      const std::uint32_t i = pending_[k];
      ++retry_checks_;
      if (nodes_.fits(slots_[i].pod, node)) {
        ++placement_calls_;
        if (const auto where = policy_->place(slots_[i].pod, nodes_)) {
          ++placed_after_wait_;
          const Tick wait = now - slots_[i].arrival;
          wait_sum_ += wait;
          max_wait_ = std::max(max_wait_, wait);
          start_pod(i, *where, now, sim);
          continue;
        }
      }
      pending_[kept++] = i;
    }
    pending_.resize(kept);
  }

  template <class Sim>
  void start_pod(std::uint32_t i, const policy::Placement& where, Tick now, Sim& sim) {
    Slot& s = slots_[i];
    nodes_.bind(s.pod, where);
    remeasure(where.node);
    s.where = where;
    s.start = now;
    ++running_;
    if (s.hold < kNever - now) sim.schedule_at(now + s.hold, kDeparture, i);  // else it stays
  }

  // Re-measures one node's fragmentation. Node values are kept in integer micro-GPU so the
  // cluster's running sum is exact however many changes it sees.
  void remeasure(std::uint32_t node) {
    if (typical_.empty()) return;
    const std::int64_t level = micro_gpu(policy::node_fragmentation(typical_, nodes_, node));
    fragmentation_ += level - node_fragmentation_[node];
    node_fragmentation_[node] = level;
  }
  [[nodiscard]] static std::int64_t micro_gpu(double milli) { return static_cast<std::int64_t>(milli * 1000.0 + 0.5); }

  // The levels after an event; several changes at one tick leave only the last level weighted.
  void record(Tick now) {
    const std::int64_t allocated = nodes_.gpu_allocated_milli();
    allocated_.set(now, allocated);
    peak_allocated_ = std::max(peak_allocated_, allocated);
    fragmentation_avg_.set(now, fragmentation_);
    const bool blocked = !pending_.empty();
    blocked_.set(now, blocked ? 1 : 0);
    blocked_unallocated_.set(now, blocked ? nodes_.gpu_capacity_milli() - allocated : 0);
  }

  __extension__ using Wide = __int128;  // sum of waits in ticks: 64 bits overflow at 1 us ticks

  policy::NodeTable nodes_;
  policy::PlacementPolicy* policy_;
  TimeScale time_;
  Tick until_ = kNever;
  std::vector<Slot> slots_;               // in arrival order
  std::vector<std::uint32_t> pending_;    // indexes into slots_, oldest first
  std::vector<policy::TypicalPod> typical_;
  std::vector<std::int64_t> node_fragmentation_;  // micro-GPU
  std::int64_t fragmentation_ = 0;                // micro-GPU, the sum over nodes
  TimeAverage allocated_, fragmentation_avg_, blocked_, blocked_unallocated_;
  std::int64_t peak_allocated_ = 0;
  std::uint64_t arrived_ = 0, placed_at_once_ = 0, placed_after_wait_ = 0, finished_ = 0, running_ = 0;
  PodFailureCounts rejected_{};
  std::uint64_t placement_calls_ = 0, retry_checks_ = 0;
  Wide wait_sum_ = 0;
  Tick max_wait_ = 0;
};

/// Replays `pods` on a cluster of `nodes` with `policy` through the event engine.
[[nodiscard]] PodReplayResult replay_pods(const std::vector<policy::NodeShape>& nodes, std::span<const TimedPod> pods,
                                          policy::PlacementPolicy& policy, const PodReplayOptions& options = {});

/// An openb node list and pod list with their times.
struct TimedPodTrace {
  std::vector<policy::NodeShape> nodes;  ///< in name order, as read_pod_trace (the order ties break in)
  std::vector<TimedPod> pods;            ///< in file order
  /// The pods' requests, in file order (the workload FGD learns its typical pods from).
  [[nodiscard]] std::vector<policy::PodRequest> requests() const;
};

/// Reads an openb node list and pod list. A pod's gpu_spec becomes a model mask over the
/// nodes' models (cluster::to_pod_request); a pod without a deletion time stays to the end.
/// The multigpu* lists have no times: every pod then arrives at 0 and stays.
[[nodiscard]] TimedPodTrace read_timed_pod_trace(const std::string& node_csv, const std::string& pod_csv, const TraceReadOptions& options = {});

}  // namespace dcsim::cluster

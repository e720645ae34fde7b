// W3 set-up and runs: see fragmentation_study.hpp.
#include "dcsim/cluster/fragmentation_study.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "dcsim/core/random.hpp"
#include "dcsim/experiment/parallel_runs.hpp"
#include "dcsim/policy/fragmentation.hpp"

namespace dcsim::cluster {

using policy::NodeShape;
using policy::PodRequest;

policy::PodRequest to_pod_request(const PodRecord& pod, const std::vector<std::string>& models) {
  PodRequest r;
  r.cpu_milli = pod.cpu_milli;
  r.memory_mib = pod.memory_mib;
  r.gpus = static_cast<std::uint32_t>(pod.num_gpu);
  r.gpu_milli = static_cast<std::uint32_t>(pod.gpu_milli);
  for (const std::string& model : pod.gpu_spec) {
    const auto it = std::find(models.begin(), models.end(), model);
    r.models |= it == models.end() ? policy::kModelNotInTable : policy::ModelMask{1} << (it - models.begin());
  }
  return r;
}

namespace {

// The pods of a pod list, in name order, as requests on `table`'s GPU models.
void read_pods(PodTrace& trace, const policy::NodeTable& table, const std::string& pod_csv, const TraceReadOptions& options) {
  std::vector<std::pair<std::string, PodRequest>> named;
  AlibabaPodReader reader(pod_csv, options);
  PodRecord record;
  while (reader.next(record)) named.emplace_back(record.name, to_pod_request(record, table.models()));
  std::stable_sort(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [name, pod] : named) {
    trace.gpu_demand_milli += pod.gpu_demand_milli();
    trace.pods.push_back(pod);
  }
}

}  // namespace

std::vector<NodeShape> read_node_shapes(const std::string& node_csv, const TraceReadOptions& options) {
  std::vector<NodeShape> nodes;
  for (const NodeRecord& n : read_alibaba_nodes(node_csv, options)) {
    nodes.push_back(NodeShape{n.name, n.cpu_milli, n.memory_mib, static_cast<std::uint32_t>(n.gpus), n.gpu_model});
  }
  std::sort(nodes.begin(), nodes.end(), [](const NodeShape& a, const NodeShape& b) { return a.name < b.name; });
  return nodes;
}

PodTrace read_pod_trace(const std::string& node_csv, const std::string& pod_csv, const TraceReadOptions& options) {
  PodTrace trace;
  trace.nodes = read_node_shapes(node_csv, options);
  read_pods(trace, policy::NodeTable(trace.nodes), pod_csv, options);  // the table numbers the models as every later one will
  return trace;
}

PodTrace read_pods_for_table(policy::NodeTable table, const std::string& pod_csv, const TraceReadOptions& options) {
  PodTrace trace;
  for (std::uint32_t n = 0; n < table.size(); ++n) {
    trace.nodes.push_back(NodeShape{table.name(n), table.cpu_capacity(n), table.memory_capacity(n), table.gpu_count(n),
                                    table.model(n) == policy::NodeTable::kNoModel ? std::string() : table.models()[table.model(n)]});
  }
  read_pods(trace, table, pod_csv, options);
  trace.table = std::move(table);
  return trace;
}

std::vector<PodRequest> fgd_arrival_order(std::span<const PodRequest> pods_by_name, std::int64_t capacity_milli, double tune, std::uint64_t seed) {
  std::vector<PodRequest> order(pods_by_name.begin(), pods_by_name.end());
  RandomStream shuffling = RandomStream::derive(seed, "fgd/shuffle");
  shuffle(order, shuffling);
  if (tune <= 0 || pods_by_name.empty()) return order;
  std::int64_t total = 0;
  for (const PodRequest& p : order) total += p.gpu_demand_milli();
  const double target = tune * static_cast<double>(capacity_milli);
  RandomStream tuning = RandomStream::derive(seed, "fgd/tune");
  if (static_cast<double>(total) < target) {
    // Tune up. As the paper's simulator: the stop test adds the drawn pod's per-GPU share,
    // the running total its whole demand.
    for (;;) {
      const PodRequest& drawn = pods_by_name[tuning.below(pods_by_name.size())];
      if (static_cast<double>(total + drawn.gpu_milli) > target) break;
      total += drawn.gpu_demand_milli();
      order.push_back(drawn);
    }
  } else {
    while (static_cast<double>(total) > target && !order.empty()) {  // tune down
      const auto at = static_cast<std::ptrdiff_t>(tuning.below(order.size()));
      total -= order[static_cast<std::size_t>(at)].gpu_demand_milli();
      order.erase(order.begin() + at);
    }
  }
  return order;
}

std::vector<std::uint32_t> fgd_tie_ranks(std::uint32_t nodes, std::uint64_t seed) {
  std::vector<std::uint32_t> ranks(nodes);
  std::iota(ranks.begin(), ranks.end(), 0u);
  RandomStream rng = RandomStream::derive(seed, "fgd/node-order");
  shuffle(ranks, rng);
  return ranks;
}

namespace {

// round(100 a / c), halves to even, in exact integer arithmetic.
long percent_half_even(std::int64_t amount, std::int64_t capacity) {
  __extension__ using i128 = __int128;
  const i128 num = static_cast<i128>(amount) * 100;
  auto k = static_cast<long>(num / capacity);
  const i128 twice_rest = 2 * (num % capacity);
  if (twice_rest > capacity || (twice_rest == capacity && (k % 2) != 0)) ++k;
  return k;
}

}  // namespace

ArrivedCurve curve_by_arrived(std::span<const PackingSample> samples, std::int64_t capacity_milli) {
  ArrivedCurve curve;
  if (samples.empty() || capacity_milli <= 0) return curve;
  const long top = percent_half_even(samples.back().arrived_milli, capacity_milli);
  const auto size = static_cast<std::size_t>(top + 2);
  std::vector<double> alloc_sum(size, 0), frag_sum(size, 0);
  std::vector<std::uint64_t> count(size, 0);
  const double capacity = static_cast<double>(capacity_milli);
  for (const PackingSample& s : samples) {
    const auto k = static_cast<std::size_t>(percent_half_even(s.arrived_milli, capacity_milli));
    alloc_sum[k] += static_cast<double>(s.allocated_milli) / capacity * 100.0;
    frag_sum[k] += s.fragmentation_milli / capacity * 100.0;
    ++count[k];
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  curve.unallocated_pct.assign(static_cast<std::size_t>(top + 1), nan);
  curve.fragmentation_pct.assign(static_cast<std::size_t>(top + 1), nan);
  for (std::size_t k = 0; k <= static_cast<std::size_t>(top); ++k) {
    double a = alloc_sum[k], f = frag_sum[k];
    std::uint64_t c = count[k];
    if (c == 0) {  // no sample rounds to k: the neighbours k - 1 .. k + 1
      for (std::size_t j = k == 0 ? 0 : k - 1; j <= k + 1 && j < size; ++j) {
        a += alloc_sum[j];
        f += frag_sum[j];
        c += count[j];
      }
    }
    if (c == 0) continue;
    curve.unallocated_pct[k] = 100.0 - a / static_cast<double>(c);
    curve.fragmentation_pct[k] = f / static_cast<double>(c);
  }
  return curve;
}

std::vector<FragmentationRun> run_fragmentation_study(const PodTrace& trace, const FragmentationStudySpec& spec) {
  const policy::NodeTable empty = trace.table ? *trace.table : policy::NodeTable(trace.nodes);
  const std::int64_t capacity = empty.gpu_capacity_milli();
  const std::vector<policy::TypicalPod> measure = spec.measure_fragmentation ? policy::typical_pods(trace.pods) : std::vector<policy::TypicalPod>{};
  for (const std::string& name : spec.policies) {
    if (!policy::find_placement(name)) throw std::invalid_argument("unknown placement policy '" + name + "'; expected one of: " + policy::placement_names());
  }
  const std::size_t count = spec.policies.size() * spec.seeds.size();
  return experiment::parallel_runs(count, std::max(1u, spec.threads), [&](std::size_t i) {
    const std::size_t p = i / spec.seeds.size();
    const std::uint64_t seed = spec.seeds[i % spec.seeds.size()];
    FragmentationRun run;
    run.policy = spec.policies[p];
    run.seed = seed;
    const std::vector<PodRequest> order = fgd_arrival_order(trace.pods, capacity, spec.tune, seed);
    policy::NodeTable nodes = empty;
    nodes.set_tie_ranks(fgd_tie_ranks(nodes.size(), seed));
    const policy::PolicyParams params = p < spec.params.size() ? spec.params[p] : policy::PolicyParams{};
    auto placement = policy::make_placement(run.policy, params, policy::PolicyContext{seed, trace.pods});
    const auto start = std::chrono::steady_clock::now();
    const PackingOutcome outcome = pack_pods(nodes, order, *placement, measure);
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.pods = outcome.pods;
    run.placed = outcome.placed;
    run.failed = outcome.failed;
    run.curve = curve_by_arrived(outcome.samples, capacity);
    return run;
  });
}

}  // namespace dcsim::cluster

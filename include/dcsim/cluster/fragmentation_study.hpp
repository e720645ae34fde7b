#pragma once
// W3: the experiment of "Beware of Fragmentation" (Weng et al., USENIX ATC 2023) on the
// Alibaba GPU v2023 trace, set up as the paper's simulator does (shared data folder,
// FGD-SETUP.md):
//   - the cluster is the GPU node list; pods arrive in a per-seed shuffled order, never
//     leave, and a pod that does not fit fails for good;
//   - the workload is then tuned to `tune` x GPU capacity: pods drawn uniformly (with
//     replacement) from the name-sorted list are appended while the total stays within the
//     target, or, for traces already above it, uniformly drawn pods are removed;
//   - equal scores go to a per-seed random order of the nodes;
//   - after every pod: GPU arrived, GPU allocated, fragmentation; the value "at k % arrived"
//     is the mean over the samples whose arrived share rounds (half to even) to k, or, if
//     there are none, to k - 1 .. k + 1.
// Every random choice comes from named streams of the seed ("fgd/shuffle", "fgd/tune",
// "fgd/node-order", and the policy's own), so a seed gives the same run everywhere.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dcsim/cluster/pod_packing.hpp"
#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement_policy.hpp"
#include "dcsim/workload/trace/alibaba_gpu_v2023.hpp"

namespace dcsim::cluster {

/// The trace's nodes and pods, pods in name order, as the policies see them.
struct PodTrace {
  std::vector<policy::NodeShape> nodes;
  std::vector<policy::PodRequest> pods;
  std::int64_t gpu_demand_milli = 0;
  /// A configured table (rack power budgets, chip speeds: see policy/datacenter_nodes.hpp)
  /// to pack onto instead of a plain table of `nodes`.
  std::optional<policy::NodeTable> table;
};

/// The pods of an openb pod list on a given, configured node table (e.g. a scenario's
/// centers): gpu_spec names are matched against the table's GPU models.
[[nodiscard]] PodTrace read_pods_for_table(policy::NodeTable table, const std::string& pod_csv, const TraceReadOptions& options = {});

/// The nodes of an openb node list, in name order (the order model numbers and ties follow).
[[nodiscard]] std::vector<policy::NodeShape> read_node_shapes(const std::string& node_csv, const TraceReadOptions& options = {});

/// Reads an openb node list and pod list. A pod's gpu_spec becomes a model mask over the
/// nodes' models (a model no node has matches nothing).
[[nodiscard]] PodTrace read_pod_trace(const std::string& node_csv, const std::string& pod_csv, const TraceReadOptions& options = {});

/// The pod as a request on `nodes` (whose models name the gpu_spec bits).
[[nodiscard]] policy::PodRequest to_pod_request(const PodRecord& pod, const std::vector<std::string>& models);

/// The arrival order of one seed: shuffled, then tuned to `tune` x capacity (0 = untuned).
[[nodiscard]] std::vector<policy::PodRequest> fgd_arrival_order(std::span<const policy::PodRequest> pods_by_name, std::int64_t capacity_milli,
                                                                double tune, std::uint64_t seed);

/// The per-seed node order that breaks ties: rank of node i (nodes in name order).
[[nodiscard]] std::vector<std::uint32_t> fgd_tie_ranks(std::uint32_t nodes, std::uint64_t seed);

/// A run's curves at integer arrived percentages 0..max: NaN where no sample is near.
struct ArrivedCurve {
  std::vector<double> unallocated_pct;    ///< 100 - allocated / capacity x 100
  std::vector<double> fragmentation_pct;  ///< fragmentation / capacity x 100
};
[[nodiscard]] ArrivedCurve curve_by_arrived(std::span<const PackingSample> samples, std::int64_t capacity_milli);

struct FragmentationRun {
  std::string policy;
  std::uint64_t seed = 0;
  std::uint64_t pods = 0, placed = 0;
  PodFailureCounts failed{};
  ArrivedCurve curve;
  double seconds = 0;  ///< wall time of the packing (not of the set-up)
};

struct FragmentationStudySpec {
  std::vector<std::string> policies = {"random", "dot-product", "gpu-clustering", "gpu-packing", "best-fit", "fgd"};
  std::vector<policy::PolicyParams> params;  ///< per policy; empty = defaults
  std::vector<std::uint64_t> seeds = {42, 43, 44, 45, 46, 47, 48, 49, 50, 51};
  double tune = 1.3;
  bool measure_fragmentation = true;
  unsigned threads = 1;  ///< runs in parallel; results do not depend on it
};

/// Every (policy, seed) run, policy-major in the spec's order.
[[nodiscard]] std::vector<FragmentationRun> run_fragmentation_study(const PodTrace& trace, const FragmentationStudySpec& spec);

}  // namespace dcsim::cluster

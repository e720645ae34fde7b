#pragma once
// GPU fragmentation as defined by Weng et al., "Beware of Fragmentation: Scheduling
// GPU-Sharing Workloads with Fragmentation Gradient Descent" (USENIX ATC 2023):
//
// A node's idle GPU share is a fragment *for a given pod* when that pod cannot use it: all
// of it if the pod cannot run on the node at all (too little CPU, no GPU able to hold it,
// a GPU model it refuses, or the pod needs no GPU), otherwise the GPUs whose free share is
// below the pod's per-GPU request. Against the workload's "typical pods" (its most common
// request shapes, weighted by frequency) a node's fragmentation is the expected fragment,
// in milli-GPU, and a cluster's is the sum over nodes. FGD places each pod where this
// expectation grows least.
//
// Memory is not part of the measure (as in the paper's code).
#include <algorithm>
#include <cstdint>
#include <map>
#include <span>
#include <tuple>
#include <vector>

#include "dcsim/policy/node_table.hpp"

namespace dcsim::policy {

/// One typical pod: a request shape and its share of the workload (weights sum to 1).
struct TypicalPod {
  std::int64_t cpu_milli = 0;  ///< as scored: a request of 0 counts as 100
  std::uint32_t gpus = 0;
  std::uint32_t gpu_milli = 0;  ///< per GPU; 0 for a CPU-only pod
  ModelMask models = 0;
  double weight = 0;
};

/// The distinct request shapes (CPU, per-GPU share, GPU count, allowed models; memory is not
/// part of the shape) of `workload`, most frequent first — equal counts in descending shape
/// order — until they cover `coverage` of its pods; weights are their frequencies
/// renormalised over the kept shapes.
[[nodiscard]] inline std::vector<TypicalPod> typical_pods(std::span<const PodRequest> workload, double coverage = 0.95) {
  using Shape = std::tuple<std::int64_t, std::uint32_t, std::uint32_t, ModelMask>;  // cpu, milli, gpus, models
  std::map<Shape, std::uint64_t> counts;
  for (const PodRequest& p : workload) {
    const std::int64_t cpu = p.cpu_milli == 0 ? 100 : p.cpu_milli;
    ++counts[Shape{cpu, p.needs_gpu() ? p.gpu_milli : 0, p.needs_gpu() ? p.gpus : 0, p.needs_gpu() ? p.models : 0}];
  }
  std::vector<std::pair<Shape, std::uint64_t>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first > b.first;
  });
  std::vector<TypicalPod> typical;
  std::uint64_t covered = 0;
  const double needed = coverage * static_cast<double>(workload.size());
  for (const auto& [shape, count] : ranked) {
    if (static_cast<double>(covered) >= needed && !typical.empty()) break;
    const auto& [cpu, milli, gpus, models] = shape;
    typical.push_back(TypicalPod{cpu, gpus, milli, models, static_cast<double>(count)});
    covered += count;
  }
  for (TypicalPod& t : typical) t.weight /= static_cast<double>(covered);
  return typical;
}

/// A node's state as the measure reads it (a real node or a trial placement on a copy).
struct NodeState {
  std::int64_t cpu_free = 0;
  std::uint8_t model = NodeTable::kNoModel;
  std::uint32_t gpus = 0;
  std::uint16_t gpu_free[kMaxGpusPerNode] = {};

  static NodeState of(const NodeTable& t, std::uint32_t n) {
    NodeState s;
    s.cpu_free = t.cpu_free(n);
    s.model = t.model(n);
    s.gpus = t.gpu_count(n);
    std::copy_n(t.gpu_free_begin(n), s.gpus, s.gpu_free);
    return s;
  }
  [[nodiscard]] std::uint32_t free_total() const {
    std::uint32_t total = 0;
    for (std::uint32_t g = 0; g < gpus; ++g) total += gpu_free[g];
    return total;
  }
};

/// Whether a typical pod accepts the node's GPU model.
[[nodiscard]] inline bool accepts_model(const TypicalPod& t, std::uint8_t model) {
  return t.models == 0 || (model != NodeTable::kNoModel && ((t.models >> model) & 1u));
}

/// The expected fragmentation of one node state, in milli-GPU.
[[nodiscard]] inline double node_fragmentation(std::span<const TypicalPod> typical, const NodeState& s) {
  const std::uint32_t total = s.free_total();
  double f = 0;
  for (const TypicalPod& t : typical) {
    std::uint32_t holding = 0;  // GPUs that can hold the pod's per-GPU share
    std::uint32_t below = 0;    // free share on GPUs that cannot
    if (t.gpu_milli > 0) {
      for (std::uint32_t g = 0; g < s.gpus; ++g) {
        if (s.gpu_free[g] >= t.gpu_milli) {
          ++holding;
        } else {
          below += s.gpu_free[g];
        }
      }
    }
    const bool runs = t.gpu_milli > 0 && accepts_model(t, s.model) && s.cpu_free >= t.cpu_milli && holding >= t.gpus;
    f += t.weight * static_cast<double>(runs ? below : total);
  }
  return f;
}

[[nodiscard]] inline double node_fragmentation(std::span<const TypicalPod> typical, const NodeTable& t, std::uint32_t n) {
  return node_fragmentation(typical, NodeState::of(t, n));
}

/// The cluster's fragmentation: the sum over nodes, in milli-GPU.
[[nodiscard]] inline double cluster_fragmentation(std::span<const TypicalPod> typical, const NodeTable& t) {
  double f = 0;
  for (std::uint32_t n = 0; n < t.size(); ++n) f += node_fragmentation(typical, t, n);
  return f;
}

}  // namespace dcsim::policy

#pragma once
// Two GPU-sharing heuristics from the FGD paper's baselines (USENIX ATC 2023, section 6):
//
// gpu-packing: use GPUs already partly used first, then free GPUs on nodes already in use,
// then empty nodes. Bands (higher wins): a pod that fits on partly used GPUs scores
// 50..100 (more so the fuller those GPUs are), one that must take free GPUs of a used node
// 33..50 (fewer free GPUs taken is better), an empty node up to 33 (fewer GPUs better).
//
// gpu-clustering: keep pods of one class together — a share of a GPU, or k whole GPUs. Bands:
// a node holding only the pod's class 75..100, several classes including it 50..75, no GPU
// pods 25..50, only other classes 0..25; inside a band, fuller nodes score higher.
//
// Both score CPU-only pods 0 everywhere (ties then decide) and take the best-fit GPU.
#include <algorithm>
#include <cstdint>

#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement/scored.hpp"

namespace dcsim::policy {

struct GpuPackingScore {
  std::int64_t score(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) const {
    if (!pod.needs_gpu()) return 0;
    const std::int64_t fully_free = nodes.whole_free_gpus(n);
    if (fully_free == nodes.gpu_count(n)) return std::max<std::int64_t>(33 - fully_free, fully_free);
    // The GPUs the pod would use, least free first: how many of them are fully free, and
    // how full the partly used ones are.
    std::uint16_t order[kMaxGpusPerNode];
    const std::uint32_t count = nodes.gpu_count(n);
    std::copy_n(nodes.gpu_free_begin(n), count, order);
    std::sort(order, order + count);
    std::uint32_t needed = pod.gpus;
    std::int64_t fully_free_used = 0;
    std::int64_t free_percent_on_used = 0;
    for (std::uint32_t i = 0; i < count && needed > 0; ++i) {
      if (order[i] < pod.gpu_milli) continue;
      --needed;
      if (order[i] == kMilliPerGpu) ++fully_free_used;
      free_percent_on_used += order[i] * 100 / kMilliPerGpu;
    }
    if (fully_free_used > 0) return std::max<std::int64_t>(50 - fully_free_used, 33);
    return std::max<std::int64_t>(100 - free_percent_on_used / 10, 50);
  }
  std::uint32_t gpus(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) const { return nodes.default_gpus(pod, n); }
};

struct GpuClusteringScore {
  std::int64_t score(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) const {
    if (!pod.needs_gpu()) return 0;
    const std::int64_t max_gpu = std::int64_t{nodes.max_gpus_per_node()} * kMilliPerGpu;
    const std::int64_t fullness = 25 * (max_gpu - nodes.gpu_free_total(n)) / max_gpu;  // 0..25
    const std::uint32_t classes = nodes.distinct_classes(n);
    if (nodes.pods_of_class(n, pod.gpu_class()) > 0) return fullness + (classes == 1 ? 75 : 50);
    return fullness + (classes == 0 ? 25 : 0);
  }
  std::uint32_t gpus(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) const { return nodes.default_gpus(pod, n); }
};

using GpuPacking = ScoredPlacement<GpuPackingScore>;
using GpuClustering = ScoredPlacement<GpuClusteringScore>;

}  // namespace dcsim::policy

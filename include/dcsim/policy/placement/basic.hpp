#pragma once
// The classic placements, on the node table:
//   first-fit    the lowest-numbered node that fits (an index lookup, no scan);
//   random       a node drawn uniformly among those that fit, and a random GPU inside it;
//   best-fit     the node left fullest: score 100 (1 - sum_r w_r (free_r - request_r) / max_r)
//                over r = CPU, GPU (weights 1/2 each, max_r = the largest node's capacity);
//                memory is not scored (as in the FGD paper's BestFit);
//   worst-fit    the same sum the other way round: the node left emptiest (spreading);
//   dot-product  Grandl et al.'s alignment (Tetris, SIGCOMM 2014) as in the FGD paper:
//                100 (1 - (free_cpu req_cpu / max_cpu^2 + free_gpu req_gpu / max_gpu^2) / 2),
//                favouring nodes whose free resources are small where the pod's demand is.
// GPU inside the node: the least free GPU that holds a share (best fit), the lowest-index
// fully free GPUs for whole GPUs; worst-fit takes the most free GPU for a share.
#include <cstdint>
#include <optional>
#include <vector>

#include "dcsim/core/random.hpp"
#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement/scored.hpp"
#include "dcsim/policy/placement_policy.hpp"

namespace dcsim::policy {

class FirstFit final : public PlacementPolicy {
 public:
  std::optional<Placement> place(const PodRequest& pod, const NodeTable& nodes) override {
    const std::uint32_t n = nodes.first_fitting(pod);
    if (n == kNoNode) return std::nullopt;
    return Placement{n, nodes.default_gpus(pod, n)};
  }
};

class RandomPlacement final : public PlacementPolicy {
 public:
  explicit RandomPlacement(std::uint64_t seed) : rng_(RandomStream::derive(seed, "placement/random")) {}

  std::optional<Placement> place(const PodRequest& pod, const NodeTable& nodes) override {
    fitting_.clear();
    nodes.for_each_candidate(pod, [&](std::uint32_t n) {
      if (nodes.fits(pod, n)) fitting_.push_back(n);
    });
    if (fitting_.empty()) return std::nullopt;
    const std::uint32_t n = fitting_[rng_.below(fitting_.size())];
    if (!pod.shares_gpu()) return Placement{n, nodes.default_gpus(pod, n)};
    std::uint32_t holding[kMaxGpusPerNode];
    std::uint32_t count = 0;
    for (std::uint32_t g = 0; g < nodes.gpu_count(n); ++g) {
      if (nodes.gpu_free(n, g) >= pod.gpu_milli) holding[count++] = g;
    }
    return Placement{n, 1u << holding[rng_.below(count)]};
  }

 private:
  RandomStream rng_;
  std::vector<std::uint32_t> fitting_;  // reused: no allocation per call once grown
};

/// What is left of CPU and GPU after the pod, each as a share of the largest node (0..1).
struct Leftover {
  double cpu, gpu;
  static Leftover of(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) {
    const double max_cpu = static_cast<double>(nodes.max_cpu_per_node());
    const double max_gpu = static_cast<double>(nodes.max_gpus_per_node() * kMilliPerGpu);
    return Leftover{static_cast<double>(nodes.cpu_free(n) - scoring_cpu(pod)) / max_cpu,
                    max_gpu > 0 ? static_cast<double>(std::int64_t{nodes.gpu_free_total(n)} - pod.gpu_demand_milli()) / max_gpu : 0.0};
  }
};

struct BestFitScore {
  double cpu_weight = 0.5;
  std::int64_t score(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) const {
    const Leftover left = Leftover::of(pod, nodes, n);
    return static_cast<std::int64_t>((1.0 - (cpu_weight * left.cpu + (1.0 - cpu_weight) * left.gpu)) * 100.0);
  }
  std::uint32_t gpus(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) const { return nodes.default_gpus(pod, n); }
};

struct WorstFitScore {
  double cpu_weight = 0.5;
  std::int64_t score(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) const {
    const Leftover left = Leftover::of(pod, nodes, n);
    return static_cast<std::int64_t>((cpu_weight * left.cpu + (1.0 - cpu_weight) * left.gpu) * 100.0);
  }
  std::uint32_t gpus(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) const {
    if (!pod.shares_gpu()) return nodes.default_gpus(pod, n);
    std::uint32_t most = 0;
    for (std::uint32_t g = 1; g < nodes.gpu_count(n); ++g) {
      if (nodes.gpu_free(n, g) > nodes.gpu_free(n, most)) most = g;
    }
    return 1u << most;
  }
};

struct DotProductScore {
  std::int64_t score(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) const {
    const double max_cpu = static_cast<double>(nodes.max_cpu_per_node());
    const double max_gpu = static_cast<double>(nodes.max_gpus_per_node() * kMilliPerGpu);
    const double cpu = (static_cast<double>(nodes.cpu_free(n)) / max_cpu) * (static_cast<double>(scoring_cpu(pod)) / max_cpu);
    const double gpu =
        max_gpu > 0 ? (static_cast<double>(nodes.gpu_free_total(n)) / max_gpu) * (static_cast<double>(pod.gpu_demand_milli()) / max_gpu) : 0.0;
    return static_cast<std::int64_t>(100.0 * (1.0 - (cpu + gpu) / 2.0));
  }
  std::uint32_t gpus(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) const { return nodes.default_gpus(pod, n); }
};

using BestFit = ScoredPlacement<BestFitScore>;
using WorstFit = ScoredPlacement<WorstFitScore>;
using DotProduct = ScoredPlacement<DotProductScore>;

}  // namespace dcsim::policy

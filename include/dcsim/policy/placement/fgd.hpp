#pragma once
// Fragmentation Gradient Descent (Weng et al., USENIX ATC 2023): place each pod where the
// expected fragmentation (policy/fragmentation.hpp) grows least. A node scores
//     100 sigmoid((F_before - F_after) / 1000)      (F in milli-GPU, truncated to an integer)
// where F_after is the node with the pod on it. A GPU-sharing pod tries every GPU that holds
// it and keeps the best (first on ties); whole GPUs are the lowest-index free ones.
//
// Scoring a node costs (typical pods x GPUs) per trial, and a pod is scored on every node
// that fits, so scores are cached per (pod shape, node) and recomputed only for nodes that
// changed since (NodeTable::version): a placement changes one node, so most scores carry
// over from the previous pod of the same shape.
#include <cmath>
#include <cstdint>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "dcsim/policy/fragmentation.hpp"
#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement/scored.hpp"

namespace dcsim::policy {

class FgdScore {
 public:
  explicit FgdScore(std::vector<TypicalPod> typical) : typical_(std::move(typical)) {}

  [[nodiscard]] const std::vector<TypicalPod>& typical() const { return typical_; }

  /// Called once per placement attempt: selects the score cache of the pod's shape.
  void prepare(const PodRequest& pod, const NodeTable& nodes) {
    if (before_.size() != nodes.size()) {  // another table: start afresh (stamps keep same-size tables apart)
      before_.assign(nodes.size(), Before{});
      shapes_.clear();
      caches_.clear();
    }
    const Shape shape{pod.cpu_milli, pod.gpus, pod.gpu_milli, pod.models};
    auto it = shapes_.find(shape);
    if (it == shapes_.end()) {
      const bool room = (caches_.size() + 1) * nodes.size() <= kMaxCachedScores;
      it = shapes_.emplace(shape, room ? caches_.size() : kUncached).first;
      if (room) caches_.emplace_back(nodes.size());
    }
    cache_ = it->second == kUncached ? nullptr : &caches_[it->second];
  }

  std::int64_t score(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) { return entry(pod, nodes, n).score; }
  std::uint32_t gpus(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) { return entry(pod, nodes, n).gpus; }

 private:
  struct Entry {  // 16 bytes: the cache's size is what limits how many shapes it holds
    std::uint64_t version = kStale;
    std::int32_t score = 0;  // 0..100
    std::uint32_t gpus = 0;
  };
  struct Before {
    std::uint64_t version = kStale;
    double fragmentation = 0;
  };
  using Shape = std::tuple<std::int64_t, std::uint32_t, std::uint32_t, ModelMask>;
  static constexpr std::uint64_t kStale = ~std::uint64_t{0};
  static constexpr std::size_t kUncached = ~std::size_t{0};
  static constexpr std::size_t kMaxCachedScores = std::size_t{1} << 22;  // 64 MB of entries

  const Entry& entry(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) {
    Entry& e = cache_ ? (*cache_)[n] : scratch_;
    if (!cache_ || e.version != nodes.version(n)) {
      e = evaluate(pod, nodes, n);
      e.version = nodes.version(n);
    }
    return e;
  }

  double fragmentation_before(const NodeTable& nodes, std::uint32_t n) {
    Before& b = before_[n];
    if (b.version != nodes.version(n)) b = Before{nodes.version(n), node_fragmentation(typical_, nodes, n)};
    return b.fragmentation;
  }

  static std::int32_t to_score(double before, double after) {
    return static_cast<std::int32_t>(1.0 / (1.0 + std::exp(-(before - after) / 1000.0)) * 100.0);
  }

  Entry evaluate(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) {
    const double before = fragmentation_before(nodes, n);
    NodeState trial = NodeState::of(nodes, n);
    trial.cpu_free -= scoring_cpu(pod);
    if (!pod.shares_gpu()) {
      const std::uint32_t mask = nodes.default_gpus(pod, n);
      for (std::uint32_t g = 0; g < trial.gpus; ++g) {
        if ((mask >> g) & 1u) trial.gpu_free[g] = static_cast<std::uint16_t>(trial.gpu_free[g] - pod.gpu_milli);
      }
      return Entry{kStale, to_score(before, node_fragmentation(typical_, trial)), mask};
    }
    Entry best{kStale, 0, 0};
    bool found = false;
    for (std::uint32_t g = 0; g < trial.gpus; ++g) {
      const std::uint16_t free = trial.gpu_free[g];
      if (free < pod.gpu_milli) continue;
      trial.gpu_free[g] = static_cast<std::uint16_t>(free - pod.gpu_milli);
      const std::int32_t s = to_score(before, node_fragmentation(typical_, trial));
      trial.gpu_free[g] = free;
      if (!found || s > best.score) best = Entry{kStale, s, 1u << g};
      found = true;
    }
    return best;
  }

  std::vector<TypicalPod> typical_;
  std::map<Shape, std::size_t> shapes_;   // shape -> index into caches_, or kUncached
  std::vector<std::vector<Entry>> caches_;  // per shape, per node
  std::vector<Entry>* cache_ = nullptr;     // the current pod's shape
  Entry scratch_;
  std::vector<Before> before_;  // per node: its fragmentation as it stands
};

using Fgd = ScoredPlacement<FgdScore>;

}  // namespace dcsim::policy

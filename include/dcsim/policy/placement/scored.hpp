#pragma once
// The shape shared by the scoring policies (Kubernetes' score plugins): every node that fits
// gets an integer score, the highest wins, equal scores go to the node of smallest tie rank,
// then the policy chooses the GPUs inside the winner. Scores are integers on purpose: the
// published policies truncate to 0..100, and the ties that truncation creates are part of
// their behaviour.
//
// A Scorer provides
//   std::int64_t score(const PodRequest&, const NodeTable&, std::uint32_t node);
//   std::uint32_t gpus(const PodRequest&, const NodeTable&, std::uint32_t node);  // GPU bitmask
// optionally void prepare(const PodRequest&, const NodeTable&), called once per attempt,
// and is called directly (no virtual call per node).
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement_policy.hpp"

namespace dcsim::policy {

/// The CPU a pod counts for when scoring: Kubernetes scores a pod that requests no CPU as if
/// it asked for 100 milli (its "non-zero request"); fitting uses the real request.
[[nodiscard]] inline std::int64_t scoring_cpu(const PodRequest& pod) { return pod.cpu_milli == 0 ? 100 : pod.cpu_milli; }

template <class Scorer>
class ScoredPlacement final : public PlacementPolicy {
 public:
  explicit ScoredPlacement(Scorer scorer) : scorer_(std::move(scorer)) {}

  std::optional<Placement> place(const PodRequest& pod, const NodeTable& nodes) override {
    if constexpr (requires { scorer_.prepare(pod, nodes); }) scorer_.prepare(pod, nodes);
    std::uint32_t best = kNoNode;
    std::int64_t best_score = std::numeric_limits<std::int64_t>::min();
    std::uint32_t best_rank = 0;
    nodes.for_each_candidate(pod, [&](std::uint32_t n) {
      if (!nodes.fits(pod, n)) return;
      const std::int64_t s = scorer_.score(pod, nodes, n);
      const std::uint32_t rank = nodes.tie_rank(n);
      if (best == kNoNode || s > best_score || (s == best_score && rank < best_rank)) {
        best = n;
        best_score = s;
        best_rank = rank;
      }
    });
    if (best == kNoNode) return std::nullopt;
    return Placement{best, scorer_.gpus(pod, nodes, best)};
  }

  [[nodiscard]] Scorer& scorer() { return scorer_; }

 private:
  Scorer scorer_;
};

}  // namespace dcsim::policy

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
  /// `nodes_to_score` > 0 scores at most that many fitting nodes per attempt, starting after
  /// the last node the previous attempt looked at (as Kubernetes' percentageOfNodesToScore
  /// does at scale): the cost no longer grows with the cluster, at the price of a choice that
  /// is the best of a rotating sample rather than of every node. 0 scores every fitting node.
  explicit ScoredPlacement(Scorer scorer, std::uint32_t nodes_to_score = 0) : scorer_(std::move(scorer)), nodes_to_score_(nodes_to_score) {}

  std::optional<Placement> place(const PodRequest& pod, const NodeTable& nodes) override {
    if constexpr (requires { scorer_.prepare(pod, nodes); }) scorer_.prepare(pod, nodes);
    std::uint32_t best = kNoNode;
    std::int64_t best_score = std::numeric_limits<std::int64_t>::min();
    std::uint32_t best_rank = 0;
    std::uint32_t scored = 0;
    std::uint32_t last = 0;
    nodes.for_each_candidate_from(pod, nodes_to_score_ ? next_start_ : 0, [&](std::uint32_t n) {
      last = n;
      if (!nodes.fits(pod, n)) return false;
      const std::int64_t s = scorer_.score(pod, nodes, n);
      const std::uint32_t rank = nodes.tie_rank(n);
      if (best == kNoNode || s > best_score || (s == best_score && rank < best_rank)) {
        best = n;
        best_score = s;
        best_rank = rank;
      }
      return nodes_to_score_ != 0 && ++scored == nodes_to_score_;
    });
    if (nodes_to_score_) next_start_ = last + 1 < nodes.size() ? last + 1 : 0;
    if (best == kNoNode) return std::nullopt;
    return Placement{best, scorer_.gpus(pod, nodes, best)};
  }

  [[nodiscard]] Scorer& scorer() { return scorer_; }

 private:
  Scorer scorer_;
  std::uint32_t nodes_to_score_ = 0;
  std::uint32_t next_start_ = 0;
};

}  // namespace dcsim::policy

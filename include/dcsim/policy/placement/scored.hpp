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
#include <type_traits>
#include <optional>
#include <utility>

#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement_policy.hpp"

namespace dcsim::policy {

/// The CPU a pod counts for when scoring: Kubernetes scores a pod that requests no CPU as if
/// it asked for 100 milli (its "non-zero request"); fitting uses the real request.
[[nodiscard]] inline std::int64_t scoring_cpu(const PodRequest& pod) { return pod.cpu_milli == 0 ? 100 : pod.cpu_milli; }

/// What a scan for the best node found: the node (kNoNode if none fits) and the last node it
/// looked at (where a rotating sample resumes).
struct BestNode {
  std::uint32_t node = kNoNode;
  std::uint32_t last_visited = 0;
};

/// The fitting node of greatest key(n), equal keys going to the smallest tie rank: the one
/// selection loop every scoring policy shares. The key is any value with > and == (an
/// integer score, or a pair such as {rack busy draw, best-fit score} for a lexicographic
/// order). The scan starts at node `from` and, with `limit` > 0, stops after `limit` fitting
/// nodes.
template <class Key>
[[nodiscard]] BestNode best_fitting_node(const PodRequest& pod, const NodeTable& nodes, Key&& key, std::uint32_t from = 0, std::uint32_t limit = 0) {
  BestNode out;
  std::invoke_result_t<Key&, std::uint32_t> best_key{};  // meaningful once out.node is set
  std::uint32_t best_rank = 0;
  std::uint32_t seen = 0;
  nodes.for_each_candidate_from(pod, from, [&](std::uint32_t n) {
    out.last_visited = n;
    if (!nodes.fits(pod, n)) return false;
    const auto k = key(n);
    const std::uint32_t rank = nodes.tie_rank(n);
    if (out.node == kNoNode || k > best_key || (k == best_key && rank < best_rank)) {
      out.node = n;
      best_key = k;
      best_rank = rank;
    }
    return limit != 0 && ++seen == limit;
  });
  return out;
}

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
    const BestNode best = best_fitting_node(
        pod, nodes, [&](std::uint32_t n) { return scorer_.score(pod, nodes, n); }, nodes_to_score_ ? next_start_ : 0, nodes_to_score_);
    if (nodes_to_score_) next_start_ = best.last_visited + 1 < nodes.size() ? best.last_visited + 1 : 0;
    if (best.node == kNoNode) return std::nullopt;
    return Placement{best.node, scorer_.gpus(pod, nodes, best.node)};
  }

  [[nodiscard]] Scorer& scorer() { return scorer_; }

 private:
  Scorer scorer_;
  std::uint32_t nodes_to_score_ = 0;
  std::uint32_t next_start_ = 0;
};

}  // namespace dcsim::policy

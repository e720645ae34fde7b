#pragma once
// heterogeneity-aware: on a mixed fleet, the GPU model that suits the pod best.
//
// Every fitting node is ranked by its GPU model (NodeTable::throughput and
// price_per_gpu_hour), for the pod's precision, or the policy's default precision when the
// pod names none:
//   objective fastest   the highest throughput: the model that finishes the pod soonest;
//   objective cheapest  the lowest price / throughput (cost per unit of work); models
//                       without a price come after every priced one, fastest first;
// equal models then go to the best-fit node (BestFitScore), then to the smallest tie rank.
// A pod that names a precision only fits models that support it (NodeTable::fits); under
// the default precision an unsupporting model has throughput 0 and comes last. CPU-only
// pods rank every node alike (best-fit).
//
// A gang runs at the pace of its slowest member, so its nodes are taken best-first in the
// same order (models kept together on equal rank, racks' power budgets respected for the
// members together): the slowest member is then as fast as the fleet allows.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <tuple>
#include <vector>

#include "dcsim/model/chip.hpp"
#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement/basic.hpp"
#include "dcsim/policy/placement/rack_power_ledger.hpp"
#include "dcsim/policy/placement/scored.hpp"
#include "dcsim/policy/placement_policy.hpp"

namespace dcsim::policy {

class HeterogeneityAware final : public PlacementPolicy {
 public:
  enum class Objective { kFastest = 0, kCheapest = 1 };

  explicit HeterogeneityAware(Objective objective = Objective::kFastest, Precision default_precision = Precision::kBf16, BestFitScore score = {})
      : objective_(objective), default_precision_(default_precision), score_(score) {}

  /// How good model m is for work in precision p (higher wins; compare tier, then value).
  struct ModelRank {
    int tier = 0;
    double value = 0;
    friend bool operator==(const ModelRank&, const ModelRank&) = default;
    [[nodiscard]] bool better_than(const ModelRank& o) const { return tier != o.tier ? tier > o.tier : value > o.value; }
  };
  [[nodiscard]] ModelRank rank_of(const NodeTable& nodes, std::uint8_t m, Precision p) const {
    if (m == NodeTable::kNoModel) return ModelRank{};
    const double speed = nodes.throughput(m, p);
    if (objective_ == Objective::kCheapest) {
      const std::optional<double> price = nodes.price_per_gpu_hour(m);
      if (price && speed > 0) return ModelRank{1, -(*price / speed)};
    }
    return ModelRank{0, speed};
  }

  std::optional<Placement> place(const PodRequest& pod, const NodeTable& nodes) override {
    prepare(pod, nodes);
    // Lexicographic: the model's tier and value (ModelRank::better_than), then the best-fit score.
    const std::uint32_t best = best_fitting_node(pod, nodes, [&](std::uint32_t n) {
                                 const ModelRank model = model_rank(nodes, n);
                                 return std::tuple{model.tier, model.value, score_.score(pod, nodes, n)};
                               }).node;
    if (best == kNoNode) return std::nullopt;
    return Placement{best, nodes.default_gpus(pod, best)};
  }

  bool place_gang(const GangRequest& gang, const NodeTable& nodes, std::vector<std::uint32_t>& chosen) override {
    chosen.clear();
    const PodRequest& pod = gang.per_node;
    if (gang.nodes == 0) return true;
    prepare(pod, nodes);
    entries_.clear();
    nodes.for_each_candidate(pod, [&](std::uint32_t n) {
      if (nodes.fits(pod, n)) entries_.push_back(Entry{model_rank(nodes, n), nodes.model(n), score_.score(pod, nodes, n), nodes.tie_rank(n), n});
    });
    if (entries_.size() < gang.nodes) return false;
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
      if (!(a.model == b.model)) return a.model.better_than(b.model);
      if (a.model_index != b.model_index) return a.model_index < b.model_index;
      if (a.score != b.score) return a.score > b.score;
      return a.rank != b.rank ? a.rank < b.rank : a.node < b.node;
    });
    ledger_.clear();
    for (const Entry& e : entries_) {
      if (ledger_.admit(pod, nodes, e.node)) chosen.push_back(e.node);
      if (chosen.size() == gang.nodes) break;
    }
    ledger_.clear();
    std::sort(chosen.begin(), chosen.end());
    return chosen.size() == gang.nodes;
  }

  [[nodiscard]] Objective objective() const { return objective_; }
  [[nodiscard]] Precision default_precision() const { return default_precision_; }

 private:
  struct Entry {
    ModelRank model;
    std::uint8_t model_index;
    std::int64_t score;
    std::uint32_t rank;
    std::uint32_t node;
  };

  /// Ranks every model of the table once per attempt (at most 63: no allocation).
  void prepare(const PodRequest& pod, const NodeTable& nodes) {
    const Precision p = pod.precision.value_or(default_precision_);
    const bool gpu = pod.needs_gpu();
    for (std::size_t m = 0; m < nodes.models().size(); ++m) {
      models_[m] = gpu ? rank_of(nodes, static_cast<std::uint8_t>(m), p) : ModelRank{};
    }
  }
  [[nodiscard]] ModelRank model_rank(const NodeTable& nodes, std::uint32_t n) const {
    const std::uint8_t m = nodes.model(n);
    return m == NodeTable::kNoModel ? ModelRank{} : models_[m];
  }

  Objective objective_;
  Precision default_precision_;
  BestFitScore score_;
  std::array<ModelRank, kMaxModels> models_{};
  RackPowerLedger ledger_;
  std::vector<Entry> entries_;
};

}  // namespace dcsim::policy

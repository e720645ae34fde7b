#pragma once
// power-aware: pack busy GPUs into few racks, within every rack's power budget.
//
// A node fits only if its rack's draw with the pod stays within the rack's budget
// (NodeTable::fits, when the table has budgets). Among fitting nodes the policy prefers the
// rack already drawing the most power above its idle draw (its busy GPUs), so load gathers
// in racks that are on anyway and whole racks stay idle (and could be powered down); then the
// best-fit node (BestFitScore), then the smallest tie rank. Busy draw rather than total draw:
// a large idle rack draws more than a small busy one, and preferring it would spread load.
//
// A gang takes nodes in the same order (racks kept together on equal draw), with the
// members' added draw counted against each rack's budget together (RackPowerLedger).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement/basic.hpp"
#include "dcsim/policy/placement/rack_power_ledger.hpp"
#include "dcsim/policy/placement/scored.hpp"
#include "dcsim/policy/placement_policy.hpp"

namespace dcsim::policy {

class PowerAware final : public PlacementPolicy {
 public:
  explicit PowerAware(BestFitScore score = {}) : score_(score) {}

  std::optional<Placement> place(const PodRequest& pod, const NodeTable& nodes) override {
    // Lexicographic: the rack's busy draw, then the best-fit score.
    const std::uint32_t best = best_fitting_node(pod, nodes, [&](std::uint32_t n) {
                                 return std::pair{nodes.rack_busy_mw(nodes.rack(n)), score_.score(pod, nodes, n)};
                               }).node;
    if (best == kNoNode) return std::nullopt;
    return Placement{best, nodes.default_gpus(pod, best)};
  }

  bool place_gang(const GangRequest& gang, const NodeTable& nodes, std::vector<std::uint32_t>& chosen) override {
    chosen.clear();
    const PodRequest& pod = gang.per_node;
    if (gang.nodes == 0) return true;
    entries_.clear();
    nodes.for_each_candidate(pod, [&](std::uint32_t n) {
      if (!nodes.fits(pod, n)) return;
      const std::uint32_t r = nodes.rack(n);
      entries_.push_back(Entry{nodes.rack_busy_mw(r), r, score_.score(pod, nodes, n), nodes.tie_rank(n), n});
    });
    if (entries_.size() < gang.nodes) return false;
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
      if (a.busy != b.busy) return a.busy > b.busy;
      if (a.rack != b.rack) return a.rack < b.rack;
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

 private:
  struct Entry {
    std::int64_t busy;  // the rack's draw above idle, mW
    std::uint32_t rack;
    std::int64_t score;
    std::uint32_t rank;
    std::uint32_t node;
  };

  BestFitScore score_;
  RackPowerLedger ledger_;
  std::vector<Entry> entries_;
};

}  // namespace dcsim::policy

#pragma once
// What a gang adds to its racks' power while it is being chosen. NodeTable::fits checks one
// pod against its rack's budget as the rack stands; the members of a gang are chosen before
// any is bound, so two of them in one rack must fit the budget together. The ledger admits
// members one at a time and keeps the extra draw per rack; clear() forgets it (touching
// only the racks it used, so a gang costs what it admits, not the number of racks).
#include <cstdint>
#include <vector>

#include "dcsim/policy/node_table.hpp"

namespace dcsim::policy {

class RackPowerLedger {
 public:
  /// Whether node n can take one more member of the gang with the members admitted so far;
  /// if so, counts it. Node n must fit the pod (NodeTable::fits).
  bool admit(const PodRequest& pod, const NodeTable& nodes, std::uint32_t n) {
    if (!nodes.power_limited()) return true;
    const std::uint32_t r = nodes.rack(n);
    const std::int64_t budget = nodes.rack_budget_mw(r);
    if (budget == NodeTable::kNoBudget) return true;
    const std::int64_t add = nodes.pod_power_mw(pod, n);
    if (add == 0) return true;
    if (extra_.size() < nodes.rack_count()) extra_.resize(nodes.rack_count(), 0);  // grows once per table size
    if (add > budget - nodes.rack_draw_mw(r) - extra_[r]) return false;
    if (extra_[r] == 0) touched_.push_back(r);
    extra_[r] += add;
    return true;
  }

  void clear() {
    for (const std::uint32_t r : touched_) extra_[r] = 0;
    touched_.clear();
  }

 private:
  std::vector<std::int64_t> extra_;     // per rack: draw of the members admitted there
  std::vector<std::uint32_t> touched_;  // racks with extra_ != 0
};

}  // namespace dcsim::policy

#pragma once
// topology-aware: a gang goes where its members talk over the fewest switches.
//
// Among the nodes that fit the per-node share (and whose racks can power the members
// together, RackPowerLedger), a gang of k nodes is taken
//   1. from one network pod if any pod has k such nodes: the pod with the fewest that still
//      suffice (best fit of gangs into pods, so large free pods stay free for large gangs);
//   2. otherwise from as few pods as possible: the largest pods first, the last one the
//      smallest that covers the remainder; when one center can do it with that many pods,
//      only its pods are used (the one whose pods sum least, i.e. fit tightest);
// then, inside the one pod taken in part, from as few racks as possible by the same rule,
// and inside the one rack taken in part, the best-fit nodes (BestFitScore, then tie rank).
// Ties between pods, racks or centers of equal counts go to the smallest id. The chosen
// nodes come back in node order.
//
// A single pod (place) is placed best-fit. Cost: one pass over the candidate nodes, a sort
// of the pods (only when no single pod suffices) and of the racks of the partial pod, and a
// sort of the partial rack's nodes; every buffer is a member that only grows.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement/basic.hpp"
#include "dcsim/policy/placement/rack_power_ledger.hpp"
#include "dcsim/policy/placement_policy.hpp"

namespace dcsim::policy {

class TopologyAware final : public PlacementPolicy {
 public:
  explicit TopologyAware(BestFitScore score = {}) : score_(score), best_fit_(score) {}

  std::optional<Placement> place(const PodRequest& pod, const NodeTable& nodes) override { return best_fit_.place(pod, nodes); }

  bool place_gang(const GangRequest& gang, const NodeTable& nodes, std::vector<std::uint32_t>& chosen) override {
    chosen.clear();
    const PodRequest& pod = gang.per_node;
    const std::uint32_t k = gang.nodes;
    if (k == 0) return true;
    grow(pod_mark_, nodes.network_pod_count());
    grow(rack_mark_, nodes.rack_count());
    grow(center_sum_, nodes.center_count());
    grow(center_used_, nodes.center_count());

    // Fitting nodes, and how many of them each pod has.
    fitting_.clear();
    pods_.clear();
    ledger_.clear();
    nodes.for_each_candidate(pod, [&](std::uint32_t n) {
      if (!nodes.fits(pod, n) || !ledger_.admit(pod, nodes, n)) return;
      fitting_.push_back(n);
      const std::uint32_t p = nodes.network_pod(n);
      if (pod_mark_[p]++ == 0) pods_.push_back(Group{p, nodes.center(n), 0, 0});
    });
    ledger_.clear();
    const bool enough = fitting_.size() >= k;
    if (enough) {
      for (Group& g : pods_) g.count = pod_mark_[g.id];
      choose(pods_, k, &nodes);
      take_nodes(pod, nodes, chosen);
    }
    for (const Group& g : pods_) pod_mark_[g.id] = 0;
    for (const Group& g : racks_) rack_mark_[g.id] = 0;
    racks_.clear();
    return enough;
  }

 private:
  struct Group {
    std::uint32_t id = 0;
    std::uint32_t center = 0;
    std::uint32_t count = 0;  // fitting nodes in it
    std::uint32_t take = 0;   // how many of them the gang takes
  };
  struct Scored {
    std::int64_t score;
    std::uint32_t rank;
    std::uint32_t node;
  };
  static constexpr std::uint32_t kFull = 1;
  static constexpr std::uint32_t kPartial = 2;

  template <class T>
  static void grow(std::vector<T>& v, std::size_t size) {
    if (v.size() < size) v.resize(size, T{});
  }

  /// Sets `take` on the groups so that they sum to `need` over as few groups as possible
  /// (the groups' counts sum to at least `need`). With `nodes`, groups are network pods and
  /// one center is preferred when it needs no more pods than the best mix of centers.
  void choose(std::vector<Group>& groups, std::uint32_t need, const NodeTable* nodes) {
    Group* single = nullptr;
    for (Group& g : groups) {
      if (g.count >= need && (!single || g.count < single->count || (g.count == single->count && g.id < single->id))) single = &g;
    }
    if (single) {
      single->take = need;
      return;
    }
    const auto larger = [](const Group& a, const Group& b) { return a.count != b.count ? a.count > b.count : a.id < b.id; };
    std::sort(groups.begin(), groups.end(), larger);
    std::size_t m = 0;
    for (std::uint64_t sum = 0; sum < need; ++m) sum += groups[m].count;
    std::size_t usable = groups.size();
    if (nodes && nodes->center_count() > 1) {
      // The m largest pods of each center: a center whose sum reaches `need` does it alone.
      for (const Group& g : groups) {
        if (center_used_[g.center] < m) {
          ++center_used_[g.center];
          center_sum_[g.center] += g.count;
        }
      }
      std::uint32_t best = kNoNode;
      for (const Group& g : groups) {
        const std::uint64_t s = center_sum_[g.center];
        if (s >= need && (best == kNoNode || s < center_sum_[best] || (s == center_sum_[best] && g.center < best))) best = g.center;
      }
      for (const Group& g : groups) center_sum_[g.center] = center_used_[g.center] = 0;
      if (best != kNoNode) {
        std::sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
          if ((a.center == best) != (b.center == best)) return a.center == best;
          return larger(a, b);
        });
        usable = static_cast<std::size_t>(std::count_if(groups.begin(), groups.end(), [&](const Group& g) { return g.center == best; }));
      }
    }
    std::uint32_t remaining = need;
    for (std::size_t i = 0; i + 1 < m; ++i) {
      groups[i].take = groups[i].count;
      remaining -= groups[i].count;
    }
    // The last one: the smallest of the rest that covers what remains (it exists: the m-th
    // largest does).
    std::size_t last = m - 1;
    for (std::size_t i = m; i < usable; ++i) {
      if (groups[i].count >= remaining && (groups[i].count < groups[last].count || (groups[i].count == groups[last].count && groups[i].id < groups[last].id))) last = i;
    }
    groups[last].take = remaining;
  }

  /// From the chosen pods (and racks of the pod taken in part) into `chosen`, in node order.
  void take_nodes(const PodRequest& pod, const NodeTable& nodes, std::vector<std::uint32_t>& chosen) {
    std::uint32_t partial_pod = kNoNode;
    std::uint32_t partial_take = 0;
    for (const Group& g : pods_) {
      if (g.take == 0) {
        pod_mark_[g.id] = 0;
      } else if (g.take == g.count) {
        pod_mark_[g.id] = kFull;
      } else {
        pod_mark_[g.id] = kPartial;
        partial_pod = g.id;
        partial_take = g.take;
      }
    }
    std::uint32_t partial_rack = kNoNode;
    std::uint32_t rack_take = 0;
    racks_.clear();
    if (partial_pod != kNoNode) {
      for (const std::uint32_t n : fitting_) {
        if (nodes.network_pod(n) != partial_pod) continue;
        const std::uint32_t r = nodes.rack(n);
        if (rack_mark_[r]++ == 0) racks_.push_back(Group{r, 0, 0, 0});
      }
      for (Group& g : racks_) g.count = rack_mark_[g.id];
      choose(racks_, partial_take, nullptr);
      for (const Group& g : racks_) {
        rack_mark_[g.id] = g.take == 0 ? 0 : g.take == g.count ? kFull : kPartial;
        if (g.take != 0 && g.take != g.count) {
          partial_rack = g.id;
          rack_take = g.take;
        }
      }
    }
    partial_nodes_.clear();
    for (const std::uint32_t n : fitting_) {
      const std::uint32_t p = nodes.network_pod(n);
      if (pod_mark_[p] == kFull || (pod_mark_[p] == kPartial && rack_mark_[nodes.rack(n)] == kFull)) {
        chosen.push_back(n);
      } else if (pod_mark_[p] == kPartial && nodes.rack(n) == partial_rack) {
        partial_nodes_.push_back(Scored{score_.score(pod, nodes, n), nodes.tie_rank(n), n});
      }
    }
    std::sort(partial_nodes_.begin(), partial_nodes_.end(), [](const Scored& a, const Scored& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.rank != b.rank ? a.rank < b.rank : a.node < b.node;
    });
    for (std::uint32_t i = 0; i < rack_take; ++i) chosen.push_back(partial_nodes_[i].node);
    std::sort(chosen.begin(), chosen.end());
  }

  BestFitScore score_;
  BestFit best_fit_;
  RackPowerLedger ledger_;
  std::vector<std::uint32_t> fitting_;      // nodes that fit, in node order
  std::vector<Group> pods_, racks_;         // pods with fitting nodes; racks of the partial pod
  std::vector<Scored> partial_nodes_;       // the partial rack's nodes
  std::vector<std::uint32_t> pod_mark_;     // per pod: count while scanning, then kFull / kPartial / 0
  std::vector<std::uint32_t> rack_mark_;    // per rack: likewise
  std::vector<std::uint64_t> center_sum_;   // per center, while choosing pods
  std::vector<std::uint32_t> center_used_;  // per center, while choosing pods
};

}  // namespace dcsim::policy

// The node table's datacenter shape (racks, network pods, centers, rack power, GPU speed per
// precision and price), the three policies that use it (topology-aware, heterogeneity-aware,
// power-aware) on small clusters worked out by hand, and the builder from a scenario.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "dcsim/core/random.hpp"
#include "dcsim/model/inventory.hpp"
#include "dcsim/model/totals.hpp"
#include "dcsim/policy/datacenter_nodes.hpp"
#include "dcsim/policy/placement/heterogeneity_aware.hpp"
#include "dcsim/policy/placement/power_aware.hpp"
#include "dcsim/policy/placement/topology_aware.hpp"
#include "dcsim/policy/placement_policy.hpp"
#include "dcsim/scenario/scenario.hpp"
#include "../test_support.hpp"

namespace dcsim::policy {
namespace {

PodRequest whole(std::uint32_t gpus, std::int64_t cpu = 1000) { return PodRequest{cpu, 10, gpus, kMilliPerGpu, 0}; }
PodRequest share(std::uint32_t milli, std::int64_t cpu = 1000) { return PodRequest{cpu, 10, 1, milli, 0}; }
PodRequest with_precision(PodRequest pod, Precision p) {
  pod.precision = p;
  return pod;
}

NodeShape node(const std::string& name, std::uint32_t center, std::uint32_t pod, std::uint32_t rack, std::string model = "G", std::uint32_t gpus = 8) {
  NodeShape s{name, 64000, 1 << 20, gpus, std::move(model)};
  s.center = center;
  s.pod = pod;
  s.rack = rack;
  return s;
}

// 2 network pods x 2 racks x 2 nodes, one center: node i is in rack i / 2 and pod i / 4.
NodeTable two_pods() {
  std::vector<NodeShape> shapes;
  for (std::uint32_t i = 0; i < 8; ++i) shapes.push_back(node(std::string("n").append(std::to_string(i)), 0, i / 4, i / 2));
  return NodeTable(shapes);
}

// ---- the table ------------------------------------------------------------------------

TEST(NodeTableShape, DefaultsLeaveATableAsItWas) {
  const NodeTable t({NodeShape{"a", 8000, 1000, 4, "G2"}, NodeShape{"b", 4000, 500, 2, "T4"}});
  EXPECT_EQ(t.rack(1), 0u);
  EXPECT_EQ(t.network_pod(1), 0u);
  EXPECT_EQ(t.center(1), 0u);
  EXPECT_EQ(t.rack_count(), 1u);
  EXPECT_EQ(t.network_pod_count(), 1u);
  EXPECT_EQ(t.center_count(), 1u);
  EXPECT_FALSE(t.power_limited());
  EXPECT_FALSE(t.rack_budget_w(0));
  EXPECT_EQ(t.rack_draw_mw(0), 0);
  EXPECT_DOUBLE_EQ(t.throughput(0, Precision::kFp8), 1.0);  // unconfigured = the reference chip
  EXPECT_TRUE(t.supports(1, Precision::kFp64));
  EXPECT_FALSE(t.price_per_gpu_hour(0));
  EXPECT_TRUE(t.fits(with_precision(whole(4), Precision::kFp8), 0));  // no precision table: no constraint
  EXPECT_FALSE(PodRequest{}.precision);
}

TEST(NodeTableShape, PrecisionConstraint) {
  NodeTable t({node("fast", 0, 0, 0, "H"), node("old", 0, 0, 1, "A")});
  ModelPerformance a;
  a.throughput[static_cast<std::size_t>(Precision::kBf16)] = 0.32;
  a.throughput[static_cast<std::size_t>(Precision::kInt8)] = 0.32;
  t.set_model_performance("A", a);
  EXPECT_TRUE(t.supports(t.model(1), Precision::kBf16));
  EXPECT_FALSE(t.supports(t.model(1), Precision::kFp8));
  EXPECT_TRUE(t.fits(with_precision(whole(1), Precision::kFp8), 0));
  EXPECT_FALSE(t.fits(with_precision(whole(1), Precision::kFp8), 1));
  EXPECT_FALSE(t.fits(with_precision(share(300), Precision::kFp8), 1));
  EXPECT_TRUE(t.fits(with_precision(whole(1), Precision::kBf16), 1));
  EXPECT_TRUE(t.fits(whole(1), 1));                                                    // no precision asked
  EXPECT_TRUE(t.fits(with_precision(PodRequest{1000, 10, 0, 0, 0}, Precision::kFp8), 1));  // CPU-only
  EXPECT_THROW(t.set_model_performance("Z", a), std::invalid_argument);
  a.throughput[0] = -1;
  EXPECT_THROW(t.set_model_performance("A", a), std::invalid_argument);
}

// Two one-node racks: idle 1000 W, 500 W per busy GPU. Rack 0 has a 3 kW budget, rack 1 6 kW.
TEST(NodeTableShape, RackBudgetRefusesWhatAnotherRackAccepts) {
  std::vector<NodeShape> shapes{node("a", 0, 0, 0), node("b", 0, 0, 1)};
  for (NodeShape& s : shapes) {
    s.idle_w = 1000;
    s.gpu_busy_w = 500;
  }
  NodeTable t(shapes);
  EXPECT_EQ(t.rack_draw_mw(0), 1'000'000);
  EXPECT_FALSE(t.power_limited());
  t.set_rack_power({RackPower{3000, 0}, RackPower{6000, 0}});
  EXPECT_TRUE(t.power_limited());
  EXPECT_EQ(*t.rack_budget_w(0), 3000.0);
  t.bind(whole(4), Placement{0, 0b1111});  // 1000 + 4 x 500 = 3000 W: exactly the budget
  EXPECT_DOUBLE_EQ(t.rack_draw_w(0), 3000.0);
  EXPECT_EQ(t.rack_busy_mw(0), 2'000'000);
  EXPECT_FALSE(t.fits(whole(1), 0));   // 3500 W > 3 kW, though 4 GPUs are free
  EXPECT_TRUE(t.fits(whole(1), 1));    // 1500 W
  EXPECT_TRUE(t.fits(PodRequest{1000, 10, 0, 0, 0}, 0));  // CPU-only pods draw nothing here
  EXPECT_EQ(t.pod_power_mw(share(300), 1), 150'000);      // a share counts its fraction
  EXPECT_TRUE(t.fits(whole(8), 1));    // 1000 + 8 x 500 = 5000 W
  PowerAware power;
  EXPECT_EQ(power.place(whole(1), t)->node, 1u);  // rack 0 is busier but at its budget
  FirstFit first;
  EXPECT_EQ(first.place(whole(1), t)->node, 1u);  // every policy sees the budget through fits()
  // Base draw (a CPU server in rack 1) counts too, and keeps what is running.
  t.set_rack_power({RackPower{3000, 0}, RackPower{6000, 1500}});
  EXPECT_DOUBLE_EQ(t.rack_draw_w(0), 3000.0);
  EXPECT_DOUBLE_EQ(t.rack_draw_w(1), 2500.0);
  EXPECT_FALSE(t.fits(whole(8), 1));  // 6500 W
  EXPECT_TRUE(t.fits(whole(7), 1));   // 6000 W
  t.unbind(whole(4), Placement{0, 0b1111});
  EXPECT_EQ(t.rack_draw_mw(0), 1'000'000);
  EXPECT_THROW(t.set_rack_power({RackPower{}}), std::invalid_argument);  // fewer entries than racks
}

// Random binds and unbinds on 6 racks of nodes with uneven watts: each rack's draw is always
// its idle draw plus what its bound pods add, the budgets hold when every placement goes
// through fits(), and when everything has left each rack is back at idle.
TEST(NodeTableShape, RackDrawIsConservedUnderRandomBindAndUnbind) {
  std::vector<NodeShape> shapes;
  RandomStream rng = RandomStream::derive(21, "rack-draw");
  for (std::uint32_t i = 0; i < 60; ++i) {
    NodeShape s = node(std::string("n").append(std::to_string(i)), 0, i / 20, i / 10, i % 2 ? "G" : "T", i % 3 ? 8 : 4);
    s.idle_w = 700.25 + static_cast<double>(rng.below(1000));
    s.gpu_busy_w = 333.3 + static_cast<double>(rng.below(700));
    shapes.push_back(s);
  }
  NodeTable t(shapes);
  std::vector<RackPower> racks(6);
  for (std::uint32_t r = 0; r < 6; ++r) racks[r] = RackPower{r % 2 ? 40000.0 : 0.0, r == 4 ? 250.5 : 0.0};
  t.set_rack_power(racks);
  std::vector<std::int64_t> idle(6);
  for (std::uint32_t r = 0; r < 6; ++r) idle[r] = t.rack_idle_mw(r);
  struct Bound {
    PodRequest pod;
    Placement where;
  };
  std::vector<Bound> bound;
  for (int step = 0; step < 4000; ++step) {
    const PodRequest pod = rng.below(2) ? share(static_cast<std::uint32_t>(rng.below(999) + 1), 100) : whole(static_cast<std::uint32_t>(rng.below(4) + 1), 100);
    std::vector<std::uint32_t> fitting;
    for (std::uint32_t n = 0; n < t.size(); ++n) {
      if (t.fits(pod, n)) fitting.push_back(n);
    }
    if (!fitting.empty() && rng.below(3) != 0) {
      const std::uint32_t n = fitting[rng.below(fitting.size())];
      const Placement where{n, t.default_gpus(pod, n)};
      t.bind(pod, where);
      bound.push_back({pod, where});
    } else if (!bound.empty()) {
      const std::size_t i = rng.below(bound.size());
      t.unbind(bound[i].pod, bound[i].where);
      bound[i] = bound.back();
      bound.pop_back();
    }
    std::vector<std::int64_t> expected = idle;
    for (const Bound& b : bound) expected[t.rack(b.where.node)] += t.pod_power_mw(b.pod, b.where.node);
    for (std::uint32_t r = 0; r < 6; ++r) {
      ASSERT_EQ(t.rack_draw_mw(r), expected[r]) << "step " << step << " rack " << r;
      if (t.rack_budget_w(r)) {
        ASSERT_LE(t.rack_draw_mw(r), t.rack_budget_mw(r));
      }
    }
  }
  EXPECT_GT(bound.size(), 10u);
  for (const Bound& b : bound) t.unbind(b.pod, b.where);
  for (std::uint32_t r = 0; r < 6; ++r) EXPECT_EQ(t.rack_draw_mw(r), idle[r]);
}

// ---- topology-aware -------------------------------------------------------------------

TEST(TopologyAware, AGangGoesIntoOnePodAndOneRack) {
  NodeTable t = two_pods();
  TopologyAware p;
  std::vector<std::uint32_t> chosen;
  const PodRequest full = whole(8);
  ASSERT_TRUE(p.place_gang(GangRequest{2, full}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 1}));  // all pods alike: pod 0, rack 0

  // Node 1 busy: pod 0 has 3 fitting nodes (0 | 2 3), pod 1 has 4. A 2-node gang takes the
  // pod that fits it tightest, and its whole rack 1; first-fit would split it across racks.
  t.bind(full, Placement{1, 0xff});
  ASSERT_TRUE(p.place_gang(GangRequest{2, full}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{2, 3}));
  FirstFit first;
  ASSERT_TRUE(first.place_gang(GangRequest{2, full}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 2}));
  // 4 nodes: only pod 1 holds them.
  ASSERT_TRUE(p.place_gang(GangRequest{4, full}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{4, 5, 6, 7}));
}

TEST(TopologyAware, BestFitOfGangsIntoPodsAndFewestPods) {
  NodeTable t = two_pods();
  const PodRequest full = whole(8);
  t.bind(full, Placement{4, 0xff});  // pod 1: 5 | 6 7 free (3 nodes), pod 0: 4 nodes
  TopologyAware p;
  std::vector<std::uint32_t> chosen;
  ASSERT_TRUE(p.place_gang(GangRequest{3, full}, t, chosen));  // pod 1 (3 suffice), racks 3 + 2
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{5, 6, 7}));
  ASSERT_TRUE(p.place_gang(GangRequest{2, full}, t, chosen));  // pod 1, its full rack 3
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{6, 7}));
  ASSERT_TRUE(p.place_gang(GangRequest{4, full}, t, chosen));  // only pod 0 suffices
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 1, 2, 3}));
  // 5 nodes need two pods: all of pod 0 and the smallest rack of pod 1 that holds one more.
  ASSERT_TRUE(p.place_gang(GangRequest{5, full}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 1, 2, 3, 5}));
  EXPECT_FALSE(p.place_gang(GangRequest{8, full}, t, chosen));
  // Inside a rack taken in part, the best-fit node: node 6 holds a 1-GPU pod.
  t.bind(whole(1), Placement{6, 1});
  ASSERT_TRUE(p.place_gang(GangRequest{1, whole(4)}, t, chosen));  // pod 1 has 3 fitting, rack 2 (node 5) 1
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{5}));
  ASSERT_TRUE(p.place_gang(GangRequest{2, whole(4)}, t, chosen));  // pod 1, rack 3: nodes 6 and 7
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{6, 7}));
  // The single-pod answer is best-fit: node 6 is the fullest.
  EXPECT_EQ(p.place(whole(4), t)->node, 6u);
}

// Two centers: center 0 has pods 0 and 1 with 3 free nodes each, center 1 has pod 2 with 4
// and pod 3 with 1. A 6-node gang needs two pods either way; center 0 does it alone.
TEST(TopologyAware, KeepsAMultiPodGangInOneCenter) {
  std::vector<NodeShape> shapes;
  const std::uint32_t pods[] = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3};
  for (std::uint32_t i = 0; i < 11; ++i) shapes.push_back(node(std::string("n").append(std::to_string(i)), pods[i] / 2, pods[i], pods[i]));
  const NodeTable t(shapes);
  TopologyAware p;
  std::vector<std::uint32_t> chosen;
  ASSERT_TRUE(p.place_gang(GangRequest{6, whole(8)}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5}));
  ASSERT_TRUE(p.place_gang(GangRequest{7, whole(8)}, t, chosen));  // two pods: 4 of center 1 + 3 of center 0
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 1, 2, 6, 7, 8, 9}));
}

// A rack that can power only one more busy node: the gang's members count together.
TEST(TopologyAware, GangMembersShareTheirRacksBudget) {
  std::vector<NodeShape> shapes;
  for (std::uint32_t i = 0; i < 4; ++i) {
    NodeShape s = node(std::string("n").append(std::to_string(i)), 0, 0, i / 2);
    s.idle_w = 1000;
    s.gpu_busy_w = 500;
    shapes.push_back(s);
  }
  NodeTable t(shapes);
  t.set_rack_power({RackPower{6000, 0}, RackPower{0, 0}});  // rack 0: 2000 idle + one 4000 W member
  std::vector<std::uint32_t> chosen;
  TopologyAware topo;
  ASSERT_TRUE(topo.place_gang(GangRequest{2, whole(8)}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{2, 3}));  // rack 1 holds both
  ASSERT_TRUE(topo.place_gang(GangRequest{3, whole(8)}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 2, 3}));  // only one of rack 0
  EXPECT_FALSE(topo.place_gang(GangRequest{4, whole(8)}, t, chosen));
  PowerAware power;
  EXPECT_FALSE(power.place_gang(GangRequest{4, whole(8)}, t, chosen));
  ASSERT_TRUE(power.place_gang(GangRequest{3, whole(8)}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 2, 3}));
}

// ---- heterogeneity-aware --------------------------------------------------------------

// Three models relative to an H100: "h100" 1.0 everywhere, $4/GPU-hour; "h20" bf16 and fp8
// 0.15, $0.3/h (cost per unit of work 2.0, half the H100's 4.0); "910b" bf16 0.32, no fp8,
// no price.
NodeTable mixed_fleet() {
  NodeTable t({node("910b", 0, 0, 0, "910b"), node("h20", 0, 0, 1, "h20"), node("h100", 0, 0, 2, "h100"), node("h100-b", 0, 0, 2, "h100")});
  ModelPerformance h100;
  h100.throughput.fill(1.0);
  h100.price_per_gpu_hour = 4.0;
  ModelPerformance h20;
  h20.throughput[static_cast<std::size_t>(Precision::kBf16)] = 0.15;
  h20.throughput[static_cast<std::size_t>(Precision::kFp8)] = 0.15;
  h20.price_per_gpu_hour = 0.3;
  ModelPerformance ascend;
  ascend.throughput[static_cast<std::size_t>(Precision::kBf16)] = 0.32;
  t.set_model_performance("h100", h100);
  t.set_model_performance("h20", h20);
  t.set_model_performance("910b", ascend);
  return t;
}

TEST(HeterogeneityAware, FastestModelForThePodsPrecision) {
  NodeTable t = mixed_fleet();
  HeterogeneityAware p;
  const PodRequest bf16 = with_precision(whole(4), Precision::kBf16);
  const PodRequest fp8 = with_precision(whole(4), Precision::kFp8);
  EXPECT_EQ(p.place(bf16, t)->node, 2u);  // an H100 (the lower rank of two alike)
  t.bind(whole(2), Placement{3, 0b11});
  EXPECT_EQ(p.place(bf16, t)->node, 3u);  // equal models: the best-fit one
  t.bind(whole(8), Placement{2, 0xff});
  t.bind(whole(6), Placement{3, 0xfc});
  EXPECT_EQ(p.place(bf16, t)->node, 0u);  // H100s full: the 910B (0.32) before the H20 (0.15)
  EXPECT_EQ(p.place(fp8, t)->node, 1u);   // the 910B has no FP8: the H20
  t.bind(whole(8), Placement{1, 0xff});
  EXPECT_FALSE(p.place(fp8, t));          // only the 910B is free, and it has no FP8
  EXPECT_EQ(p.place(whole(4), t)->node, 0u);  // no precision: bf16 by default
}

TEST(HeterogeneityAware, CheapestPerUnitOfWork) {
  NodeTable t = mixed_fleet();
  auto p = make_placement("heterogeneity-aware", {{"objective", 1}});
  const PodRequest bf16 = with_precision(whole(4), Precision::kBf16);
  EXPECT_EQ(p->place(bf16, t)->node, 1u);  // H20 2.0 per unit of work < H100 4.0
  t.bind(whole(8), Placement{1, 0xff});
  EXPECT_EQ(p->place(bf16, t)->node, 2u);  // then the H100; the unpriced 910B comes last
  t.bind(whole(8), Placement{2, 0xff});
  t.bind(whole(8), Placement{3, 0xff});
  EXPECT_EQ(p->place(bf16, t)->node, 0u);
  HeterogeneityAware fastest;
  EXPECT_EQ(fastest.rank_of(t, t.model(2), Precision::kBf16).value, 1.0);
  HeterogeneityAware cheapest(HeterogeneityAware::Objective::kCheapest);
  EXPECT_DOUBLE_EQ(cheapest.rank_of(t, t.model(1), Precision::kBf16).value, -2.0);
  EXPECT_EQ(cheapest.rank_of(t, t.model(0), Precision::kBf16).tier, 0);  // no price
}

TEST(HeterogeneityAware, GangTakesTheFastestNodesItCan) {
  NodeTable t = mixed_fleet();
  HeterogeneityAware p;
  std::vector<std::uint32_t> chosen;
  const PodRequest bf16 = with_precision(whole(8), Precision::kBf16);
  ASSERT_TRUE(p.place_gang(GangRequest{2, bf16}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{2, 3}));
  ASSERT_TRUE(p.place_gang(GangRequest{3, bf16}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 2, 3}));  // the 910B before the H20
  EXPECT_FALSE(p.place_gang(GangRequest{4, with_precision(whole(8), Precision::kFp8)}, t, chosen));
}

TEST(HeterogeneityAware, RegistryChecksItsParameters) {
  using dcsim::testing::message_of;
  EXPECT_EQ(message_of([] { (void)make_placement("heterogeneity-aware", {{"objective", 0.5}}); }),
            "placement heterogeneity-aware: objective must be a whole number");
  EXPECT_EQ(message_of([] { (void)make_placement("heterogeneity-aware", {{"objective", 2}}); }),
            "placement heterogeneity-aware: objective must be in [0, 1], got 2");
  EXPECT_EQ(message_of([] { (void)make_placement("heterogeneity-aware", {{"precision", 7}}); }),
            "placement heterogeneity-aware: precision must be in [0, 6], got 7");
  const NodeTable t = mixed_fleet();
  auto int8 = make_placement("heterogeneity-aware", {{"precision", 6}});  // int8: the 910B has none
  EXPECT_EQ(int8->place(whole(4), t)->node, 2u);
}

// ---- power-aware ----------------------------------------------------------------------

// Three racks of two nodes (idle 1000 W, 500 W per busy GPU). Rack 1 runs one GPU, rack 2
// runs four but has a budget it is close to.
TEST(PowerAware, PacksIntoTheBusiestRackWithinItsBudget) {
  std::vector<NodeShape> shapes;
  for (std::uint32_t i = 0; i < 6; ++i) {
    NodeShape s = node(std::string("n").append(std::to_string(i)), 0, 0, i / 2);
    s.idle_w = 1000;
    s.gpu_busy_w = 500;
    shapes.push_back(s);
  }
  NodeTable t(shapes);
  t.set_rack_power({RackPower{}, RackPower{}, RackPower{5000, 0}});  // rack 2: 2000 idle + 3000
  PowerAware p;
  EXPECT_EQ(p.place(whole(2), t)->node, 0u);  // nothing busy: best-fit, then rank
  t.bind(whole(1), Placement{3, 1});          // rack 1: 500 W busy
  EXPECT_EQ(p.place(whole(2), t)->node, 3u);  // rack 1, and its fuller node
  t.bind(whole(4), Placement{4, 0b1111});     // rack 2: 2000 W busy, 1000 W left
  EXPECT_EQ(p.place(whole(2), t)->node, 4u);  // rack 2 is busiest; 2 GPUs = 1000 W fit
  EXPECT_EQ(p.place(whole(3), t)->node, 3u);  // 1500 W would exceed rack 2: rack 1
  BestFit best_fit(BestFitScore{});
  EXPECT_EQ(best_fit.place(whole(2), t)->node, 4u);
  t.bind(whole(2), Placement{4, 0b110000});
  EXPECT_EQ(t.rack_draw_mw(2), t.rack_budget_mw(2));
  EXPECT_EQ(p.place(share(100), t)->node, 3u);  // rack 2 at its budget takes not even a share
}

// ---- all three, on a random mixed fleet with budgets and precisions ----------------------

TEST(TopologyPower, PoliciesKeepBudgetsAndPrecisionsAndAreDeterministic) {
  std::vector<NodeShape> shapes;
  for (std::uint32_t i = 0; i < 48; ++i) {
    NodeShape s = node(std::string("n").append(std::to_string(i)), i / 24, i / 8, i / 4, i % 3 == 0 ? "old" : "new", i % 5 ? 8 : 4);
    s.idle_w = 1200;
    s.gpu_busy_w = i % 3 == 0 ? 300 : 700;
    shapes.push_back(s);
  }
  std::vector<RackPower> racks(12);
  for (std::uint32_t r = 0; r < 12; ++r) racks[r].budget_w = r % 3 ? 14000 : 0;
  ModelPerformance old_perf;
  old_perf.throughput[static_cast<std::size_t>(Precision::kBf16)] = 0.3;
  ModelPerformance new_perf;
  new_perf.throughput.fill(1.0);
  new_perf.price_per_gpu_hour = 2;

  for (const char* name : {"topology-aware", "heterogeneity-aware", "power-aware"}) {
    std::vector<std::vector<std::uint32_t>> runs;
    for (int run = 0; run < 2; ++run) {
      NodeTable t(shapes);
      t.set_rack_power(racks);
      t.set_model_performance("old", old_perf);
      t.set_model_performance("new", new_perf);
      auto policy = make_placement(name);
      RandomStream rng = RandomStream::derive(31, "mixed");
      struct Bound {
        PodRequest pod;
        std::vector<Placement> where;
      };
      std::vector<Bound> running;
      std::vector<std::uint32_t> answers;
      std::vector<std::uint32_t> chosen;
      for (int step = 0; step < 1500; ++step) {
        PodRequest pod = rng.below(3) ? whole(static_cast<std::uint32_t>(1u << rng.below(4)), 2000) : share(static_cast<std::uint32_t>(rng.below(900) + 50), 500);
        if (rng.below(2)) pod.precision = rng.below(2) ? Precision::kFp8 : Precision::kBf16;
        Bound b{pod, {}};
        if (rng.below(4) == 0) {
          const auto k = static_cast<std::uint32_t>(rng.below(4) + 2);
          if (policy->place_gang(GangRequest{k, pod}, t, chosen)) {
            ASSERT_EQ(chosen.size(), k) << name;
            ASSERT_EQ(std::set<std::uint32_t>(chosen.begin(), chosen.end()).size(), k) << name;
            for (const std::uint32_t n : chosen) {
              ASSERT_TRUE(t.fits(pod, n)) << name;
              const Placement where{n, t.default_gpus(pod, n)};
              t.bind(pod, where);
              b.where.push_back(where);
              answers.push_back(n);
            }
          }
        } else if (const auto where = policy->place(pod, t)) {
          ASSERT_TRUE(t.fits(pod, where->node)) << name;
          ASSERT_EQ(static_cast<std::uint32_t>(std::popcount(where->gpus)), pod.gpus) << name;
          t.bind(pod, *where);
          b.where.push_back(*where);
          answers.push_back(where->node);
        }
        if (!b.where.empty()) running.push_back(b);
        for (std::uint32_t r = 0; r < t.rack_count(); ++r) {
          if (t.rack_budget_w(r)) {
            ASSERT_LE(t.rack_draw_mw(r), t.rack_budget_mw(r)) << name << " rack " << r;
          }
        }
        for (const Placement& w : b.where) {
          if (pod.precision) {
            ASSERT_TRUE(t.supports(t.model(w.node), *pod.precision)) << name;
          }
        }
        while (!running.empty() && rng.below(3) == 0) {
          const std::size_t i = rng.below(running.size());
          for (const Placement& w : running[i].where) t.unbind(running[i].pod, w);
          running[i] = running.back();
          running.pop_back();
        }
      }
      for (const Bound& b : running) {
        for (const Placement& w : b.where) t.unbind(b.pod, w);
      }
      for (std::uint32_t r = 0; r < t.rack_count(); ++r) ASSERT_EQ(t.rack_draw_mw(r), t.rack_idle_mw(r)) << name;
      runs.push_back(answers);
    }
    EXPECT_EQ(runs[0], runs[1]) << name;
    EXPECT_GT(runs[0].size(), 500u) << name;
  }
}

TEST(TopologyPower, RegisteredByName) {
  for (const char* name : {"topology-aware", "heterogeneity-aware", "power-aware"}) {
    const PlacementEntry* e = find_placement(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_FALSE(e->summary.empty());
    EXPECT_NE(make_placement(name), nullptr);
  }
  EXPECT_EQ(find_placement("heterogeneity-aware")->params.size(), 3u);
}

// ---- from a scenario ------------------------------------------------------------------

namespace fs = std::filesystem;
Scenario shipped(const char* name) { return load_scenario((fs::path(DCSIM_SOURCE_DIR) / "scenarios" / name).string()); }

// 40 liquid-cooled 40 kW racks: 16 of 3 H800 servers, 10 of 7 H20, 10 of 3 16-NPU 910B, 2 of
// 32 CPU nodes, 2 empty; 8 racks per network pod (5 pods).
TEST(DatacenterNodes, LiquidMixedCenterMatchesItsDescription) {
  const Scenario s = shipped("liquid-40kw-mixed.yaml");
  const DatacenterNodes built = datacenter_nodes(s.datacenter);
  const CenterTotals totals = dcsim::totals(s.datacenter);
  ASSERT_EQ(built.nodes.size(), 16u * 3 + 10 * 7 + 10 * 3);
  EXPECT_EQ(built.cpu_only_servers, 64u);
  EXPECT_EQ(static_cast<long>(built.nodes.size() + built.cpu_only_servers), totals.servers);
  EXPECT_EQ(static_cast<long>(built.racks.size()), totals.racks_built);
  long gpus = 0;
  for (const NodeShape& n : built.nodes) gpus += n.gpus;
  EXPECT_EQ(gpus, totals.accelerator_count());
  const std::string described = describe(s.datacenter);
  EXPECT_NE(described.find("accelerators   " + std::to_string(gpus)), std::string::npos) << described;
  EXPECT_NE(described.find("racks          " + std::to_string(built.racks.size()) + " built"), std::string::npos) << described;

  const NodeTable t = built.table();
  EXPECT_EQ(t.size(), 148u);
  EXPECT_EQ(t.rack_count(), 40u);
  EXPECT_EQ(t.network_pod_count(), 5u);
  EXPECT_EQ(t.center_count(), 1u);
  EXPECT_TRUE(t.power_limited());
  EXPECT_EQ(*t.rack_budget_w(39), 40000.0);  // an empty rack keeps its number and budget
  // Node 0: the first H800 server, rack 0, pod 0; idle 2.3 kW, (10.2 - 2.3) / 8 kW per busy GPU.
  EXPECT_EQ(t.name(0), "east-1/h800-8x-sxm/0");
  EXPECT_EQ(t.models()[t.model(0)], "h800-sxm");
  EXPECT_EQ(t.cpu_capacity(0), 2 * 56 * 1000);
  EXPECT_DOUBLE_EQ(t.node_idle_w(0), 2300.0);
  EXPECT_DOUBLE_EQ(t.gpu_busy_w(0), 987.5);
  EXPECT_DOUBLE_EQ(t.rack_idle_w(0), 3 * 2300.0);
  EXPECT_DOUBLE_EQ(t.rack_idle_w(36), 32 * 468.0);  // a CPU rack: its servers are the base draw
  const Inventory inv = Inventory::build(s.datacenter);
  for (std::uint32_t n = 0; n < t.size(); ++n) {
    ASSERT_EQ(t.rack(n), inv.server_rack(built.server[n]));
    ASSERT_EQ(t.network_pod(n), inv.server_pod(built.server[n]));
  }
  // Throughput relative to the H100 SXM: H800 = 1, H20 bf16 148 / 989; the 910B has no FP8.
  const auto model = [&](const char* id) { return static_cast<std::uint8_t>(std::countr_zero(t.model_bit(id))); };
  EXPECT_DOUBLE_EQ(t.throughput(model("h800-sxm"), Precision::kBf16), 1.0);
  EXPECT_NEAR(t.throughput(model("h20"), Precision::kBf16), 148.0 / 989.0, 1e-3);
  EXPECT_FALSE(t.supports(model("ascend-910b"), Precision::kFp8));
  EXPECT_TRUE(built.price_currency.empty());  // no chip on these servers has a catalogue price
  EXPECT_FALSE(t.price_per_gpu_hour(model("h20")));

  // The policies on it: an FP8 gang of 8 nodes lands in one network pod, on FP8 chips; a BF16
  // pod goes to an H800 under heterogeneity-aware.
  TopologyAware topo;
  std::vector<std::uint32_t> chosen;
  ASSERT_TRUE(topo.place_gang(GangRequest{8, with_precision(whole(8, 8000), Precision::kFp8)}, t, chosen));
  for (const std::uint32_t n : chosen) {
    EXPECT_EQ(t.network_pod(n), t.network_pod(chosen[0]));
    EXPECT_TRUE(t.supports(t.model(n), Precision::kFp8));
  }
  HeterogeneityAware het;
  EXPECT_EQ(t.models()[t.model(het.place(with_precision(whole(8, 8000), Precision::kBf16), t)->node)], "h800-sxm");
}

// 66 air-cooled 15 kW racks, 33 populated: 30 of 4 L20 boxes, 2 of 2 and 1 of 1 8-NPU 910B
// servers; 16 racks per pod.
TEST(DatacenterNodes, WestHalfIdleCenter) {
  const Scenario s = shipped("west-half-idle.yaml");
  const DatacenterNodes built = datacenter_nodes(s.datacenter);
  const CenterTotals totals = dcsim::totals(s.datacenter);
  EXPECT_EQ(built.nodes.size(), 125u);
  EXPECT_EQ(static_cast<long>(built.nodes.size()), totals.servers);
  EXPECT_EQ(built.racks.size(), 66u);
  long gpus = 0;
  for (const NodeShape& n : built.nodes) gpus += n.gpus;
  EXPECT_EQ(gpus, 1000);
  const NodeTable t = built.table();
  EXPECT_EQ(t.network_pod_count(), 3u);  // racks 0-32 hold servers: pods 0, 1, 2
  std::map<std::string, int> by_model;
  for (std::uint32_t n = 0; n < t.size(); ++n) ++by_model[t.models()[t.model(n)]];
  EXPECT_EQ(by_model["l20"], 120);
  EXPECT_EQ(by_model["ascend-910b"], 5);
  // A full L20 box draws its 3.2 kW peak; four of them fit a 15 kW rack.
  NodeTable busy = built.table();
  for (std::uint32_t n = 0; n < 4; ++n) {
    ASSERT_TRUE(busy.fits(whole(8, 0), n));
    busy.bind(whole(8, 0), Placement{n, 0xff});
  }
  EXPECT_DOUBLE_EQ(busy.rack_draw_w(0), 4 * 3200.0);
}

TEST(DatacenterNodes, ReferenceChipAndCurrencies) {
  Scenario s = shipped("west-half-idle.yaml");
  DatacenterNodeOptions options;
  options.reference_chip = "no-such-chip";
  EXPECT_THROW((void)datacenter_nodes(s.datacenter, options), std::invalid_argument);
  options.reference_chip = "ascend-910b";  // has no fp8 rate, and the fleet's L20 has one
  EXPECT_THROW((void)datacenter_nodes(s.datacenter, options), std::invalid_argument);
  // Prices: give the L20 one and it becomes a price per GPU-hour over five years.
  for (ChipSpec& c : s.datacenter.chips) {
    if (c.id == "l20") c.price = Money{8760.0 * 5 * 0.5, "USD"};
  }
  const DatacenterNodes built = datacenter_nodes(s.datacenter);
  EXPECT_EQ(built.price_currency, "USD");
  const NodeTable t = built.table();
  EXPECT_DOUBLE_EQ(*t.price_per_gpu_hour(t.model(0)), 0.5);
  for (ChipSpec& c : s.datacenter.chips) {
    if (c.id == "ascend-910b") c.price = Money{1000, "CNY"};
  }
  EXPECT_THROW((void)datacenter_nodes(s.datacenter), std::invalid_argument);
}

}  // namespace
}  // namespace dcsim::policy

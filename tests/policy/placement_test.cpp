// Each placement policy on small clusters whose scores are worked out by hand, the registry,
// and properties every policy must keep on random workloads.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "dcsim/core/random.hpp"
#include "dcsim/policy/fragmentation.hpp"
#include "dcsim/policy/placement/basic.hpp"
#include "dcsim/policy/placement/fgd.hpp"
#include "dcsim/policy/placement/gpu_packing.hpp"
#include "dcsim/policy/placement_policy.hpp"
#include "../test_support.hpp"

namespace dcsim::policy {
namespace {

PodRequest share(std::uint32_t milli, std::int64_t cpu = 1000) { return PodRequest{cpu, 10, 1, milli, 0}; }
PodRequest whole(std::uint32_t gpus, std::int64_t cpu = 8000) { return PodRequest{cpu, 10, gpus, kMilliPerGpu, 0}; }

// Two 8-GPU nodes of 128 CPU: A already holds 64 CPU and 4 GPUs, B is empty.
NodeTable half_used_and_empty() {
  NodeTable t({NodeShape{"A", 128000, 1 << 20, 8, "G2"}, NodeShape{"B", 128000, 1 << 20, 8, "G2"}});
  t.bind(PodRequest{64000, 10, 4, kMilliPerGpu, 0}, Placement{0, 0b1111});
  return t;
}

TEST(Placement, FirstFitTakesTheLowestNodeThatFits) {
  NodeTable t = half_used_and_empty();
  FirstFit p;
  EXPECT_EQ(p.place(whole(4), t)->node, 0u);
  EXPECT_EQ(p.place(whole(4), t)->gpus, 0b11110000u);
  EXPECT_EQ(p.place(whole(5), t)->node, 1u);
  EXPECT_FALSE(p.place(whole(9), t));
}

// A 1-GPU pod of 8 CPU. Leftover on A: CPU 56/128 = 0.4375, GPU 3/8 = 0.375; on B 0.9375,
// 0.875. Best-fit: 100 (1 - (0.4375 + 0.375) / 2) = 59.375 -> 59 on A, 9.375 -> 9 on B.
TEST(Placement, BestFitScoresByHand) {
  const NodeTable t = half_used_and_empty();
  const BestFitScore s{0.5};
  EXPECT_EQ(s.score(whole(1), t, 0), 59);
  EXPECT_EQ(s.score(whole(1), t, 1), 9);
  BestFit p(s);
  EXPECT_EQ(p.place(whole(1), t)->node, 0u);
}

TEST(Placement, WorstFitSpreads) {
  const NodeTable t = half_used_and_empty();
  EXPECT_EQ(WorstFitScore{0.5}.score(whole(1), t, 0), 40);  // 40.625
  EXPECT_EQ(WorstFitScore{0.5}.score(whole(1), t, 1), 90);  // 90.625
  WorstFit p(WorstFitScore{0.5});
  EXPECT_EQ(p.place(whole(1), t)->node, 1u);
}

// Dot product of free and request, each over the largest node: on A (64/128)(8/128) +
// (4000/8000)(1000/8000) = 0.03125 + 0.0625, halved 0.046875, score 95.3125 -> 95; on B
// 0.0625 + 0.125 -> 90.625 -> 90.
TEST(Placement, DotProductScoresByHand) {
  const NodeTable t = half_used_and_empty();
  EXPECT_EQ(DotProductScore{}.score(whole(1), t, 0), 95);
  EXPECT_EQ(DotProductScore{}.score(whole(1), t, 1), 90);
}

// Three nodes for a 300-milli share: A has a GPU with 600 free (partly used), B is empty,
// C has one GPU fully used and 7 free.
TEST(Placement, GpuPackingBands) {
  NodeTable t({NodeShape{"A", 96000, 1 << 20, 8, "G2"}, NodeShape{"B", 96000, 1 << 20, 8, "G2"}, NodeShape{"C", 96000, 1 << 20, 8, "G2"}});
  t.bind(share(400), Placement{0, 1u << 3});
  t.bind(whole(1), Placement{2, 1u << 0});
  const GpuPackingScore s;
  EXPECT_EQ(s.score(share(300), t, 0), 94);  // 100 - (600 x 100 / 1000) / 10
  EXPECT_EQ(s.score(share(300), t, 1), 25);  // empty node: max(33 - 8, 8)
  EXPECT_EQ(s.score(share(300), t, 2), 49);  // takes a free GPU of a used node: max(50 - 1, 33)
  EXPECT_EQ(s.score(whole(2), t, 2), 48);
  EXPECT_EQ(s.score(PodRequest{1000, 10, 0, 0, 0}, t, 0), 0);  // CPU-only
  GpuPacking p(s);
  const auto where = p.place(share(300), t);
  EXPECT_EQ(where->node, 0u);
  EXPECT_EQ(where->gpus, 1u << 3);  // the partly used GPU
}

// A holds a share pod (7,400 milli free), B is empty, C holds a 1-GPU pod (7,000 free).
// Fullness 25 (8000 - free) / 8000: A 1, B 0, C 3.
TEST(Placement, GpuClusteringBands) {
  NodeTable t({NodeShape{"A", 96000, 1 << 20, 8, "G2"}, NodeShape{"B", 96000, 1 << 20, 8, "G2"}, NodeShape{"C", 96000, 1 << 20, 8, "G2"}});
  t.bind(share(600), Placement{0, 1u << 0});
  t.bind(whole(1), Placement{2, 1u << 0});
  const GpuClusteringScore s;
  EXPECT_EQ(s.score(share(300), t, 0), 76);  // only its class
  EXPECT_EQ(s.score(share(300), t, 1), 25);  // no GPU pods
  EXPECT_EQ(s.score(share(300), t, 2), 3);   // only other classes
  EXPECT_EQ(s.score(whole(1), t, 2), 78);
  t.bind(share(100), Placement{2, 1u << 1});  // C now holds two classes
  EXPECT_EQ(s.score(whole(1), t, 2), 53);
  GpuClustering p(s);
  EXPECT_EQ(p.place(share(300), t)->node, 0u);
}

// Equal scores go to the smallest tie rank, not the smallest node number.
TEST(Placement, TiesGoToTheSmallestRank) {
  NodeTable t({NodeShape{"A", 96000, 1 << 20, 8, "G2"}, NodeShape{"B", 96000, 1 << 20, 8, "G2"}, NodeShape{"C", 96000, 1 << 20, 8, "G2"}});
  BestFit p(BestFitScore{0.5});
  EXPECT_EQ(p.place(whole(1), t)->node, 0u);
  t.set_tie_ranks({2, 0, 1});
  EXPECT_EQ(p.place(whole(1), t)->node, 1u);
}

// Typical pods {share 500: 1/2, one GPU: 1/2} on a node with GPUs free [1000, 300]:
// F = 1/2 x 300 + 1/2 x 300 = 300 (both can run; the 300 is below both requests).
// A 200 share on GPU 1 leaves [1000, 100]: F = 100, gain 200, score 100 sigmoid(0.2) = 54.98
// -> 54. On GPU 0 it leaves [800, 300]: the share pod still runs (fragment 300), the 1-GPU
// pod no longer can (fragment 1,100): F = 700, score 100 sigmoid(-0.4) -> 40. GPU 1 wins.
TEST(Placement, FgdByHand) {
  const std::vector<TypicalPod> typical = {TypicalPod{100, 1, 500, 0, 0.5}, TypicalPod{100, 1, 1000, 0, 0.5}};
  NodeTable t({NodeShape{"A", 96000, 1 << 20, 2, "G2"}});
  t.bind(share(700), Placement{0, 1u << 1});
  EXPECT_DOUBLE_EQ(node_fragmentation(typical, t, 0), 300.0);
  FgdScore s(typical);
  s.prepare(share(200), t);
  EXPECT_EQ(s.score(share(200), t, 0), 54);
  EXPECT_EQ(s.gpus(share(200), t, 0), 1u << 1);
  NodeState trial = NodeState::of(t, 0);
  trial.gpu_free[0] = 800;
  EXPECT_DOUBLE_EQ(node_fragmentation(typical, trial), 700.0);
  Fgd p(FgdScore{typical});
  EXPECT_EQ(p.place(share(200), t)->gpus, 1u << 1);
}

TEST(Fragmentation, CountsEverythingForPodsThatCannotRun) {
  // A CPU-only typical pod makes every idle GPU milli a fragment; so does a model mismatch,
  // and a lack of CPU.
  NodeTable t({NodeShape{"A", 2000, 1 << 20, 2, "G2"}});
  EXPECT_DOUBLE_EQ(node_fragmentation(std::vector<TypicalPod>{TypicalPod{1000, 0, 0, 0, 1.0}}, t, 0), 2000.0);
  EXPECT_DOUBLE_EQ(node_fragmentation(std::vector<TypicalPod>{TypicalPod{1000, 1, 500, ModelMask{1} << 1, 1.0}}, t, 0), 2000.0);
  EXPECT_DOUBLE_EQ(node_fragmentation(std::vector<TypicalPod>{TypicalPod{3000, 1, 500, 0, 1.0}}, t, 0), 2000.0);
  EXPECT_DOUBLE_EQ(node_fragmentation(std::vector<TypicalPod>{TypicalPod{1000, 1, 500, 0, 1.0}}, t, 0), 0.0);
}

TEST(Fragmentation, TypicalPodsCoverTheRequestedShare) {
  std::vector<PodRequest> workload;
  for (int i = 0; i < 6; ++i) workload.push_back(share(500));
  for (int i = 0; i < 3; ++i) workload.push_back(whole(1));
  workload.push_back(PodRequest{0, 10, 0, 0, 0});  // CPU-only, CPU 0 counts as 100
  auto all = typical_pods(workload, 0.95);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_DOUBLE_EQ(all[0].weight, 0.6);
  EXPECT_EQ(all[0].gpu_milli, 500u);
  EXPECT_DOUBLE_EQ(all[1].weight, 0.3);
  EXPECT_EQ(all[2].cpu_milli, 100);
  auto most = typical_pods(workload, 0.8);  // 6 < 8, 6 + 3 >= 8: two shapes, renormalised
  ASSERT_EQ(most.size(), 2u);
  EXPECT_DOUBLE_EQ(most[0].weight, 6.0 / 9.0);
}

TEST(Registry, NamesEveryBuiltInPolicy) {
  std::vector<std::string> names;
  for (const PlacementEntry* e : placement_policies()) names.push_back(e->name);
  for (const char* expected : {"best-fit", "dot-product", "fgd", "first-fit", "gpu-clustering", "gpu-packing", "random", "worst-fit"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
}

TEST(Registry, ClearErrors) {
  using dcsim::testing::message_of;
  EXPECT_NE(message_of([] { (void)make_placement("bestfit"); }).find("unknown placement policy 'bestfit'; expected one of: best-fit,"),
            std::string::npos);
  EXPECT_EQ(message_of([] { (void)make_placement("best-fit", PolicyParams{{"weight", 1}}); }),
            "placement best-fit: unknown parameter 'weight'; expected one of: cpu_weight, nodes_to_score");
  EXPECT_EQ(message_of([] { (void)make_placement("best-fit", PolicyParams{{"cpu_weight", 2}}); }),
            "placement best-fit: cpu_weight must be in [0, 1], got 2");
  EXPECT_EQ(message_of([] { (void)make_placement("first-fit", PolicyParams{{"x", 2}}); }),
            "placement first-fit: unknown parameter 'x'; expected none");
  EXPECT_NE(message_of([] { (void)make_placement("fgd"); }).find("needs the workload's pods"), std::string::npos);
}

// A user's own policy, registered by name, is made like the built-in ones.
TEST(Registry, TakesACustomPolicy) {
  struct LastFit final : PlacementPolicy {
    std::optional<Placement> place(const PodRequest& pod, const NodeTable& nodes) override {
      for (std::uint32_t n = nodes.size(); n-- > 0;) {
        if (nodes.fits(pod, n)) return Placement{n, nodes.default_gpus(pod, n)};
      }
      return std::nullopt;
    }
  };
  register_placement({"last-fit", "the highest-numbered node that fits", {}, [](const PolicyParams&, const PolicyContext&) {
                        return std::make_unique<LastFit>();
                      }});
  const NodeTable t = half_used_and_empty();
  EXPECT_EQ(make_placement("last-fit")->place(whole(1), t)->node, 1u);
  EXPECT_TRUE(unregister_placement("last-fit"));  // leave the registry as the other tests expect it
  EXPECT_EQ(find_placement("last-fit"), nullptr);
  EXPECT_FALSE(unregister_placement("last-fit"));
  EXPECT_NE(find_placement("best-fit"), nullptr);
}

// Every policy, on a random stream of pods arriving and leaving on a mixed cluster: each
// answer fits where it says, nothing is ever over-allocated, and when everything has left
// the cluster is empty again.
TEST(Placement, EveryPolicyKeepsTheClusterConsistent) {
  std::vector<NodeShape> shapes;
  for (int i = 0; i < 40; ++i) shapes.push_back(NodeShape{std::string("n").append(std::to_string(i)), 64000, 256 * 1024, i % 4 == 0 ? 2u : 8u, i % 3 ? "G2" : "T4"});
  RandomStream draw = RandomStream::derive(11, "pods");
  std::vector<PodRequest> pods;
  for (int i = 0; i < 3000; ++i) {
    const auto kind = draw.below(10);
    PodRequest p{static_cast<std::int64_t>(draw.below(16) + 1) * 1000, static_cast<std::int64_t>(draw.below(32) + 1) * 1024, 0, 0, 0};
    if (kind < 4) {
      p.gpus = 1;
      p.gpu_milli = static_cast<std::uint32_t>(draw.below(900) + 50);
    } else if (kind < 8) {
      p.gpus = kind == 7 ? 1u << draw.below(4) : 1;
      p.gpu_milli = kMilliPerGpu;
    }
    if (kind == 5) p.models = ModelMask{1} << draw.below(2);
    pods.push_back(p);
  }
  for (const PlacementEntry* entry : placement_policies()) {
    NodeTable t(shapes);
    auto policy = make_placement(entry->name, {}, PolicyContext{5, pods});
    struct Bound {
      PodRequest pod;
      Placement where;
    };
    std::vector<Bound> running;
    std::int64_t held = 0;
    RandomStream leave = RandomStream::derive(12, "leave");
    for (const PodRequest& pod : pods) {
      if (const auto where = policy->place(pod, t)) {
        ASSERT_TRUE(t.fits(pod, where->node)) << entry->name;
        const std::uint32_t used = static_cast<std::uint32_t>(std::popcount(where->gpus));
        ASSERT_EQ(used, pod.needs_gpu() ? pod.gpus : 0u) << entry->name;
        for (std::uint32_t g = 0; g < t.gpu_count(where->node); ++g) {
          if ((where->gpus >> g) & 1u) {
            ASSERT_GE(t.gpu_free(where->node, g), pod.gpu_milli) << entry->name;
          }
        }
        ASSERT_LT(where->gpus >> t.gpu_count(where->node), 1u) << entry->name;
        t.bind(pod, *where);
        held += pod.gpu_demand_milli();
        running.push_back({pod, *where});
      }
      while (!running.empty() && leave.below(3) == 0) {
        const std::size_t i = leave.below(running.size());
        t.unbind(running[i].pod, running[i].where);
        held -= running[i].pod.gpu_demand_milli();
        running[i] = running.back();
        running.pop_back();
      }
      ASSERT_EQ(t.gpu_allocated_milli(), held);
    }
    for (const Bound& b : running) t.unbind(b.pod, b.where);
    for (std::uint32_t n = 0; n < t.size(); ++n) {
      ASSERT_EQ(t.cpu_free(n), 64000) << entry->name;
      ASSERT_EQ(t.whole_free_gpus(n), t.gpu_count(n)) << entry->name;
    }
  }
}

TEST(Placement, RandomIsUniformOverFittingNodesAndSeeded) {
  NodeTable t({NodeShape{"A", 96000, 1 << 20, 8, "G2"}, NodeShape{"B", 96000, 1 << 20, 8, "G2"}, NodeShape{"C", 96000, 1 << 20, 1, "G2"}});
  auto a = make_placement("random", {}, PolicyContext{9});
  auto b = make_placement("random", {}, PolicyContext{9});
  std::map<std::uint32_t, int> counts;
  for (int i = 0; i < 3000; ++i) {
    const auto x = a->place(whole(2), t);  // C cannot hold 2 GPUs
    EXPECT_EQ(x->node, b->place(whole(2), t)->node);
    ++counts[x->node];
  }
  EXPECT_EQ(counts.count(2), 0u);
  EXPECT_NEAR(counts[0], 1500, 4 * std::sqrt(750.0));  // binomial(3000, 1/2): 4 sd
}

}  // namespace
}  // namespace dcsim::policy

namespace dcsim::policy {
namespace {

// The default gang placement takes the lowest-numbered nodes that fit the per-node share.
TEST(Placement, DefaultGangTakesTheLowestFittingNodes) {
  NodeTable t({NodeShape{"A", 96000, 1 << 20, 8, "G2"}, NodeShape{"B", 96000, 1 << 20, 8, "G2"}, NodeShape{"C", 96000, 1 << 20, 8, "G2"},
               NodeShape{"D", 96000, 1 << 20, 8, "G2"}});
  t.bind(PodRequest{1000, 10, 1, 1000, 0}, Placement{1, 1u});  // B is no longer whole
  FirstFit p;
  std::vector<std::uint32_t> chosen;
  ASSERT_TRUE(p.place_gang(GangRequest{2, PodRequest{0, 0, 8, 1000, 0}}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 2}));
  ASSERT_TRUE(p.place_gang(GangRequest{3, PodRequest{0, 0, 8, 1000, 0}}, t, chosen));
  EXPECT_EQ(chosen, (std::vector<std::uint32_t>{0, 2, 3}));
  EXPECT_FALSE(p.place_gang(GangRequest{4, PodRequest{0, 0, 8, 1000, 0}}, t, chosen));
}

}  // namespace
}  // namespace dcsim::policy

namespace dcsim::policy {
namespace {

// nodes_to_score = 2 on four equal empty nodes: each attempt scores two fitting nodes from
// where the last one stopped, so successive pods land on nodes 0, 2, 0, ... (best of {0,1},
// then of {2,3}, and so on) instead of always node 0; a sample as large as the table is the
// full scan.
TEST(Placement, NodesToScoreSamplesFromARotatingStart) {
  const std::vector<NodeShape> shapes(4, NodeShape{"n", 96000, 1 << 20, 8, "G2"});
  NodeTable t(shapes);
  WorstFit sampled(WorstFitScore{0.5}, 2);
  EXPECT_EQ(sampled.place(whole(1), t)->node, 0u);  // scores 0, 1
  EXPECT_EQ(sampled.place(whole(1), t)->node, 2u);  // scores 2, 3
  EXPECT_EQ(sampled.place(whole(1), t)->node, 0u);  // wraps
  WorstFit full(WorstFitScore{0.5}, 0);
  WorstFit whole_table(WorstFitScore{0.5}, 4);
  RandomStream draw = RandomStream::derive(4, "sample");
  NodeTable a(shapes), b(shapes);
  for (int i = 0; i < 200; ++i) {
    const PodRequest pod = share(static_cast<std::uint32_t>(draw.below(900) + 50));
    const auto x = full.place(pod, a);
    const auto y = whole_table.place(pod, b);
    ASSERT_EQ(x.has_value(), y.has_value());
    if (!x) continue;
    ASSERT_EQ(x->node, y->node);
    a.bind(pod, *x);
    b.bind(pod, *y);
  }
  EXPECT_NE(make_placement("fgd", PolicyParams{{"nodes_to_score", 100}}, PolicyContext{1, std::vector<PodRequest>{share(500)}}), nullptr);
  EXPECT_THROW((void)make_placement("best-fit", PolicyParams{{"nodes_to_score", 2.5}}), std::invalid_argument);
}

}  // namespace
}  // namespace dcsim::policy

#include "dcsim/policy/node_table.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "dcsim/core/random.hpp"

namespace dcsim::policy {
namespace {

NodeTable two_nodes() {
  return NodeTable({NodeShape{"a", 8000, 1000, 4, "G2"}, NodeShape{"b", 4000, 500, 2, "T4"}});
}

PodRequest share(std::uint32_t milli, std::int64_t cpu = 1000) { return PodRequest{cpu, 10, 1, milli, 0}; }
PodRequest whole(std::uint32_t gpus, std::int64_t cpu = 1000) { return PodRequest{cpu, 10, gpus, kMilliPerGpu, 0}; }

TEST(NodeTable, StartsEmptyWithItsShape) {
  const NodeTable t = two_nodes();
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.gpu_capacity_milli(), 6000);
  EXPECT_EQ(t.max_gpus_per_node(), 4u);
  EXPECT_EQ(t.max_cpu_per_node(), 8000);
  EXPECT_EQ(t.models(), (std::vector<std::string>{"G2", "T4"}));
  EXPECT_EQ(t.whole_free_gpus(0), 4u);
  EXPECT_EQ(t.gpu_free_total(1), 2000u);
  EXPECT_EQ(t.gpu_allocated_milli(), 0);
}

TEST(NodeTable, BindAndUnbindAShare) {
  NodeTable t = two_nodes();
  const PodRequest pod = share(500);
  const std::uint64_t before = t.version(0);
  t.bind(pod, Placement{0, 1u << 0});
  EXPECT_EQ(t.gpu_free(0, 0), 500u);
  EXPECT_EQ(t.whole_free_gpus(0), 3u);
  EXPECT_EQ(t.max_gpu_free(0), 1000u);
  EXPECT_EQ(t.gpu_free_total(0), 3500u);
  EXPECT_EQ(t.cpu_free(0), 7000);
  EXPECT_EQ(t.memory_free(0), 990);
  EXPECT_EQ(t.pods_of_class(0, 0), 1u);
  EXPECT_EQ(t.distinct_classes(0), 1u);
  EXPECT_EQ(t.gpu_allocated_milli(), 500);
  EXPECT_NE(t.version(0), before);
  t.unbind(pod, Placement{0, 1u << 0});
  EXPECT_EQ(t.gpu_free(0, 0), 1000u);
  EXPECT_EQ(t.whole_free_gpus(0), 4u);
  EXPECT_EQ(t.distinct_classes(0), 0u);
  EXPECT_EQ(t.gpu_allocated_milli(), 0);
}

TEST(NodeTable, FitChecksEveryResource) {
  NodeTable t = two_nodes();
  EXPECT_TRUE(t.fits(whole(4), 0));
  EXPECT_FALSE(t.fits(whole(3), 1));                        // 2 GPUs only
  EXPECT_FALSE(t.fits(whole(1, 9000), 0));                  // CPU
  EXPECT_FALSE(t.fits(PodRequest{1000, 2000, 0, 0, 0}, 0));  // memory
  t.bind(share(700), Placement{1, 1u << 0});
  t.bind(share(700), Placement{1, 1u << 1});
  EXPECT_FALSE(t.fits(share(400), 1));  // 300 left on each GPU
  EXPECT_TRUE(t.fits(share(300), 1));
  EXPECT_FALSE(t.fits(whole(1), 1));
}

TEST(NodeTable, GpuModelConstraint) {
  const NodeTable t = two_nodes();
  PodRequest pod = whole(1);
  pod.models = t.model_bit("T4");
  EXPECT_FALSE(t.fits(pod, 0));
  EXPECT_TRUE(t.fits(pod, 1));
  pod.models = t.model_bit("A100");  // no node has it: fits nowhere
  EXPECT_EQ(pod.models, kModelNotInTable);
  EXPECT_FALSE(t.fits(pod, 0));
  EXPECT_FALSE(t.fits(pod, 1));
  PodRequest cpu_only{1000, 10, 0, 0, t.model_bit("T4")};  // a model list means nothing without GPUs
  EXPECT_TRUE(t.fits(cpu_only, 0));
}

TEST(NodeTable, GpuChoiceInsideANode) {
  NodeTable t({NodeShape{"a", 8000, 1000, 4, "G2"}});
  t.bind(share(300), Placement{0, 1u << 1});  // GPU 1: 700 free
  t.bind(share(600), Placement{0, 1u << 2});  // GPU 2: 400 free
  EXPECT_EQ(t.best_fit_gpu(0, 400), 2u);       // least free that holds it
  EXPECT_EQ(t.best_fit_gpu(0, 500), 1u);
  EXPECT_EQ(t.lowest_free_gpus(0, 2), (1u << 0) | (1u << 3));
  EXPECT_EQ(t.default_gpus(whole(1), 0), 1u << 0);
}

TEST(NodeTable, RejectsNodesItCannotHold) {
  EXPECT_THROW(NodeTable({NodeShape{"big", 1000, 1000, 17, "X"}}), std::invalid_argument);
  EXPECT_THROW(NodeTable({NodeShape{"nameless", 1000, 1000, 2, ""}}), std::invalid_argument);
}

// Random binds and unbinds on 300 nodes: the candidates the indexes propose always include
// every node that fits (they may include more; fits() decides), and come in node order.
TEST(NodeTable, CandidatesAreASupersetOfFittingNodes) {
  std::vector<NodeShape> shapes;
  for (int i = 0; i < 300; ++i) shapes.push_back(NodeShape{std::string("n").append(std::to_string(i)), 32000, 100000, i % 3 == 0 ? 2u : 8u, i % 5 ? "G2" : "T4"});
  NodeTable t(shapes);
  RandomStream rng = RandomStream::derive(3, "candidates");
  struct Bound {
    PodRequest pod;
    Placement where;
  };
  std::vector<Bound> bound;
  for (int step = 0; step < 5000; ++step) {
    PodRequest pod = rng.below(2) ? share(static_cast<std::uint32_t>(rng.below(999) + 1), 500) : whole(static_cast<std::uint32_t>(rng.below(8) + 1), 500);
    if (rng.below(4) == 0) pod.models = t.model_bit("T4");
    std::vector<std::uint32_t> fitting, candidates;
    for (std::uint32_t n = 0; n < t.size(); ++n) {
      if (t.fits(pod, n)) fitting.push_back(n);
    }
    t.for_each_candidate(pod, [&](std::uint32_t n) { candidates.push_back(n); });
    ASSERT_TRUE(std::is_sorted(candidates.begin(), candidates.end()));
    for (std::uint32_t n : fitting) ASSERT_TRUE(std::binary_search(candidates.begin(), candidates.end(), n)) << "step " << step;
    EXPECT_EQ(t.first_fitting(pod), fitting.empty() ? kNoNode : fitting.front());
    if (!fitting.empty() && rng.below(3) != 0) {
      const std::uint32_t n = fitting[rng.below(fitting.size())];
      const Placement where{n, t.default_gpus(pod, n)};
      t.bind(pod, where);
      bound.push_back({pod, where});
    } else if (!bound.empty()) {
      const std::size_t i = rng.below(bound.size());
      t.unbind(bound[i].pod, bound[i].where);
      bound.erase(bound.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  for (const Bound& b : bound) t.unbind(b.pod, b.where);
  EXPECT_EQ(t.gpu_allocated_milli(), 0);
  for (std::uint32_t n = 0; n < t.size(); ++n) {
    ASSERT_EQ(t.gpu_free_total(n), t.gpu_count(n) * kMilliPerGpu);
    ASSERT_EQ(t.whole_free_gpus(n), t.gpu_count(n));
    ASSERT_EQ(t.cpu_free(n), 32000);
  }
}

}  // namespace
}  // namespace dcsim::policy

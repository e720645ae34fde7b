#include "dcsim/cluster/pod_packing.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "dcsim/cluster/fragmentation_study.hpp"
#include "dcsim/policy/placement/basic.hpp"

namespace dcsim::cluster {
namespace {

using policy::NodeShape;
using policy::NodeTable;
using policy::PodRequest;

const std::string kTraceDir = std::string(DCSIM_SOURCE_DIR) + "/scenarios/traces/alibaba-gpu-v2023/";

TEST(PodPacking, PlacesUntilFullAndSaysWhyOthersFailed) {
  NodeTable nodes({NodeShape{"a", 8000, 1024, 2, "G2"}});
  PodRequest t4_only{1000, 10, 1, 1000, nodes.model_bit("T4")};  // no T4 node
  const std::vector<PodRequest> pods = {
      {1000, 10, 1, 1000, 0},  // placed
      {1000, 10, 4, 1000, 0},  // 4 GPUs: larger than any node
      t4_only,
      {1000, 10, 1, 600, 0},  // placed on the second GPU
      {1000, 10, 1, 600, 0},  // 400 left: no room now
  };
  policy::FirstFit first_fit;
  const PackingOutcome out = pack_pods(nodes, pods, first_fit);
  EXPECT_EQ(out.pods, 5u);
  EXPECT_EQ(out.placed, 2u);
  EXPECT_EQ(out.failed[static_cast<int>(PodFailure::kLargerThanNodes)], 1u);
  EXPECT_EQ(out.failed[static_cast<int>(PodFailure::kNoAllowedGpu)], 1u);
  EXPECT_EQ(out.failed[static_cast<int>(PodFailure::kNoRoomNow)], 1u);
  EXPECT_EQ(out.placed + out.failed_total(), out.pods);  // every pod accounted for
  ASSERT_EQ(out.samples.size(), 5u);
  EXPECT_EQ(out.samples.back().arrived_milli, 1000 + 4000 + 1000 + 600 + 600);
  EXPECT_EQ(out.samples.back().allocated_milli, 1600);
}

TEST(PodPacking, TracksFragmentationIncrementally) {
  const std::vector<policy::TypicalPod> typical = {{100, 1, 500, 0, 1.0}};
  NodeTable nodes({NodeShape{"a", 8000, 1024, 2, "G2"}, NodeShape{"b", 8000, 1024, 2, "G2"}});
  const std::vector<PodRequest> pods = {{1000, 10, 1, 700, 0}, {1000, 10, 1, 700, 0}, {1000, 10, 1, 800, 0}};
  policy::FirstFit first_fit;
  const PackingOutcome out = pack_pods(nodes, pods, first_fit, typical);
  // After all three: node a [300, 300], node b [200, 1000]; 300 + 300 + 200 are below 500.
  EXPECT_DOUBLE_EQ(out.samples.back().fragmentation_milli, 800.0);
  EXPECT_DOUBLE_EQ(out.samples.back().fragmentation_milli, policy::cluster_fragmentation(typical, nodes));
}

// Arrived 5 / 1000 = 0.5 % rounds to 0 (half to even), 15 -> 1.5 % -> 2, 25 -> 2.5 % -> 2,
// 40 -> 4; nothing rounds to 1 or 3, so each averages the samples of its neighbours.
TEST(PodPacking, CurveByArrivedRoundsHalfToEven) {
  const std::vector<PackingSample> samples = {{5, 5, 0}, {15, 10, 0}, {25, 20, 0}, {40, 30, 0}};
  const ArrivedCurve c = curve_by_arrived(samples, 1000);
  ASSERT_EQ(c.unallocated_pct.size(), 5u);
  EXPECT_DOUBLE_EQ(c.unallocated_pct[0], 99.5);
  EXPECT_DOUBLE_EQ(c.unallocated_pct[1], 100 - (0.5 + 1.0 + 2.0) / 3);  // nothing rounds to 1: the samples at 0..2
  EXPECT_DOUBLE_EQ(c.unallocated_pct[2], 100 - (1.0 + 2.0) / 2);
  EXPECT_DOUBLE_EQ(c.unallocated_pct[3], 100 - (1.0 + 2.0 + 3.0) / 3);
  EXPECT_DOUBLE_EQ(c.unallocated_pct[4], 97.0);
}

TEST(PodPacking, ArrivalOrderIsASeededShuffleThenTuned) {
  std::vector<PodRequest> pods;
  for (std::uint32_t i = 0; i < 100; ++i) pods.push_back(PodRequest{i, 10, 1, 100 + 8 * i, 0});
  const std::int64_t demand = std::accumulate(pods.begin(), pods.end(), std::int64_t{0}, [](auto s, const PodRequest& p) { return s + p.gpu_demand_milli(); });
  const auto shuffled = fgd_arrival_order(pods, 10'000, 0, 1);
  EXPECT_EQ(shuffled.size(), pods.size());
  EXPECT_TRUE(std::is_permutation(shuffled.begin(), shuffled.end(), pods.begin()));
  EXPECT_NE(shuffled, pods);
  EXPECT_EQ(shuffled, fgd_arrival_order(pods, 10'000, 0, 1));
  EXPECT_NE(shuffled, fgd_arrival_order(pods, 10'000, 0, 2));
  // Up: demand is 49,600 milli; tune to 1.3 x 50,000 = 65,000.
  const auto up = fgd_arrival_order(pods, 50'000, 1.3, 1);
  const std::int64_t up_total = std::accumulate(up.begin(), up.end(), std::int64_t{0}, [](auto s, const PodRequest& p) { return s + p.gpu_demand_milli(); });
  EXPECT_GT(up.size(), pods.size());
  EXPECT_LE(up_total, 65'000);
  EXPECT_GT(up_total, 65'000 - 892);  // the next draw (at most 892 milli) would have passed it
  EXPECT_TRUE(std::equal(shuffled.begin(), shuffled.end(), up.begin()));  // appended after the shuffle
  // Down: to 1.3 x 20,000 = 26,000.
  const auto down = fgd_arrival_order(pods, 20'000, 1.3, 1);
  const std::int64_t down_total = std::accumulate(down.begin(), down.end(), std::int64_t{0}, [](auto s, const PodRequest& p) { return s + p.gpu_demand_milli(); });
  EXPECT_LE(down_total, 26'000);
  EXPECT_GT(down_total, 26'000 - 892);
  EXPECT_LT(demand, 65'000);
}

TEST(PodPacking, TieRanksArePerSeedPermutations) {
  const auto a = fgd_tie_ranks(50, 42);
  auto sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (std::uint32_t i = 0; i < 50; ++i) EXPECT_EQ(sorted[i], i);
  EXPECT_EQ(a, fgd_tie_ranks(50, 42));
  EXPECT_NE(a, fgd_tie_ranks(50, 43));
}

// The facts FGD-SETUP.md states for the default trace.
TEST(PodPacking, ReadsTheOpenbTraceAsPublished) {
  const PodTrace trace = read_pod_trace(kTraceDir + "openb_node_list_gpu_node.csv", kTraceDir + "openb_pod_list_default.csv");
  const NodeTable nodes(trace.nodes);
  EXPECT_EQ(nodes.size(), 1213u);
  EXPECT_EQ(nodes.gpu_capacity_milli(), 6'212'000);
  EXPECT_EQ(trace.pods.size(), 8152u);
  EXPECT_EQ(trace.gpu_demand_milli, 6'086'800);  // 98.0 % of capacity
  std::size_t cpu_only = 0, sharing = 0, one = 0, multi = 0;
  for (const PodRequest& p : trace.pods) {
    if (!p.needs_gpu()) {
      ++cpu_only;
    } else if (p.shares_gpu()) {
      ++sharing;
    } else if (p.gpus == 1) {
      ++one;
    } else {
      ++multi;
    }
  }
  EXPECT_EQ(cpu_only, 1088u);
  EXPECT_EQ(sharing, 3078u);
  EXPECT_EQ(one, 3911u);
  EXPECT_EQ(multi, 75u);
}

}  // namespace
}  // namespace dcsim::cluster

namespace dcsim::cluster {
namespace {

// Each reason a pod can never run, on a two-node table: node a (2 T4-like GPUs, FP16 only,
// 8 GiB) in a rack whose 1 kW budget leaves 400 W above idle; node b (4 G2 GPUs, 64 GiB).
TEST(PodPacking, EveryRejectionReason) {
  std::vector<NodeShape> shapes = {NodeShape{"a", 8000, 8192, 2, "T4"}, NodeShape{"b", 16000, 65536, 4, "G2"}};
  shapes[0].rack = 0;
  shapes[1].rack = 1;
  shapes[0].idle_w = 600;
  shapes[0].gpu_busy_w = 300;
  NodeTable nodes(shapes);
  nodes.set_rack_power({policy::RackPower{1000, 0}, policy::RackPower{0, 0}});
  policy::ModelPerformance t4;
  t4.throughput[static_cast<std::size_t>(Precision::kFp16)] = 0.3;
  nodes.set_model_performance("T4", t4);
  const policy::ModelMask t4_only = nodes.model_bit("T4");
  PodRequest fp8{1000, 10, 1, 1000, t4_only};
  fp8.precision = Precision::kFp8;
  EXPECT_EQ(classify_failure(PodRequest{1000, 10, 1, 1000, nodes.model_bit("A100")}, nodes), PodFailure::kNoAllowedGpu);
  EXPECT_EQ(classify_failure(fp8, nodes), PodFailure::kNoPrecision);
  EXPECT_EQ(classify_failure(PodRequest{1000, 10, 8, 1000, 0}, nodes), PodFailure::kLargerThanNodes);
  EXPECT_EQ(classify_failure(PodRequest{1000, 100'000, 1, 1000, 0}, nodes), PodFailure::kNotEnoughMemory);
  EXPECT_EQ(classify_failure(PodRequest{1000, 10, 2, 1000, t4_only}, nodes), PodFailure::kRackPower);  // 600 W > 400 W left
  EXPECT_EQ(classify_failure(PodRequest{1000, 10, 1, 1000, t4_only}, nodes), PodFailure::kNoRoomNow);   // 300 W fits
}

}  // namespace
}  // namespace dcsim::cluster

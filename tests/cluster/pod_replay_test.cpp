// The timed pod replay: small runs worked out by hand, invariants on a random workload
// (capacity, conservation, no pending pod that fits, determinism), and the openb trace.
#include "dcsim/cluster/pod_replay.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "dcsim/cluster/fragmentation_study.hpp"
#include "dcsim/core/random.hpp"
#include "dcsim/policy/placement/basic.hpp"
#include "../test_support.hpp"

namespace dcsim::cluster {
namespace {

using policy::kMilliPerGpu;
using policy::NodeShape;
using policy::PodRequest;

const std::string kTraceDir = std::string(DCSIM_SOURCE_DIR) + "/scenarios/traces/alibaba-gpu-v2023/";

PodRequest gpus(std::uint32_t k) { return PodRequest{1000, 10, k, kMilliPerGpu, 0}; }
PodRequest share(std::uint32_t milli) { return PodRequest{1000, 10, 1, milli, 0}; }

const std::vector<NodeShape> kTwoByTwo = {NodeShape{"a", 8000, 1024, 2, "G2"}, NodeShape{"b", 8000, 1024, 2, "G2"}};

PodReplayOptions seconds(std::vector<policy::TypicalPod> typical = {}) {
  PodReplayOptions o;
  o.time = TimeScale{1.0};
  o.measure_fragmentation = !typical.empty();
  o.typical = std::move(typical);
  return o;
}

// 2 nodes x 2 GPUs, first fit, 1-second ticks:
//   A  t=0   2 GPUs, leaves at 10             -> node a until 10
//   B  t=1   1 GPU, leaves at 6               -> node b, GPU 0
//   C  t=2   2 GPUs, runs 3 s (trace: 2..5)   -> waits; starts at 6 when B leaves, leaves at 9
//   D  t=3   4 GPUs                           -> larger than any node: rejected
//   E  t=4   1 GPU, T4 only                   -> no node has a T4: rejected
//   F  t=9   a 500-milli share, stays         -> at 9 C leaves first, so F starts at once on b
// Allocated milli: [0,1) 2000, [1,6) 3000, [6,9) 4000, [9,10) 2500 -> 31500 milli-s over
// 10 s of 4000 milli = 78.75 %. C waits 4 s, during which 1000 of 4000 milli are idle.
// Fragmentation against one typical 600-milli pod: only [9,10), where b has [500, 1000] free
// and its 500 cannot hold the pod: 500 milli-s / 10 s / 4000 = 1.25 %.
std::vector<TimedPod> hand_pods() {
  return {
      TimedPod{gpus(2), 0, 10},
      TimedPod{gpus(1), 1, 6},
      TimedPod{gpus(2), 2, 5},
      TimedPod{gpus(4), 3, 4},
      TimedPod{PodRequest{1000, 10, 1, kMilliPerGpu, policy::kModelNotInTable}, 4, 8},
      TimedPod{share(500), 9, std::nullopt},
  };
}
const std::vector<policy::TypicalPod> kTypical600 = {{100, 1, 600, 0, 1.0}};

TEST(PodReplay, HandCheckedRunOnTwoNodes) {
  policy::FirstFit first_fit;
  const auto pods = hand_pods();
  const PodReplayResult r = replay_pods(kTwoByTwo, pods, first_fit, seconds(kTypical600));
  EXPECT_EQ(r.pods, 6u);
  EXPECT_EQ(r.arrived, 6u);
  EXPECT_EQ(r.placed_at_once, 3u);     // A, B, and F (C's departure at 9 goes first)
  EXPECT_EQ(r.placed_after_wait, 1u);  // C
  EXPECT_EQ(r.rejected[static_cast<int>(PodFailure::kLargerThanNodes)], 1u);
  EXPECT_EQ(r.rejected[static_cast<int>(PodFailure::kNoAllowedGpu)], 1u);
  EXPECT_EQ(r.rejected[static_cast<int>(PodFailure::kNoRoomNow)], 0u);
  EXPECT_EQ(r.finished, 3u);  // B at 6, C at 9 (not 5: it started late), A at 10
  EXPECT_EQ(r.running_at_end, 1u);
  EXPECT_EQ(r.pending_at_end, 0u);
  EXPECT_TRUE(r.conserved());
  EXPECT_DOUBLE_EQ(r.mean_wait_s, 4.0);
  EXPECT_DOUBLE_EQ(r.max_wait_s, 4.0);
  EXPECT_DOUBLE_EQ(r.start_s, 0.0);
  EXPECT_DOUBLE_EQ(r.end_s, 10.0);
  EXPECT_DOUBLE_EQ(r.allocated_pct_mean, 78.75);
  EXPECT_DOUBLE_EQ(r.unallocated_pct_mean, 21.25);
  EXPECT_DOUBLE_EQ(r.allocated_pct_peak, 100.0);
  EXPECT_DOUBLE_EQ(r.fragmentation_pct_mean, 1.25);
  EXPECT_DOUBLE_EQ(r.pending_time_pct, 40.0);
  EXPECT_DOUBLE_EQ(r.unallocated_pct_while_pending, 25.0);
  // 6 distinct arrival seconds (arrival + admit each) and 3 departures.
  EXPECT_EQ(r.events, 15u);
  // 6 arrivals, and a retry call for C at 6 only: at 9 and 10 nothing is pending.
  EXPECT_EQ(r.placement_calls, 7u);
  EXPECT_EQ(r.retry_checks, 1u);
}

// The same pods cut at 7 s: F never arrives; over [0, 7) 21000 milli-s / 7 s / 4000 = 75 %.
TEST(PodReplay, UntilCutsTheRunAndItsMeasures) {
  policy::FirstFit first_fit;
  const auto pods = hand_pods();
  PodReplayOptions o = seconds();
  o.until_s = 7.0;
  const PodReplayResult r = replay_pods(kTwoByTwo, pods, first_fit, o);
  EXPECT_EQ(r.arrived, 5u);
  EXPECT_EQ(r.finished, 1u);
  EXPECT_EQ(r.running_at_end, 2u);  // A and C
  EXPECT_EQ(r.pending_at_end, 0u);
  EXPECT_EQ(r.rejected_total(), 2u);
  EXPECT_TRUE(r.conserved());
  EXPECT_DOUBLE_EQ(r.end_s, 7.0);
  EXPECT_DOUBLE_EQ(r.allocated_pct_mean, 75.0);
  EXPECT_DOUBLE_EQ(r.pending_time_pct, 400.0 / 7.0);
  EXPECT_DOUBLE_EQ(r.fragmentation_pct_mean, 0.0);  // not measured
}

// The measures are time averages over [first arrival, end]: shifting every time of the trace
// by one day moves the window and changes none of the means (nor waits, counts, events).
// A mean divided by the end time instead of the window's length would give 78.75 % * 10 /
// 86410 here.
TEST(PodReplay, ShiftingEveryTimeByADayChangesNoMean) {
  policy::FirstFit first_fit;
  const auto pods = hand_pods();
  std::vector<TimedPod> later = pods;
  constexpr double kDay = 86400.0;
  for (TimedPod& p : later) {
    p.arrival_s += kDay;
    if (p.departure_s) *p.departure_s += kDay;
  }
  const PodReplayResult r = replay_pods(kTwoByTwo, pods, first_fit, seconds(kTypical600));
  const PodReplayResult s = replay_pods(kTwoByTwo, later, first_fit, seconds(kTypical600));
  EXPECT_DOUBLE_EQ(s.start_s, kDay);
  EXPECT_DOUBLE_EQ(s.end_s, kDay + 10.0);
  EXPECT_DOUBLE_EQ(s.allocated_pct_mean, 78.75);  // the hand-checked values of the unshifted run
  EXPECT_DOUBLE_EQ(s.unallocated_pct_mean, 21.25);
  EXPECT_DOUBLE_EQ(s.fragmentation_pct_mean, 1.25);
  EXPECT_DOUBLE_EQ(s.pending_time_pct, 40.0);
  EXPECT_DOUBLE_EQ(s.unallocated_pct_while_pending, 25.0);
  EXPECT_DOUBLE_EQ(s.mean_wait_s, r.mean_wait_s);
  EXPECT_DOUBLE_EQ(s.max_wait_s, r.max_wait_s);
  EXPECT_DOUBLE_EQ(s.allocated_pct_peak, r.allocated_pct_peak);
  EXPECT_EQ(s.placed_at_once, r.placed_at_once);
  EXPECT_EQ(s.placed_after_wait, r.placed_after_wait);
  EXPECT_EQ(s.finished, r.finished);
  EXPECT_EQ(s.events, r.events);
  // cut at `until`, shifted too: [day, day + 7) holds the 75 % of UntilCutsTheRunAndItsMeasures
  PodReplayOptions o = seconds();
  o.until_s = kDay + 7.0;
  EXPECT_DOUBLE_EQ(replay_pods(kTwoByTwo, later, first_fit, o).allocated_pct_mean, 75.0);
}

// Pending pods start in arrival order when room comes: B (2 GPUs) before C and D (1 GPU
// each) although they are smaller; they start together when B leaves.
TEST(PodReplay, RetriesPendingPodsInArrivalOrder) {
  const std::vector<NodeShape> one = {NodeShape{"a", 8000, 1024, 2, "G2"}};
  const std::vector<TimedPod> pods = {
      TimedPod{gpus(2), 0, 10},
      TimedPod{gpus(2), 1, 6},  // runs 5 s: 10..15
      TimedPod{gpus(1), 2, 7},  // runs 5 s: 15..20
      TimedPod{gpus(1), 3, 4},  // runs 1 s: 15..16
  };
  policy::FirstFit first_fit;
  const PodReplayResult r = replay_pods(one, pods, first_fit, seconds());
  EXPECT_EQ(r.placed_at_once, 1u);
  EXPECT_EQ(r.placed_after_wait, 3u);
  EXPECT_EQ(r.finished, 4u);
  EXPECT_TRUE(r.conserved());
  EXPECT_DOUBLE_EQ(r.mean_wait_s, (9.0 + 13.0 + 12.0) / 3.0);
  EXPECT_DOUBLE_EQ(r.max_wait_s, 13.0);
  EXPECT_DOUBLE_EQ(r.end_s, 20.0);
  // [0,15) full, [15,16) full, [16,20) half: 36000 of 40000 milli-s.
  EXPECT_DOUBLE_EQ(r.allocated_pct_mean, 90.0);
}

// A pod that does not fit blocks no one: C passes the pending B and starts at once.
TEST(PodReplay, APendingPodDoesNotBlockLaterOnesThatFit) {
  const std::vector<NodeShape> one = {NodeShape{"a", 8000, 1024, 2, "G2"}};
  const std::vector<TimedPod> pods = {
      TimedPod{gpus(1), 0, 10},
      TimedPod{gpus(2), 1, 2},  // waits until A leaves at 10
      TimedPod{gpus(1), 2, 3},  // the second GPU, 2..3
  };
  policy::FirstFit first_fit;
  const PodReplayResult r = replay_pods(one, pods, first_fit, seconds());
  EXPECT_EQ(r.placed_at_once, 2u);
  EXPECT_EQ(r.placed_after_wait, 1u);
  EXPECT_DOUBLE_EQ(r.max_wait_s, 9.0);
  EXPECT_DOUBLE_EQ(r.end_s, 11.0);
  EXPECT_TRUE(r.conserved());
}

// A pod that stays keeps the node; the one waiting for it is still pending when the events
// run out (the run ends at its arrival), or at `until`.
TEST(PodReplay, PodsWithoutDeparturesStayAndWaitersStayPending) {
  const std::vector<NodeShape> one = {NodeShape{"a", 8000, 1024, 2, "G2"}};
  const std::vector<TimedPod> pods = {TimedPod{gpus(2), 0, std::nullopt}, TimedPod{gpus(1), 5, 8}};
  policy::FirstFit first_fit;
  const PodReplayResult r = replay_pods(one, pods, first_fit, seconds());
  EXPECT_EQ(r.running_at_end, 1u);
  EXPECT_EQ(r.pending_at_end, 1u);
  EXPECT_EQ(r.placed_after_wait, 0u);
  EXPECT_DOUBLE_EQ(r.end_s, 5.0);
  EXPECT_TRUE(r.conserved());
  PodReplayOptions o = seconds();
  o.until_s = 20.0;
  const PodReplayResult cut = replay_pods(one, pods, first_fit, o);
  EXPECT_DOUBLE_EQ(cut.end_s, 20.0);
  EXPECT_DOUBLE_EQ(cut.longest_pending_s, 15.0);
  EXPECT_DOUBLE_EQ(cut.pending_time_pct, 75.0);
  EXPECT_DOUBLE_EQ(cut.unallocated_pct_while_pending, 0.0);
  EXPECT_DOUBLE_EQ(cut.allocated_pct_mean, 100.0);
}

TEST(PodReplay, RejectsBadTimes) {
  policy::FirstFit first_fit;
  const std::vector<TimedPod> backwards = {TimedPod{gpus(1), 5, 4}};
  EXPECT_NE(testing::message_of([&] { (void)replay_pods(kTwoByTwo, backwards, first_fit); }).find("departs before it arrives"), std::string::npos);
  const std::vector<TimedPod> negative = {TimedPod{gpus(1), -1, 4}};
  EXPECT_NE(testing::message_of([&] { (void)replay_pods(kTwoByTwo, negative, first_fit); }).find("finite time >= 0"), std::string::npos);
  const PodReplayResult none = replay_pods(kTwoByTwo, {}, first_fit);
  EXPECT_EQ(none.arrived, 0u);
  EXPECT_EQ(none.events, 0u);
}

// ---- a random workload -----------------------------------------------------------------

// Six nodes (two models, one CPU-only node) and pods of every kind: CPU-only, shares, whole
// and multi-GPU, pods only a T4 can take, pods that fit nowhere, ties in arrival time, run
// times of 0 and pods that never leave. Offered load is above capacity, so many wait.
std::vector<NodeShape> random_nodes() {
  return {NodeShape{"g0", 16000, 65536, 4, "G2"}, NodeShape{"g1", 16000, 65536, 4, "G2"}, NodeShape{"g2", 16000, 65536, 4, "G2"},
          NodeShape{"t0", 8000, 32768, 2, "T4"},  NodeShape{"t1", 8000, 32768, 2, "T4"},  NodeShape{"c0", 32000, 131072, 0, ""}};
}

std::vector<TimedPod> random_pods(std::uint64_t seed, std::size_t count) {
  RandomStream rng = RandomStream::derive(seed, "test/pod-replay");
  const policy::NodeTable table(random_nodes());
  std::vector<TimedPod> pods;
  double t = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (rng.below(10) >= 3) t += static_cast<double>(1 + rng.below(20));  // 30 %: same second as the last
    PodRequest p{static_cast<std::int64_t>(500 + rng.below(7500)), static_cast<std::int64_t>(1000 + rng.below(15000)), 0, 0, 0};
    const std::uint64_t kind = rng.below(100);
    if (kind < 15) {
      // CPU only
    } else if (kind < 50) {
      p.gpus = 1;
      p.gpu_milli = static_cast<std::uint32_t>(1 + rng.below(999));
    } else if (kind < 80) {
      p.gpus = 1;
      p.gpu_milli = kMilliPerGpu;
    } else if (kind < 95) {
      p.gpus = rng.below(2) ? 2 : 4;
      p.gpu_milli = kMilliPerGpu;
    } else {
      p.gpus = 8;  // larger than any node
      p.gpu_milli = kMilliPerGpu;
    }
    const std::uint64_t model = rng.below(100);
    if (p.needs_gpu() && model < 10) p.models = table.model_bit("T4");
    if (p.needs_gpu() && model >= 97) p.models = policy::kModelNotInTable;
    if (rng.below(100) == 0) p.cpu_milli = 40000;  // more CPU than any node
    std::optional<double> departure;
    const std::uint64_t life = rng.below(100);
    if (life < 5) {
      departure = t;  // runs for 0 s
    } else if (life >= 8) {
      departure = t + static_cast<double>(1 + rng.below(300));
    }  // else: stays
    pods.push_back(TimedPod{p, t, departure});
  }
  return pods;
}

// Runs the replay and checks the cluster after every event.
struct CheckedReplay {
  PodReplay& replay;
  std::uint64_t events = 0;
  std::uint64_t violations = 0;
  std::uint64_t max_pending = 0;

  template <class Sim>
  void start(Sim& sim) {
    replay.start(sim);
  }
  template <class Sim>
  void handle(const Event& e, Sim& sim) {
    replay.handle(e, sim);
    ++events;
    const policy::NodeTable& nodes = replay.nodes();
    std::int64_t free_gpu = 0;
    for (std::uint32_t n = 0; n < nodes.size(); ++n) {
      if (nodes.cpu_free(n) < 0 || nodes.memory_free(n) < 0) ++violations;
      for (std::uint32_t g = 0; g < nodes.gpu_count(n); ++g) {
        if (nodes.gpu_free(n, g) > kMilliPerGpu) ++violations;  // a GPU given more than it has wraps around
        free_gpu += nodes.gpu_free(n, g);
      }
    }
    if (nodes.gpu_allocated_milli() != nodes.gpu_capacity_milli() - free_gpu || nodes.gpu_allocated_milli() > nodes.gpu_capacity_milli()) {
      ++violations;
    }
    // The invariant the retry relies on: no pending pod fits anywhere after an event.
    for (const std::uint32_t i : replay.pending()) {
      if (nodes.first_fitting(replay.pod(i)) != policy::kNoNode) ++violations;
    }
    max_pending = std::max<std::uint64_t>(max_pending, replay.pending().size());
  }
};

TEST(PodReplay, RandomWorkloadKeepsCapacityConservationAndTheRetryInvariant) {
  const std::vector<NodeShape> nodes = random_nodes();
  const std::vector<TimedPod> pods = random_pods(7, 3000);
  std::vector<PodRequest> workload;
  for (const TimedPod& p : pods) workload.push_back(p.pod);
  for (const char* name : {"first-fit", "best-fit", "worst-fit", "random", "dot-product", "gpu-packing", "gpu-clustering", "fgd"}) {
    SCOPED_TRACE(name);
    const PodReplayOptions options;  // 1 us ticks
    auto policy = policy::make_placement(name, {}, policy::PolicyContext{3, workload});
    PodReplay replay(nodes, pods, *policy, options);
    CheckedReplay checked{replay};
    Engine<CheckedReplay> engine(checked);
    checked.start(engine);
    engine.run();
    const PodReplayResult r = replay.result(engine.now(), engine.events_executed());
    EXPECT_EQ(checked.violations, 0u);
    EXPECT_EQ(r.arrived, pods.size());
    EXPECT_TRUE(r.conserved()) << r.arrived << " = " << r.finished << " + " << r.running_at_end << " + " << r.pending_at_end << " + "
                               << r.rejected_total();
    EXPECT_GT(r.placed_after_wait, 100u);  // the load is meant to make pods wait
    EXPECT_GT(checked.max_pending, 5u);
    EXPECT_GT(r.rejected[static_cast<int>(PodFailure::kLargerThanNodes)], 0u);
    EXPECT_GT(r.rejected[static_cast<int>(PodFailure::kNoAllowedGpu)], 0u);
    EXPECT_GT(r.allocated_pct_mean, 50.0);
    EXPECT_LE(r.allocated_pct_peak, 100.0);
    EXPECT_GE(r.fragmentation_pct_mean, 0.0);
    EXPECT_LE(r.fragmentation_pct_mean, r.unallocated_pct_mean + 1e-3);  // a fragment is idle GPU (node values rounded to micro-GPU)
    EXPECT_GT(r.max_wait_s, 0.0);
    EXPECT_LE(r.mean_wait_s, r.max_wait_s);

    // The same run through replay_pods, with a fresh policy of the same seed: identical.
    auto again = policy::make_placement(name, {}, policy::PolicyContext{3, workload});
    EXPECT_EQ(replay_pods(nodes, pods, *again, options), r);
  }
}

TEST(PodReplay, SameInputsGiveIdenticalResults) {
  const std::vector<NodeShape> nodes = random_nodes();
  const std::vector<TimedPod> pods = random_pods(11, 2000);
  std::vector<PodRequest> workload;
  for (const TimedPod& p : pods) workload.push_back(p.pod);
  for (const char* name : {"random", "fgd"}) {
    auto one = policy::make_placement(name, {}, policy::PolicyContext{5, workload});
    auto two = policy::make_placement(name, {}, policy::PolicyContext{5, workload});
    const PodReplayResult a = replay_pods(nodes, pods, *one);
    const PodReplayResult b = replay_pods(nodes, pods, *two);
    EXPECT_EQ(a, b) << name;
    EXPECT_GT(a.placed_after_wait, 0u) << name;
  }
  // The tick length changes nothing when every time is a whole second.
  policy::FirstFit f1, f2;
  PodReplayOptions coarse;
  coarse.time = TimeScale{1.0};
  const PodReplayResult fine = replay_pods(nodes, pods, f1);
  const PodReplayResult seconds_ticks = replay_pods(nodes, pods, f2, coarse);
  EXPECT_EQ(fine.placed_after_wait, seconds_ticks.placed_after_wait);
  EXPECT_DOUBLE_EQ(fine.mean_wait_s, seconds_ticks.mean_wait_s);
  EXPECT_NEAR(fine.allocated_pct_mean, seconds_ticks.allocated_pct_mean, 1e-9);
}

// ---- the openb default trace --------------------------------------------------------------

TEST(PodReplay, ReadsTheOpenbTraceWithItsTimes) {
  const TimedPodTrace trace = read_timed_pod_trace(kTraceDir + "openb_node_list_gpu_node.csv", kTraceDir + "openb_pod_list_default.csv");
  EXPECT_EQ(trace.nodes.size(), 1213u);
  ASSERT_EQ(trace.pods.size(), 8152u);
  // openb-pod-0000,12000,16384,1,1000,,LS,Running,0,12537496,0
  EXPECT_EQ(trace.pods[0].pod, (PodRequest{12000, 16384, 1, 1000, 0}));
  EXPECT_DOUBLE_EQ(trace.pods[0].arrival_s, 0.0);
  ASSERT_TRUE(trace.pods[0].departure_s.has_value());
  EXPECT_DOUBLE_EQ(*trace.pods[0].departure_s, 12537496.0);
  std::size_t without_departure = 0;
  for (const TimedPod& p : trace.pods) without_departure += p.departure_s ? 0 : 1;
  EXPECT_EQ(without_departure, 0u);
  // The same requests as the timeless mode reads (there in name order, here in file order).
  const PodTrace timeless = read_pod_trace(kTraceDir + "openb_node_list_gpu_node.csv", kTraceDir + "openb_pod_list_default.csv");
  auto a = trace.requests();
  auto b = timeless.pods;
  auto less = [](const PodRequest& x, const PodRequest& y) {
    return std::tie(x.cpu_milli, x.memory_mib, x.gpus, x.gpu_milli, x.models) < std::tie(y.cpu_milli, y.memory_mib, y.gpus, y.gpu_milli, y.models);
  };
  std::sort(a.begin(), a.end(), less);
  std::sort(b.begin(), b.end(), less);
  EXPECT_EQ(a, b);
}

TEST(PodReplay, DefaultTraceWithFirstFitBestFitAndFgd) {
  const TimedPodTrace trace = read_timed_pod_trace(kTraceDir + "openb_node_list_gpu_node.csv", kTraceDir + "openb_pod_list_default.csv");
  const std::vector<PodRequest> workload = trace.requests();
  for (const char* name : {"first-fit", "best-fit", "fgd"}) {
    SCOPED_TRACE(name);
    auto policy = policy::make_placement(name, {}, policy::PolicyContext{42, workload});
    const auto t0 = std::chrono::steady_clock::now();
    const PodReplayResult r = replay_pods(trace.nodes, trace.pods, *policy);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(r.arrived, 8152u);
    EXPECT_TRUE(r.conserved());
    EXPECT_EQ(r.running_at_end + r.pending_at_end, 0u);  // every pod of the trace has a deletion time
    EXPECT_GT(r.allocated_pct_mean, 0.0);
    EXPECT_LE(r.allocated_pct_mean, r.allocated_pct_peak);
    EXPECT_LE(r.allocated_pct_peak, 100.0);
    EXPECT_GE(r.fragmentation_pct_mean, 0.0);
    EXPECT_LE(r.fragmentation_pct_mean, r.unallocated_pct_mean + 1e-3);
    EXPECT_DOUBLE_EQ(r.end_s, 12902960.0);  // the last deletion
    // The pods are spread over 149 days: at most 65.59 GPUs are asked for at once, so nothing
    // waits and the allocation is the trace's own demand curve. A sweep over the CSV's
    // creation and deletion times (outside dcsim) gives a mean of 14.397 GPUs and a peak of
    // 65.59, of 6212.
    EXPECT_EQ(r.placed_after_wait, 0u);
    EXPECT_EQ(r.rejected_total(), 0u);
    EXPECT_NEAR(r.allocated_pct_mean, 0.2317583, 1e-6);
    EXPECT_NEAR(r.allocated_pct_peak, 1.0558596, 1e-6);
    char line[400];
    std::snprintf(line, sizeof line,
                  "allocated %.2f %% (peak %.2f %%), fragmentation %.2f %%, placed at once %llu, waited %llu (mean %.0f s, max %.0f s), "
                  "rejected %llu, pending %.2f %% of the time (unallocated then %.2f %%), policy calls %llu, retry checks %llu, %.3f s",
                  r.allocated_pct_mean, r.allocated_pct_peak, r.fragmentation_pct_mean, static_cast<unsigned long long>(r.placed_at_once),
                  static_cast<unsigned long long>(r.placed_after_wait), r.mean_wait_s, r.max_wait_s,
                  static_cast<unsigned long long>(r.rejected_total()), r.pending_time_pct, r.unallocated_pct_while_pending,
                  static_cast<unsigned long long>(r.placement_calls), static_cast<unsigned long long>(r.retry_checks), wall);
    RecordProperty(name, line);
    std::printf("[ pod-replay ] %s: %s\n", name, line);
  }
}

}  // namespace
}  // namespace dcsim::cluster

// Inference services scaled with demand: hand-checked scale-up, scale-down delay, priority
// on a short cluster, whole-replica packing, conservation of tokens, determinism, and a run
// on a slice of the Azure LLM inference 2023 trace.
#include "dcsim/cluster/inference_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "dcsim/core/engine.hpp"
#include "dcsim/core/random.hpp"
#include "../test_support.hpp"

namespace dcsim::cluster {
namespace {

namespace fs = std::filesystem;

std::string azure(const std::string& which) {
  return (fs::path(DCSIM_SOURCE_DIR) / "scenarios/traces/azure-llm-inference-2023" /
          fs::path("AzureLLMInferenceTrace_" + which + ".csv"))
      .string();
}

DemandCurve steps(std::vector<DemandStep> s, double end_s) {
  DemandCurve c;
  c.steps = std::move(s);
  c.end_s = end_s;
  return c;
}

// One service of 1-GPU replicas serving 100 tokens/s each, aimed at full use, so the
// recommendation is simply ceil(demand / 100). Evaluations every 10 s over a 10 s window,
// 30 s cold start, 60 s scale-down delay.
InferenceServiceConfig small_service(DemandCurve demand) {
  InferenceServiceConfig s;
  s.name = "chat";
  s.demand = std::move(demand);
  s.gpus_per_replica = 1;
  s.tokens_per_second_per_replica = 100;
  s.startup_s = 30;
  s.window_s = 10;
  s.target_utilization = 1.0;
  s.min_replicas = 1;
  s.initial_replicas = 1;
  s.scale_down_delay_s = 60;
  return s;
}

InferenceClusterConfig one_node(std::vector<InferenceServiceConfig> services) {
  InferenceClusterConfig c;
  c.nodes = 1;
  c.gpus_per_node = 8;
  c.interval_s = 10;
  c.services = std::move(services);
  return c;
}

// 50 tokens/s, a step to 350 at 100 s, back to 50 at 400 s, until 1000 s.
DemandCurve step_up_and_down() { return steps({{0, 50}, {100, 350}, {400, 50}}, 1000); }

// Runs the model and checks the cluster after every event: GPUs held never exceed it, every
// node's free count matches the replicas on it, ready <= held <= max.
struct Checked {
  InferenceCluster& model;
  std::uint32_t max_replicas = 0;
  std::uint64_t checks = 0;

  template <class Sim>
  void handle(const Event& e, Sim& sim) {
    model.handle(e, sim);
    check();
  }
  void check() {
    ++checks;
    ASSERT_LE(model.held_gpus(), model.total_gpus());
    const FreeCapacityIndex& free = model.free_capacity();
    std::vector<std::uint32_t> used(free.nodes(), 0);
    std::uint32_t held = 0;
    model.for_each_replica([&](std::uint32_t, std::uint32_t node, std::uint32_t gpus, bool) {
      used[node] += gpus;
      held += gpus;
    });
    ASSERT_EQ(held, model.held_gpus());
    for (std::uint32_t n = 0; n < free.nodes(); ++n) ASSERT_EQ(used[n] + free.free(n), free.max_capacity()) << "node " << n;
  }
};

InferenceClusterResult run_checked(const InferenceClusterConfig& c, std::uint64_t* checks = nullptr) {
  InferenceCluster model(c);
  Checked checked{model};
  Engine<Checked> engine(checked);
  model.start(engine);
  checked.check();
  engine.run();
  EXPECT_EQ(engine.now(), model.end_tick());
  if (checks) *checks = checked.checks;
  return model.result(engine.now(), engine.events_executed());
}

void expect_conserved(const InferenceServiceResult& r) {
  const double scale = std::max(1.0, r.demanded_tokens);
  EXPECT_NEAR(r.demanded_tokens, r.served_tokens + r.unserved_tokens, 1e-9 * scale) << r.name;
  EXPECT_LE(r.served_tokens, r.ready_capacity_tokens * (1 + 1e-12) + 1e-9) << r.name;
  EXPECT_LE(r.ready_capacity_tokens, r.held_capacity_tokens * (1 + 1e-12) + 1e-9) << r.name;
  EXPECT_GE(r.unserved_tokens, 0.0);
  EXPECT_LE(r.utilization(), 1.0 + 1e-12);
}

// ---------------------------------------------------------------------- demand curves

TEST(InferenceServiceDemand, CurveLevelsAndIntegral) {
  const DemandCurve c = step_up_and_down();
  EXPECT_EQ(c.tokens_per_s(-1), 0.0);
  EXPECT_EQ(c.tokens_per_s(0), 50.0);
  EXPECT_EQ(c.tokens_per_s(99.9), 50.0);
  EXPECT_EQ(c.tokens_per_s(100), 350.0);
  EXPECT_EQ(c.tokens_per_s(999), 50.0);
  EXPECT_EQ(c.tokens_per_s(1000), 0.0);
  EXPECT_DOUBLE_EQ(c.tokens(0, 1000), 140'000.0);
  EXPECT_DOUBLE_EQ(c.tokens(90, 110), 500 + 3500.0);
  EXPECT_DOUBLE_EQ(c.scaled(2).tokens(0, 2000), 280'000.0);
  const DemandCurve s = DemandCurve::sample([](double t) { return t < 5 ? 1.0 : 3.0; }, 0, 10, 2.5);
  ASSERT_EQ(s.steps.size(), 4u);
  EXPECT_DOUBLE_EQ(s.tokens(0, 10), 2.5 * (1 + 1 + 3 + 3));
  EXPECT_DOUBLE_EQ(DemandCurve::constant(7, 10, 20).tokens(0, 100), 70.0);
}

TEST(InferenceServiceDemand, AzureCurveKeepsTheTraceTokens) {
  TokenDemandBuilder builder(10.0);
  AzureLlmReader reader(azure("conv"));
  LlmRequest r;
  while (reader.next(r)) builder.add(r);
  const TokenDemand d = builder.result();
  const DemandCurve out = demand_curve(d);
  const DemandCurve all = demand_curve(d, DemandTokens::kTotal);
  EXPECT_NEAR(out.tokens(0, out.end_s), static_cast<double>(d.output_tokens), 1e-6 * d.output_tokens);
  EXPECT_NEAR(all.tokens(0, all.end_s), static_cast<double>(d.output_tokens + d.prompt_tokens), 1e-6 * d.prompt_tokens);
  // The reading helper gives the same curve over a window of it.
  const DemandCurve head = read_azure_demand(azure("conv"), 10.0, DemandTokens::kOutput, 0, 600);
  ASSERT_EQ(head.steps.size(), 60u);
  for (std::size_t k = 0; k < head.steps.size(); ++k) EXPECT_DOUBLE_EQ(head.steps[k].tokens_per_s, out.steps[k].tokens_per_s);
}

// A step too fine for the trace's span is bad input naming the trace (exit 2), not an internal
// error: 10 s of requests at 1 us steps would need more intervals than are kept.
TEST(AzureDemand, TooManyStepsForTheTraceIsAConfigErrorNamingIt) {
  try {
    (void)read_azure_demand(azure("conv"), 1e-6, DemandTokens::kOutput, 0, std::numeric_limits<double>::infinity());
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].str(),
              azure("conv") + ": token demand: a request at 10.106379 s needs more than 10000000 intervals of 1e-06 s");
  }
}

// ------------------------------------------------------------------- hand-checked cases

TEST(InferenceService, StepUpIsServedAfterTheNextEvaluationPlusStartup) {
  const InferenceClusterConfig c = one_node({small_service(step_up_and_down())});
  InferenceCluster model(c);
  Engine<InferenceCluster> engine(model);
  model.start(engine);
  const TimeScale& ts = c.time;
  engine.run(ts.ticks(109));  // the step at 100 s is not seen before the evaluation at 110 s
  EXPECT_EQ(model.held_replicas(0), 1u);
  engine.run(ts.ticks(110));  // window [100, 110) asks 350 tokens/s: ceil(3.5) = 4 replicas
  EXPECT_EQ(model.held_replicas(0), 4u);
  EXPECT_EQ(model.ready_replicas(0), 1u);
  EXPECT_EQ(model.held_gpus(), 4u);
  engine.run(ts.ticks(139));  // still cold
  EXPECT_EQ(model.ready_replicas(0), 1u);
  engine.run(ts.ticks(140));  // 110 s + 30 s startup
  EXPECT_EQ(model.ready_replicas(0), 4u);
  engine.run();
  const InferenceClusterResult r = model.result(engine.now(), engine.events_executed());
  const InferenceServiceResult& s = r.services[0];
  // Demand 50 x 100 + 350 x 300 + 50 x 600; lost: (350 - 100) x 40 s while the three start.
  EXPECT_NEAR(s.demanded_tokens, 140'000, 1e-6);
  EXPECT_NEAR(s.unserved_tokens, 10'000, 1e-6);
  EXPECT_NEAR(s.served_tokens, 130'000, 1e-6);
  EXPECT_NEAR(s.below_demand_s, 40, 1e-9);
  EXPECT_NEAR(s.below_demand_fraction, 0.04, 1e-12);
  EXPECT_EQ(s.scale_ups, 1u);
  EXPECT_EQ(s.replicas_started, 3u);
  EXPECT_EQ(s.peak_replicas, 4u);
  EXPECT_EQ(r.evaluations, 99u);  // 10, 20, ..., 990 s
  EXPECT_DOUBLE_EQ(r.end_s, 1000.0);
}

TEST(InferenceService, DropScalesDownOnlyAfterTheDelay) {
  const InferenceClusterConfig c = one_node({small_service(step_up_and_down())});
  InferenceCluster model(c);
  Engine<InferenceCluster> engine(model);
  model.start(engine);
  const TimeScale& ts = c.time;
  // Demand falls at 400 s; the evaluations at 410..450 s recommend 1 but still see the 4 of
  // 400 s within the last 60 s; at 460 s every recommendation of (400, 460] is 1.
  engine.run(ts.ticks(459));
  EXPECT_EQ(model.held_replicas(0), 4u);
  engine.run(ts.ticks(460));
  EXPECT_EQ(model.held_replicas(0), 1u);
  EXPECT_EQ(model.ready_replicas(0), 1u);
  EXPECT_EQ(model.held_gpus(), 1u);
  engine.run();
  const InferenceClusterResult r = model.result(engine.now(), engine.events_executed());
  const InferenceServiceResult& s = r.services[0];
  // Held: 1 on [0, 110), 4 on [110, 460), 1 on [460, 1000) = 2050 replica-seconds.
  // Ready: 1 on [0, 140), 4 on [140, 460), 1 on [460, 1000) = 1960.
  EXPECT_NEAR(s.mean_replicas, 2.05, 1e-12);
  EXPECT_NEAR(s.mean_ready_replicas, 1.96, 1e-12);
  EXPECT_NEAR(s.gpu_hours, 2050.0 / 3600.0, 1e-12);
  EXPECT_NEAR(s.ready_capacity_tokens, 196'000, 1e-6);
  EXPECT_NEAR(s.held_capacity_tokens, 205'000, 1e-6);
  EXPECT_NEAR(s.utilization(), 130'000.0 / 196'000.0, 1e-12);
  EXPECT_NEAR(s.held_utilization(), 130'000.0 / 205'000.0, 1e-12);
  EXPECT_EQ(s.scale_downs, 1u);
  EXPECT_EQ(s.replicas_stopped, 3u);
  EXPECT_EQ(s.final_replicas, 1u);
  EXPECT_NEAR(r.allocated_pct_mean, 100.0 * 2.05 / 8, 1e-10);
  EXPECT_NEAR(r.allocated_pct_peak, 50.0, 1e-12);
  expect_conserved(s);
}

TEST(InferenceService, ADipShorterThanTheDelayKeepsTheReplicas) {
  // 350 tokens/s with a 30 s dip to 50 at 300 s: four replicas from 110 s to the end.
  InferenceClusterConfig c = one_node({small_service(steps({{0, 50}, {100, 350}, {300, 50}, {330, 350}}, 600))});
  c.record_timeline = true;
  const InferenceClusterResult r = run_checked(c);
  const InferenceServiceResult& s = r.services[0];
  EXPECT_EQ(s.scale_downs, 0u);
  EXPECT_EQ(s.final_replicas, 4u);
  // The timeline shows the dip recommended but not applied.
  bool saw_dip = false;
  for (const InferenceServiceSample& x : r.timeline) {
    if (x.time_s == 320) {
      saw_dip = true;
      EXPECT_EQ(x.recommended, 1u);
      EXPECT_EQ(x.desired, 4u);
      EXPECT_EQ(x.held, 4u);
      EXPECT_EQ(x.ready, 4u);
      EXPECT_DOUBLE_EQ(x.window_tokens_per_s, 50.0);
    }
  }
  EXPECT_TRUE(saw_dip);
  EXPECT_EQ(r.timeline.size(), r.evaluations);
  expect_conserved(s);
}

TEST(InferenceService, TickLengthDoesNotChangeTheHandCheckedRun) {
  InferenceClusterConfig c = one_node({small_service(step_up_and_down())});
  const InferenceClusterResult micro = run_checked(c);
  c.time = TimeScale(1e-3);
  const InferenceClusterResult milli = run_checked(c);
  const auto& a = micro.services[0];
  const auto& b = milli.services[0];
  EXPECT_NEAR(a.served_tokens, b.served_tokens, 1e-6);
  EXPECT_NEAR(a.mean_replicas, b.mean_replicas, 1e-12);
  EXPECT_EQ(a.replicas_started, b.replicas_started);
  EXPECT_NEAR(a.below_demand_s, b.below_demand_s, 1e-9);
}

TEST(InferenceService, ScaleToZeroLosesTheFirstRequestsToTheColdStart) {
  InferenceServiceConfig s = small_service(steps({{0, 0}, {100, 100}, {200, 0}}, 600));
  s.min_replicas = 0;
  s.initial_replicas = 0;
  const InferenceClusterResult r = run_checked(one_node({s}));
  const InferenceServiceResult& x = r.services[0];
  // Seen at 110 s, ready at 140 s: 40 s x 100 tokens/s lost. Down to zero at 260 s, when
  // every recommendation of the last 60 s, (200, 260], is 0.
  EXPECT_NEAR(x.unserved_tokens, 4000, 1e-6);
  EXPECT_NEAR(x.served_tokens, 6000, 1e-6);
  EXPECT_NEAR(x.mean_replicas * 600, 260 - 110, 1e-6);
  EXPECT_EQ(x.final_replicas, 0u);
  EXPECT_EQ(x.scale_ups, 1u);
  EXPECT_EQ(x.scale_downs, 1u);
  expect_conserved(x);
}

TEST(InferenceService, DefaultInitialReplicasFollowTheFirstWindow) {
  InferenceServiceConfig s = small_service(DemandCurve::constant(420, 0, 300));
  s.initial_replicas = std::nullopt;
  const InferenceClusterResult r = run_checked(one_node({s}));
  EXPECT_EQ(r.services[0].peak_replicas, 5u);  // ceil(420 / 100), ready from the start
  EXPECT_EQ(r.services[0].replicas_started, 0u);
  EXPECT_NEAR(r.services[0].served_fraction(), 1.0, 1e-12);
  EXPECT_NEAR(r.services[0].utilization(), 0.84, 1e-12);
  // After the demand ends at 300 s there is nothing left to simulate.
  EXPECT_DOUBLE_EQ(r.end_s, 300.0);
}

// ------------------------------------------------------------------ sharing a cluster

// A (priority 1) asks 300 tokens/s, B (priority 0) 400; replicas of 2 GPUs, 100 tokens/s:
// A wants 3 replicas (6 GPUs), B 4 (8): on 8 GPUs B gets the one replica left.
InferenceServiceConfig pair_service(const char* name, int priority, DemandCurve demand) {
  InferenceServiceConfig s = small_service(std::move(demand));
  s.name = name;
  s.priority = priority;
  s.gpus_per_replica = 2;
  s.initial_replicas = std::nullopt;
  return s;
}

TEST(InferenceService, CappedClusterLeavesTheLowerPriorityWhatIsLeft) {
  // B listed first: configuration order must not matter, priority does.
  const InferenceClusterConfig c = one_node({pair_service("batch-api", 0, DemandCurve::constant(400, 0, 600)),
                                             pair_service("chat", 1, DemandCurve::constant(300, 0, 600))});
  const InferenceClusterResult r = run_checked(c);
  const InferenceServiceResult& low = r.services[0];
  const InferenceServiceResult& high = r.services[1];
  EXPECT_EQ(high.final_replicas, 3u);
  EXPECT_EQ(low.final_replicas, 1u);
  EXPECT_EQ(low.peak_replicas, 1u);
  EXPECT_NEAR(high.served_fraction(), 1.0, 1e-12);
  EXPECT_NEAR(low.served_fraction(), 0.25, 1e-12);
  EXPECT_NEAR(low.below_demand_fraction, 1.0, 1e-12);
  EXPECT_EQ(low.capacity_limited_evaluations, r.evaluations + 1);  // the start too
  EXPECT_EQ(high.capacity_limited_evaluations, 0u);
  EXPECT_NEAR(r.allocated_pct_mean, 100.0, 1e-12);
  EXPECT_NEAR(r.total.below_demand_fraction, 1.0, 1e-12);
  EXPECT_EQ(r.total.peak_replicas, 4u);
  for (const auto& s : r.services) expect_conserved(s);
}

// A is idle until 100 s while B fills the cluster; when A's demand comes, it takes B's
// replicas back (with preemption) or waits (without).
InferenceClusterConfig late_high_priority(bool preemption) {
  InferenceServiceConfig high = pair_service("chat", 1, steps({{0, 0}, {100, 300}}, 600));
  high.initial_replicas = 1;
  InferenceServiceConfig low = pair_service("batch-api", 0, DemandCurve::constant(400, 0, 600));
  low.initial_replicas = 3;
  InferenceClusterConfig c = one_node({high, low});
  c.preemption = preemption;
  return c;
}

TEST(InferenceService, HigherPriorityPreemptsLowerWhenItsDemandComes) {
  const InferenceClusterConfig c = late_high_priority(true);
  InferenceCluster model(c);
  Engine<InferenceCluster> engine(model);
  model.start(engine);
  engine.run(c.time.ticks(109));
  EXPECT_EQ(model.held_replicas(0), 1u);
  EXPECT_EQ(model.held_replicas(1), 3u);
  engine.run(c.time.ticks(110));
  EXPECT_EQ(model.held_replicas(0), 3u);
  EXPECT_EQ(model.held_replicas(1), 1u);
  EXPECT_EQ(model.held_gpus(), 8u);
  engine.run();
  const InferenceClusterResult r = model.result(engine.now(), engine.events_executed());
  EXPECT_EQ(r.services[1].replicas_preempted, 2u);
  EXPECT_EQ(r.services[1].replicas_stopped, 0u);  // preemption is not a scale-down
  EXPECT_EQ(r.services[0].replicas_started, 2u);
  EXPECT_EQ(r.services[0].final_replicas, 3u);
  // A: 300 tokens/s lost on [100, 110) beyond its one replica, then 200 on [110, 140).
  EXPECT_NEAR(r.services[0].unserved_tokens, 200 * 10 + 200 * 30, 1e-6);
  for (const auto& s : r.services) expect_conserved(s);
}

TEST(InferenceService, WithoutPreemptionTheHigherPriorityWaits) {
  const InferenceClusterResult r = run_checked(late_high_priority(false));
  EXPECT_EQ(r.services[0].final_replicas, 1u);
  EXPECT_EQ(r.services[1].final_replicas, 3u);
  EXPECT_EQ(r.services[1].replicas_preempted, 0u);
  EXPECT_GT(r.services[0].capacity_limited_evaluations, 40u);
  EXPECT_NEAR(r.services[0].served_fraction(), 100.0 / 300.0, 1e-12);
}

TEST(InferenceService, WholeReplicasPackFirstFitOnNodes) {
  // 3-GPU replicas on 8-GPU nodes: two per node, so 2 nodes hold 4 (12 of 16 GPUs).
  InferenceServiceConfig s = small_service(DemandCurve::constant(1000, 0, 300));
  s.gpus_per_replica = 3;
  s.initial_replicas = 1;
  InferenceClusterConfig c = one_node({s});
  c.nodes = 2;
  InferenceCluster model(c);
  Checked checked{model};
  Engine<Checked> engine(checked);
  model.start(engine);
  engine.run(c.time.ticks(10));
  EXPECT_EQ(model.held_replicas(0), 4u);
  EXPECT_EQ(model.free_capacity().free(0), 2u);
  EXPECT_EQ(model.free_capacity().free(1), 2u);
  engine.run();
  const InferenceClusterResult r = model.result(engine.now(), engine.events_executed());
  EXPECT_EQ(r.services[0].peak_replicas, 4u);
  EXPECT_NEAR(r.allocated_pct_peak, 75.0, 1e-12);
  EXPECT_GT(r.services[0].capacity_limited_evaluations, 0u);
}

// ---------------------------------------------------- conservation and determinism

InferenceClusterConfig bursty_three_services() {
  InferenceClusterConfig c;
  c.nodes = 3;
  c.gpus_per_node = 8;
  c.interval_s = 15;
  const char* names[] = {"chat", "code", "batch"};
  const std::uint32_t gpus[] = {2, 1, 4};
  for (int k = 0; k < 3; ++k) {
    RandomStream rng = RandomStream::derive(7, names[k]);
    InferenceServiceConfig s;
    s.name = names[k];
    s.gpus_per_replica = gpus[k];
    s.tokens_per_second_per_replica = 500.0 * gpus[k];
    s.priority = 2 - k;
    s.min_replicas = k == 2 ? 0 : 1;
    s.startup_s = 20.0 + 20 * k;
    s.scale_down_delay_s = 120;
    // A daily-like wave with random bursts, 5 s steps over 2 hours.
    s.demand = DemandCurve::sample(
        [&](double t) {
          const double wave = 3000.0 * (1.0 + 0.8 * std::sin(6.283185307179586 * t / 3600.0 + k));
          return rng.uniform01() < 0.05 ? wave * 4 : wave * rng.uniform01() * 1.5;
        },
        0, 7200, 5);
    c.services.push_back(std::move(s));
  }
  return c;
}

TEST(InferenceService, TokensAreConservedAndGpusNeverExceedTheCluster) {
  const InferenceClusterConfig c = bursty_three_services();
  std::uint64_t checks = 0;
  const InferenceClusterResult r = run_checked(c, &checks);
  EXPECT_GT(checks, r.evaluations);  // ready events were checked too
  for (std::size_t k = 0; k < r.services.size(); ++k) {
    const InferenceServiceResult& s = r.services[k];
    expect_conserved(s);
    EXPECT_NEAR(s.demanded_tokens, c.services[k].demand.tokens(0, 7200), 1e-9 * s.demanded_tokens);
    EXPECT_GT(s.scale_ups, 0u);
  }
  // 24 GPUs are short for the bursts: chat (highest) is never limited and follows the wave
  // both ways; the lower two are limited and preempted.
  EXPECT_EQ(r.services[0].capacity_limited_evaluations, 0u);
  EXPECT_GT(r.services[0].scale_downs, 0u);
  EXPECT_EQ(r.services[0].replicas_preempted, 0u);
  EXPECT_GT(r.services[1].replicas_preempted, 0u);
  EXPECT_GT(r.services[2].replicas_preempted, 0u);
  EXPECT_GT(r.services[2].capacity_limited_evaluations, 0u);
  expect_conserved(r.total);
  EXPECT_LE(r.allocated_pct_peak, 100.0);
  // The time some service is short is at least each one's.
  for (const auto& s : r.services) EXPECT_GE(r.total.below_demand_s + 1e-9, s.below_demand_s);
}

TEST(InferenceService, SameConfigurationSameResult) {
  InferenceClusterConfig c = bursty_three_services();
  c.record_timeline = true;
  const InferenceClusterResult a = run_inference_services(c);
  const InferenceClusterResult b = run_inference_services(c);
  EXPECT_TRUE(a == b);
  EXPECT_EQ(a.timeline.size(), a.evaluations * 3);
}

// ------------------------------------------------------------------- configuration

TEST(InferenceService, RejectsConfigurationsThatCannotRun) {
  using dcsim::testing::message_of;
  const auto with = [](auto change) {
    return message_of([&] {
      InferenceClusterConfig c = one_node({small_service(step_up_and_down())});
      change(c);
      InferenceCluster model(c);
    });
  };
  EXPECT_EQ(with([](InferenceClusterConfig&) {}), "(no exception)");
  EXPECT_EQ(with([](InferenceClusterConfig& c) { c.services[0].gpus_per_replica = 9; }),
            "inference service 'chat': gpus_per_replica must be 1..8 (a replica stays on one node), got 9");
  EXPECT_EQ(with([](InferenceClusterConfig& c) { c.services[0].target_utilization = 1.5; }),
            "inference service 'chat': target_utilization must be in (0, 1], got 1.5");
  EXPECT_EQ(with([](InferenceClusterConfig& c) { c.services[0].min_replicas = 3; }),
            "inference service 'chat': initial_replicas must be within [min_replicas, max_replicas] = [3, 4294967295], got 1");
  EXPECT_EQ(with([](InferenceClusterConfig& c) { c.services[0].demand.steps[1].start_s = 0; }),
            "inference service 'chat': demand step 1 must start at a finite time >= 0 after the previous step's, got 0");
  EXPECT_EQ(with([](InferenceClusterConfig& c) { c.services.push_back(c.services[0]); }),
            "inference cluster: two services are named 'chat'");
  EXPECT_EQ(with([](InferenceClusterConfig& c) { c.interval_s = 0; }),
            "inference cluster: interval_s must be a finite time > 0, got 0");
  EXPECT_EQ(with([](InferenceClusterConfig& c) { c.services[0].demand = DemandCurve{}; }),
            "inference cluster: no end_s given and no service has any demand to end with");
}

// ----------------------------------------------------------------- replica throughput

ChipSpec chip(const char* id, double fp8, double bf16, double bandwidth) {
  ChipSpec c;
  c.id = id;
  c.throughput[static_cast<std::size_t>(Precision::kFp8)] = fp8;
  c.throughput[static_cast<std::size_t>(Precision::kBf16)] = bf16;
  c.throughput[static_cast<std::size_t>(Precision::kFp16)] = bf16;
  c.throughput[static_cast<std::size_t>(Precision::kInt8)] = 2 * bf16;
  c.memory_bandwidth = bandwidth;
  return c;
}

TEST(InferenceServiceThroughput, ScalesTheMeasuredReplicaByChip) {
  // DOMAIN.md §1.1, dense.
  const ChipSpec h100 = chip("h100-sxm", 1979e12, 989e12, 3.35e12);
  const ChipSpec h20 = chip("h20", 296e12, 148e12, 4.0e12);
  const ChipSpec a100 = chip("a100-sxm", 0, 312e12, 2.039e12);
  EXPECT_NEAR(estimate_replica_tokens_per_second(h100, 2), kReferenceReplicaTokensPerSecond, 1e-9);
  // H20: 0.5 x 1979/296 + 0.5 x 3.35/4.0 = 3.7617 times the H100's time per token.
  EXPECT_NEAR(estimate_replica_tokens_per_second(h20, 2), 4205 / (0.5 * 1979 / 296 + 0.5 * 3.35 / 4.0), 1e-6);
  // A100: no FP8, and INT8 is not a compute precision for serving: BF16.
  EXPECT_NEAR(estimate_replica_tokens_per_second(a100, 2), 4205 / (0.5 * 1979 / 312 + 0.5 * 3.35 / 2.039), 1e-6);
  ChipSpec unknown_bandwidth = a100;
  unknown_bandwidth.memory_bandwidth = 0;
  EXPECT_NEAR(estimate_replica_tokens_per_second(unknown_bandwidth, 1), 2102.5 * 312 / 1979, 1e-6);
  EXPECT_EQ(estimate_replica_tokens_per_second(ChipSpec{}, 2), 0.0);
}

// ------------------------------------------------------------- the real trace, a slice

TEST(InferenceService, AzureTraceSliceHasSaneHeadlineNumbers) {
  // The first 30 minutes of both Azure streams, 10 s steps, output tokens. A trace sample is
  // one population of users: x20 stands for a larger one, so that the services need several
  // replicas. Llama 3.3 70B on 2 x H100 per replica (DOMAIN.md §6.3): 4,205 output tokens/s
  // at the conversation mix, 762 at the code mix (long prompts). 4 nodes of 8 GPUs.
  const double end = 1800;
  InferenceServiceConfig chat;
  chat.name = "conv";
  chat.demand = read_azure_demand(azure("conv"), 10.0, DemandTokens::kOutput, 0, end).scaled(20);
  chat.tokens_per_second_per_replica = 4205;
  chat.priority = 1;
  InferenceServiceConfig code;
  code.name = "code";
  code.demand = read_azure_demand(azure("code"), 10.0, DemandTokens::kOutput, 0, end).scaled(20);
  code.tokens_per_second_per_replica = 762;
  InferenceClusterConfig c;
  c.nodes = 4;
  c.gpus_per_node = 8;
  c.services = {chat, code};
  c.end_s = end;
  std::uint64_t checks = 0;
  const InferenceClusterResult r = run_checked(c, &checks);

  for (const InferenceServiceResult& s : r.services) {
    expect_conserved(s);
    std::printf("[azure slice] %-5s demand %7.0f tok/s  served %.4f  replicas mean %.2f peak %u  GPU-h %.2f  "
                "util %.3f (held %.3f)  below demand %.1f%%  ups %llu downs %llu preempted %llu limited %llu\n",
                s.name.c_str(), s.demanded_tokens / end, s.served_fraction(), s.mean_replicas, s.peak_replicas, s.gpu_hours,
                s.utilization(), s.held_utilization(), 100 * s.below_demand_fraction,
                static_cast<unsigned long long>(s.scale_ups), static_cast<unsigned long long>(s.scale_downs),
                static_cast<unsigned long long>(s.replicas_preempted),
                static_cast<unsigned long long>(s.capacity_limited_evaluations));
  }
  std::printf("[azure slice] total served %.4f  GPU-h %.2f  allocated %.1f%% (peak %.1f%%)  below demand %.1f%%  "
              "%llu evaluations, %llu events\n",
              r.total.served_fraction(), r.total.gpu_hours, r.allocated_pct_mean, r.allocated_pct_peak,
              100 * r.total.below_demand_fraction, static_cast<unsigned long long>(r.evaluations),
              static_cast<unsigned long long>(r.events));

  const InferenceServiceResult& conv = r.services[0];
  const InferenceServiceResult& cod = r.services[1];
  // conv: 19,366 requests x 211 output tokens / 3,502 s ~ 1,170 tokens/s, x20 ~ 23,000.
  EXPECT_GT(conv.demanded_tokens / end, 15'000);
  EXPECT_LT(conv.demanded_tokens / end, 35'000);
  EXPECT_GT(conv.served_fraction(), 0.95);
  EXPECT_GT(conv.mean_replicas, 6);
  EXPECT_LT(conv.mean_replicas, 12);
  EXPECT_GT(conv.utilization(), 0.5);
  EXPECT_LE(conv.peak_replicas, 16u);
  // code (8,819 requests x 27.9 output tokens / 3,436 s ~ 72 tokens/s, x20 ~ 1,400) is
  // bursty: served less well, with its replicas less used.
  EXPECT_GT(cod.demanded_tokens / end, 700);
  EXPECT_LT(cod.demanded_tokens / end, 3'000);
  EXPECT_LT(cod.served_fraction(), conv.served_fraction());
  EXPECT_GT(cod.served_fraction(), 0.5);
  EXPECT_LT(cod.utilization(), conv.utilization());
  EXPECT_GT(r.total.scale_ups, 0u);
  EXPECT_GT(r.total.scale_downs, 0u);
  EXPECT_LE(r.allocated_pct_peak, 100.0);
  EXPECT_GT(r.allocated_pct_mean, 50.0);
  EXPECT_EQ(r.evaluations, 119u);  // every 15 s in (0, 1800)
  EXPECT_GT(checks, r.evaluations);
}

}  // namespace
}  // namespace dcsim::cluster

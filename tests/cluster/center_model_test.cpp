#include "dcsim/cluster/center_model.hpp"

#include <gtest/gtest.h>

namespace dcsim::cluster {
namespace {

constexpr double kHour = 3600.0;

// Hand-computed: 3 nodes x 4 accelerators, a job of 8 every hour from t = 1 h, 2.5 h each.
//   t=1: job 1 takes nodes 0 and 1 (a gang of 2 whole nodes), ends at 3.5.
//   t=2, 3: jobs 2 and 3 wait: only node 2 is whole and free.
//   t=3.5: job 2 starts on nodes 0, 1 (wait 1.5 h), ends at 6; job 3 still cannot start.
//   t=6: job 2's end (scheduled at 3.5) runs before the arrival at 6 (scheduled at 5): stop.
// Waits 0 and 1.5 (mean 0.75 h); 8 accelerators busy on [1, 6]: 40 / (12 x 6); 5 arrivals +
// 2 completions = 7 events; jobs 3, 4, 5 queued, none running.
TEST(CenterModel, HandComputedGangCase) {
  const auto r = simulate(CenterConfig{.nodes = 3,
                                             .accelerators_per_node = 4,
                                             .tenants = {{.arrivals = RenewalArrivals(Deterministic(1 * kHour)),
                                                          .demand = Deterministic(8),
                                                          .duration = Deterministic(2.5 * kHour)}},
                                             .completions = 2,
                                             .batches = 2});
  EXPECT_EQ(r.completions, 2u);
  EXPECT_EQ(r.arrivals, 5u);
  EXPECT_EQ(r.events, 7u);
  EXPECT_DOUBLE_EQ(r.end_seconds, 6 * kHour);
  EXPECT_DOUBLE_EQ(r.wait.mean, 0.75 * kHour);
  EXPECT_DOUBLE_EQ(r.wait_p99, 1.5 * kHour);
  EXPECT_DOUBLE_EQ(r.utilization, 40.0 / 72.0);
  EXPECT_EQ(r.queued_at_stop, 3u);
  EXPECT_EQ(r.running_at_stop, 0u);
}

// First fit: 2 nodes x 4, a job of 3 every hour, each 10 h. Job 1 takes node 0 (1 left); job 2
// does not fit node 0, so node 1 (1 left); job 3 fits nowhere and waits, and so does job 4
// behind it. At t = 4 h: 6 busy, one free on each node, 2 queued, 2 running.
TEST(CenterModel, FirstFitTakesTheLowestNodeWithRoom) {
  CenterModel model(CenterConfig{.nodes = 2,
                                      .accelerators_per_node = 4,
                                      .tenants = {{.arrivals = RenewalArrivals(Deterministic(1 * kHour)),
                                                   .demand = Deterministic(3),
                                                   .duration = Deterministic(10 * kHour)}},
                                      .completions = 2,
                                      .batches = 2});
  Engine<CenterModel> engine(model);
  model.start(engine);
  engine.run(Tick{4} * 3'600'000'000);
  EXPECT_EQ(model.allocated_accelerators(), 6);
  EXPECT_EQ(model.nodes().whole_free_gpus(0), 1u);
  EXPECT_EQ(model.nodes().whole_free_gpus(1), 1u);
}

// Conservation and capacity on a random mixed workload with gangs: every arrived job is
// completed, queued, running or rejected; busy + free = capacity at the stop.
TEST(CenterModel, ConservationAndCapacityOnARandomWorkload) {
  const CenterConfig c{.nodes = 64,
                            .accelerators_per_node = 8,
                            .tenants = {{.arrivals = PoissonArrivals(0.95 * 512 / (7.0 * 1.54) / kHour),
                                         .demand = DiscreteWeighted({1, 2, 4, 8, 16, 32, 64, 1024}, {40, 10, 15, 20, 8, 5, 2, 1}),
                                         .duration = Lognormal::from_median(0.5 * kHour, 1.5),
                                         .patience = Exponential(2 * kHour)}},
                            .completions = 20'000};  // 1024 never fits: rejected
  CenterModel model(c);
  Engine<CenterModel> engine(model);
  model.start(engine);
  engine.run();
  const auto r = model.result(engine.now(), engine.events_executed());
  EXPECT_EQ(r.arrivals, r.completions + r.queued_at_stop + r.running_at_stop + r.rejected + r.withdrawn);
  EXPECT_GT(r.rejected, 0u);
  EXPECT_GT(r.withdrawn, 0u);
  std::int64_t free = 0;
  for (std::uint32_t n = 0; n < c.nodes; ++n) free += model.nodes().whole_free_gpus(n);
  EXPECT_EQ(free + model.allocated_accelerators(), 64 * 8);
  // every withdrawal is an executed patience event; jobs that started before theirs add more
  EXPECT_GE(r.events, r.arrivals + r.completions + r.withdrawn);
}

// At a light load nothing waits long and the utilization equals the offered load
// lambda E[demand] E[duration] / capacity (Little's law for the busy accelerators).
TEST(CenterModel, UtilizationEqualsOfferedLoadAtLightLoad) {
  const double load = 0.3;
  const Lognormal duration = Lognormal::from_median(0.5 * kHour, 1.5);
  const auto r = simulate(CenterConfig{
      .nodes = 1024,
      .accelerators_per_node = 8,
      .tenants = {{.arrivals = PoissonArrivals(load * 8192 / (6.96 * duration.mean())),
                   .demand = DiscreteWeighted({1, 2, 4, 8, 16, 32, 64}, {0.40, 0.10, 0.15, 0.20, 0.08, 0.05, 0.02}),
                   .duration = duration}},
      .completions = 200'000});
  EXPECT_NEAR(r.utilization, load, 0.01);
  EXPECT_LT(r.wait.mean, 1.0);  // seconds
}

// Patience, by hand: 1 node x 4, jobs of 4 every hour from t=1, each 10 h, patience 1.5 h.
// Job 1 runs 1..11. Job k (k = 2..9) waits and leaves at k + 1.5, before 11. At t=11 job 1's
// end (scheduled at 1) runs before job 11's arrival (scheduled at 10): job 10, still waiting
// (it would leave at 11.5), starts with a wait of 1 h and runs to 21. Jobs 11..19 leave in
// turn; at t=21 job 10's end is the 2nd completion: stop. Arrivals 1..20; withdrawn 8 + 9 = 17;
// job 20 still queued; waits 0 and 1 h.
TEST(CenterModel, ImpatientJobsLeaveAndAreCountedAsLostDemand) {
  const auto r = simulate(CenterConfig{.nodes = 1,
                                            .accelerators_per_node = 4,
                                            .tenants = {{.name = "small-firms",
                                                         .arrivals = RenewalArrivals(Deterministic(1 * kHour)),
                                                         .demand = Deterministic(4),
                                                         .duration = Deterministic(10 * kHour),
                                                         .patience = Deterministic(1.5 * kHour)}},
                                            .completions = 2,
                                            .batches = 2});
  EXPECT_EQ(r.arrivals, 20u);
  EXPECT_EQ(r.withdrawn, 17u);
  EXPECT_EQ(r.queued_at_stop, 1u);
  EXPECT_EQ(r.running_at_stop, 0u);
  EXPECT_EQ(r.completions, 2u);
  EXPECT_DOUBLE_EQ(r.wait.mean, 0.5 * kHour);
  ASSERT_EQ(r.tenants.size(), 1u);
  EXPECT_EQ(r.tenants[0].withdrawn, 17u);
  EXPECT_EQ(r.tenants[0].name, "small-firms");
}

// Two tenant classes on one cluster: each has its own arrivals; adding the second class does
// not change the first class's arrival count over the same simulated span (its own streams).
TEST(CenterModel, TenantClassesHaveIndependentStreams) {
  TenantClass builders{.name = "model-builders",
                       .arrivals = PoissonArrivals(1 / (3 * kHour)),
                       .demand = Deterministic(32),
                       .duration = Exponential(10 * kHour)};
  TenantClass firms{.name = "small-firms",
                    .arrivals = PoissonArrivals(1 / (0.1 * kHour)),
                    .demand = DiscreteWeighted({1, 2}, {3, 1}),
                    .duration = Exponential(0.5 * kHour),
                    .patience = Exponential(1 * kHour)};
  // neither run reaches its completion target within the horizon: both stop at 200 h
  CenterConfig one{.nodes = 16, .accelerators_per_node = 8, .tenants = {builders}, .completions = 10'000};
  CenterConfig two = one;
  two.tenants.push_back(firms);
  two.completions = 10'000;
  CenterModel a(one), b(two);
  Engine<CenterModel> ea(a), eb(b);
  a.start(ea);
  b.start(eb);
  const Tick horizon = Tick{200} * 3'600'000'000;
  ea.run(horizon);
  eb.run(horizon);
  EXPECT_EQ(a.tenants()[0].arrivals, b.tenants()[0].arrivals);
  EXPECT_GT(b.tenants()[1].arrivals, 1000u);
}

}  // namespace
}  // namespace dcsim::cluster

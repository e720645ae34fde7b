// Running work as a fluid: rates change, remaining work carries over, stale completions are
// skipped. Every number below is worked by hand in its comment.
#include "dcsim/cluster/running_work.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "dcsim/cluster/center_model.hpp"

namespace dcsim::cluster {
namespace {

TEST(RunningWork, RemainingWorkCarriesOverARateChange) {
  RunningWork w;
  w.grow(2);
  EXPECT_EQ(w.start(0, 0, 1000, 1.0), 1000);  // 1000 reference ticks at rate 1
  const std::uint32_t v0 = w.version(0);
  // At 400, 600 ticks are left; at rate 0.5 they take 1200: the end moves to 1600.
  const std::uint32_t slot[] = {0};
  const double half[] = {0.5};
  w.change_rates(slot, half, 400);
  EXPECT_EQ(w.end(0), 1600);
  EXPECT_DOUBLE_EQ(w.remaining(0, 400), 600);
  EXPECT_FALSE(w.ends_at(0, v0 & kVersionMask, 1000));  // the completion scheduled at the start is stale
  EXPECT_TRUE(w.ends_at(0, w.version(0) & kVersionMask, 1600));
  // At 1000, (1600 - 1000) x 0.5 = 300 reference ticks are left; back at rate 1 they end at 1300.
  const double full[] = {1.0};
  w.change_rates(slot, full, 1000);
  EXPECT_EQ(w.end(0), 1300);
  // A chip twice as fast from the start: 1000 reference ticks in 500.
  EXPECT_EQ(w.start(1, 0, 1000, 2.0), 500);
  // A stopped job's events are stale, whatever their tick.
  const std::uint32_t v1 = w.version(1) & kVersionMask;
  w.stop(1);
  EXPECT_FALSE(w.current(1, v1));
  EXPECT_FALSE(w.ends_at(1, v1, 500));
}

// Work that starts later (its servers boot): nothing is done before its start, so a rate
// change before it carries the whole work over from the start.
TEST(RunningWork, ARateChangeBeforeTheWorkStartsConsumesNone) {
  RunningWork w;
  w.grow(1);
  EXPECT_EQ(w.start(0, 100, 1000, 1.0), 1100);  // placed at 0, its work from 100 to 1100
  EXPECT_EQ(w.begin(0), 100);
  EXPECT_DOUBLE_EQ(w.remaining(0, 50), 1000);
  const std::uint32_t slot[] = {0};
  const double half[] = {0.5};
  w.change_rates(slot, half, 50);  // at 50: all 1000 left, at rate 0.5 from 100: ends at 2100
  EXPECT_EQ(w.end(0), 2100);
  const double full[] = {1.0};
  w.change_rates(slot, full, 600);  // at 600: (2100 - 600) x 0.5 = 750 left: ends at 1350
  EXPECT_EQ(w.end(0), 1350);
}

TEST(RunningWork, RatesAreCheckedAndVersionsRideInTheEventKind) {
  RunningWork w;
  w.grow(1);
  w.start(0, 0, 100, 1.0);
  const std::uint32_t slot[] = {0};
  const double zero[] = {0.0};
  EXPECT_THROW(w.change_rates(slot, zero, 10), std::invalid_argument);
  EXPECT_EQ(kind_of(versioned(5, 123456)), 5u);
  EXPECT_EQ(version_of(versioned(5, 123456)), 123456u);
  EXPECT_EQ(version_of(versioned(1, kVersionMask + 3)), 2u);  // wraps: the tick check covers it
}

// The Eigen forms of a rate change (change_rates_vector, change_all_rates) against the
// job-by-job loop on random cases: ends near now, far off, past the tick range after the
// change (saturating at kNever) and never; rates 1e-3 .. 1e3; random subsets in random
// order; 1 .. 5000 slots. Every end, rate and version must be the same to the bit.
TEST(RunningWork, EigenFormsEqualTheJobByJobLoopBitForBit) {
  std::mt19937_64 rng(20261203);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const auto log_uniform = [&](double lo, double hi) { return lo * std::pow(hi / lo, u(rng)); };
  const auto same = [](const RunningWork& a, const RunningWork& b, std::size_t n) {
    for (std::uint32_t s = 0; s < n; ++s) {
      if (a.end(s) != b.end(s) || a.rate(s) != b.rate(s) || a.version(s) != b.version(s)) return false;
    }
    return true;
  };
  std::size_t saturated = 0, never = 0, changed = 0;
  for (int round = 0; round < 300; ++round) {
    const std::size_t n = round < 20 ? static_cast<std::size_t>(round + 1) : 1 + rng() % 5000;
    const Tick now = round % 3 == 0 ? static_cast<Tick>(rng() % 1'000'000) : static_cast<Tick>(log_uniform(1, 4e18));
    RunningWork per_job;
    per_job.grow(n);
    for (std::uint32_t s = 0; s < n; ++s) {
      const double kind = u(rng);
      const Tick reference = kind < 0.1   ? kNever
                             : kind < 0.3 ? static_cast<Tick>(log_uniform(1e15, 9e18))
                                          : static_cast<Tick>(log_uniform(1, 1e13));
      per_job.start(s, now, reference, log_uniform(1e-3, 1e3));
    }
    RunningWork vector = per_job, whole = per_job, chosen = per_job;
    // A random subset (possibly all) in random order, and every slot.
    std::vector<std::uint32_t> slots(n);
    std::iota(slots.begin(), slots.end(), 0u);
    std::shuffle(slots.begin(), slots.end(), rng);
    slots.resize(round % 4 == 0 ? n : 1 + rng() % n);
    std::vector<double> rates(slots.size()), all(n);
    for (double& r : rates) r = log_uniform(1e-3, 1e3);
    for (double& r : all) r = log_uniform(1e-3, 1e3);
    const RunningWork before = per_job;

    per_job.change_rates_per_job(slots, rates, now);
    vector.change_rates_vector(slots, rates, now);
    chosen.change_rates(slots, rates, now);
    ASSERT_TRUE(same(per_job, vector, n)) << "round " << round << ", " << slots.size() << " of " << n << " slots";
    ASSERT_TRUE(same(per_job, chosen, n)) << "round " << round;
    std::vector<bool> in(n, false);
    for (const std::uint32_t s : slots) in[s] = true;
    for (std::uint32_t s = 0; s < n; ++s) {
      ASSERT_EQ(per_job.version(s), before.version(s) + (in[s] ? 1u : 0u));  // bumped once per changed slot
      if (in[s]) {
        ++changed;
        saturated += before.end(s) != kNever && per_job.end(s) == kNever;
        never += before.end(s) == kNever;
      } else {
        ASSERT_EQ(per_job.end(s), before.end(s));
      }
    }

    RunningWork whole_per_job = before;
    std::vector<std::uint32_t> every(n);
    std::iota(every.begin(), every.end(), 0u);
    whole_per_job.change_rates_per_job(every, all, now);
    whole.change_all_rates(all, now);
    ASSERT_TRUE(same(whole_per_job, whole, n)) << "round " << round << ", all " << n << " slots";
  }
  // The cases covered what they should: saturation and never-ending work among the changes.
  EXPECT_GT(saturated, changed / 100);
  EXPECT_GT(never, changed / 20);
}

TEST(RunningWork, ARefusedRateChangesNothingInAnyForm) {
  const double inf = std::numeric_limits<double>::infinity();
  for (const double bad : {0.0, -1.0, inf, -inf, std::nan("")}) {
    for (int form = 0; form < 4; ++form) {
      RunningWork w;
      w.grow(3);
      for (std::uint32_t s = 0; s < 3; ++s) w.start(s, 0, 1000, 1.0);
      const std::uint32_t slots[] = {0, 1, 2};
      const double rates[] = {0.5, 2.0, bad};  // the refused one last: nothing before it may change
      try {
        switch (form) {
          case 0: w.change_rates(slots, rates, 10); break;
          case 1: w.change_rates_per_job(slots, rates, 10); break;
          case 2: w.change_rates_vector(slots, rates, 10); break;
          case 3: w.change_all_rates(rates, 10); break;
        }
        ADD_FAILURE() << "rate " << bad << " accepted by form " << form;
      } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()), "a running job's rate must be a finite number > 0, got " + std::to_string(bad));
      }
      for (std::uint32_t s = 0; s < 3; ++s) {
        EXPECT_EQ(w.end(s), 1000);
        EXPECT_EQ(w.rate(s), 1.0);
        EXPECT_EQ(w.version(s), 1u);
      }
    }
  }
}

// Records when jobs end and what rates they were given.
class Ends final : public CenterObserver {
 public:
  void job_started(Tick now, const JobView& job) override { started.push_back({now, job.slot}); }
  void job_ended(Tick now, const JobView&, bool completed) override {
    if (completed) ended.push_back(now);
  }
  void job_rate_changed(Tick, const JobView& job) override { rates.push_back(job.rate); }
  std::vector<std::pair<Tick, std::uint32_t>> started;
  std::vector<Tick> ended;
  std::vector<double> rates;
};

// One node of 8 accelerators; jobs of 8 accelerators and 1 h arrive every 10 min from 10 min
// on. The first starts at 10 min; at 40 min (30 min done) it is slowed to half speed: its
// 30 min left take 60, so it ends at 1 h 40 (not 1 h 10). The second, waiting for the node
// since 20 min, starts then and ends at 2 h 40, the run's stop (2 completions). The
// completion scheduled for 1 h 10 is stale and skipped (though still an event executed).
TEST(CenterModelSlowDown, ASlowedJobEndsLaterAndTheJobBehindItWaits) {
  const double min = 60;
  Ends watch;
  CenterConfig c{.nodes = 1, .accelerators_per_node = 8,
                 .tenants = {{.name = "train", .arrivals = RenewalArrivals(Deterministic(10 * min)), .demand = Deterministic(8),
                              .duration = Deterministic(60 * min)}},
                 .completions = 2};
  c.observers = {&watch};
  CenterModel model(c);
  Engine<CenterModel> engine(model);
  model.start(engine);
  engine.run(c.time.ticks(40 * min));
  ASSERT_EQ(watch.started.size(), 1u);
  const std::uint32_t slot[] = {watch.started[0].second};
  const double half[] = {0.5};
  EXPECT_DOUBLE_EQ(model.remaining_work(slot[0], engine.now()), static_cast<double>(c.time.ticks(30 * min)));
  model.slow_down(slot, half, engine);
  engine.run();
  const auto r = model.result(engine.now(), engine.events_executed());
  ASSERT_EQ(watch.ended.size(), 2u);
  EXPECT_EQ(watch.ended[0], c.time.ticks(100 * min));
  EXPECT_EQ(watch.started[1].first, c.time.ticks(100 * min));
  EXPECT_EQ(watch.ended[1], c.time.ticks(160 * min));
  EXPECT_EQ(watch.rates, std::vector<double>{0.5});
  // The second job waited from 20 min to 1 h 40: 80 min; the first not at all.
  EXPECT_NEAR(r.wait.mean, (0 + 80 * min) / 2.0, 1e-6);
  // Held over the run: 90 min + 60 min of the node's 8 accelerators.
  EXPECT_NEAR(r.allocated_accelerator_seconds, 8 * 150 * min, 1e-6);
  EXPECT_EQ(r.completions, 2u);
}

TEST(CenterModelSlowDown, OnlyRunningJobsCanBeSlowed) {
  CenterConfig c{.nodes = 1, .accelerators_per_node = 8,
                 .tenants = {{.name = "train", .arrivals = PoissonArrivals(1.0), .demand = Deterministic(8), .duration = Deterministic(3600)}},
                 .completions = 1};
  CenterModel model(c);
  Engine<CenterModel> engine(model);
  model.start(engine);
  const std::uint32_t slot[] = {0};
  const double half[] = {0.5};
  EXPECT_THROW(model.slow_down(slot, half, engine), std::invalid_argument);
}

}  // namespace
}  // namespace dcsim::cluster

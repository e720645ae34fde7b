#include "dcsim/queueing/multi_server_queue.hpp"

#include <gtest/gtest.h>

#include "dcsim/metrics/student_t.hpp"
#include "dcsim/queueing/closed_forms.hpp"

namespace dcsim::queueing {
namespace {

constexpr double kHour = 3600.0;

MultiServerQueueConfig poisson_queue(int servers, double lambda_per_hour, Distribution service, std::uint64_t n) {
  MultiServerQueueConfig c;
  c.servers = servers;
  c.interarrival = Exponential::from_rate(lambda_per_hour / kHour);
  c.service = std::move(service);
  c.completions = n;
  return c;
}

// Hand-computed: c = 2, arrivals every 1 h from t = 1, service 3 h, stop at the 4th completion.
//   t=1, 2: jobs 1 and 2 start at once (ends at 4 and 5); t=3: job 3 waits.
//   t=4: job 1's end was scheduled (at t=1) before job 4's arrival (at t=3), so at the same tick
//        it runs first: job 3 starts (wait 1), then job 4 arrives and waits.
//   t=5: job 2 ends, job 4 starts (wait 1); job 5 waits.  t=6: job 6 waits.
//   t=7: job 3 ends (3rd completion), job 5 starts; job 7 waits.  t=8: job 4 ends: stop.
// Waits 0, 0, 1, 1 (mean 0.5 h); times in system 3, 3, 4, 4 (mean 3.5 h); busy servers 1 on
// [1, 2) and 2 on [2, 8): 13 / (2 x 8) = 0.8125; events: arrivals at 1..7 and 4 completions
// = 11 (the arrival at t=8 was scheduled after job 4's end, so it comes after the stop).
// At the stop, jobs 6 and 7 wait and job 5 is in service.
TEST(MultiServerQueue, HandComputedDeterministicCase) {
  MultiServerQueueConfig c;
  c.servers = 2;
  c.interarrival = Deterministic(1 * kHour);
  c.service = Deterministic(3 * kHour);
  c.completions = 4;
  c.batches = 2;
  const auto r = simulate(c);
  EXPECT_EQ(r.completions, 4u);
  EXPECT_EQ(r.arrivals, 7u);
  EXPECT_EQ(r.events, 11u);
  EXPECT_DOUBLE_EQ(r.end_seconds, 8 * kHour);
  EXPECT_DOUBLE_EQ(r.wait_in_queue.mean, 0.5 * kHour);
  EXPECT_DOUBLE_EQ(r.time_in_system.mean, 3.5 * kHour);
  EXPECT_DOUBLE_EQ(r.utilization, 13.0 / 16.0);
  EXPECT_EQ(r.waiting_at_stop, 2u);
  EXPECT_EQ(r.in_service_at_stop, 1u);
}

// W1 of the reference workloads, full size, over 10 independent replications (seeds 1..10).
// One run's 95% batch-means interval misses the true value 1 time in 20 (seed 1 is such a
// run: Wq = 0.05295 h, interval [0.04947, 0.05644]), so a single fixed seed cannot be the
// test. Instead:
//  - the mean over replications lies in its own t interval (9 degrees of freedom);
//  - at least 7 of the 10 per-run intervals cover Erlang C's Wq (P(X <= 6) = 0.001 for
//    X ~ Binomial(10, 0.95));
//  - Little's law L = lambda W holds inside each run's interval for W (it holds on every
//    sample path up to end effects), utilization is rho = 0.9 within 0.005.
TEST(MultiServerQueue, ReferenceWorkloadW1MatchesErlangC) {
  const double wq = mmc_wait_in_queue(64, 57.6, 1.0) * kHour;  // 0.048541 h
  constexpr int kReplications = 10;
  double sum = 0, sum_sq = 0;
  int covered_wq = 0, covered_w = 0;
  for (int rep = 1; rep <= kReplications; ++rep) {
    auto c = poisson_queue(64, 57.6, Exponential(1 * kHour), 1'000'000);
    c.seed = static_cast<std::uint64_t>(rep);
    const auto r = simulate(c);
    sum += r.wait_in_queue.mean;
    sum_sq += r.wait_in_queue.mean * r.wait_in_queue.mean;
    covered_wq += r.wait_in_queue.contains(wq);
    covered_w += r.time_in_system.contains(wq + 1 * kHour);
    EXPECT_NEAR(r.utilization, 0.9, 0.005) << "seed " << rep;
    EXPECT_GE(r.events, 2'000'000u);
    EXPECT_LE(r.events, 2'000'000u + 300);  // plus the jobs still in the system at the stop
    const double lambda_t = static_cast<double>(r.arrivals) / r.end_seconds;
    EXPECT_GE(r.mean_in_system, lambda_t * r.time_in_system.lo()) << "seed " << rep;
    EXPECT_LE(r.mean_in_system, lambda_t * r.time_in_system.hi()) << "seed " << rep;
    EXPECT_GE(r.mean_in_queue, lambda_t * r.wait_in_queue.lo()) << "seed " << rep;
    EXPECT_LE(r.mean_in_queue, lambda_t * r.wait_in_queue.hi()) << "seed " << rep;
  }
  const double grand = sum / kReplications;
  const double sd = std::sqrt((sum_sq - kReplications * grand * grand) / (kReplications - 1));
  const double half_width = student_t_975(kReplications - 1) * sd / std::sqrt(double{kReplications});
  EXPECT_NEAR(grand, wq, half_width) << "mean Wq over replications " << grand / kHour << " h";
  EXPECT_GE(covered_wq, 7);
  EXPECT_GE(covered_w, 7);
}

// M/M/1 at rho = 0.5: Wq = rho / (mu - lambda) = 1 h.
TEST(MultiServerQueue, MM1MatchesTheClosedForm) {
  const auto r = simulate(poisson_queue(1, 0.5, Exponential(1 * kHour), 400'000));
  EXPECT_TRUE(r.wait_in_queue.contains(1.0 * kHour)) << r.wait_in_queue.mean / kHour;
  EXPECT_NEAR(r.utilization, 0.5, 0.01);
}

// M/D/1 at rho = 0.5 (Pollaczek–Khinchine): Wq = lambda D^2 / (2 (1 - rho)) = 0.5 h, half the
// M/M/1 wait: service-time variance is what queues.
TEST(MultiServerQueue, MD1MatchesPollaczekKhinchine) {
  const auto r = simulate(poisson_queue(1, 0.5, Deterministic(1 * kHour), 400'000));
  EXPECT_TRUE(r.wait_in_queue.contains(0.5 * kHour)) << r.wait_in_queue.mean / kHour;
  EXPECT_FALSE(r.wait_in_queue.contains(1.0 * kHour));
}

TEST(MultiServerQueue, SameSeedSameResultsDifferentSeedDifferentDraws) {
  auto c = poisson_queue(8, 7.0, Exponential(1 * kHour), 20'000);
  const auto a = simulate(c);
  const auto b = simulate(c);
  EXPECT_EQ(a.wait_in_queue.mean, b.wait_in_queue.mean);
  EXPECT_EQ(a.end_seconds, b.end_seconds);
  EXPECT_EQ(a.events, b.events);
  c.seed = 2;
  const auto d = simulate(c);
  EXPECT_NE(a.wait_in_queue.mean, d.wait_in_queue.mean);
  EXPECT_NE(a.end_seconds, d.end_seconds);
}

}  // namespace
}  // namespace dcsim::queueing

#include "dcsim/workload/arrivals.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "../test_support.hpp"

namespace dcsim {
namespace {

// How the statistical tests decide (the conventions of distributions_test.cpp). Every test
// draws from a fixed seed, so it is deterministic; a correct stream passes each check with
// probability ~0.999 or better, so a pass means something:
//  - counts: an arrival count with known mean and variance is within 5 SE of its mean.
//    Poisson counts have SE = sqrt(expected); compound or modulated counts use their exact
//    variance (derived beside each test);
//  - sample variances: within 5 SE, SE = sqrt((m4 - s^4) / n) from the sample's own fourth
//    central moment (the asymptotic variance of s^2);
//  - shapes: one-sample Kolmogorov-Smirnov, reject when sqrt(n) D_n > 1.95 (the asymptotic
//    0.001 critical value), or chi-square at its 0.001 critical value.

constexpr double kKsCritical = 1.95;
constexpr double kInf = std::numeric_limits<double>::infinity();

// sqrt(n) * D_n of the sample against `cdf`.
double ks_statistic(std::vector<double> xs, const std::function<double(double)>& cdf) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = cdf(xs[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return std::sqrt(n) * d;
}

// Calls f(t) for every arrival before `horizon`, checking the times never decrease.
template <class Stream, class F>
void for_each_arrival(Stream& s, RandomStream& g, double horizon, F&& f) {
  double last = 0.0;
  for (double t = s.next(g); t < horizon; t = s.next(g)) {
    ASSERT_GE(t, last) << "arrival times went backwards";
    last = t;
    f(t);
  }
}

// Arrival counts in consecutive windows [k w, (k+1) w), k < n.
template <class Stream>
std::vector<double> window_counts(Stream& s, RandomStream& g, double w, int n) {
  std::vector<double> c(static_cast<std::size_t>(n), 0.0);
  for_each_arrival(s, g, w * n, [&](double t) {
    c[std::min(static_cast<std::size_t>(t / w), c.size() - 1)] += 1;
  });
  return c;
}

struct SampleMoments {
  double mean = 0;
  double var = 0;     // unbiased
  double var_se = 0;  // sqrt((m4 - s^4) / n)
};

SampleMoments moments_of(const std::vector<double>& xs) {
  const double n = static_cast<double>(xs.size());
  const double m = std::accumulate(xs.begin(), xs.end(), 0.0) / n;
  double m2 = 0;
  double m4 = 0;
  for (double x : xs) {
    const double d2 = (x - m) * (x - m);
    m2 += d2;
    m4 += d2 * d2;
  }
  SampleMoments r;
  r.mean = m;
  r.var = m2 / (n - 1);
  const double s4 = (m2 / n) * (m2 / n);
  r.var_se = std::sqrt((m4 / n - s4) / n);
  return r;
}

// A Poisson count with expectation `expected` is within 5 SE.
void expect_poisson_count(double count, double expected, const std::string& what) {
  EXPECT_NEAR(count, expected, 5 * std::sqrt(expected)) << what;
}

using testing::message_of;

// ---- Poisson ------------------------------------------------------------------------------

TEST(PoissonArrivals, WindowCountsHaveMeanAndVarianceRateTimesT) {
  // 20,000 windows of 10 s at 2.5/s: counts ~ Poisson(25). SE(mean) = sqrt(25 / 20000) =
  // 0.035; for the variance, Poisson's mu4 = L(1 + 3L) gives SE = sqrt((L + 2L^2) / n) =
  // 0.25, so the index of dispersion is 1 to within +-0.05 (5 SE).
  PoissonArrivals p(2.5);
  EXPECT_EQ(p.mean_rate(), 2.5);
  EXPECT_EQ(p.rate_at(123.0), 2.5);
  auto g = RandomStream::derive(1, "poisson.windows");
  const auto m = moments_of(window_counts(p, g, 10.0, 20'000));
  EXPECT_NEAR(m.mean, 25.0, 5 * std::sqrt(25.0 / 20'000));
  EXPECT_NEAR(m.var, 25.0, 5 * std::sqrt((25.0 + 2 * 25.0 * 25.0) / 20'000));
  EXPECT_NEAR(m.var / m.mean, 1.0, 0.05);
}

TEST(PoissonArrivals, GapsAreExponential) {
  PoissonArrivals p(2.5);
  auto g = RandomStream::derive(2, "poisson.gaps");
  std::vector<double> gaps;
  double last = 0;
  for (int i = 0; i < 100'000; ++i) {
    const double t = p.next(g);
    gaps.push_back(t - last);
    last = t;
  }
  EXPECT_LT(ks_statistic(gaps, [](double x) { return -std::expm1(-2.5 * x); }), kKsCritical);
}

// ---- Profiled -----------------------------------------------------------------------------

// A working-day shape with a dead hour (23:00-24:00) to check that zero means zero.
const std::vector<double> kHourly = {0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 1.2, 1.6, 1.8, 1.9, 2.0,
                                     1.7, 1.9, 2.0, 1.9, 1.7, 1.4, 1.0, 0.8, 0.6, 0.5, 0.4, 0.0};

int hour_of_day(double t, double offset) {
  return static_cast<int>(std::fmod(t + offset, kSecondsPerDay) / kSecondsPerHour);
}

TEST(ProfiledPoissonArrivals, HourOfDayCountsFollowAStepProfile) {
  // 140 days at 0.05/s = 180/h: hour h holds 140 * 180 * m_h arrivals in expectation
  // (25,200 m_h; ~630,000 in all). The offset (Thursday 05:30) must not matter: 140 whole
  // days contain every hour of the day 140 times.
  const double offset = 3 * kSecondsPerDay + 5.5 * kSecondsPerHour;
  ProfiledPoissonArrivals p({.base_rate_per_s = 0.05, .hourly = kHourly, .week_offset_s = offset});
  auto g = RandomStream::derive(3, "profiled.hourly");
  std::array<double, 24> count{};
  for_each_arrival(p, g, 140 * kSecondsPerDay,
                   [&](double t) { count[hour_of_day(t, offset)] += 1; });
  for (int h = 0; h < 24; ++h) {
    expect_poisson_count(count[h], 140 * 180 * kHourly[h], "hour " + std::to_string(h));
  }
  EXPECT_EQ(count[23], 0);
  // The intensity itself: t = 0 is 05:30, in hour 5; t = 18.5 h is 00:00, hour 0.
  EXPECT_DOUBLE_EQ(p.rate_at(0.0), 0.05 * kHourly[5]);
  EXPECT_DOUBLE_EQ(p.rate_at(18.5 * kSecondsPerHour + 1.0), 0.05 * kHourly[0]);
  const double mean_m = std::accumulate(kHourly.begin(), kHourly.end(), 0.0) / 24;
  EXPECT_NEAR(p.mean_rate(), 0.05 * mean_m, 1e-15);
}

TEST(ProfiledPoissonArrivals, LinearProfileInterpolatesWithinTheHour) {
  // Linear from a = m_h at h:00 to b = m_(h+1) at h+1:00: the first half hour integrates to
  // (3a + b) / 4 * 1800 s, the second to (a + 3b) / 4 * 1800 s. Half-hour bins over 140
  // days test the acceptance step of the thinning inside each piece, not only the bound.
  ProfiledPoissonArrivals p(
      {.base_rate_per_s = 0.05, .hourly = kHourly, .hourly_shape = HourlyShape::kLinear});
  auto g = RandomStream::derive(4, "profiled.linear");
  std::array<double, 48> count{};
  for_each_arrival(p, g, 140 * kSecondsPerDay, [&](double t) {
    count[static_cast<std::size_t>(std::fmod(t, kSecondsPerDay) / 1800)] += 1;
  });
  for (int h = 0; h < 24; ++h) {
    const double a = kHourly[h];
    const double b = kHourly[(h + 1) % 24];
    const double per_half = 140 * 0.05 * 1800;
    expect_poisson_count(count[2 * h], per_half * (3 * a + b) / 4,
                         "first half of " + std::to_string(h));
    expect_poisson_count(count[2 * h + 1], per_half * (a + 3 * b) / 4,
                         "second half of " + std::to_string(h));
  }
  // 10:15 on Monday: a quarter of the way from m_10 to m_11.
  EXPECT_NEAR(p.rate_at(10.25 * kSecondsPerHour), 0.05 * (1.9 + 0.25 * (2.0 - 1.9)), 1e-15);
  // Each multiplier is shared by two half-trapezoids: the day averages mean(m) again.
  const double mean_m = std::accumulate(kHourly.begin(), kHourly.end(), 0.0) / 24;
  EXPECT_NEAR(p.mean_rate(), 0.05 * mean_m, 1e-15);
}

TEST(ProfiledPoissonArrivals, DayOfWeekCountsFollowTheWeeklyProfile) {
  // 50 weeks at 0.02/s = 1728/day: day d holds 50 * 1728 * w_d (86,400 w_d). t = 0 is
  // Wednesday noon: 50 whole weeks still contain each weekday 50 times. Sunday is closed.
  const std::vector<double> daily = {1.0, 1.1, 1.0, 0.9, 0.8, 0.3, 0.0};
  const double offset = 2.5 * kSecondsPerDay;
  ProfiledPoissonArrivals p({.base_rate_per_s = 0.02, .daily = daily, .week_offset_s = offset});
  auto g = RandomStream::derive(5, "profiled.weekly");
  std::array<double, 7> count{};
  for_each_arrival(p, g, 50 * kSecondsPerWeek, [&](double t) {
    count[static_cast<std::size_t>(std::fmod(t + offset, kSecondsPerWeek) / kSecondsPerDay)] += 1;
  });
  for (int d = 0; d < 7; ++d) {
    expect_poisson_count(count[d], 50 * 1728 * daily[d], "day " + std::to_string(d));
  }
  EXPECT_EQ(count[6], 0);
  EXPECT_DOUBLE_EQ(p.rate_at(0.0), 0.02 * daily[2]);                 // Wednesday
  EXPECT_DOUBLE_EQ(p.rate_at(2 * kSecondsPerDay), 0.02 * daily[4]);  // Friday noon
  EXPECT_DOUBLE_EQ(p.rate_at(4 * kSecondsPerDay), 0.02 * daily[6]);  // Sunday noon
  EXPECT_DOUBLE_EQ(p.rate_at(5 * kSecondsPerDay), 0.02 * daily[0]);  // Monday noon again
}

// Expected count in month m of a flat profile with compound growth g per month:
// int_m^(m+1) base M (1 + g)^x dx = base M ((1 + g)^(m+1) - (1 + g)^m) / ln(1 + g).
double grown_count(double base, double g, double from_month, double to_month) {
  const double l = std::log1p(g);
  return base * kSecondsPerMonth * (std::exp(l * to_month) - std::exp(l * from_month)) / l;
}

TEST(ProfiledPoissonArrivals, GrowthCountsFollowTheIntegratedRate) {
  // +50% a month at 0.01/s: month m expects 31,963 * 1.5^m (~660,000 over six months); -50%
  // a month at 0.1/s: 186,973 * 0.5^m.
  for (const auto& [base, growth] : {std::pair{0.01, 0.5}, std::pair{0.1, -0.5}}) {
    SCOPED_TRACE("growth " + std::to_string(growth));
    ProfiledPoissonArrivals p({.base_rate_per_s = base, .monthly_growth = growth});
    auto g = RandomStream::derive(6, "profiled.growth");
    std::array<double, 6> count{};
    for_each_arrival(p, g, 6 * kSecondsPerMonth,
                     [&](double t) { count[static_cast<std::size_t>(t / kSecondsPerMonth)] += 1; });
    for (int m = 0; m < 6; ++m) {
      expect_poisson_count(count[m], grown_count(base, growth, m, m + 1),
                           "month " + std::to_string(m));
    }
    EXPECT_NEAR(p.ramp(2.5 * kSecondsPerMonth), std::pow(1 + growth, 2.5), 1e-13);
    EXPECT_NEAR(p.rate_at(2.5 * kSecondsPerMonth), base * std::pow(1 + growth, 2.5), 1e-13 * base);
    EXPECT_NEAR(p.mean_rate(), base, 1e-14 * base);  // the un-ramped average
  }
}

TEST(ProfiledPoissonArrivals, BoundStaysValidUnderASteepRamp) {
  // x1e6 a month is +1.94% an hour. A bound taken at the start of each hour, instead of its
  // maximum over the hour, would cap the rate there and lose about half of that, ~0.96% of
  // the ~928,000 arrivals in 10 days: ~8,900, 9 SE of the Poisson count. Each day's count is
  // checked against the integral of the rate.
  const double growth = 1e6;
  ProfiledPoissonArrivals p({.base_rate_per_s = 0.05, .monthly_growth = growth});
  auto g = RandomStream::derive(7, "profiled.steep");
  std::array<double, 10> count{};
  double total = 0;
  for_each_arrival(p, g, 10 * kSecondsPerDay, [&](double t) {
    count[static_cast<std::size_t>(t / kSecondsPerDay)] += 1;
    total += 1;
  });
  for (int d = 0; d < 10; ++d) {
    expect_poisson_count(count[d], grown_count(0.05, growth, d / 30.0, (d + 1) / 30.0),
                         "day " + std::to_string(d));
  }
  expect_poisson_count(total, grown_count(0.05, growth, 0.0, 10 / 30.0), "ten days");
}

TEST(ProfiledPoissonArrivals, MonthlyMultipliersStepThenHold) {
  // 0.005/s = 12,960 a month, times {1, 2, 0.5}, the last one holding in months 3 and 4.
  ProfiledPoissonArrivals p({.base_rate_per_s = 0.005, .monthly = {1.0, 2.0, 0.5}});
  auto g = RandomStream::derive(8, "profiled.monthly");
  std::array<double, 5> count{};
  for_each_arrival(p, g, 5 * kSecondsPerMonth,
                   [&](double t) { count[static_cast<std::size_t>(t / kSecondsPerMonth)] += 1; });
  const std::array<double, 5> mult = {1.0, 2.0, 0.5, 0.5, 0.5};
  for (int m = 0; m < 5; ++m)
    expect_poisson_count(count[m], 12960 * mult[m], "month " + std::to_string(m));

  // A list ending in 0: arrivals stop for good, and next() says so with +infinity.
  ProfiledPoissonArrivals stop({.base_rate_per_s = 0.005, .monthly = {1.0, 0.0}});
  auto g2 = RandomStream::derive(8, "profiled.stop");
  double n = 0;
  double t = 0;
  while ((t = stop.next(g2)) < kInf) {
    ASSERT_LT(t, kSecondsPerMonth);
    n += 1;
  }
  expect_poisson_count(n, 12960, "the only open month");
  EXPECT_EQ(stop.next(g2), kInf);
}

TEST(ProfiledPoissonArrivals, FlatProfileIsPoisson) {
  // All multipliers 1 (given explicitly) and an odd offset: in distribution the plain
  // Poisson process (KS on 100,000 gaps). The inversion spends one Exp(1) per arrival
  // across hour boundaries, so it is even the same path as PoissonArrivals on the same
  // stream, up to rounding.
  ProfiledPoissonArrivals p({.base_rate_per_s = 0.05,
                             .hourly = std::vector<double>(24, 1.0),
                             .daily = std::vector<double>(7, 1.0),
                             .week_offset_s = 12345.678});
  PoissonArrivals q(0.05);
  auto g1 = RandomStream::derive(9, "flat");
  auto g2 = RandomStream::derive(9, "flat");
  std::vector<double> gaps;
  double last = 0;
  for (int i = 0; i < 100'000; ++i) {
    const double t = p.next(g1);
    gaps.push_back(t - last);
    last = t;
    ASSERT_NEAR(t, q.next(g2), 1e-9 * t) << i;
  }
  EXPECT_GT(last, 20 * kSecondsPerDay);  // ~550 hour and 20 day boundaries crossed
  EXPECT_LT(ks_statistic(gaps, [](double x) { return -std::expm1(-0.05 * x); }), kKsCritical);
}

// ---- MMPP -----------------------------------------------------------------------------------

// The two-state example: rates 10/s and 1/s; leaves state 1 at q12 = 0.1/s (10 s visits)
// and state 2 at q21 = 0.05/s (20 s visits). pi_1 = q21 / (q12 + q21) = 1/3, pi_2 = 2/3,
// lambda* = 10/3 + 2/3 = 4.
constexpr double kL1 = 10.0;
constexpr double kL2 = 1.0;
constexpr double kQ12 = 0.1;
constexpr double kQ21 = 0.05;

MarkovModulatedArrivals two_state(std::optional<std::size_t> initial = std::nullopt) {
  return MarkovModulatedArrivals({kL1, kL2}, {{0.0, kQ12}, {kQ21, 0.0}}, initial);
}

// Index of dispersion of a two-state MMPP's count in a window t (Heffes & Lucantoni, IEEE
// JSAC 4(6), 1986): with s = q12 + q21 and c(u) = pi1 pi2 (l1 - l2)^2 e^(-su) the covariance
// density, Var N(t) = l* t + 2 int_0^t (t - u) c(u) du, so
//   IDC(t) = 1 + 2 (l1 - l2)^2 q12 q21 / (s^3 l*) * (1 - (1 - e^(-st)) / (st)).
double two_state_idc(double t) {
  const double s = kQ12 + kQ21;
  const double mean = (kQ21 * kL1 + kQ12 * kL2) / s;
  const double d = kL1 - kL2;
  return 1.0 + 2 * d * d * kQ12 * kQ21 / (s * s * s * mean) * (1 - -std::expm1(-s * t) / (s * t));
}

TEST(MarkovModulatedArrivals, StationaryDistributionAndMeanRate) {
  const auto m = two_state();
  ASSERT_EQ(m.state_count(), 2u);
  EXPECT_NEAR(m.stationary()[0], 1.0 / 3, 1e-15);
  EXPECT_NEAR(m.stationary()[1], 2.0 / 3, 1e-15);
  EXPECT_NEAR(m.mean_rate(), 4.0, 1e-14);
  // The full generator (diagonal = minus the row sum) is accepted and means the same.
  const MarkovModulatedArrivals full({kL1, kL2}, {{-kQ12, kQ12}, {kQ21, -kQ21}});
  EXPECT_EQ(full.stationary(), m.stationary());

  // A cycle 0 -> 1 -> 2 -> 0 spends time in proportion to the mean visits: pi ~ (1/a, 1/b,
  // 1/c) = (5, 1, 2) / 8 for a = 0.2, b = 1, c = 0.5.
  const MarkovModulatedArrivals cycle({1, 2, 3}, {{0, 0.2, 0}, {0, 0, 1.0}, {0.5, 0, 0}});
  EXPECT_NEAR(cycle.stationary()[0], 5.0 / 8, 1e-15);
  EXPECT_NEAR(cycle.stationary()[1], 1.0 / 8, 1e-15);
  EXPECT_NEAR(cycle.stationary()[2], 2.0 / 8, 1e-15);
  EXPECT_NEAR(cycle.mean_rate(), (5 * 1 + 1 * 2 + 2 * 3) / 8.0, 1e-14);

  // Stiff rates: a birth-death chain, where pi_(k+1) / pi_k = up_k / down_k exactly, with
  // pi spanning 1 down to 6e-16. GTH gets every pi_k to full relative accuracy; a full-pivot
  // LU solve of pi Q = 0 (one equation replaced by sum pi = 1) gets pi_3 only to ~1e-5.
  const std::array<double, 3> up = {1e-1, 3e-2, 2e-3};
  const std::array<double, 3> down = {1e4, 2e3, 5e2};
  std::vector<std::vector<double>> bd(4, std::vector<double>(4, 0.0));
  std::array<double, 4> w = {1, 0, 0, 0};
  for (std::size_t k = 0; k < 3; ++k) {
    bd[k][k + 1] = up[k];
    bd[k + 1][k] = down[k];
    w[k + 1] = w[k] * up[k] / down[k];
  }
  const MarkovModulatedArrivals stiff({1, 1, 1, 1}, bd);
  const double w_total = w[0] + w[1] + w[2] + w[3];
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_NEAR(stiff.stationary()[k] / (w[k] / w_total), 1.0, 1e-14) << "state " << k;
  }

  // A dense 4-state chain (no pi_k tiny): against Eigen's LU solve, and pi Q = 0.
  const std::vector<std::vector<double>> q = {
      {0, 0.3, 0.1, 0.7}, {0.2, 0, 0.9, 0.1}, {0.05, 0.4, 0, 0.3}, {1.1, 0.02, 0.6, 0}};
  const MarkovModulatedArrivals dense({1, 2, 3, 4}, q);
  Eigen::Matrix4d qm;
  for (int i = 0; i < 4; ++i) {
    double out = 0;
    for (int j = 0; j < 4; ++j) {
      qm(i, j) = q[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
      out += qm(i, j);
    }
    qm(i, i) = -out;
  }
  Eigen::Matrix4d a = qm.transpose();
  a.row(3).setOnes();  // replace one balance equation by the normalization
  const Eigen::Vector4d expected = a.fullPivLu().solve(Eigen::Vector4d(0, 0, 0, 1));
  Eigen::RowVector4d pi;
  for (int i = 0; i < 4; ++i) {
    pi(i) = dense.stationary()[static_cast<std::size_t>(i)];
    EXPECT_NEAR(pi(i), expected(i), 1e-14);
  }
  EXPECT_LT((pi * qm).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_NEAR(pi.sum(), 1.0, 1e-15);
}

TEST(MarkovModulatedArrivals, IndexOfDispersionMatchesTheTwoStateClosedForm) {
  // Asymptotically 1 + 2 * 81 * 0.005 / (0.15^3 * 4) = 61.
  const auto m = two_state();
  EXPECT_NEAR(m.asymptotic_index_of_dispersion(), 61.0, 1e-11);
  for (double t : {1e-3, 0.1, 1.0, 10.0, 100.0, 1e4, 1e7}) {
    EXPECT_NEAR(m.index_of_dispersion(t) / two_state_idc(t), 1.0, 1e-9) << "window " << t;
  }
  // A 3-state chain that lumps into the same 2-state rate process: states 1 and 2 both
  // have rate 1 and both leave to 0 at 0.05/s; state 0 leaves at 0.1/s in all. The general
  // K path (deviation matrix, Van Loan exponential) must agree with the closed form.
  const MarkovModulatedArrivals lumped({kL1, kL2, kL2},
                                       {{0, 0.06, 0.04}, {kQ21, 0, 0.3}, {kQ21, 0.7, 0}});
  EXPECT_NEAR(lumped.mean_rate(), 4.0, 1e-14);
  EXPECT_NEAR(lumped.stationary()[0], 1.0 / 3, 1e-15);
  for (double t : {0.1, 10.0, 100.0, 1e5}) {
    EXPECT_NEAR(lumped.index_of_dispersion(t) / two_state_idc(t), 1.0, 1e-9) << "window " << t;
  }
  EXPECT_THROW((void)m.index_of_dispersion(0.0), std::invalid_argument);
}

TEST(MarkovModulatedArrivals, LongRunCountsAreBurstyAsPredicted) {
  // One stationary run of T = 1e6 s (4e6 arrivals), cut into 10,000 windows of 100 s.
  //  - Long-run rate: started from pi, N(T) has mean 4 T and variance 4 T IDC(T) exactly;
  //    IDC(1e6) = 60.99, so SE(N(T)/T) = sqrt(4 * 60.99 / 1e6) = 0.0156 (the count is a sum
  //    over ~100,000 modulating cycles: normal by the CLT).
  //  - Window counts: mean 400, variance 400 IDC(100) = 400 * 57.0 = 22,800. The sample
  //    variance has SE sqrt((m4 - s^4) / n) ~ 1.4%; adjacent windows correlate by
  //    (pi1 pi2 81 (1 - e^-15)^2 / 0.15^2) / 22,800 = 3.5% (and by e^-15 less per further
  //    lag), which inflates that SE by a factor 1 + 2 * 0.035^2: negligible.
  auto m = two_state();
  auto g = RandomStream::derive(10, "mmpp.long");
  const int windows = 10'000;
  const double w = 100.0;
  const auto counts = window_counts(m, g, w, windows);
  const double horizon = w * windows;
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  EXPECT_NEAR(total / horizon, 4.0, 5 * std::sqrt(4.0 * two_state_idc(horizon) / horizon));
  const auto mo = moments_of(counts);
  const double var = 400 * two_state_idc(w);
  EXPECT_NEAR(two_state_idc(w), 57.0, 0.01);
  EXPECT_NEAR(mo.var, var, 5 * mo.var_se);
  EXPECT_GT(mo.var / mo.mean, 40.0);  // far from Poisson's 1
}

TEST(MarkovModulatedArrivals, InitialStateSetsTheTransient) {
  // E[N(tau) | X_0 = i] = l* tau + (l_i - l*)(1 - e^(-s tau)) / s (the rate relaxes to l* at
  // rate s = 0.15/s). tau = 5 s: 41.105 from state 0, 9.447 from state 1, 20 from pi.
  // 20,000 independent replications each (copies of a fresh stream drawing one after the
  // other from one generator); SE from their sample standard deviation (CLT).
  const double tau = 5.0;
  const double s = kQ12 + kQ21;
  const double relax = -std::expm1(-s * tau) / s;
  struct Case {
    std::optional<std::size_t> initial;
    double expected;
  };
  for (const Case& c : {Case{0, 20 + (kL1 - 4) * relax}, Case{1, 20 + (kL2 - 4) * relax},
                        Case{std::nullopt, 20.0}}) {
    SCOPED_TRACE(c.initial ? "state " + std::to_string(*c.initial) : std::string("stationary"));
    const auto prototype = two_state(c.initial);
    auto g = RandomStream::derive(11, "mmpp.transient");
    std::vector<double> n(20'000, 0.0);
    for (double& x : n) {
      auto m = prototype;
      for_each_arrival(m, g, tau, [&](double) { x += 1; });
    }
    const auto mo = moments_of(n);
    EXPECT_NEAR(mo.mean, c.expected, 5 * std::sqrt(mo.var / 20'000));
  }
  EXPECT_NEAR(20 + (kL1 - 4) * relax, 41.105, 1e-3);
}

TEST(MarkovModulatedArrivals, MultiTargetJumpsVisitStatesInProportion) {
  // The lumped 3-state chain jumps from state 0 to 1 or 2 at random. By hand, from the
  // balance equations: pi = (1/3, 146/315, 64/315), so per second 10/3, 146/315 and 64/315
  // arrivals happen in states 0, 1, 2. One run of 2e5 s (800,000 arrivals) in 100 batches
  // of 2000 s: the modulating chain forgets within ~1/0.15 = 7 s, so the batch counts are
  // nearly independent and their spread gives the SE of their mean (batch means).
  MarkovModulatedArrivals m({kL1, kL2, kL2}, {{0, 0.06, 0.04}, {kQ21, 0, 0.3}, {kQ21, 0.7, 0}});
  const std::array<double, 3> pi = {1.0 / 3, 146.0 / 315, 64.0 / 315};
  for (std::size_t k = 0; k < 3; ++k) EXPECT_NEAR(m.stationary()[k], pi[k], 1e-15);
  auto g = RandomStream::derive(12, "mmpp.three");
  constexpr int kBatches = 100;
  const double batch = 2000.0;
  std::array<std::vector<double>, 3> per_state;
  for (auto& v : per_state) v.assign(kBatches, 0.0);
  for_each_arrival(m, g, batch * kBatches, [&](double t) {
    ASSERT_TRUE(m.state().has_value());
    per_state[*m.state()][static_cast<std::size_t>(t / batch)] += 1;
  });
  const std::array<double, 3> rate = {kL1, kL2, kL2};
  for (std::size_t k = 0; k < 3; ++k) {
    const auto mo = moments_of(per_state[k]);
    EXPECT_NEAR(mo.mean, batch * pi[k] * rate[k], 5 * std::sqrt(mo.var / kBatches))
        << "state " << k;
  }
}

// ---- Batch ------------------------------------------------------------------------------------

TEST(BatchArrivals, CountsAndRunLengthsFollowTheBatchSizes) {
  // 3 batches/s of 1, 2, 4 or 8 jobs (p = 0.4, 0.3, 0.2, 0.1): E S = 2.6, E S^2 = 11.2, so
  // 7.8 jobs/s. Over T = 1e5 s the job count is compound Poisson: mean 780,000, variance
  // 3 T E S^2 = 3.36e6 (SE 1,833). Equal times form runs, one per batch: ~300,000 runs
  // (Poisson count) whose lengths must follow p (chi-square, 3 df, 0.001 critical 16.27).
  const std::vector<double> sizes = {1, 2, 4, 8};
  const std::vector<double> p = {0.4, 0.3, 0.2, 0.1};
  BatchArrivals b(3.0, DiscreteWeighted(sizes, p));
  EXPECT_NEAR(b.mean_batch_size(), 2.6, 1e-15);
  EXPECT_NEAR(b.mean_rate(), 7.8, 1e-14);
  EXPECT_EQ(b.rate_at(5.0), b.mean_rate());
  auto g = RandomStream::derive(13, "batch");
  const double horizon = 1e5;
  double jobs = 0;
  std::array<double, 9> runs_of{};  // by length
  double run_time = -1;
  std::uint64_t run_length = 0;
  std::uint64_t run_batch = 0;  // batch_size() reported during the run
  bool lengths_ok = true;
  auto close_run = [&] {
    if (run_length == 0) return;
    if (run_length >= runs_of.size() || run_length != run_batch) lengths_ok = false;
    runs_of[std::min<std::size_t>(run_length, 8)] += 1;
  };
  for_each_arrival(b, g, horizon, [&](double t) {
    jobs += 1;
    if (t != run_time) {
      close_run();
      run_time = t;
      run_length = 0;
      run_batch = b.batch_size();
    }
    if (b.batch_size() != run_batch) lengths_ok = false;
    ++run_length;
  });
  // The run cut by the horizon is left out (its last jobs lie beyond T).
  EXPECT_TRUE(lengths_ok);
  EXPECT_NEAR(jobs, 7.8 * horizon, 5 * std::sqrt(3 * horizon * 11.2));
  double batches = 0;
  for (double r : runs_of) batches += r;
  expect_poisson_count(batches, 3 * horizon, "batches");
  double chi2 = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const double e = batches * p[i];
    const double o = runs_of[static_cast<std::size_t>(sizes[i])];
    chi2 += (o - e) * (o - e) / e;
  }
  EXPECT_LT(chi2, 16.27);
  EXPECT_EQ(runs_of[3] + runs_of[5] + runs_of[6] + runs_of[7] + runs_of[0], 0);
}

TEST(BatchArrivals, ContinuousSizesRoundHalfUpAndClampAtOne) {
  // Uniform(0, 3) rounds to 1 on [0, 1.5) (p = 1/2, the clamp included), 2 on [1.5, 2.5)
  // (1/3), 3 on [2.5, 3) (1/6). 60,000 batches: chi-square, 2 df, 0.001 critical 13.82.
  BatchArrivals b(1.0, Uniform(0.0, 3.0));
  auto g = RandomStream::derive(14, "batch.uniform");
  std::array<double, 4> count{};
  for (int i = 0; i < 60'000; ++i) {
    b.next(g);
    ASSERT_GE(b.batch_size(), 1u);
    ASSERT_LE(b.batch_size(), 3u);
    ++count[b.batch_size()];
    for (std::uint64_t k = 1; k < b.batch_size(); ++k) b.next(g);  // the rest of the batch
  }
  const std::array<double, 4> p = {0, 0.5, 1.0 / 3, 1.0 / 6};
  double chi2 = 0;
  for (int k = 1; k <= 3; ++k)
    chi2 += (count[k] - 60'000 * p[k]) * (count[k] - 60'000 * p[k]) / (60'000 * p[k]);
  EXPECT_LT(chi2, 13.82);

  EXPECT_EQ(BatchArrivals::round_size(-5.0), 1u);
  EXPECT_EQ(BatchArrivals::round_size(0.2), 1u);
  EXPECT_EQ(BatchArrivals::round_size(1.49), 1u);
  EXPECT_EQ(BatchArrivals::round_size(1.5), 2u);
  EXPECT_EQ(BatchArrivals::round_size(2.5), 3u);
  EXPECT_EQ(BatchArrivals::round_size(1e300), BatchArrivals::kMaxBatchSize);
  EXPECT_EQ(BatchArrivals(1.0, Deterministic(3.4)).mean_batch_size(), 3.0);
  // DiscreteWeighted means count the rounded values: {0.2 -> 1, 2.6 -> 3}, equal weights.
  EXPECT_NEAR(BatchArrivals(1.0, DiscreteWeighted({0.2, 2.6}, {1, 1})).mean_batch_size(), 2.0,
              1e-15);
}

// ---- Every stream: determinism, independence, the variant -------------------------------------

std::vector<ArrivalStream> one_of_each() {
  return {PoissonArrivals(2.0),
          ProfiledPoissonArrivals({.base_rate_per_s = 0.01,
                                   .hourly = kHourly,
                                   .hourly_shape = HourlyShape::kLinear,
                                   .monthly_growth = 0.2}),
          two_state(), BatchArrivals(1.0, DiscreteWeighted({1, 2, 4, 8}, {4, 3, 2, 1}))};
}

std::vector<double> first_times(ArrivalStream s, RandomStream g, int n) {
  std::vector<double> t;
  for (int i = 0; i < n; ++i) t.push_back(next_arrival(s, g));
  return t;
}

TEST(ArrivalStream, SameSeedSameTimesAndTheVariantMatchesDirectCalls) {
  for (const ArrivalStream& s : one_of_each()) {
    SCOPED_TRACE(std::string(name(s)));
    const auto a = first_times(s, RandomStream::derive(15, name(s)), 2000);
    EXPECT_EQ(a, first_times(s, RandomStream::derive(15, name(s)), 2000));
    EXPECT_NE(a, first_times(s, RandomStream::derive(16, name(s)), 2000));
    EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
    std::visit(
        [&](auto direct) {
          auto g = RandomStream::derive(15, name(s));
          for (int i = 0; i < 2000; ++i) ASSERT_EQ(direct.next(g), a[static_cast<std::size_t>(i)]);
          EXPECT_EQ(mean_rate(s), direct.mean_rate());
        },
        s);
    // A copy taken midway continues exactly as the original.
    ArrivalStream original = s;
    auto g = RandomStream::derive(15, name(s));
    for (int i = 0; i < 1000; ++i) next_arrival(original, g);
    ArrivalStream copy = original;
    auto g_copy = g;
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(next_arrival(copy, g_copy), next_arrival(original, g));
  }
}

TEST(ArrivalStream, AStreamIgnoresHowMuchOthersDraw) {
  // B's times depend only on B's own named generator: the same whether A, on its own named
  // generator, draws nothing or a varying number of arrivals between B's.
  const auto streams = one_of_each();
  for (std::size_t bi = 0; bi < streams.size(); ++bi) {
    SCOPED_TRACE(std::string(name(streams[bi])));
    const auto alone = first_times(streams[bi], RandomStream::derive(17, "source.b"), 1000);
    ArrivalStream a = streams[(bi + 1) % streams.size()];
    ArrivalStream b = streams[bi];
    auto ga = RandomStream::derive(17, "source.a");
    auto gb = RandomStream::derive(17, "source.b");
    for (int i = 0; i < 1000; ++i) {
      for (int k = 0; k < i % 7; ++k) next_arrival(a, ga);
      ASSERT_EQ(next_arrival(b, gb), alone[static_cast<std::size_t>(i)]) << i;
    }
  }
}

TEST(ArrivalStream, NamesAndMeanRates) {
  std::vector<std::string> names;
  std::vector<double> rates;
  for (const ArrivalStream& s : one_of_each()) {
    names.emplace_back(name(s));
    rates.push_back(mean_rate(s));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"poisson", "profiled", "mmpp", "batch"}));
  const double mean_m = std::accumulate(kHourly.begin(), kHourly.end(), 0.0) / 24;
  EXPECT_EQ(rates[0], 2.0);
  EXPECT_NEAR(rates[1], 0.01 * mean_m, 1e-15);
  EXPECT_NEAR(rates[2], 4.0, 1e-14);
  EXPECT_NEAR(rates[3], 1.0 * (4 * 1 + 3 * 2 + 2 * 4 + 1 * 8) / 10.0, 1e-14);
}

// ---- Parameters ---------------------------------------------------------------------------------

TEST(ArrivalParameters, BadOnesThrowWithAClearMessage) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(message_of([] { PoissonArrivals(0.0); }),
            "poisson: rate must be positive and finite, got 0");
  EXPECT_THROW((void)PoissonArrivals(nan), std::invalid_argument);
  EXPECT_THROW((void)PoissonArrivals(kInf), std::invalid_argument);
  EXPECT_THROW((void)PoissonArrivals(1e-320), std::invalid_argument);  // 1 / rate overflows

  using P = ArrivalProfile;
  auto profiled = [](P p) { return [p] { ProfiledPoissonArrivals{p}; }; };
  EXPECT_EQ(message_of(profiled(P{.base_rate_per_s = -1})),
            "profiled: base rate must be positive and finite, got -1");
  EXPECT_EQ(message_of(profiled(P{.base_rate_per_s = 1, .hourly = std::vector<double>(23, 1.0)})),
            "profiled: the hourly profile needs 24 multipliers, got 23");
  std::vector<double> negative(24, 1.0);
  negative[5] = -1;
  EXPECT_EQ(message_of(profiled(P{.base_rate_per_s = 1, .hourly = negative})),
            "profiled: hourly multipliers must be non-negative and finite, got -1");
  EXPECT_EQ(message_of(profiled(P{.base_rate_per_s = 1, .daily = std::vector<double>(7, 0.0)})),
            "profiled: at least one daily multiplier must be positive");
  EXPECT_EQ(message_of(profiled(P{.base_rate_per_s = 1, .monthly_growth = -1})),
            "profiled: monthly growth must be finite and greater than -1, got -1");
  EXPECT_EQ(message_of(profiled(P{.base_rate_per_s = 1, .monthly = {0.0, 0.0}})),
            "profiled: at least one monthly multiplier must be positive");
  EXPECT_EQ(message_of(profiled(P{.base_rate_per_s = 1, .daily = {1, 1, 1, 1, 1, 1}})),
            "profiled: the daily profile needs 7 multipliers, got 6");
  EXPECT_THROW(profiled(P{.base_rate_per_s = 1, .week_offset_s = nan})(), std::invalid_argument);
  EXPECT_THROW(profiled(P{.base_rate_per_s = 1, .monthly = {1, nan}})(), std::invalid_argument);
  EXPECT_THROW(profiled(P{.base_rate_per_s = 1e300, .hourly = std::vector<double>(24, 1e300)})(),
               std::invalid_argument);  // the rate overflows

  using Q = std::vector<std::vector<double>>;
  EXPECT_EQ(message_of([] {
              MarkovModulatedArrivals({0, 0}, Q{{0, 1}, {1, 0}});
            }),
            "mmpp: every rate is zero");
  EXPECT_EQ(message_of([] {
              MarkovModulatedArrivals({1, -2}, Q{{0, 1}, {1, 0}});
            }),
            "mmpp: rates must be non-negative and finite, got -2");
  EXPECT_EQ(message_of([] {
              MarkovModulatedArrivals({1, 2}, Q{{0, 1}});
            }),
            "mmpp: 2 rates but a generator with 1 rows");
  EXPECT_EQ(message_of([] {
              MarkovModulatedArrivals({1, 2}, Q{{0, 1}, {1}});
            }),
            "mmpp: generator row 1 has 1 entries, not 2");
  EXPECT_EQ(message_of([] {
              MarkovModulatedArrivals({1, 2}, Q{{0, -1}, {1, 0}});
            }),
            "mmpp: off-diagonal transition rates must be non-negative and finite, got -1");
  EXPECT_EQ(message_of([] {
              MarkovModulatedArrivals({1, 2}, Q{{-2, 1}, {1, 0}});
            }),
            "mmpp: generator diagonal 0 is -2; it must be 0 or minus its row's off-diagonal "
            "sum, -1");
  EXPECT_EQ(message_of([] {
              MarkovModulatedArrivals({1, 2}, Q{{0, 1}, {0, 0}});
            }),
            "mmpp: the generator is not irreducible: state 1 cannot reach state 0");
  EXPECT_EQ(message_of([] {
              MarkovModulatedArrivals({1, 2, 3}, Q{{0, 1, 0}, {1, 0, 0}, {1, 1, 0}});
            }),
            "mmpp: the generator is not irreducible: state 2 cannot be reached from state 0");
  EXPECT_EQ(message_of([] {
              MarkovModulatedArrivals({1, 2}, Q{{0, 1}, {1, 0}}, 2);
            }),
            "mmpp: initial state 2 does not exist (2 states)");
  EXPECT_EQ(message_of([] { MarkovModulatedArrivals({}, Q{}); }), "mmpp: needs at least one state");
  // One state is a Poisson process (and needs no generator entries but its diagonal).
  MarkovModulatedArrivals one({3.0}, Q{{0.0}});
  EXPECT_EQ(one.mean_rate(), 3.0);
  EXPECT_NEAR(one.asymptotic_index_of_dispersion(), 1.0, 1e-15);

  EXPECT_EQ(message_of([] { BatchArrivals(0.0, Deterministic(2)); }),
            "batch: batch rate must be positive and finite, got 0");
}

}  // namespace
}  // namespace dcsim

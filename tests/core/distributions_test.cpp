#include "dcsim/core/distributions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "../test_support.hpp"

namespace dcsim {
namespace {

// How the statistical tests decide. Every test draws from a fixed seed, so it is
// deterministic; the thresholds are those a correct sampler passes with probability
// ~0.999 or better, so a pass is meaningful and a real defect of the size below fails:
//  - mean: |mean_hat - mu| < 5 SE, SE = sigma / sqrt(n) (n = 200,000; CLT; a bias of ~1% of
//    sigma fails);
//  - variance: |s^2 - sigma^2| < 5 SE, with SE = sqrt((mu4 - sigma^4) / n) from each
//    distribution's exact fourth central moment mu4 (the asymptotic variance of s^2);
//  - shape: one-sample Kolmogorov-Smirnov against the exact CDF, reject when
//    sqrt(n) D_n > 1.95 (the asymptotic 0.001 critical value); n = 100,000 detects a CDF
//    error of ~0.6%;
//  - frequencies: 5 binomial SEs, or chi-square at its 0.001 critical value.

constexpr int kMomentN = 200'000;
constexpr int kKsN = 100'000;
constexpr double kKsCritical = 1.95;

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

template <class Sampler>
std::vector<double> draw(Sampler&& s, int n) {
  std::vector<double> xs(static_cast<std::size_t>(n));
  for (double& x : xs) x = s();
  return xs;
}

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

// The fourth central moment from the raw moments E X, E X^2, E X^3, E X^4.
double central4(double m1, double m2, double m3, double m4) {
  return m4 - 4 * m3 * m1 + 6 * m2 * m1 * m1 - 3 * m1 * m1 * m1 * m1;
}

// Checks the sample mean and variance of `xs` against the closed forms; `mu4` is the exact
// fourth central moment.
void expect_moments(const std::vector<double>& xs, double mean, double var, double mu4) {
  const double n = static_cast<double>(xs.size());
  double s = 0;
  for (double x : xs) s += x;
  const double m = s / n;
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  const double v = ss / (n - 1);
  EXPECT_NEAR(m, mean, 5 * std::sqrt(var / n)) << "sample mean";
  EXPECT_NEAR(v, var, 5 * std::sqrt((mu4 - var * var) / n)) << "sample variance";
}

// The distribution's own mean() and variance() against the values the test derives.
template <class D>
void expect_closed_forms(const D& d, double mean, double var) {
  EXPECT_NEAR(d.mean(), mean, 1e-12 * std::abs(mean));
  EXPECT_NEAR(d.variance(), var, 1e-12 * std::abs(var));
}

template <class D>
std::vector<double> draws_of(const D& d, std::uint64_t seed, int n) {
  auto g = RandomStream::derive(seed, D::kName);
  return draw([&] { return d(g); }, n);
}

// ---- The ziggurats -------------------------------------------------------------------------

TEST(Ziggurat, TablesCloseAtTheMode) {
  // Every layer must have area v; the recurrence runs from the tail to the mode, so the top
  // layer accumulates every rounding error. It closes to ~1e-13 relative.
  for (const detail::Ziggurat* z : {&detail::kExpZiggurat, &detail::kNormalZiggurat}) {
    const double top = z->x[255] * (z->f[256] - z->f[255]);
    EXPECT_NEAR(top / z->v, 1.0, 1e-11);
    for (int i = 1; i < 255; ++i) {
      EXPECT_NEAR(z->x[i] * (z->f[i + 1] - z->f[i]) / z->v, 1.0, 1e-11) << "layer " << i;
    }
    EXPECT_EQ(z->f[256], 1.0);
  }
  // Marsaglia & Tsang's published r for the 256-layer exponential and normal ziggurats.
  EXPECT_NEAR(detail::kExpZiggurat.r, 7.69711747013104972, 1e-14);
  EXPECT_NEAR(detail::kNormalZiggurat.r, 3.6541528853610088, 1e-14);
  // The exponential base layer: r f(r) + tail = (r + 1) e^-r.
  EXPECT_NEAR(detail::kExpZiggurat.v, 3.9496598225815571993e-3, 1e-15);
}

TEST(PortableMath, AgreesWithLibmToAFewUlps) {
  auto g = RandomStream::derive(1, "math");
  for (int i = 0; i < 100000; ++i) {
    const double x = (g.uniform01() - 0.5) * 1400;  // the whole finite range of exp
    const double e = std::exp(x);
    if (e > 0x1p-1022 && std::isfinite(e)) {
      ASSERT_NEAR(detail::portable_exp(x), e, 4e-16 * e) << x;
    }
    const double y = std::exp((g.uniform01() - 0.5) * 1400);
    ASSERT_NEAR(detail::portable_log(y), std::log(y), 4e-16 * std::abs(std::log(y)) + 1e-300) << y;
    const double t = std::exp((g.uniform01() - 0.8) * 60);  // down to 1e-21
    ASSERT_NEAR(detail::portable_log1p(t), std::log1p(t), 8e-16 * std::log1p(t)) << t;
  }
  EXPECT_EQ(detail::portable_exp(0.0), 1.0);
  EXPECT_EQ(detail::portable_log(1.0), 0.0);
  EXPECT_EQ(detail::portable_exp(-std::numeric_limits<double>::infinity()), 0.0);
  EXPECT_EQ(detail::portable_exp(1000.0), std::numeric_limits<double>::infinity());
  EXPECT_EQ(detail::portable_log(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_NEAR(detail::portable_log(0x1p-1070), std::log(0x1p-1070), 1e-12);  // subnormal
  EXPECT_NEAR(detail::portable_exp(-740.0), std::exp(-740.0), 1e-323);       // subnormal
}

TEST(Ziggurat, StandardExponentialMatchesItsCdf) {
  constexpr int n = 1'000'000;  // more than the other KS tests: this is the hot sampler
  auto g = RandomStream::derive(10, "zig.exp");
  const auto xs = draw([&] { return standard_exponential(g); }, n);
  EXPECT_LT(ks_statistic(xs, [](double x) { return -std::expm1(-x); }), kKsCritical);
  expect_moments(xs, 1.0, 1.0, 9.0);
}

TEST(Ziggurat, StandardNormalMatchesItsCdf) {
  constexpr int n = 1'000'000;
  auto g = RandomStream::derive(11, "zig.normal");
  const auto xs = draw([&] { return standard_normal(g); }, n);
  EXPECT_LT(ks_statistic(xs, normal_cdf), kKsCritical);
  expect_moments(xs, 0.0, 1.0, 3.0);
}

// Chi-square over 1000 equiprobable bins (F(x) in [k/1000, (k+1)/1000)): sensitive to a
// local error the KS statistic would average out, such as one bad wedge. df = 999; the 0.001
// critical value by Wilson-Hilferty is ~1142.8.
double equiprobable_chi_square(const std::function<double()>& sample,
                               const std::function<double(double)>& cdf, int n) {
  constexpr int kBins = 1000;
  std::vector<int> count(kBins, 0);
  for (int i = 0; i < n; ++i) {
    const int b = std::min(kBins - 1, static_cast<int>(cdf(sample()) * kBins));
    ++count[static_cast<std::size_t>(b)];
  }
  const double expected = static_cast<double>(n) / kBins;
  double chi2 = 0;
  for (int c : count) chi2 += (c - expected) * (c - expected) / expected;
  return chi2;
}

double chi_square_critical_001(double df) {  // Wilson-Hilferty, z = 3.0902
  const double a = 2.0 / (9.0 * df);
  return df * std::pow(1.0 - a + 3.0902 * std::sqrt(a), 3);
}

TEST(Ziggurat, FineGrainedBinsMatch) {
  constexpr int n = 2'000'000;
  auto ge = RandomStream::derive(12, "zig.exp.bins");
  EXPECT_LT(equiprobable_chi_square([&] { return standard_exponential(ge); },
                                    [](double x) { return -std::expm1(-x); }, n),
            chi_square_critical_001(999));
  auto gn = RandomStream::derive(12, "zig.normal.bins");
  EXPECT_LT(equiprobable_chi_square([&] { return standard_normal(gn); }, normal_cdf, n),
            chi_square_critical_001(999));
}

// The observed count of an event of probability p in n trials is within 5 binomial SEs.
void expect_frequency(int count, int n, double p, const char* what) {
  const double sd = std::sqrt(n * p * (1 - p));
  EXPECT_NEAR(count, n * p, 5 * sd) << what;
}

TEST(Ziggurat, TailsHaveTheRightMass) {
  constexpr int n = 4'000'000;
  const double r_exp = detail::kExpZiggurat.r;
  auto ge = RandomStream::derive(13, "zig.exp.tail");
  int above5 = 0;
  int above_r = 0;
  int above12 = 0;
  double max_e = 0;
  for (int i = 0; i < n; ++i) {
    const double x = standard_exponential(ge);
    above5 += x > 5.0;
    above_r += x > r_exp;  // only the tail path (layer 0 overflow) produces these
    above12 += x > 12.0;
    max_e = std::max(max_e, x);
  }
  expect_frequency(above5, n, std::exp(-5.0), "P(E > 5)");
  expect_frequency(above_r, n, std::exp(-r_exp), "P(E > r)");
  expect_frequency(above12, n, std::exp(-12.0), "P(E > 12)");
  EXPECT_GT(max_e, 12.0);  // the tail is unbounded, not clipped at r

  const double r_norm = detail::kNormalZiggurat.r;
  auto gn = RandomStream::derive(13, "zig.normal.tail");
  int negative = 0;
  int beyond2 = 0;
  int beyond_r = 0;
  int beyond45 = 0;
  int above_rn = 0;
  for (int i = 0; i < n; ++i) {
    const double z = standard_normal(gn);
    negative += z < 0;
    beyond2 += std::abs(z) > 2.0;
    beyond_r += std::abs(z) > r_norm;
    above_rn += z > r_norm;  // the sign applies to the tail too
    beyond45 += std::abs(z) > 4.5;
  }
  expect_frequency(negative, n, 0.5, "P(Z < 0)");
  expect_frequency(beyond2, n, std::erfc(2.0 / std::sqrt(2.0)), "P(|Z| > 2)");
  expect_frequency(beyond_r, n, std::erfc(r_norm / std::sqrt(2.0)), "P(|Z| > r)");
  expect_frequency(above_rn, n, 0.5 * std::erfc(r_norm / std::sqrt(2.0)), "P(Z > r)");
  expect_frequency(beyond45, n, std::erfc(4.5 / std::sqrt(2.0)), "P(|Z| > 4.5)");
}

TEST(Ziggurat, DrawsArePinned) {
  // Regression values of this implementation (it uses no libm while sampling, so they are
  // the same on every IEEE platform; DOUBLE_EQ leaves room for FMA contraction). A change
  // here changes every scenario's results: it must be deliberate. Cross-checked against a
  // 40-digit evaluation of the same layers and bits (agreement to ~1e-15 relative).
  auto g = RandomStream::derive(1, "pinned");
  const std::array<double, 4> e = {standard_exponential(g), standard_exponential(g),
                                   standard_exponential(g), standard_exponential(g)};
  const std::array<double, 4> z = {standard_normal(g), standard_normal(g), standard_normal(g),
                                   standard_normal(g)};
  const std::array<double, 4> expected_e = {0.40665547210450831, 1.1192580803489953,
                                            0.21848052453459763, 1.1874108818790821};
  const std::array<double, 4> expected_z = {-1.454046206672323, -0.61055681457289801,
                                            1.3694708528035022, -1.8786992442343422};
  for (int i = 0; i < 4; ++i) {
    EXPECT_DOUBLE_EQ(e[i], expected_e[i]) << i;
    EXPECT_DOUBLE_EQ(z[i], expected_z[i]) << i;
  }
}

TEST(Ziggurat, InversionBaselineIsExponentialToo) {
  auto g = RandomStream::derive(14, "inversion");
  const auto xs = draw([&] { return exponential_by_inversion(g, 2.0); }, kKsN);
  EXPECT_LT(ks_statistic(xs, [](double x) { return -std::expm1(-x / 2.0); }), kKsCritical);
}

TEST(KolmogorovSmirnov, RejectsAWrongDistribution) {
  // The harness has power: Exp(1) draws are rejected against Exp(1.05) at n = 100,000.
  auto g = RandomStream::derive(15, "power");
  const auto xs = draw([&] { return standard_exponential(g); }, kKsN);
  EXPECT_GT(ks_statistic(xs, [](double x) { return -std::expm1(-x / 1.05); }), kKsCritical);
}

// ---- Each distribution: moments, closed forms, KS ---------------------------------------------

TEST(Deterministic, AlwaysItsValue) {
  const Deterministic d(4.25);
  auto g = RandomStream::derive(1, "det");
  const RandomStream before = g;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(d(g), 4.25);
  EXPECT_EQ(g, before);  // draws nothing
  expect_closed_forms(d, 4.25, 0.0);
}

TEST(Uniform, MomentsAndCdf) {
  const Uniform d(-2.0, 5.0);
  const double w = 7.0;
  expect_closed_forms(d, 1.5, w * w / 12);
  const auto xs = draws_of(d, 1, kMomentN);
  for (double x : xs) ASSERT_TRUE(x >= -2.0 && x < 5.0);
  expect_moments(xs, 1.5, w * w / 12, std::pow(w, 4) / 80);
  EXPECT_LT(ks_statistic(draws_of(d, 2, kKsN),
                         [](double x) { return std::clamp((x + 2.0) / 7.0, 0.0, 1.0); }),
            kKsCritical);
}

TEST(Exponential, MomentsCdfAndRate) {
  const Exponential d(3.5);
  expect_closed_forms(d, 3.5, 12.25);
  EXPECT_DOUBLE_EQ(Exponential::from_rate(4.0).mean(), 0.25);
  EXPECT_DOUBLE_EQ(d.rate(), 1 / 3.5);
  const auto xs = draws_of(d, 1, kMomentN);
  expect_moments(xs, 3.5, 12.25, 9 * std::pow(3.5, 4));
  EXPECT_LT(ks_statistic(draws_of(d, 2, kKsN), [](double x) { return -std::expm1(-x / 3.5); }),
            kKsCritical);
}

TEST(Exponential, TailBeyondFiveMeans) {
  // P(X > 5 mean) = e^-5 = 0.67%, for a non-unit mean.
  const Exponential d(0.2);
  constexpr int n = 1'000'000;
  auto g = RandomStream::derive(3, "exp.tail");
  int above = 0;
  for (int i = 0; i < n; ++i) above += d(g) > 5 * 0.2;
  expect_frequency(above, n, std::exp(-5.0), "P(X > 5 mean)");
}

TEST(Normal, MomentsAndCdf) {
  const Normal d(10.0, 2.5);
  expect_closed_forms(d, 10.0, 6.25);
  expect_moments(draws_of(d, 1, kMomentN), 10.0, 6.25, 3 * std::pow(2.5, 4));
  EXPECT_LT(ks_statistic(draws_of(d, 2, kKsN), [](double x) { return normal_cdf((x - 10) / 2.5); }),
            kKsCritical);
}

TEST(Lognormal, MomentsAndCdf) {
  const double mu = 0.5;
  const double s = 0.6;
  const Lognormal d(mu, s);
  const double mean = std::exp(mu + s * s / 2);
  const double var = (std::exp(s * s) - 1) * std::exp(2 * mu + s * s);
  expect_closed_forms(d, mean, var);
  const double kurtosis =
      std::exp(4 * s * s) + 2 * std::exp(3 * s * s) + 3 * std::exp(2 * s * s) - 3;
  expect_moments(draws_of(d, 1, kMomentN), mean, var, kurtosis * var * var);
  EXPECT_LT(
      ks_statistic(draws_of(d, 2, kKsN),
                   [&](double x) { return x <= 0 ? 0.0 : normal_cdf((std::log(x) - mu) / s); }),
      kKsCritical);
}

TEST(Lognormal, NamedConstructors) {
  const auto m = Lognormal::from_median(20.0, 0.3);
  EXPECT_NEAR(m.mu(), std::log(20.0), 1e-15);
  EXPECT_EQ(m.sigma(), 0.3);
  const auto ms = Lognormal::from_mean_sd(5.0, 2.0);
  EXPECT_NEAR(ms.mean(), 5.0, 1e-12);
  EXPECT_NEAR(ms.variance(), 4.0, 1e-12);
  // A tiny coefficient of variation keeps its precision (log1p, not log(1 + x)).
  const auto tight = Lognormal::from_mean_sd(1.0, 1e-9);
  EXPECT_NEAR(tight.sigma(), 1e-9, 1e-20);
}

void check_gamma(double k, double theta, std::uint64_t seed) {
  SCOPED_TRACE("gamma shape " + std::to_string(k));
  const Gamma d(k, theta);
  const double var = k * theta * theta;
  expect_closed_forms(d, k * theta, var);
  expect_moments(draws_of(d, seed, kMomentN), k * theta, var, (3 + 6 / k) * var * var);
  EXPECT_LT(
      ks_statistic(draws_of(d, seed + 1, kKsN),
                   [&](double x) { return x <= 0 ? 0.0 : boost::math::gamma_p(k, x / theta); }),
      kKsCritical);
}

TEST(Gamma, MomentsAndCdf) {
  check_gamma(2.5, 1.5, 1);   // Marsaglia-Tsang directly
  check_gamma(1.0, 2.0, 3);   // = exponential
  check_gamma(0.4, 2.0, 5);   // shape < 1: the U^(1/k) boost
  check_gamma(40.0, 0.1, 7);  // nearly normal
}

double weibull_raw_moment(double k, double lambda, int n) {
  return std::pow(lambda, n) * std::tgamma(1 + n / k);
}

void check_weibull(double k, double lambda, std::uint64_t seed) {
  SCOPED_TRACE("weibull shape " + std::to_string(k));
  const Weibull d(k, lambda);
  const double m1 = weibull_raw_moment(k, lambda, 1);
  const double m2 = weibull_raw_moment(k, lambda, 2);
  const double var = m2 - m1 * m1;
  expect_closed_forms(d, m1, var);
  const double mu4 =
      central4(m1, m2, weibull_raw_moment(k, lambda, 3), weibull_raw_moment(k, lambda, 4));
  expect_moments(draws_of(d, seed, kMomentN), m1, var, mu4);
  EXPECT_LT(
      ks_statistic(draws_of(d, seed + 1, kKsN),
                   [&](double x) { return x <= 0 ? 0.0 : -std::expm1(-std::pow(x / lambda, k)); }),
      kKsCritical);
}

TEST(Weibull, MomentsAndCdf) {
  check_weibull(1.7, 2.0, 1);
  check_weibull(0.7, 1.0, 3);  // decreasing hazard, heavier tail
}

TEST(Pareto, MomentsAndCdf) {
  // alpha = 9 for the moment test: the variance's standard error needs a finite 4th moment
  // and its normal approximation a finite 8th.
  const double a = 9.0;
  const double xm = 2.0;
  const Pareto d(a, xm);
  auto raw = [&](int n) { return a * std::pow(xm, n) / (a - n); };
  const double var = raw(2) - raw(1) * raw(1);
  expect_closed_forms(d, raw(1), var);
  expect_moments(draws_of(d, 1, kMomentN), raw(1), var, central4(raw(1), raw(2), raw(3), raw(4)));
  // The shape test is fine with a heavy tail: alpha = 1.5 (infinite variance).
  const Pareto heavy(1.5, 1.0);
  EXPECT_LT(ks_statistic(draws_of(heavy, 2, kKsN),
                         [](double x) { return x < 1.0 ? 0.0 : 1.0 - std::pow(1.0 / x, 1.5); }),
            kKsCritical);
  for (double x : draws_of(heavy, 3, 10000)) ASSERT_GE(x, 1.0);
}

TEST(Pareto, InfiniteMomentsAreInfinity) {
  EXPECT_EQ(Pareto(0.8, 1.0).mean(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(Pareto(1.0, 1.0).mean(), std::numeric_limits<double>::infinity());
  EXPECT_DOUBLE_EQ(Pareto(1.5, 1.0).mean(), 3.0);
  EXPECT_EQ(Pareto(1.5, 1.0).variance(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(Pareto(2.0, 1.0).variance(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(variance(Distribution{Pareto(2.0, 1.0)}), std::numeric_limits<double>::infinity());
}

// ---- DiscreteWeighted ------------------------------------------------------------------------

// Chi-square of the draws of `d` over its values; returns the statistic and checks that
// zero-weight values never occur. Cells are identified by position (values are distinct).
double discrete_chi_square(const DiscreteWeighted& d, std::uint64_t seed, int n, int* df) {
  const auto& v = d.values();
  const auto& p = d.probabilities();
  std::vector<int> count(v.size(), 0);
  auto g = RandomStream::derive(seed, "discrete.chi2");
  for (int i = 0; i < n; ++i) {
    const double x = d(g);
    const auto it = std::find(v.begin(), v.end(), x);
    EXPECT_NE(it, v.end()) << "drew a value not in the table: " << x;
    if (it != v.end()) ++count[static_cast<std::size_t>(it - v.begin())];
  }
  double chi2 = 0;
  *df = -1;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (p[i] == 0) {
      EXPECT_EQ(count[i], 0) << "zero-weight value " << v[i] << " was drawn";
      continue;
    }
    const double e = n * p[i];
    chi2 += (count[i] - e) * (count[i] - e) / e;
    ++*df;
  }
  return chi2;
}

TEST(DiscreteWeighted, FrequenciesMatchTheWeights) {
  const DiscreteWeighted d({1, 2, 5, 10, 20}, {5, 0, 2, 1, 0.5});
  int df = 0;
  const double chi2 = discrete_chi_square(d, 1, kMomentN, &df);
  EXPECT_EQ(df, 3);
  EXPECT_LT(chi2, 16.27);  // chi-square(3) 0.001 critical value
  EXPECT_NEAR(d.probabilities()[0], 5 / 8.5, 1e-15);
}

TEST(DiscreteWeighted, ManyUnevenWeights) {
  // 1000 values with weights spread over three orders of magnitude: exercises the alias
  // construction and the unbiased column choice for n not a power of two.
  std::vector<double> values;
  std::vector<double> weights;
  auto g = RandomStream::derive(2, "weights");
  for (int i = 0; i < 1000; ++i) {
    values.push_back(i);
    weights.push_back(std::pow(10.0, 3 * g.uniform01()));
  }
  const DiscreteWeighted d(values, weights);
  int df = 0;
  const double chi2 = discrete_chi_square(d, 3, 2'000'000, &df);
  EXPECT_EQ(df, 999);
  EXPECT_LT(chi2, chi_square_critical_001(999));
}

TEST(DiscreteWeighted, Moments) {
  const std::vector<double> v = {1, 2, 5, 10, 20};
  const std::vector<double> w = {5, 0, 2, 1, 0.5};
  const DiscreteWeighted d(v, w);
  double m[5] = {};  // raw moments 1..4
  for (std::size_t i = 0; i < v.size(); ++i) {
    for (int k = 1; k <= 4; ++k) m[k] += w[i] / 8.5 * std::pow(v[i], k);
  }
  const double var = m[2] - m[1] * m[1];
  expect_closed_forms(d, m[1], var);
  expect_moments(draws_of(d, 4, kMomentN), m[1], var, central4(m[1], m[2], m[3], m[4]));
  const DiscreteWeighted single({7.0}, {3.0});
  auto g = RandomStream::derive(5, "single");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(single(g), 7.0);
}

// ---- EmpiricalCdf -----------------------------------------------------------------------------

TEST(EmpiricalCdf, ReproducesTheQuantilesOfItsData) {
  const EmpiricalCdf d({3, 1, 4, 1, 5, 9, 2, 6});
  const std::vector<double> sorted = {1, 1, 2, 3, 4, 5, 6, 9};
  EXPECT_EQ(d.points(), sorted);
  const double n1 = static_cast<double>(sorted.size() - 1);
  for (std::size_t j = 0; j < sorted.size(); ++j) {
    EXPECT_NEAR(d.quantile(static_cast<double>(j) / n1), sorted[j], 1e-12) << j;
  }
  EXPECT_EQ(d.quantile(0.0), 1.0);
  EXPECT_EQ(d.quantile(1.0), 9.0);
  // Linear in between: halfway from x_(6) = 6 to x_(7) = 9.
  EXPECT_NEAR(d.quantile(6.5 / 7.0), 7.5, 1e-12);
  EXPECT_NEAR(d.cdf(7.5), 6.5 / 7.0, 1e-12);
  EXPECT_EQ(d.cdf(0.5), 0.0);
  EXPECT_EQ(d.cdf(9.0), 1.0);
  EXPECT_NEAR(d.cdf(1.0), 1.0 / 7.0, 1e-15);  // the tie at 1 is an atom of mass 1/7

  // Drawn values: the fraction at or below each data point is its rank / (n - 1).
  constexpr int n = kMomentN;
  const auto xs = draws_of(d, 1, n);
  for (double x : xs) ASSERT_TRUE(x >= 1.0 && x <= 9.0);
  for (std::size_t j = 1; j + 1 < sorted.size(); ++j) {
    const auto below =
        std::count_if(xs.begin(), xs.end(), [&](double x) { return x <= sorted[j]; });
    expect_frequency(static_cast<int>(below), n, static_cast<double>(j) / n1, "rank fraction");
  }
}

TEST(EmpiricalCdf, MomentsAndCdf) {
  // 300 points from a lognormal; the test's own CDF, mean and 4th moment of the
  // piecewise-uniform mixture are computed independently of the class.
  std::vector<double> data;
  auto g = RandomStream::derive(6, "empirical.data");
  const Lognormal src(1.0, 0.7);
  for (int i = 0; i < 300; ++i) data.push_back(src(g));
  const EmpiricalCdf d(data);
  std::vector<double> x = data;
  std::sort(x.begin(), x.end());
  const double w = 1.0 / static_cast<double>(x.size() - 1);
  double m1 = 0;
  for (std::size_t j = 0; j + 1 < x.size(); ++j) m1 += w * (x[j] + x[j + 1]) / 2;
  double m2c = 0;
  double m4c = 0;
  for (std::size_t j = 0; j + 1 < x.size(); ++j) {
    const double a = x[j] - m1;
    const double b = x[j + 1] - m1;
    m2c += w * (b * b * b - a * a * a) / (3 * (b - a));
    m4c += w * (std::pow(b, 5) - std::pow(a, 5)) / (5 * (b - a));
  }
  expect_closed_forms(d, m1, m2c);
  expect_moments(draws_of(d, 7, kMomentN), m1, m2c, m4c);
  const auto cdf = [&](double v) {
    if (v <= x.front()) return 0.0;
    if (v >= x.back()) return 1.0;
    std::size_t j = 0;
    while (x[j + 1] <= v) ++j;
    return (static_cast<double>(j) + (v - x[j]) / (x[j + 1] - x[j])) * w;
  };
  EXPECT_LT(ks_statistic(draws_of(d, 8, 20'000), cdf), kKsCritical);  // O(n) CDF: smaller n
  for (double p : {0.0, 0.1, 0.37, 0.5, 0.9, 1.0}) EXPECT_NEAR(d.cdf(d.quantile(p)), p, 1e-12);
}

TEST(EmpiricalCdf, CopiesShareTheData) {
  const EmpiricalCdf a({1.0, 2.0, 3.0});
  const EmpiricalCdf b = a;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(&a.points(), &b.points());
}

// ---- Parameters ---------------------------------------------------------------------------------

using testing::message_of;

TEST(Parameters, BadOnesThrowWithAClearMessage) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(message_of([] { Exponential(-1.0); }),
            "exponential: mean must be positive and finite, got -1");
  EXPECT_EQ(message_of([] { Exponential::from_rate(0.0); }),
            "exponential: rate must be positive and finite, got 0");
  EXPECT_EQ(message_of([] { Uniform(3.0, 2.0); }),
            "uniform: lo must be less than hi, got lo = 3, hi = 2");
  EXPECT_EQ(message_of([] { Gamma(0.0, 1.0); }), "gamma: shape must be positive and finite, got 0");
  EXPECT_EQ(message_of([] { DiscreteWeighted({1, 2}, {1}); }), "discrete: 2 values but 1 weights");

  EXPECT_THROW((void)Deterministic(inf), std::invalid_argument);
  EXPECT_THROW((void)Deterministic(nan), std::invalid_argument);
  EXPECT_THROW((void)Uniform(1.0, 1.0), std::invalid_argument);
  EXPECT_THROW((void)Uniform(0.0, inf), std::invalid_argument);
  EXPECT_THROW((void)Uniform(nan, 1.0), std::invalid_argument);
  EXPECT_THROW((void)Uniform(-1e308, 1e308), std::invalid_argument);  // width overflows
  EXPECT_THROW((void)Exponential(0.0), std::invalid_argument);
  EXPECT_THROW((void)Exponential(nan), std::invalid_argument);
  EXPECT_THROW((void)Exponential(inf), std::invalid_argument);
  EXPECT_THROW((void)Exponential::from_rate(-2.0), std::invalid_argument);
  EXPECT_THROW((void)Exponential::from_rate(1e-320), std::invalid_argument);  // mean overflows
  EXPECT_THROW((void)Normal(0.0, 0.0), std::invalid_argument);
  EXPECT_THROW((void)Normal(0.0, -1.0), std::invalid_argument);
  EXPECT_THROW((void)Normal(nan, 1.0), std::invalid_argument);
  EXPECT_THROW((void)Lognormal(0.0, 0.0), std::invalid_argument);
  EXPECT_THROW((void)Lognormal(inf, 1.0), std::invalid_argument);
  EXPECT_THROW((void)Lognormal::from_median(0.0, 1.0), std::invalid_argument);
  EXPECT_THROW((void)Lognormal::from_median(1.0, -1.0), std::invalid_argument);
  EXPECT_THROW((void)Lognormal::from_mean_sd(-1.0, 1.0), std::invalid_argument);
  EXPECT_THROW((void)Lognormal::from_mean_sd(1.0, 0.0), std::invalid_argument);
  EXPECT_THROW((void)Gamma(1.0, 0.0), std::invalid_argument);
  EXPECT_THROW((void)Gamma(-1.0, 1.0), std::invalid_argument);
  EXPECT_THROW((void)Weibull(0.0, 1.0), std::invalid_argument);
  EXPECT_THROW((void)Weibull(1.0, inf), std::invalid_argument);
  EXPECT_THROW((void)Pareto(0.0, 1.0), std::invalid_argument);
  EXPECT_THROW((void)Pareto(2.0, -1.0), std::invalid_argument);
  EXPECT_THROW((void)DiscreteWeighted({}, {}), std::invalid_argument);
  EXPECT_THROW((void)DiscreteWeighted({1, 2}, {1, -1}), std::invalid_argument);
  EXPECT_THROW((void)DiscreteWeighted({1, 2}, {0, 0}), std::invalid_argument);
  EXPECT_THROW((void)DiscreteWeighted({1, 2}, {1, nan}), std::invalid_argument);
  EXPECT_THROW((void)DiscreteWeighted({1, nan}, {1, 1}), std::invalid_argument);
  // The sum of the weights overflows.
  EXPECT_THROW((void)DiscreteWeighted({1, 2}, {1e308, 1e308}), std::invalid_argument);
  EXPECT_THROW((void)EmpiricalCdf({1.0}), std::invalid_argument);
  EXPECT_THROW((void)EmpiricalCdf({1.0, nan}), std::invalid_argument);
}

// ---- The variant -------------------------------------------------------------------------------

std::vector<Distribution> one_of_each() {
  return {Deterministic(2.0),
          Uniform(0.0, 1.0),
          Exponential(1.5),
          Normal(0.0, 1.0),
          Lognormal(0.0, 0.5),
          Gamma(0.7, 2.0),
          Weibull(1.5, 1.0),
          Pareto(2.5, 1.0),
          DiscreteWeighted({1, 2, 3}, {1, 2, 3}),
          EmpiricalCdf({0.5, 1.0, 4.0})};
}

TEST(Distribution, SamplingThroughTheVariantGivesTheSameDraws) {
  for (const Distribution& dist : one_of_each()) {
    SCOPED_TRACE(std::string(name(dist)));
    std::visit(
        [&](const auto& direct) {
          auto g1 = RandomStream::derive(9, "variant");
          auto g2 = RandomStream::derive(9, "variant");
          for (int i = 0; i < 1000; ++i) ASSERT_EQ(sample(dist, g1), direct(g2));
          EXPECT_EQ(g1, g2);  // and consumed the same words
          EXPECT_EQ(mean(dist), direct.mean());
          EXPECT_EQ(variance(dist), direct.variance());
        },
        dist);
  }
}

TEST(Distribution, NamesAreTheScenarioKeywords) {
  std::vector<std::string> names;
  for (const Distribution& d : one_of_each()) names.emplace_back(name(d));
  const std::vector<std::string> expected = {"deterministic", "uniform",  "exponential", "normal",
                                             "lognormal",     "gamma",    "weibull",     "pareto",
                                             "discrete",      "empirical"};
  EXPECT_EQ(names, expected);
}

TEST(Distribution, SameSeedSameDraws) {
  for (const Distribution& dist : one_of_each()) {
    SCOPED_TRACE(std::string(name(dist)));
    auto g1 = RandomStream::derive(10, name(dist));
    auto g2 = RandomStream::derive(10, name(dist));
    std::vector<double> a;
    std::vector<double> b;
    for (int i = 0; i < 1000; ++i) a.push_back(sample(dist, g1));
    for (int i = 0; i < 1000; ++i) b.push_back(sample(dist, g2));
    EXPECT_EQ(a, b);
    // A copy of the distribution draws the same too.
    const Distribution copy = dist;
    auto g3 = RandomStream::derive(10, name(dist));
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(sample(copy, g3), a[static_cast<std::size_t>(i)]);
  }
}

TEST(Distribution, AcceptsOther64BitGenerators) {
  std::mt19937_64 mt(5);
  const Exponential e(2.0);
  double s = 0;
  for (int i = 0; i < 100000; ++i) s += e(mt);
  EXPECT_NEAR(s / 100000, 2.0, 5 * 2.0 / std::sqrt(100000.0));
}

}  // namespace
}  // namespace dcsim

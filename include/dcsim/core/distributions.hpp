#pragma once
// Probability distributions for durations, sizes and choices: small value types, each with
// `operator()(rng)`, `mean()` and `variance()`, and `Distribution`, a std::variant of all of
// them (no virtual call, no allocation per draw; list-type data sits behind a shared_ptr, so
// copies are cheap).
//
// Reproducibility: a draw depends only on the generator's words and IEEE double arithmetic.
// The transcendental functions used *while sampling* are the portable ones below (plain
// double arithmetic, no libm), because libm's last bits differ between platforms and
// versions and one flipped comparison in a rejection loop changes every later draw.
// mean()/variance() are reports, not draws, and use <cmath>.
//
// Exponential and normal variates use 256-layer ziggurats (Marsaglia & Tsang, "The Ziggurat
// Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000), with tables built at
// compile time. The common path is one 64-bit draw, one table lookup, one integer compare and
// one multiply; the rare paths (wedges, tails) are exact, so the variates are exact in
// distribution up to the 2^-53 resolution of the uniform.
#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "dcsim/core/random.hpp"

namespace dcsim {

namespace detail {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

/// 2^k for -1022 <= k <= 1023 (built from bits: constexpr, no ldexp).
constexpr double pow2(int k) {
  return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);
}

// ln2 / 64 split so that k * kLn2By64Hi is exact for |k| < 2^17 (Cody & Waite reduction).
inline constexpr double kLn2By64Hi = 0x1.62e42fefcp-7;
inline constexpr double kLn2By64Lo = -0x1.c610ca86c3899p-43;
inline constexpr double k64ByLn2 = 0x1.71547652b82fep+6;

/// 2^(j/64), j = 0..63, correctly rounded (evaluated with 50-digit arithmetic).
inline constexpr std::array<double, 64> kExp2Table = {
    0x1.0000000000000p+0, 0x1.02c9a3e778061p+0, 0x1.059b0d3158574p+0, 0x1.0874518759bc8p+0,
    0x1.0b5586cf9890fp+0, 0x1.0e3ec32d3d1a2p+0, 0x1.11301d0125b51p+0, 0x1.1429aaea92de0p+0,
    0x1.172b83c7d517bp+0, 0x1.1a35beb6fcb75p+0, 0x1.1d4873168b9aap+0, 0x1.2063b88628cd6p+0,
    0x1.2387a6e756238p+0, 0x1.26b4565e27cddp+0, 0x1.29e9df51fdee1p+0, 0x1.2d285a6e4030bp+0,
    0x1.306fe0a31b715p+0, 0x1.33c08b26416ffp+0, 0x1.371a7373aa9cbp+0, 0x1.3a7db34e59ff7p+0,
    0x1.3dea64c123422p+0, 0x1.4160a21f72e2ap+0, 0x1.44e086061892dp+0, 0x1.486a2b5c13cd0p+0,
    0x1.4bfdad5362a27p+0, 0x1.4f9b2769d2ca7p+0, 0x1.5342b569d4f82p+0, 0x1.56f4736b527dap+0,
    0x1.5ab07dd485429p+0, 0x1.5e76f15ad2148p+0, 0x1.6247eb03a5585p+0, 0x1.6623882552225p+0,
    0x1.6a09e667f3bcdp+0, 0x1.6dfb23c651a2fp+0, 0x1.71f75e8ec5f74p+0, 0x1.75feb564267c9p+0,
    0x1.7a11473eb0187p+0, 0x1.7e2f336cf4e62p+0, 0x1.82589994cce13p+0, 0x1.868d99b4492edp+0,
    0x1.8ace5422aa0dbp+0, 0x1.8f1ae99157736p+0, 0x1.93737b0cdc5e5p+0, 0x1.97d829fde4e50p+0,
    0x1.9c49182a3f090p+0, 0x1.a0c667b5de565p+0, 0x1.a5503b23e255dp+0, 0x1.a9e6b5579fdbfp+0,
    0x1.ae89f995ad3adp+0, 0x1.b33a2b84f15fbp+0, 0x1.b7f76f2fb5e47p+0, 0x1.bcc1e904bc1d2p+0,
    0x1.c199bdd85529cp+0, 0x1.c67f12e57d14bp+0, 0x1.cb720dcef9069p+0, 0x1.d072d4a07897cp+0,
    0x1.d5818dcfba487p+0, 0x1.da9e603db3285p+0, 0x1.dfc97337b9b5fp+0, 0x1.e502ee78b3ff6p+0,
    0x1.ea4afa2a490dap+0, 0x1.efa1bee615a27p+0, 0x1.f50765b6e4540p+0, 0x1.fa7c1819e90d8p+0};

/// e^x within about 1 ulp: x = (64 m + j) ln2/64 + r with |r| <= ln2/128, so
/// e^x = 2^m 2^(j/64) e^r, and e^r - 1 is a degree-5 polynomial (truncation < 2^-54).
constexpr double portable_exp(double x) {
  if (x != x) return x;
  if (x > 709.782712893383973096) return kInf;  // above ln(DBL_MAX)
  if (x < -745.2) return 0.0;                   // below half the smallest subnormal
  // Round to nearest without a branch or libm: adding 1.5 * 2^52 leaves no fraction bits.
  const double kd = (x * k64ByLn2 + 0x1.8p52) - 0x1.8p52;
  const double r = (x - kd * kLn2By64Hi) - kd * kLn2By64Lo;
  const auto k = static_cast<std::int64_t>(kd);
  const double t = kExp2Table[static_cast<std::size_t>(k & 63)];
  const double r2 = r * r;
  const double q = r + r2 * (0.5 + r * (1.0 / 6.0)) + (r2 * r2) * (1.0 / 24.0 + r * (1.0 / 120.0));
  const double y = t + t * q;
  const int m = static_cast<int>(k >> 6);  // floor(k / 64)
  if (m > 1023) return y * pow2(1023) * pow2(m - 1023);
  if (m < -1022) return y * pow2(m + 200) * pow2(-200);  // subnormal result: round once, last
  return y * pow2(m);
}

// ln 2 split so that e * kLn2Hi is exact for |e| < 2^11.
inline constexpr double kLn2Hi = 0x1.62e42fefa4p-1;
inline constexpr double kLn2Lo = -0x1.8432a1b0e2634p-43;

/// ln(x) within about 1 ulp. x = m 2^e with m in [sqrt(1/2), sqrt(2)), found without a
/// branch by subtracting the bits of sqrt(1/2); ln(m) = ln(1+f) from s = f/(2+f) and the
/// atanh series 2s + s R(z), z = s^2 <= 0.0295, R = sum_{j=1..10} 2 z^j/(2j+1) (truncation
/// below 2^-56), arranged as f - (f^2/2 - s (f^2/2 + R)) to keep the exact f leading.
constexpr double portable_log(double x) {
  if (x != x || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -kInf;
  if (x == kInf) return kInf;
  int bias = 0;
  if (x < 0x1p-1022) {  // subnormal: normalize first
    x *= 0x1p54;
    bias = -54;
  }
  const auto bits = std::bit_cast<std::uint64_t>(x);
  const std::uint64_t rel = bits - 0x3fe6a09e667f3bcdu;  // 0x3fe6a09e667f3bcd = sqrt(1/2)
  const auto e = static_cast<std::int64_t>(rel) >> 52;
  const double m = std::bit_cast<double>(bits - (static_cast<std::uint64_t>(e) << 52));
  const double f = m - 1.0;  // exact (Sterbenz)
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double z2 = z * z;
  const double z4 = z2 * z2;
  // Estrin's scheme for R/z, a degree-9 polynomial in z: short dependency chains.
  const double a0 = 2.0 / 3.0 + z * (2.0 / 5.0);
  const double a1 = 2.0 / 7.0 + z * (2.0 / 9.0);
  const double a2 = 2.0 / 11.0 + z * (2.0 / 13.0);
  const double a3 = 2.0 / 15.0 + z * (2.0 / 17.0);
  const double a4 = 2.0 / 19.0 + z * (2.0 / 21.0);
  const double big_r = z * ((a0 + z2 * a1) + z4 * (a2 + z2 * a3) + (z4 * z4) * a4);
  const double hfsq = 0.5 * f * f;
  const auto ed = static_cast<double>(e + bias);
  return ed * kLn2Hi + (f - (hfsq - (s * (hfsq + big_r) + ed * kLn2Lo)));
}

/// ln(1+x), accurate for small x (Goldberg's correction: u = 1+x rounded, then rescale).
constexpr double portable_log1p(double x) {
  const double u = 1.0 + x;
  if (u == 1.0) return x;
  if (u == kInf) return kInf;
  return portable_log(u) * (x / (u - 1.0));
}

/// sqrt by Newton's iteration; only for building the tables at compile time.
constexpr double constexpr_sqrt(double x) {
  if (x <= 0) return 0.0;
  double y = x < 1 ? 1.0 : x;
  for (int i = 0; i < 200; ++i) {
    const double next = 0.5 * (y + x / y);
    if (next >= y) break;  // monotone decreasing from above until it converges
    y = next;
  }
  return y;
}

// ---- Ziggurats -------------------------------------------------------------------------
//
// 256 layers of equal area v under an unnormalized density f, decreasing on [0, inf):
// layer 0 is the rectangle [0, r] x [0, f(r)] plus the tail beyond r, drawn as if it were a
// rectangle [0, x0] x [0, f(r)] with x0 = v / f(r); layer i >= 1 is [0, x_i] x [f(x_i),
// f(x_{i+1})], with x_1 = r, x_{i+1} = f^-1(f(x_i) + v / x_i), x_256 = 0. A draw picks a
// layer (8 bits) and x = u x_i (53 bits): x < x_{i+1} lies under the curve (the common
// case); otherwise it is a wedge (accept if a uniform height is below f(x)) or the tail.
// r is the root that makes the layers close exactly at the mode (found with 40-digit
// arithmetic; it matches Marsaglia & Tsang's published values).

struct ZigguratLayer {
  std::uint64_t k;  // accept u < k without looking at f: k = floor(2^53 x_{i+1} / x_i)
  double w;         // x_i * 2^-53, so x = u * w
};

struct Ziggurat {
  std::array<ZigguratLayer, 256> layer;
  std::array<double, 257> x;  // x_0 .. x_256 (x_256 = 0)
  std::array<double, 257> f;  // f(x_i)
  double r;                   // start of the tail
  double v;                   // area of each layer
};

template <class F, class FInv>
constexpr Ziggurat make_ziggurat(double r, double v, F f, FInv f_inv) {
  Ziggurat z{};
  z.r = r;
  z.v = v;
  z.x[0] = v / f(r);
  z.x[1] = r;
  for (int i = 1; i < 255; ++i) z.x[i + 1] = f_inv(f(z.x[i]) + v / z.x[i]);
  z.x[256] = 0.0;
  for (int i = 0; i < 257; ++i) z.f[i] = f(z.x[i]);
  for (int i = 0; i < 256; ++i) {
    z.layer[i].k = static_cast<std::uint64_t>(z.x[i + 1] / z.x[i] * 0x1p53);
    z.layer[i].w = z.x[i] * 0x1p-53;
  }
  return z;
}

// f(x) = e^-x. The tail area is f(r), so v = (r + 1) e^-r.
inline constexpr double kExpR = 7.697117470131049714044628;
inline constexpr Ziggurat kExpZiggurat = make_ziggurat(
    kExpR, (kExpR + 1.0) * portable_exp(-kExpR), [](double x) { return portable_exp(-x); },
    [](double y) { return -portable_log(y); });

// f(x) = e^(-x^2/2). v = r f(r) + sqrt(pi/2) erfc(r / sqrt 2), evaluated with 40 digits.
inline constexpr double kNormalR = 3.65415288536100877164543;
inline constexpr double kNormalV = 0.004928673233974655347361775;
inline constexpr Ziggurat kNormalZiggurat = make_ziggurat(
    kNormalR, kNormalV, [](double x) { return portable_exp(-0.5 * x * x); },
    [](double y) { return constexpr_sqrt(-2.0 * portable_log(y)); });

static_assert(kExpZiggurat.x[255] > 0.0 && kExpZiggurat.x[255] < kExpZiggurat.x[254]);
static_assert(kNormalZiggurat.x[255] > 0.0 && kNormalZiggurat.x[255] < kNormalZiggurat.x[254]);

template <RandomBits64 G>
double exponential_slow_path(G& g, std::uint64_t bits) {
  const Ziggurat& z = kExpZiggurat;
  double offset = 0.0;
  for (;;) {
    const unsigned i = bits & 0xff;
    const std::uint64_t u = bits >> 11;
    const double x = static_cast<double>(u) * z.layer[i].w;
    if (u < z.layer[i].k) return offset + x;
    if (i == 0) {
      offset += z.r;  // the tail beyond r is r + Exp(1) (memorylessness): draw again
    } else if (z.f[i] + bits_to_unit01(g()) * (z.f[i + 1] - z.f[i]) < portable_exp(-x)) {
      return offset + x;
    }
    bits = g();
  }
}

/// Gives x the sign in bit 8 of the draw (branch-free: a data-dependent branch on a random
/// sign would mispredict half the time).
constexpr double with_sign_bit8(double x, std::uint64_t bits) {
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) | ((bits & 0x100u) << 55));
}

template <RandomBits64 G>
double standard_exponential_impl(G& g);

template <RandomBits64 G>
double normal_slow_path(G& g, std::uint64_t bits) {
  const Ziggurat& z = kNormalZiggurat;
  for (;;) {
    const unsigned i = bits & 0xff;
    const std::uint64_t u = bits >> 11;
    const double x = static_cast<double>(u) * z.layer[i].w;
    if (u < z.layer[i].k) return with_sign_bit8(x, bits);
    if (i == 0) {
      // Tail beyond r (Marsaglia 1964): t = E1 / r, accept when 2 E2 > t^2; then r + t.
      double t = 0.0;
      double y = 0.0;
      do {
        t = standard_exponential_impl(g) / z.r;
        y = standard_exponential_impl(g);
      } while (y + y < t * t);
      return with_sign_bit8(z.r + t, bits);
    }
    if (z.f[i] + bits_to_unit01(g()) * (z.f[i + 1] - z.f[i]) < portable_exp(-0.5 * x * x)) {
      return with_sign_bit8(x, bits);
    }
    bits = g();
  }
}

template <RandomBits64 G>
inline double standard_exponential_impl(G& g) {
  const std::uint64_t bits = g();
  const ZigguratLayer& l = kExpZiggurat.layer[bits & 0xff];
  const std::uint64_t u = bits >> 11;  // bits 11..63: disjoint from the layer index
  if (u < l.k) [[likely]] {
    return static_cast<double>(u) * l.w;
  }
  return exponential_slow_path(g, bits);
}

// ---- Parameter checks ------------------------------------------------------------------

/// The shortest text that reads back as `v` ("0.1", "-3", "inf", "nan").
inline std::string to_text(double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

[[noreturn]] inline void bad_parameter(std::string_view dist, std::string_view what, double got) {
  throw std::invalid_argument(std::string(dist) + ": " + std::string(what) + ", got " +
                              to_text(got));
}

inline void require_finite(double v, std::string_view dist, std::string_view param) {
  if (!std::isfinite(v)) bad_parameter(dist, std::string(param) + " must be finite", v);
}

inline void require_positive(double v, std::string_view dist, std::string_view param) {
  if (!(v > 0) || !std::isfinite(v)) {
    bad_parameter(dist, std::string(param) + " must be positive and finite", v);
  }
}

}  // namespace detail

/// Exp(1) by the ziggurat.
template <RandomBits64 G>
inline double standard_exponential(G& g) {
  return detail::standard_exponential_impl(g);
}

/// N(0, 1) by the ziggurat (layer: bits 0-7, sign: bit 8, uniform: bits 11-63).
template <RandomBits64 G>
inline double standard_normal(G& g) {
  const std::uint64_t bits = g();
  const detail::ZigguratLayer& l = detail::kNormalZiggurat.layer[bits & 0xff];
  const std::uint64_t u = bits >> 11;
  if (u < l.k) [[likely]] {
    return detail::with_sign_bit8(static_cast<double>(u) * l.w, bits);
  }
  return detail::normal_slow_path(g, bits);
}

/// Exp(mean) by inversion, -mean ln U, with libm's log: the textbook method, kept as the
/// baseline the ziggurat is benchmarked against.
inline double exponential_by_inversion(RandomStream& g, double mean) {
  return -mean * std::log(g.uniform_open01());
}

// ---- Distributions -----------------------------------------------------------------------

/// Always `value`. Draws nothing from the generator.
class Deterministic {
 public:
  static constexpr std::string_view kName = "deterministic";
  explicit Deterministic(double value) : value_(value) {
    detail::require_finite(value, kName, "value");
  }
  template <RandomBits64 G>
  double operator()(G& /*g*/) const {
    return value_;
  }
  [[nodiscard]] double value() const { return value_; }
  [[nodiscard]] double mean() const { return value_; }
  [[nodiscard]] double variance() const { return 0.0; }

 private:
  double value_;
};

/// Uniform on [lo, hi) (hi itself only through rounding of lo + (hi - lo) u).
class Uniform {
 public:
  static constexpr std::string_view kName = "uniform";
  Uniform(double lo, double hi) : lo_(lo), width_(hi - lo) {
    detail::require_finite(lo, kName, "lo");
    detail::require_finite(hi, kName, "hi");
    if (!(lo < hi)) {
      throw std::invalid_argument("uniform: lo must be less than hi, got lo = " +
                                  detail::to_text(lo) + ", hi = " + detail::to_text(hi));
    }
    detail::require_finite(width_, kName, "hi - lo");
  }
  template <RandomBits64 G>
  double operator()(G& g) const {
    return lo_ + width_ * bits_to_unit01(g());
  }
  [[nodiscard]] double lo() const { return lo_; }
  [[nodiscard]] double hi() const { return lo_ + width_; }
  [[nodiscard]] double mean() const { return lo_ + 0.5 * width_; }
  [[nodiscard]] double variance() const { return width_ * width_ / 12.0; }

 private:
  double lo_;
  double width_;
};

/// Exponential with the given mean (the engine's inter-event times: the hot path).
class Exponential {
 public:
  static constexpr std::string_view kName = "exponential";
  explicit Exponential(double mean) : mean_(mean) { detail::require_positive(mean, kName, "mean"); }
  static Exponential from_rate(double rate) {
    detail::require_positive(rate, kName, "rate");
    return Exponential(1.0 / rate);
  }
  template <RandomBits64 G>
  double operator()(G& g) const {
    return mean_ * standard_exponential(g);
  }
  [[nodiscard]] double rate() const { return 1.0 / mean_; }
  [[nodiscard]] double mean() const { return mean_; }
  [[nodiscard]] double variance() const { return mean_ * mean_; }

 private:
  double mean_;
};

class Normal {
 public:
  static constexpr std::string_view kName = "normal";
  Normal(double mean, double sd) : mean_(mean), sd_(sd) {
    detail::require_finite(mean, kName, "mean");
    detail::require_positive(sd, kName, "sd");
  }
  template <RandomBits64 G>
  double operator()(G& g) const {
    return mean_ + sd_ * standard_normal(g);
  }
  [[nodiscard]] double sd() const { return sd_; }
  [[nodiscard]] double mean() const { return mean_; }
  [[nodiscard]] double variance() const { return sd_ * sd_; }

 private:
  double mean_;
  double sd_;
};

/// e^(mu + sigma Z): mu and sigma are those of the underlying normal.
class Lognormal {
 public:
  static constexpr std::string_view kName = "lognormal";
  Lognormal(double mu, double sigma) : mu_(mu), sigma_(sigma) {
    detail::require_finite(mu, kName, "mu");
    detail::require_positive(sigma, kName, "sigma");
  }
  /// The median is e^mu.
  static Lognormal from_median(double median, double sigma) {
    detail::require_positive(median, kName, "median");
    return Lognormal(detail::portable_log(median), sigma);
  }
  /// Matches a mean and standard deviation: sigma^2 = ln(1 + sd^2/mean^2),
  /// mu = ln(mean) - sigma^2 / 2.
  static Lognormal from_mean_sd(double mean, double sd) {
    detail::require_positive(mean, kName, "mean");
    detail::require_positive(sd, kName, "sd");
    const double cv = sd / mean;
    const double s2 = detail::portable_log1p(cv * cv);
    return Lognormal(detail::portable_log(mean) - 0.5 * s2, std::sqrt(s2));
  }
  template <RandomBits64 G>
  double operator()(G& g) const {
    return detail::portable_exp(mu_ + sigma_ * standard_normal(g));
  }
  [[nodiscard]] double mu() const { return mu_; }
  [[nodiscard]] double sigma() const { return sigma_; }
  [[nodiscard]] double mean() const { return std::exp(mu_ + 0.5 * sigma_ * sigma_); }
  [[nodiscard]] double variance() const {
    const double s2 = sigma_ * sigma_;
    return std::expm1(s2) * std::exp(2.0 * mu_ + s2);
  }

 private:
  double mu_;
  double sigma_;
};

/// Gamma(shape k, scale theta), mean k theta. Marsaglia & Tsang, "A Simple Method for
/// Generating Gamma Variables" (ACM TOMS 26(3), 2000); for k < 1, Gamma(k + 1) U^(1/k), with
/// U^(1/k) drawn as e^(-E/k), E ~ Exp(1).
class Gamma {
 public:
  static constexpr std::string_view kName = "gamma";
  Gamma(double shape, double scale) : shape_(shape), scale_(scale) {
    detail::require_positive(shape, kName, "shape");
    detail::require_positive(scale, kName, "scale");
    d_ = (shape < 1.0 ? shape + 1.0 : shape) - 1.0 / 3.0;
    c_ = 1.0 / std::sqrt(9.0 * d_);
    inv_shape_ = 1.0 / shape;
  }
  template <RandomBits64 G>
  double operator()(G& g) const {
    double x = 0.0;
    for (;;) {
      double z = 0.0;
      double v = 0.0;
      do {
        z = standard_normal(g);
        v = 1.0 + c_ * z;
      } while (v <= 0.0);
      v = v * v * v;
      const double u = bits_to_open01(g());
      const double z2 = z * z;
      if (u < 1.0 - 0.0331 * z2 * z2 ||  // squeeze: avoids both logs ~98% of the time
          detail::portable_log(u) < 0.5 * z2 + d_ * (1.0 - v + detail::portable_log(v))) {
        x = d_ * v;
        break;
      }
    }
    if (shape_ < 1.0) x *= detail::portable_exp(-standard_exponential(g) * inv_shape_);
    return x * scale_;
  }
  [[nodiscard]] double shape() const { return shape_; }
  [[nodiscard]] double scale() const { return scale_; }
  [[nodiscard]] double mean() const { return shape_ * scale_; }
  [[nodiscard]] double variance() const { return shape_ * scale_ * scale_; }

 private:
  double shape_;
  double scale_;
  double d_ = 0.0;  // Marsaglia-Tsang constants for shape (or shape + 1 when shape < 1)
  double c_ = 0.0;
  double inv_shape_ = 0.0;
};

/// Weibull(shape k, scale lambda): lambda E^(1/k), E ~ Exp(1).
class Weibull {
 public:
  static constexpr std::string_view kName = "weibull";
  Weibull(double shape, double scale) : shape_(shape), scale_(scale), inv_shape_(1.0 / shape) {
    detail::require_positive(shape, kName, "shape");
    detail::require_positive(scale, kName, "scale");
  }
  template <RandomBits64 G>
  double operator()(G& g) const {
    return scale_ *
           detail::portable_exp(detail::portable_log(standard_exponential(g)) * inv_shape_);
  }
  [[nodiscard]] double shape() const { return shape_; }
  [[nodiscard]] double scale() const { return scale_; }
  [[nodiscard]] double mean() const { return scale_ * std::tgamma(1.0 + inv_shape_); }
  [[nodiscard]] double variance() const {
    const double g1 = std::tgamma(1.0 + inv_shape_);
    return scale_ * scale_ * (std::tgamma(1.0 + 2.0 * inv_shape_) - g1 * g1);
  }

 private:
  double shape_;
  double scale_;
  double inv_shape_;
};

/// Pareto (type I): P(X > x) = (x_m / x)^alpha for x >= x_m; drawn as x_m e^(E/alpha).
/// The mean is infinite for alpha <= 1, the variance for alpha <= 2.
class Pareto {
 public:
  static constexpr std::string_view kName = "pareto";
  Pareto(double alpha, double x_m) : alpha_(alpha), x_m_(x_m), inv_alpha_(1.0 / alpha) {
    detail::require_positive(alpha, kName, "shape alpha");
    detail::require_positive(x_m, kName, "scale x_m");
  }
  template <RandomBits64 G>
  double operator()(G& g) const {
    return x_m_ * detail::portable_exp(standard_exponential(g) * inv_alpha_);
  }
  [[nodiscard]] double alpha() const { return alpha_; }
  [[nodiscard]] double x_m() const { return x_m_; }
  [[nodiscard]] double mean() const {
    return alpha_ > 1.0 ? alpha_ * x_m_ / (alpha_ - 1.0) : detail::kInf;
  }
  [[nodiscard]] double variance() const {
    if (!(alpha_ > 2.0)) return detail::kInf;
    const double a1 = alpha_ - 1.0;
    return x_m_ * x_m_ * alpha_ / (a1 * a1 * (alpha_ - 2.0));
  }

 private:
  double alpha_;
  double x_m_;
  double inv_alpha_;
};

/// values[i] with probability weights[i] / sum(weights), by Vose's alias method: O(n) to
/// build, O(1) and one 64-bit word per draw.
class DiscreteWeighted {
 public:
  static constexpr std::string_view kName = "discrete";

  DiscreteWeighted(std::vector<double> values, std::vector<double> weights) {
    if (values.empty()) throw std::invalid_argument("discrete: needs at least one value");
    if (values.size() != weights.size()) {
      throw std::invalid_argument("discrete: " + std::to_string(values.size()) + " values but " +
                                  std::to_string(weights.size()) + " weights");
    }
    double total = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      detail::require_finite(values[i], kName, "value");
      if (!(weights[i] >= 0.0) || !std::isfinite(weights[i])) {
        detail::bad_parameter(kName, "weights must be non-negative and finite", weights[i]);
      }
      total += weights[i];
    }
    if (!(total > 0.0) || !std::isfinite(total)) {
      detail::bad_parameter(kName, "the weights must have a positive finite sum", total);
    }
    auto data = std::make_shared<Data>();
    const std::size_t n = values.size();
    data->probabilities.resize(n);
    for (std::size_t i = 0; i < n; ++i) data->probabilities[i] = weights[i] / total;
    build_alias_table(*data, values);
    data->values = std::move(values);
    mean_ = 0.0;
    for (std::size_t i = 0; i < n; ++i) mean_ += data->probabilities[i] * data->values[i];
    variance_ = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double d = data->values[i] - mean_;
      variance_ += data->probabilities[i] * d * d;
    }
    data_ = std::move(data);
  }

  /// The column is chosen without bias by Lemire's multiply-and-reject ("Fast Random Integer
  /// Generation in an Interval", 2019); the low half of the same 128-bit product then runs
  /// on a grid of step n/2^64 within the column and serves as the alias coin.
  template <RandomBits64 G>
  double operator()(G& g) const {
    __extension__ using U128 = unsigned __int128;
    const auto& cells = data_->cells;
    const std::uint64_t n = cells.size();
    U128 m = static_cast<U128>(g()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) [[unlikely]] {
      const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
      while (low < threshold) {
        m = static_cast<U128>(g()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    const Cell& c = cells[static_cast<std::size_t>(m >> 64)];
    // An index, not a branch: the coin is a 50/50 guess for the branch predictor.
    return c.outcome[bits_to_unit01(low) >= c.keep ? 1 : 0];
  }

  [[nodiscard]] const std::vector<double>& values() const { return data_->values; }
  /// The normalized weights, in the order of values().
  [[nodiscard]] const std::vector<double>& probabilities() const { return data_->probabilities; }
  [[nodiscard]] double mean() const { return mean_; }
  [[nodiscard]] double variance() const { return variance_; }

 private:
  struct Cell {
    double keep;                    // probability of keeping this column's own value
    std::array<double, 2> outcome;  // {own value, alias value}
  };
  struct Data {
    std::vector<Cell> cells;
    std::vector<double> values;
    std::vector<double> probabilities;
  };

  static void build_alias_table(Data& d, const std::vector<double>& values) {
    const std::size_t n = values.size();
    std::vector<double> scaled(n);
    std::vector<std::size_t> small;
    std::vector<std::size_t> large;
    for (std::size_t i = 0; i < n; ++i) {
      scaled[i] = d.probabilities[i] * static_cast<double>(n);
      (scaled[i] < 1.0 ? small : large).push_back(i);
    }
    d.cells.resize(n);
    while (!small.empty() && !large.empty()) {
      const std::size_t s = small.back();
      small.pop_back();
      const std::size_t l = large.back();
      large.pop_back();
      d.cells[s] = {scaled[s], {values[s], values[l]}};
      scaled[l] = (scaled[l] + scaled[s]) - 1.0;  // Vose's order of operations: less drift
      (scaled[l] < 1.0 ? small : large).push_back(l);
    }
    // What is left is full up to rounding; the alias is the column itself, so a coin of
    // exactly 1 cannot pick a wrong value.
    for (std::size_t i : large) d.cells[i] = {1.0, {values[i], values[i]}};
    for (std::size_t i : small) d.cells[i] = {1.0, {values[i], values[i]}};
  }

  std::shared_ptr<const Data> data_;
  double mean_ = 0.0;
  double variance_ = 0.0;
};

/// The distribution whose CDF interpolates linearly between the sorted samples
/// x_(0) <= ... <= x_(n-1), through the points (x_(j), j / (n-1)): drawn by inverse
/// transform, Q(u) = x_(j) + (p - j)(x_(j+1) - x_(j)) with p = u (n-1), j = floor(p).
/// Chosen over resampling the raw points because it is continuous (no atoms at the observed
/// values, unless repeated), its quantiles are the sample's own (Hyndman & Fan type 7, R's
/// default), and it stays inside [min, max] — no invented tail.
class EmpiricalCdf {
 public:
  static constexpr std::string_view kName = "empirical";

  explicit EmpiricalCdf(std::vector<double> samples) {
    if (samples.size() < 2) {
      throw std::invalid_argument("empirical: needs at least 2 samples, got " +
                                  std::to_string(samples.size()));
    }
    for (double x : samples) detail::require_finite(x, kName, "every sample");
    std::sort(samples.begin(), samples.end());
    // Each of the n-1 segments carries probability 1/(n-1), uniform on [a, b].
    const double w = 1.0 / static_cast<double>(samples.size() - 1);
    double mean = 0.0;
    for (std::size_t j = 0; j + 1 < samples.size(); ++j) {
      mean += 0.5 * (samples[j] + samples[j + 1]);
    }
    mean_ = mean * w;
    double var = 0.0;  // centered, so large offsets do not cancel
    for (std::size_t j = 0; j + 1 < samples.size(); ++j) {
      const double a = samples[j] - mean_;
      const double b = samples[j + 1] - mean_;
      var += (a * a + a * b + b * b) / 3.0;
    }
    variance_ = var * w;
    points_ = std::make_shared<const std::vector<double>>(std::move(samples));
  }

  template <RandomBits64 G>
  double operator()(G& g) const {
    return quantile(bits_to_unit01(g()));
  }

  /// The inverse CDF at p in [0, 1].
  [[nodiscard]] double quantile(double p) const {
    const std::vector<double>& x = *points_;
    const double pos = p * static_cast<double>(x.size() - 1);
    auto j = static_cast<std::size_t>(pos);
    if (j >= x.size() - 1) j = x.size() - 2;  // p = 1, or pos rounded up to n-1
    const double t = pos - static_cast<double>(j);
    return x[j] + t * (x[j + 1] - x[j]);
  }

  /// P(X <= v).
  [[nodiscard]] double cdf(double v) const {
    const std::vector<double>& x = *points_;
    if (v < x.front()) return 0.0;
    if (v >= x.back()) return 1.0;
    const auto j =
        static_cast<std::size_t>(std::upper_bound(x.begin(), x.end(), v) - x.begin()) - 1;
    const double t = (v - x[j]) / (x[j + 1] - x[j]);  // x[j] <= v < x[j+1]: no zero width
    return (static_cast<double>(j) + t) / static_cast<double>(x.size() - 1);
  }

  /// The sorted sample points.
  [[nodiscard]] const std::vector<double>& points() const { return *points_; }
  [[nodiscard]] double mean() const { return mean_; }
  [[nodiscard]] double variance() const { return variance_; }

 private:
  std::shared_ptr<const std::vector<double>> points_;
  double mean_ = 0.0;
  double variance_ = 0.0;
};

// ---- The closed set ----------------------------------------------------------------------

using Distribution = std::variant<Deterministic, Uniform, Exponential, Normal, Lognormal, Gamma,
                                  Weibull, Pareto, DiscreteWeighted, EmpiricalCdf>;

/// One draw. std::visit over a variant of 10 alternatives compiles to a jump table in
/// libstdc++ (no allocation, no virtual call); each alternative's operator() is inlined.
/// Exponential, drawn once per event by the engine, is tested first: a predicted branch
/// instead of the indirect jump (~1 ns of a ~2 ns draw).
inline double sample(const Distribution& d, RandomStream& g) {
  if (const auto* e = std::get_if<Exponential>(&d)) return (*e)(g);
  return std::visit([&g](const auto& dist) { return dist(g); }, d);
}

[[nodiscard]] inline double mean(const Distribution& d) {
  return std::visit([](const auto& dist) { return dist.mean(); }, d);
}

/// Infinite where the distribution has no finite variance (Pareto with alpha <= 2).
[[nodiscard]] inline double variance(const Distribution& d) {
  return std::visit([](const auto& dist) { return dist.variance(); }, d);
}

/// The lowercase name a scenario file uses: "exponential", "discrete", "empirical"...
[[nodiscard]] inline std::string_view name(const Distribution& d) {
  return std::visit([](const auto& dist) { return std::decay_t<decltype(dist)>::kName; }, d);
}

}  // namespace dcsim

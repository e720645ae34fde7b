#pragma once
// Homogeneous Poisson arrivals: independent exponential gaps, drawn by the ziggurat (one
// 64-bit word per arrival on its common path).
#include <string_view>

#include "dcsim/core/distributions.hpp"
#include "dcsim/core/random.hpp"

namespace dcsim {

class PoissonArrivals {
 public:
  static constexpr std::string_view kName = "poisson";

  explicit PoissonArrivals(double rate_per_s) : rate_(rate_per_s), mean_gap_(1.0 / rate_per_s) {
    detail::require_positive(rate_per_s, kName, "rate");
    // A subnormal rate has an infinite mean gap: no arrival would ever come.
    detail::require_positive(mean_gap_, kName, "1 / rate");
  }

  /// The next arrival time, in seconds since the stream's start (t = 0).
  double next(RandomStream& g) {
    t_ += mean_gap_ * standard_exponential(g);
    return t_;
  }

  [[nodiscard]] double rate_at(double /*t*/) const { return rate_; }
  [[nodiscard]] double mean_rate() const { return rate_; }

 private:
  double rate_;
  double mean_gap_;
  double t_ = 0.0;  // the last arrival time returned
};

}  // namespace dcsim

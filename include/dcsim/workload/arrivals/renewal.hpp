#pragma once
// Renewal arrivals: independent gaps from any distribution of durations — a deterministic
// gap gives a periodic stream (hand-checkable tests, cron-like jobs), gamma or lognormal gaps
// give streams more or less regular than Poisson.
#include <memory>
#include <string_view>

#include "dcsim/core/distributions.hpp"
#include "dcsim/core/random.hpp"

namespace dcsim {

class RenewalArrivals {
 public:
  static constexpr std::string_view kName = "renewal";

  explicit RenewalArrivals(Distribution gap) : gap_(std::make_shared<const Distribution>(std::move(gap))) {
    const double m = dcsim::mean(*gap_);
    detail::require_positive(m, kName, "mean gap");
  }

  /// The next arrival time, in seconds since the stream's start (t = 0).
  double next(RandomStream& g) {
    t_ += sample(*gap_, g);
    return t_;
  }

  [[nodiscard]] double mean_rate() const { return 1.0 / dcsim::mean(*gap_); }

 private:
  std::shared_ptr<const Distribution> gap_;  // shared: copies of a stream stay cheap
  double t_ = 0.0;
};

}  // namespace dcsim

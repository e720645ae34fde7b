#pragma once
// The time average of a piecewise-constant quantity (busy servers, queue length, power):
// the integral of level(t) dt over [start, now] divided by the elapsed time. The level is
// an integer count and the time integer ticks, so the integral is kept exactly in 128 bits:
// no rounding drift however long the run.
#include <cassert>
#include <cstdint>

#include "dcsim/core/time.hpp"

namespace dcsim {

class TimeAverage {
 public:
  explicit TimeAverage(Tick start = 0) : start_(start), last_(start) {}

  /// Records that the level changes to `level` at tick `now` (now >= the previous change).
  void set(Tick now, std::int64_t level) {
    advance(now);
    level_ = level;
  }
  [[nodiscard]] std::int64_t level() const { return level_; }

  /// Integral of the level over [start, now], in level-ticks.
  [[nodiscard]] double integral(Tick now) const {
    assert(now >= last_);
    return static_cast<double>(area_ + static_cast<Wide>(level_) * (now - last_));
  }
  /// Mean level over [start, now].
  [[nodiscard]] double mean(Tick now) const {
    return now > start_ ? integral(now) / static_cast<double>(now - start_) : 0.0;
  }

 private:
  __extension__ typedef __int128 Wide;  // level * ticks overflows 64 bits within months

  void advance(Tick now) {
    assert(now >= last_);
    area_ += static_cast<Wide>(level_) * (now - last_);
    last_ = now;
  }

  Tick start_;
  Tick last_;
  std::int64_t level_ = 0;
  Wide area_ = 0;
};

}  // namespace dcsim

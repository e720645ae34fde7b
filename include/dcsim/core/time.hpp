#pragma once
// Simulated time: integer ticks. Integer time gives a total, platform-independent order of
// events (no floating-point drift in the event keys); the length of one tick is chosen per
// scenario (engine.resolution, e.g. "1 us") and every duration from a scenario file is
// converted to ticks once, when it is drawn or loaded.
#include <cmath>
#include <cstdint>
#include <limits>

namespace dcsim {

/// A point in simulated time, or a duration, counted in ticks.
using Tick = std::int64_t;

inline constexpr Tick kNever = std::numeric_limits<Tick>::max();
inline constexpr double kTickLimit = 9.2e18;  // below 2^63: larger values do not fit a Tick

/// Converts between ticks and seconds for one scenario.
class TimeScale {
 public:
  /// `tick_seconds`: the length of one tick in seconds (1e-6 for microsecond ticks).
  constexpr explicit TimeScale(double tick_seconds = 1e-6)
      : tick_seconds_(tick_seconds), ticks_per_second_(1.0 / tick_seconds) {}

  [[nodiscard]] constexpr double tick_seconds() const { return tick_seconds_; }
  [[nodiscard]] constexpr double ticks_per_second() const { return ticks_per_second_; }

  /// Rounds a duration in seconds to the nearest tick (non-negative durations only). A
  /// duration beyond the tick range (a heavy-tailed draw of ~300,000 years at 1 us ticks)
  /// becomes kNever instead of overflowing: it never comes.
  [[nodiscard]] Tick ticks(double seconds) const {
    const double t = seconds * ticks_per_second_ + 0.5;
    return t < kTickLimit ? static_cast<Tick>(t) : kNever;
  }
  [[nodiscard]] constexpr double seconds(Tick t) const {
    return static_cast<double>(t) * tick_seconds_;
  }

 private:
  double tick_seconds_;
  double ticks_per_second_;
};

}  // namespace dcsim

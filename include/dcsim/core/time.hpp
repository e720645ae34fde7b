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

/// Converts between ticks and seconds for one scenario.
class TimeScale {
 public:
  /// `tick_seconds`: the length of one tick in seconds (1e-6 for microsecond ticks).
  constexpr explicit TimeScale(double tick_seconds = 1e-6)
      : tick_seconds_(tick_seconds), ticks_per_second_(1.0 / tick_seconds) {}

  [[nodiscard]] constexpr double tick_seconds() const { return tick_seconds_; }
  [[nodiscard]] constexpr double ticks_per_second() const { return ticks_per_second_; }

  /// Rounds a duration in seconds to the nearest tick (non-negative durations only).
  [[nodiscard]] Tick ticks(double seconds) const {
    return static_cast<Tick>(seconds * ticks_per_second_ + 0.5);
  }
  [[nodiscard]] constexpr double seconds(Tick t) const {
    return static_cast<double>(t) * tick_seconds_;
  }

 private:
  double tick_seconds_;
  double ticks_per_second_;
};

}  // namespace dcsim

#pragma once
// Quantities with units, as written in scenario files: "30 min", "1 us", "57.6 /h".
// A value is converted once, at load time, to SI (seconds, per second); the unit is
// mandatory wherever the quantity has a dimension, so "30" for a duration is an error.
#include <optional>
#include <string>
#include <string_view>

namespace dcsim {

enum class Dimension { kTime, kRate };

struct Quantity {
  double value = 0;  ///< in SI: seconds for kTime, 1/seconds for kRate
  Dimension dimension = Dimension::kTime;
};

/// Seconds in one time unit: s, ms, us, ns, min, h, d, w (week), y (365 days); nullopt if unknown.
[[nodiscard]] std::optional<double> time_unit_seconds(std::string_view unit);

/// Parses "<number> <unit>" ("1.5 h", "57.6 /h", "2 per h"). Returns nullopt when the text is
/// not a number followed by a known unit of `dimension`.
[[nodiscard]] std::optional<double> parse_quantity(std::string_view text, Dimension dimension);

/// What a unit of `dimension` looks like, for error messages: `a duration such as "30 min"`.
[[nodiscard]] std::string describe(Dimension dimension);

}  // namespace dcsim

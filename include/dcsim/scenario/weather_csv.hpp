#pragma once
// Hourly weather of a site from a CSV file: one row per hour from 1 January 00:00 local time,
// a `temperature_c` column (dry bulb, °C) and optionally `relative_humidity` (0 to 1); other
// columns (a timestamp, say) are ignored. Whole days only (a multiple of 24 rows), so the hour
// of day of a row is its index mod 24. Problems are ConfigErrors naming file:line:column and
// the column. The format lives here, not in the model: the model knows no file formats.
#include <string>

#include "dcsim/model/weather.hpp"

namespace dcsim {

/// Relative humidity used when the file has no `relative_humidity` column (EST).
inline constexpr double kDefaultRelativeHumidity = 0.5;

[[nodiscard]] Weather read_weather_csv(const std::string& path);

}  // namespace dcsim

#include "dcsim/scenario/weather_csv.hpp"

#include <fmt/format.h>

#include <vector>

#include "dcsim/workload/trace/csv.hpp"

namespace dcsim {

Weather read_weather_csv(const std::string& path) {
  CsvReader csv(path);
  const std::size_t temperature = csv.require_column("temperature_c");
  const std::optional<std::size_t> humidity = csv.find_column("relative_humidity");
  std::vector<double> dry_bulb;
  std::vector<double> rh;
  while (csv.next_row()) {
    // The coldest and hottest air temperatures ever measured are about −89 and +57 °C.
    const double t = csv.number(temperature, -90);
    if (!csv.row_failed() && t > 60) csv.fail(temperature, fmt::format("expected an air temperature in °C, at most 60, found {:g}", t));
    double h = kDefaultRelativeHumidity;
    if (humidity) {
      h = csv.number(*humidity, 0);
      if (!csv.row_failed() && h > 1) {
        csv.fail(*humidity, fmt::format("expected a relative humidity from 0 to 1 (not percent), found {:g}", h));
      }
    }
    if (csv.accept_row()) {
      dry_bulb.push_back(t);
      rh.push_back(h);
    }
  }
  if (dry_bulb.empty() || dry_bulb.size() % 24 != 0) {
    throw ConfigError(Diagnostic(SourceLocation(path, csv.line(), 0), "",
                                 fmt::format("expected whole days of hourly rows (a multiple of 24, 8760 for a year), found {} rows",
                                             dry_bulb.size())));
  }
  return Weather::from_hourly(std::move(dry_bulb), std::move(rh));
}

}  // namespace dcsim

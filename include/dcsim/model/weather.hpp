#pragma once
// Outdoor conditions of a site, hour by hour over a repeating 365-day year (hour 0 = 1 January,
// 00:00 local time). Either built from 12 monthly mean temperatures plus a daily swing, or given
// as hourly values (e.g. read from a CSV by the scenario layer). A run looks the hour up at each
// weather step; within an hour the value is constant, so energy stays an exact integral.
//
// Monthly form: T(h) = mean[month(h)] + swing/2 · cos(2π (hour_of_day − peak_hour)/24), the
// textbook sinusoidal daily cycle peaking mid-afternoon (15:00). Months are held constant rather
// than interpolated, so each month's mean is exactly the given mean (24 hourly cosine samples
// sum to zero) and the year's mean is the day-weighted mean of the months.
#include <array>
#include <cstddef>
#include <stdexcept>
#include <utility>
#include <vector>

#include "dcsim/model/cooling.hpp"

namespace dcsim {

inline constexpr std::size_t kHoursPerYear = 8760;
inline constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/// Month (0 = January) of hour `h` of the repeating 365-day year.
[[nodiscard]] std::size_t month_of_hour(std::size_t h);

struct MonthlyClimate {
  std::array<double, 12> mean_c{};        ///< monthly mean dry-bulb temperature
  double daily_swing_c = 8;               ///< daily maximum minus minimum (EST default)
  double peak_hour = 15;                  ///< local hour of the daily maximum
  std::array<double, 12> relative_humidity{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};

  /// Dry bulb at hour h of the year (wraps after 8760 hours).
  [[nodiscard]] double temperature_c(std::size_t h) const;
};

class Weather {
 public:
  /// 8760 hours from monthly means and a daily swing.
  [[nodiscard]] static Weather from_monthly(const MonthlyClimate& climate);
  /// Hourly dry bulbs (any whole number of hours; 8760 for a year) and relative humidities (one
  /// per hour, or a single value for all). Throws std::invalid_argument when empty or mismatched.
  [[nodiscard]] static Weather from_hourly(std::vector<double> dry_bulb_c, std::vector<double> relative_humidity);
  /// The same conditions all the time (a design point).
  [[nodiscard]] static Weather constant(const Outdoor& o) { return Weather({o}); }

  /// Conditions during hour h (wraps around the given hours).
  [[nodiscard]] const Outdoor& at_hour(std::size_t h) const { return hours_[h % hours_.size()]; }
  /// Conditions at `seconds` since hour 0.
  [[nodiscard]] const Outdoor& at(double seconds) const { return at_hour(static_cast<std::size_t>(seconds / 3600)); }
  [[nodiscard]] std::size_t hours() const { return hours_.size(); }
  /// Mean dry bulb over all hours.
  [[nodiscard]] double mean_c() const;

 private:
  explicit Weather(std::vector<Outdoor> hours) : hours_(std::move(hours)) {}
  std::vector<Outdoor> hours_;
};

/// `model` with its `scale` set so that its PUE over `weather` (every hour at design IT load,
/// energy-weighted) is `annual_pue`: a rating as Chinese policy states it (an annual PUE at
/// the site), rather than at one design point (FacilityModel::scaled_to_rated). Throws
/// std::invalid_argument unless annual_pue > 1 and model.design_it_w > 0.
[[nodiscard]] FacilityModel scaled_to_annual_pue(const FacilityModel& model, double annual_pue, const Weather& weather);

}  // namespace dcsim

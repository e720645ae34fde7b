#include "dcsim/model/weather.hpp"

#include <cmath>
#include <numbers>

namespace dcsim {

std::size_t month_of_hour(std::size_t h) {
  std::size_t day = (h / 24) % 365;
  std::size_t m = 0;
  while (day >= static_cast<std::size_t>(kDaysInMonth[m])) day -= static_cast<std::size_t>(kDaysInMonth[m++]);
  return m;
}

double MonthlyClimate::temperature_c(std::size_t h) const {
  const double hour_of_day = static_cast<double>(h % 24);
  return mean_c[month_of_hour(h)] + daily_swing_c / 2 * std::cos(2 * std::numbers::pi * (hour_of_day - peak_hour) / 24);
}

Weather Weather::from_monthly(const MonthlyClimate& climate) {
  std::vector<Outdoor> hours(kHoursPerYear);
  for (std::size_t h = 0; h < kHoursPerYear; ++h) hours[h] = {climate.temperature_c(h), climate.relative_humidity[month_of_hour(h)]};
  return Weather(std::move(hours));
}

Weather Weather::from_hourly(std::vector<double> dry_bulb_c, std::vector<double> relative_humidity) {
  if (dry_bulb_c.empty()) throw std::invalid_argument("weather: no hourly temperatures");
  if (relative_humidity.size() != 1 && relative_humidity.size() != dry_bulb_c.size()) {
    throw std::invalid_argument("weather: expected one relative humidity, or one per hour");
  }
  std::vector<Outdoor> hours(dry_bulb_c.size());
  for (std::size_t h = 0; h < hours.size(); ++h) hours[h] = {dry_bulb_c[h], relative_humidity[relative_humidity.size() == 1 ? 0 : h]};
  return Weather(std::move(hours));
}

double Weather::mean_c() const {
  double sum = 0;
  for (const Outdoor& o : hours_) sum += o.dry_bulb_c;
  return sum / static_cast<double>(hours_.size());
}

}  // namespace dcsim

namespace dcsim {

FacilityModel scaled_to_annual_pue(const FacilityModel& model, double annual_pue, const Weather& weather) {
  if (!(annual_pue > 1) || !(model.design_it_w > 0)) {
    throw std::invalid_argument("scaled_to_annual_pue: needs a PUE above 1 and a design IT power");
  }
  FacilityModel m = model;
  m.scale = 1.0;
  double overhead = 0;  // over all hours, at design load; every hour has the same IT energy
  for (std::size_t h = 0; h < weather.hours(); ++h) overhead += m.at(m.design_it_w, weather.at_hour(h)).overhead_w();
  overhead /= m.design_it_w * static_cast<double>(weather.hours());
  m.scale = overhead > 0 ? (annual_pue - 1) / overhead : 1.0;
  return m;
}

}  // namespace dcsim

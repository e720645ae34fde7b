#pragma once
// What a kWh drawn from the grid costs the climate: carbon intensity, constant or by hour of
// day, and the unit conversions a run needs. Water evaporated on site is the cooling plant's
// (model/cooling.hpp).
#include <array>
#include <cstddef>

namespace dcsim {

/// China's national average grid emission factor for 2022, published by the Ministry of Ecology
/// and Environment and the National Bureau of Statistics on 26 December 2024: 0.5366 kg CO2/kWh;
/// 0.5856 when market-traded non-fossil electricity is left out. Provincial factors range from
/// 0.1073 (Yunnan) and 0.1404 (Sichuan), hydro-rich, to above 0.7 (Hebei, Shanxi, Tianjin).
inline constexpr double kJoulesPerKwh = 3.6e6;

inline constexpr double kChinaGrid2022KgPerKwh = 0.5366;
inline constexpr double kChinaGrid2022FossilOnlyKgPerKwh = 0.5856;

/// 24 values by local hour of day (0 = 00:00–01:00), e.g. a solar-heavy grid's midday dip; a
/// constant is 24 equal values.
struct DailyProfile {
  std::array<double, 24> values{};

  [[nodiscard]] static DailyProfile constant(double v) {
    DailyProfile p;
    p.values.fill(v);
    return p;
  }
  /// The value during hour h of the run (hour 0 = 00:00 local); `at` takes seconds >= 0.
  [[nodiscard]] double at_hour(std::size_t h) const { return values[h % 24]; }
  [[nodiscard]] double at(double seconds) const { return at_hour(static_cast<std::size_t>(seconds / 3600)); }
  [[nodiscard]] double mean() const {
    double s = 0;
    for (double v : values) s += v;
    return s / 24;
  }
};

/// Carbon intensity of grid electricity, kg CO2 per kWh, by hour of day.
struct CarbonIntensity {
  DailyProfile kg_per_kwh = DailyProfile::constant(kChinaGrid2022KgPerKwh);

  /// kg CO2 for `joules` drawn during hour h.
  [[nodiscard]] double kg(double joules, std::size_t h) const { return joules / kJoulesPerKwh * kg_per_kwh.at_hour(h); }
};

}  // namespace dcsim

#pragma once
// Facility overhead and PUE of a center as a function of its IT load and the outdoor air, with
// the parts kept apart (electrical losses, fans, pumps, heat-rejection fans, chillers) so a run
// can report where the overhead goes. Two published forms, combined (docs/power.md):
//
// * Load (Rasmussen, Schneider Electric White Paper 113): infrastructure losses are a no-load
//   part, a part proportional to load and a square-law part, so PUE worsens at low load:
//       PUE(L) = 1 + (F + P·L + S·L²) / L,   L = IT load / design IT load.
//   With F = 0.10, P = 0.15, S = 0.05 (estimates; WP113's tables were not retrievable) a centre
//   rated 1.30 at full load shows 1.50 at 30% load and 2.16 at 10%.
// * Climate and cooling type (Lei & Masanet, "Statistical analysis for predicting
//   location-specific data center PUE", Energy 2020, code nuoaleon/Data-center-PUE-prediction-
//   tool): the heat to remove is IT plus the electrical losses; fans and pumps move it; an
//   economiser removes a share of it for free when the outdoor air (airside: dry bulb) or the
//   cooling-tower water (waterside: wet bulb) is cold enough, linearly between a "fully free"
//   and a "no longer free" temperature; the rest goes through a chiller drawing Q/COP with
//       COP(PLR, t) = 16.798751 + 0.008840 t² − 8.528931 PLR² + 9.885294 PLR − 0.760621 t
//                     + 0.084615 PLR·t,
//   t = wet bulb + cooling-tower approach (°C), PLR the chiller's part-load ratio.
//
// The model is that physics shape times one `scale`: a scenario's rated PUE (at design load
// and design outdoor conditions) sets `scale` so the level matches the rating while load and
// weather still move it (FacilityModel::scaled_to_rated).
#include <array>
#include <cstddef>
#include <limits>
#include <string_view>

namespace dcsim {

enum class CoolingType { kAirChiller, kAirsideEconomiser, kWatersideEconomiser, kRearDoor, kDirectLiquid };
inline constexpr std::size_t kCoolingTypeCount = 5;
inline constexpr std::array<std::string_view, kCoolingTypeCount> kCoolingTypeNames = {
    "air-chiller", "airside-economiser", "waterside-economiser", "rear-door", "direct-liquid"};
[[nodiscard]] constexpr std::string_view name(CoolingType t) { return kCoolingTypeNames[static_cast<std::size_t>(t)]; }

struct Outdoor {
  double dry_bulb_c = 25;
  double relative_humidity = 0.5;  ///< 0 to 1
};

/// Wet-bulb temperature (°C) from dry bulb (°C) and relative humidity (0–1): Stull, "Wet-bulb
/// temperature from relative humidity and air temperature", J. Appl. Meteor. Climatol. 50 (2011)
/// 2267–2269, fitted for RH 5–99% and −20–50 °C at sea-level pressure (±0.3 °C within that range);
/// RH is clamped to it. Stull's check: 20 °C, 50% → 13.7 °C.
[[nodiscard]] double wet_bulb_c(double dry_bulb_c, double relative_humidity);
[[nodiscard]] inline double wet_bulb_c(const Outdoor& o) { return wet_bulb_c(o.dry_bulb_c, o.relative_humidity); }

/// Lei & Masanet's chiller COP regression. PLR is clamped to [0.2, 1] and t to [15, 35] °C, the
/// range their table covers (below 20% load a chiller cycles; outside it the quadratic bends
/// the wrong way).
[[nodiscard]] double chiller_cop(double part_load_ratio, double t_c);

/// One cooling plant's parts, as watts per watt of heat removed. Defaults per type come from
/// default_plant(); all are estimates shaped on Lei & Masanet's hyperscale examples (docs/power.md).
struct CoolingPlant {
  CoolingType type = CoolingType::kAirChiller;
  double fan = 0.04;    ///< air movement (CRAH/AHU fans; residual air for liquid cooling)
  double pump = 0.02;   ///< chilled-water, condenser and coolant pumps
  double tower = 0.01;  ///< heat-rejection fans (cooling tower or dry cooler)
  /// The tower (or dry cooler) also runs while the economiser cools for free (waterside and
  /// liquid plants reject all heat through it); an airside economiser needs it only with the chiller.
  bool tower_runs_when_free = true;
  bool has_economiser = false;
  bool economiser_on_wet_bulb = true;  ///< waterside: tower water follows the wet bulb; airside: the dry bulb
  double free_full_c = 0;              ///< at or below: all heat removed for free
  double free_none_c = 0;              ///< at or above: none
  double tower_approach_c = 4;         ///< t of the COP = wet bulb + this
  /// Water evaporated per kWh of IT energy while the plant evaporates (cooling towers, adiabatic
  /// assist): 1.8 L/kWh, the US data-centre average of Shehabi et al., "United States Data Center
  /// Energy Usage Report", LBNL 2016. 0 for dry coolers.
  double water_l_per_kwh = 1.8;

  /// Share of the heat removed without the chiller (0–1).
  [[nodiscard]] double free_share(const Outdoor& o) const;
  /// Share of the time-rate at which the plant evaporates water (tower running share).
  [[nodiscard]] double evaporating_share(const Outdoor& o) const;
};

/// The default parts of each type (docs/power.md lists them with their reasons).
[[nodiscard]] CoolingPlant default_plant(CoolingType type);

/// The electrical side of the overhead, as fractions of IT power.
struct ElectricalLosses {
  /// F: no-load losses as a fraction of design IT power (transformers and UPS at no load,
  /// lighting, building systems): WP113's form, 0.10 estimated.
  double fixed = 0.10;
  /// Losses proportional to IT: UPS at 98% efficiency (1/0.98 − 1 = 0.0204), distribution
  /// 0.56% (1/(1 − 0.0056) − 1 = 0.0056), lighting 0.18%: Lei & Masanet's example values.
  double proportional = 1 / 0.98 - 1 + 1 / (1 - 0.0056) - 1 + 0.0018;
  /// S: square-law (I²R in cables and UPS) at design load, WP113's form, 0.05 estimated.
  double square = 0.05;
};

/// Facility power at one instant, by part (watts).
struct FacilityPower {
  double it_w = 0;
  double fixed_w = 0;         ///< electrical no-load
  double distribution_w = 0;  ///< electrical proportional + square-law
  double fan_w = 0;
  double pump_w = 0;
  double tower_w = 0;
  double chiller_w = 0;
  double free_share = 0;      ///< of the heat, removed by the economiser
  double water_l_per_s = 0;   ///< evaporated

  [[nodiscard]] double cooling_w() const { return fan_w + pump_w + tower_w + chiller_w; }
  [[nodiscard]] double overhead_w() const { return fixed_w + distribution_w + cooling_w(); }
  [[nodiscard]] double facility_w() const { return it_w + overhead_w(); }
  /// facility / IT; infinite at zero IT load (a run's PUE is a ratio of energies, not of this).
  [[nodiscard]] double pue() const {
    return it_w > 0 ? facility_w() / it_w : std::numeric_limits<double>::infinity();
  }
};

struct FacilityModel {
  double design_it_w = 0;   ///< IT power at L = 1 (e.g. the servers' summed peak)
  ElectricalLosses electrical;
  CoolingPlant plant;
  double scale = 1.0;       ///< multiplies every overhead part (not the water)

  /// Power by part at IT load `it_w` and outdoor conditions `o`.
  [[nodiscard]] FacilityPower at(double it_w, const Outdoor& o) const;
  /// This model with `scale` set so that PUE at design load and `design` conditions is
  /// `rated_pue`. The shape in load and temperature is kept. Throws std::invalid_argument unless
  /// rated_pue > 1 and design_it_w > 0.
  [[nodiscard]] FacilityModel scaled_to_rated(double rated_pue, const Outdoor& design) const;
};

/// WP113's partial-load form on its own: 1 + (F + P·L + S·L²)/L.
[[nodiscard]] inline double partial_load_pue(double load, double fixed, double proportional, double square) {
  return 1 + (fixed + proportional * load + square * load * load) / load;
}

}  // namespace dcsim

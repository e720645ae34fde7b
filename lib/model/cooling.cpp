#include "dcsim/model/cooling.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dcsim {

double wet_bulb_c(double t, double relative_humidity) {
  const double rh = std::clamp(relative_humidity, 0.05, 0.99) * 100;  // Stull's formula is in percent
  return t * std::atan(0.151977 * std::sqrt(rh + 8.313659)) + std::atan(t + rh) - std::atan(rh - 1.676331) +
         0.00391838 * std::pow(rh, 1.5) * std::atan(0.023101 * rh) - 4.686035;
}

double chiller_cop(double part_load_ratio, double t_c) {
  const double plr = std::clamp(part_load_ratio, 0.2, 1.0);
  const double t = std::clamp(t_c, 15.0, 35.0);
  return 16.798751 + 0.008840 * t * t - 8.528931 * plr * plr + 9.885294 * plr - 0.760621 * t + 0.084615 * plr * t;
}

double CoolingPlant::free_share(const Outdoor& o) const {
  if (!has_economiser) return 0;
  const double t = economiser_on_wet_bulb ? wet_bulb_c(o) : o.dry_bulb_c;
  if (t <= free_full_c) return 1;
  if (t >= free_none_c) return 0;
  return (free_none_c - t) / (free_none_c - free_full_c);
}

double CoolingPlant::evaporating_share(const Outdoor& o) const {
  if (water_l_per_kwh <= 0) return 0;
  return tower_runs_when_free ? 1.0 : 1.0 - free_share(o);
}

CoolingPlant default_plant(CoolingType type) {
  CoolingPlant p;
  p.type = type;
  switch (type) {
    case CoolingType::kAirChiller:  // CRAH fans, chilled and condenser water, tower; no economiser
      break;
    case CoolingType::kAirsideEconomiser:
      // Outside air straight in while it is within the ASHRAE recommended inlet range (up to
      // 27 °C); mixed with chilled air up to 35 °C. Lei & Masanet's hyperscale example tolerates
      // supply air to 34.2 °C and stays free to ~40 °C; a conservative Chinese design switches earlier.
      p.pump = 0.005;
      p.tower_runs_when_free = false;
      p.has_economiser = true;
      p.economiser_on_wet_bulb = false;
      p.free_full_c = 27;
      p.free_none_c = 35;
      break;
    case CoolingType::kWatersideEconomiser:
      // Fully free at wet bulb <= 14.5 °C, none from 23 °C: the straight line through the free
      // shares Lei & Masanet's example gives at 20–35 °C (90% at ~15.5 °C wet bulb, 53% at ~18.4,
      // 6% at ~22.6, 0 at ~23.9).
      p.pump = 0.025;
      p.has_economiser = true;
      p.free_full_c = 14.5;
      p.free_none_c = 23;
      break;
    case CoolingType::kRearDoor:
      // Door coils take the heat at the rack: no room CRAH fans (the servers' own fans are IT),
      // more pumping; warmer water than a room plant, so free cooling lasts ~2 °C longer.
      p.fan = 0.01;
      p.pump = 0.03;
      p.has_economiser = true;
      p.free_full_c = 16.5;
      p.free_none_c = 25;
      break;
    case CoolingType::kDirectLiquid:
      // Warm-water cold plates (supply 30–45 °C) rejected through dry coolers: free against the
      // dry bulb up to 30 °C, chiller trim to 40 °C; residual air is the small fan part; no water.
      p.fan = 0.01;
      p.pump = 0.025;
      p.has_economiser = true;
      p.economiser_on_wet_bulb = false;
      p.free_full_c = 30;
      p.free_none_c = 40;
      p.water_l_per_kwh = 0;
      break;
  }
  return p;
}

FacilityPower FacilityModel::at(double it_w, const Outdoor& o) const {
  FacilityPower f;
  f.it_w = it_w;
  const double load = design_it_w > 0 ? it_w / design_it_w : 0.0;
  const double heat = it_w * (1 + electrical.proportional);  // Lei & Masanet: IT plus the losses it causes
  const double free = plant.free_share(o);
  const double mechanical = 1 - free;
  f.free_share = free;
  f.fixed_w = scale * electrical.fixed * design_it_w;
  f.distribution_w = scale * (electrical.proportional * it_w + electrical.square * load * load * design_it_w);
  f.fan_w = scale * plant.fan * heat;
  f.pump_w = scale * plant.pump * heat;
  f.tower_w = scale * plant.tower * heat * (plant.tower_runs_when_free ? 1.0 : mechanical);
  if (mechanical > 0 && heat > 0) {
    // The chiller is sized for the design heat; its part-load ratio is the share it carries.
    const double plr = mechanical * load;
    f.chiller_w = scale * mechanical * heat / chiller_cop(plr, wet_bulb_c(o) + plant.tower_approach_c);
  }
  f.water_l_per_s = plant.water_l_per_kwh / 3.6e6 * it_w * plant.evaporating_share(o);
  return f;
}

FacilityModel FacilityModel::scaled_to_rated(double rated_pue, const Outdoor& design) const {
  if (!(rated_pue > 1) || !(design_it_w > 0)) throw std::invalid_argument("scaled_to_rated: needs a rated PUE above 1 and a design IT power");
  FacilityModel m = *this;
  m.scale = 1.0;
  const FacilityPower p = m.at(design_it_w, design);
  const double overhead = p.overhead_w() / design_it_w;
  m.scale = overhead > 0 ? (rated_pue - 1) / overhead : 1.0;
  return m;
}

}  // namespace dcsim

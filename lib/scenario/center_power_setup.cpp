// The power section of a scenario as the run's power model, and its results as metrics.
#include "center_power_setup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "dcsim/base/diagnostic.hpp"
#include "dcsim/model/server_power.hpp"
#include "dcsim/scenario/weather_csv.hpp"

namespace dcsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::array<std::string_view, 12> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

Weather weather_of(const CenterSpec& c, const Scenario& s, std::vector<std::string>& notes) {
  const WeatherSpec& w = c.site.weather;
  switch (w.source) {
    case WeatherSpec::Source::kMonthly: return Weather::from_monthly(w.monthly);
    case WeatherSpec::Source::kHourlyCsv: return read_weather_csv(w.csv_file);
    case WeatherSpec::Source::kConstant: return Weather::constant(w.constant);
    case WeatherSpec::Source::kNone: break;
  }
  (void)s;
  notes.push_back(fmt::format("center {}: no site.weather, so the outdoor air is held at the cooling design point ({:g} °C, {:g}% humidity) "
                              "all year",
                              c.id, c.cooling.design.dry_bulb_c, 100 * c.cooling.design.relative_humidity));
  return Weather::constant(c.cooling.design);
}

}  // namespace

cluster::CenterPowerConfig center_power_config(const Scenario& s, const policy::DatacenterNodes& nodes, const Inventory& inventory,
                                               const cluster::CenterConfig& center, std::vector<std::string>& notes) {
  const DatacenterSpec& dc = s.datacenter;
  cluster::CenterPowerConfig out;
  std::vector<std::optional<ServerPowerModel>> by_type(dc.servers.size());
  for (const std::uint32_t server : nodes.server) {
    const std::uint32_t type = inventory.server_type(server);
    if (!by_type[type]) by_type[type] = server_power_model(dc, dc.servers[type]);
    out.node_power.push_back(*by_type[type]);
  }
  for (const policy::RackPower& r : nodes.racks) {
    out.rack_base_w.push_back(r.base_w);
    out.rack_budget_w.push_back(r.budget_w > 0 && std::isfinite(r.budget_w) ? r.budget_w : kInf);
  }
  for (std::uint32_t r = 0; r < inventory.rack_count(); ++r) out.rack_site.push_back(inventory.rack_center(r));
  for (std::uint32_t c = 0; c < dc.centers.size(); ++c) {
    const CenterSpec& spec = dc.centers[c];
    cluster::FacilitySite site;
    site.name = spec.id;
    double design_it = 0;
    for (std::uint32_t server = inventory.center_servers(c).first; server < inventory.center_servers(c).end(); ++server) {
      design_it += dc.servers[inventory.server_type(server)].peak_w;
    }
    site.facility.design_it_w = design_it;
    site.facility.plant = default_plant(spec.cooling.type);
    site.weather = weather_of(spec, s, notes);
    if (design_it > 0) {
      site.facility = spec.cooling.rated_annual ? scaled_to_annual_pue(site.facility, spec.cooling.pue, site.weather)
                                                : site.facility.scaled_to_rated(spec.cooling.pue, spec.cooling.design);
    }
    if (spec.site.carbon_kg_per_kwh) {
      site.carbon.kg_per_kwh = *spec.site.carbon_kg_per_kwh;
    } else {
      notes.push_back(fmt::format("center {}: no site.carbon, so the grid is China's 2022 national average, {:g} kg CO2/kWh", spec.id,
                                  kChinaGrid2022KgPerKwh));
    }
    if (spec.power_cap.it_w > 0) {
      site.it_cap_w = spec.power_cap.it_w;
      site.cap_factor = spec.power_cap.hourly_factor;
    }
    out.sites.push_back(std::move(site));
  }
  out.cap_racks = s.power->dvfs_capping;
  out.dvfs = s.power->dvfs;
  const WorkloadSpec& w = *s.workload;
  for (std::size_t t = 0; t < center.tenants.size(); ++t) {
    const bool service = center.tenants[t].service.has_value();
    out.memory_bound.push_back(w.tenants[t].memory_bound.value_or(service ? 0.8 : 0.2));
    out.cpu_milli.push_back(static_cast<double>(center.tenants[t].request.cpu_milli));
  }
  out.time = s.time;
  out.measured_from_s = s.warmup_s;
  if (s.power->switch_off) out.switch_off = cluster::SwitchOffConfig{s.power->switch_off->after_s, s.power->switch_off->boot_s};
  return out;
}

void add_power_metrics(Summary& out, const Scenario& s, const cluster::PowerResult& p, const std::vector<std::string>& tenant_names,
                       const std::vector<std::string>& chip_models, double busy_accelerator_seconds) {
  const auto plain = [](std::string name, double v, std::string unit) {
    return Metric{std::move(name), v, std::nullopt, std::nullopt, std::move(unit), std::nullopt, {}};
  };
  constexpr double kMwh = 3.6e9;
  const double hours = p.measured_s / 3600;
  double cooling = 0, water = 0, carbon = 0, it_peak = 0, facility_peak = 0;
  double fan = 0, pump = 0, tower = 0, chiller = 0, electrical = 0;
  std::array<double, 12> it_month{}, facility_month{};
  for (const cluster::SitePowerResult& site : p.sites) {
    cooling += site.cooling_j();
    fan += site.fan_j;
    pump += site.pump_j;
    tower += site.tower_j;
    chiller += site.chiller_j;
    electrical += site.fixed_j + site.distribution_j;
    water += site.water_l;
    carbon += site.carbon_kg;
    it_peak = std::max(it_peak, site.it_peak_w);  // one center: its peak; several: the highest
    facility_peak = std::max(facility_peak, site.facility_peak_w);
    for (std::size_t m = 0; m < 12; ++m) {
      it_month[m] += site.it_month_j[m];
      facility_month[m] += site.facility_month_j[m];
    }
  }
  const double it = p.it_j();
  const double facility = p.facility_j();
  out.metrics.push_back(plain("energy_it", it / kMwh, "MWh"));
  out.metrics.push_back(plain("energy_facility", facility / kMwh, "MWh"));
  out.metrics.push_back(plain("energy_cooling", cooling / kMwh, "MWh"));
  out.metrics.push_back(plain("energy_cooling.fans", fan / kMwh, "MWh"));
  out.metrics.push_back(plain("energy_cooling.pumps", pump / kMwh, "MWh"));
  out.metrics.push_back(plain("energy_cooling.tower", tower / kMwh, "MWh (heat-rejection fans)"));
  out.metrics.push_back(plain("energy_cooling.chiller", chiller / kMwh, "MWh"));
  out.metrics.push_back(plain("energy_electrical_losses", electrical / kMwh, "MWh (UPS, distribution, no-load)"));
  out.metrics.push_back(plain("pue", it > 0 ? facility / it : std::numeric_limits<double>::quiet_NaN(), ""));
  for (std::size_t m = 0; m < 12; ++m) {
    if (it_month[m] > 0) out.metrics.push_back(plain(fmt::format("pue.{}", kMonthNames[m]), facility_month[m] / it_month[m], ""));
  }
  out.metrics.push_back(plain("carbon_emitted", carbon / 1000, "t CO2"));
  out.metrics.push_back(plain("carbon_per_busy_accelerator_hour", busy_accelerator_seconds > 0 ? carbon / (busy_accelerator_seconds / 3600) : 0.0,
                              "kg CO2"));
  out.metrics.push_back(plain("water_evaporated", water / 1000, "m3"));
  out.metrics.push_back(plain("power_it_mean", hours > 0 ? it / p.measured_s / 1000 : 0.0, "kW"));
  out.metrics.push_back(plain("power_it_peak", it_peak / 1000, "kW"));
  out.metrics.push_back(plain("power_facility_peak", facility_peak / 1000, "kW"));
  for (std::size_t m = 0; m < chip_models.size() && m < p.chip_j.size(); ++m) {
    out.metrics.push_back(plain("energy_it.chip." + chip_models[m], p.chip_j[m] / kMwh, "MWh"));
  }
  out.metrics.push_back(plain("energy_it.hosts", p.host_j / kMwh, "MWh"));
  if (tenant_names.size() > 1) {
    for (std::size_t t = 0; t < tenant_names.size() && t < p.tenant_j.size(); ++t) {
      out.metrics.push_back(plain("energy_it.tenant." + tenant_names[t], p.tenant_j[t] / kMwh, "MWh (its accelerators above idle)"));
    }
  }
  if (p.sites.size() > 1) {
    for (const cluster::SitePowerResult& site : p.sites) {
      out.metrics.push_back(plain("center." + site.name + ".energy_it", site.it_j / kMwh, "MWh"));
      out.metrics.push_back(plain("center." + site.name + ".pue", site.pue(), ""));
      out.metrics.push_back(plain("center." + site.name + ".power_it_peak", site.it_peak_w / 1000, "kW"));
    }
  }
  // racks: the highest peak and, where budgets cap, how long and at what cost
  double rack_peak = 0, capped_share_sum = 0, capped_share_max = 0;
  std::size_t budgeted = 0, capped_racks = 0;
  for (const cluster::RackPowerResult& r : p.racks) {
    rack_peak = std::max(rack_peak, r.peak_w);
    if (!std::isfinite(r.budget_w)) continue;
    ++budgeted;
    const double share = p.measured_s > 0 ? r.capped_s / p.measured_s : 0.0;
    capped_share_sum += share;
    capped_share_max = std::max(capped_share_max, share);
    if (r.capped_s > 0) ++capped_racks;
  }
  out.metrics.push_back(plain("rack_power_peak_max", rack_peak / 1000, "kW"));
  if (s.power->switch_off) {  // empty servers switched off: how long, and how often one booted
    const double server_s = static_cast<double>(p.servers) * p.measured_s;
    out.metrics.push_back(plain("servers_off_time", server_s > 0 ? 100 * p.switched_off_s / server_s : 0.0, "% of server-time"));
    out.counts.emplace_back("server_boots", p.boots);
  }
  const bool capping = s.power->dvfs_capping || std::any_of(s.datacenter.centers.begin(), s.datacenter.centers.end(),
                                                              [](const CenterSpec& c) { return c.power_cap.it_w > 0; });
  if (capping) {
    out.metrics.push_back(plain("racks_capped", static_cast<double>(capped_racks), "racks"));
    out.metrics.push_back(plain("rack_capped_time", budgeted > 0 ? 100 * capped_share_sum / static_cast<double>(budgeted) : 0.0, "% (mean over racks with a budget)"));
    out.metrics.push_back(plain("rack_capped_time_max", 100 * capped_share_max, "%"));
    out.metrics.push_back(plain("capping_lost_accelerator_time", p.lost_accelerator_s / s.report.time_unit_seconds, "accelerator-" + s.report.time_unit));
    for (const cluster::SitePowerResult& site : p.sites) {
      if (std::any_of(s.datacenter.centers.begin(), s.datacenter.centers.end(), [&](const CenterSpec& c) { return c.id == site.name && c.power_cap.it_w > 0; })) {
        out.metrics.push_back(plain("center." + site.name + ".capped_time", p.measured_s > 0 ? 100 * site.capped_s / p.measured_s : 0.0, "%"));
      }
    }
  }
}

std::vector<RackLabel> rack_labels(const DatacenterSpec& dc, const Inventory& inventory) {
  std::vector<RackLabel> out;
  for (std::uint32_t c = 0; c < inventory.center_count(); ++c) {
    const IndexRange racks = inventory.center_racks(c);
    for (std::uint32_t r = racks.first; r < racks.end(); ++r) {
      out.resize(std::max<std::size_t>(out.size(), r + 1));
      out[r] = RackLabel{dc.centers[c].id, dc.racks[inventory.rack_type(r)].id, r - racks.first};
    }
  }
  return out;
}

void add_power_tables(Summary& out, const cluster::PowerResult& p, std::size_t replication, const std::vector<RackLabel>& racks) {
  const auto g = [](double v) { return fmt::format("{:.9g}", v); };
  const auto table = [&](const char* file, std::vector<std::string> columns) -> Table& {
    for (Table& t : out.tables) {
      if (t.file == file) return t;
    }
    out.tables.push_back(Table{file, std::move(columns), {}});
    return out.tables.back();
  };
  Table& rack_table = table("racks.csv", {"replication", "center", "rack_type", "rack", "budget_kw", "energy_mwh", "peak_kw", "mean_kw",
                                          "capped_pct", "capping_lost_accelerator_h"});
  for (std::size_t r = 0; r < p.racks.size() && r < racks.size(); ++r) {
    const cluster::RackPowerResult& x = p.racks[r];
    rack_table.rows.push_back({std::to_string(replication), racks[r].center, racks[r].rack_type, std::to_string(racks[r].number),
                               std::isfinite(x.budget_w) ? g(x.budget_w / 1e3) : "", g(x.energy_j / 3.6e9), g(x.peak_w / 1e3),
                               g(p.measured_s > 0 ? x.energy_j / p.measured_s / 1e3 : 0.0), g(p.measured_s > 0 ? 100 * x.capped_s / p.measured_s : 0.0),
                               g(x.lost_accelerator_s / 3600)});
  }
  Table& hourly = table("power_hourly.csv", {"replication", "center", "hour", "it_kwh", "facility_kwh", "pue", "carbon_kg"});
  for (const cluster::SitePowerResult& site : p.sites) {
    for (std::size_t h = 0; h < site.it_hour_j.size(); ++h) {
      const double it = site.it_hour_j[h], facility = site.facility_hour_j[h];
      hourly.rows.push_back({std::to_string(replication), site.name, std::to_string(h), g(it / 3.6e6), g(facility / 3.6e6),
                             it > 0 ? g(facility / it) : "", g(site.carbon_hour_kg[h])});
    }
  }
}

}  // namespace dcsim

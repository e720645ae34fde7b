#pragma once
// The physical side of a scenario, as plain values: chips, server types, rack types, and the
// centers built from them, joined by wide-area links. Loaded and checked by load_scenario;
// topology queries live in model/network.hpp.
#include <array>
#include <cstdint>
#include <string_view>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dcsim/base/units.hpp"
#include "dcsim/model/chip.hpp"
#include "dcsim/model/cooling.hpp"
#include "dcsim/model/grid.hpp"
#include "dcsim/model/weather.hpp"

namespace dcsim {

struct ServerSpec {
  std::string id;
  std::string chip;          ///< accelerator id in the catalogue; empty for a CPU-only server
  int chips = 0;             ///< accelerators per server
  std::string cpu;           ///< CPU id in the catalogue
  int cpus = 0;
  double memory_bytes = 0;   ///< host memory
  double idle_w = 0;         ///< whole server at idle
  double peak_w = 0;         ///< whole server at full load (the rack budget is checked against it)
  int height_u = 1;          ///< rack units
};

/// How heat leaves a rack; each class removes at most `max_density_w` per rack.
enum class CoolingClass { kAir, kRearDoor, kDirectLiquid, kImmersion };
inline constexpr std::size_t kCoolingClassCount = 4;
[[nodiscard]] std::string_view name(CoolingClass c);

struct RackSpec {
  std::string id;
  double power_budget_w = 0;     ///< electrical budget per rack (PDU)
  CoolingClass cooling = CoolingClass::kAir;
  int slots_u = 42;
  /// Allowed ratio of the servers' summed peak power to the budget (1 = no oversubscription;
  /// 1.2 lets measured-below-nameplate servers in, as power capping makes safe).
  double oversubscription = 1.0;
};

/// `racks` racks of one rack type, each holding `servers` (server type id → count).
struct RackPopulation {
  int racks = 0;
  std::vector<std::pair<std::string, int>> servers;
};

/// Racks of one type in a center: how many are built and how they are populated.
struct RackGroup {
  std::string rack_type;
  int built = 0;
  std::vector<RackPopulation> populated;  ///< the remaining built racks stay empty
  [[nodiscard]] int populated_racks() const {
    int n = 0;
    for (const auto& p : populated) n += p.racks;
    return n;
  }
};

struct LinkSpec {
  double bandwidth = 0;  ///< bytes/s
  double latency_s = 0;
};

/// A three-level tree inside a center: server → rack switch → pod switch → spine.
struct CenterNetworkSpec {
  int racks_per_pod = 16;
  LinkSpec server_link{25e9, 2e-6};   ///< server to its rack switch
  LinkSpec rack_link{100e9, 2e-6};    ///< rack switch to its pod switch
  LinkSpec pod_link{400e9, 5e-6};     ///< pod switch to the spine
};

/// A site's outdoor air over the year (`site.weather:`), for the cooling model of a run with
/// a `power:` section.
struct WeatherSpec {
  enum class Source { kNone, kMonthly, kHourlyCsv, kConstant };
  Source source = Source::kNone;  ///< kNone: not given (a run uses the design point and says so)
  MonthlyClimate monthly;         ///< kMonthly: 12 monthly means, daily swing, humidity
  std::string csv_file;           ///< kHourlyCsv: resolved path (scenario/weather_csv.hpp's format)
  Outdoor constant;               ///< kConstant
};

struct SiteSpec {
  std::string region;                       ///< free text, e.g. "Qingyang, Gansu"
  std::optional<Money> electricity_price;   ///< per joule (written per kWh)
  WeatherSpec weather;
  /// Grid carbon intensity by hour of day, kg CO2 per kWh (`site.carbon:` a number or 24);
  /// unset = China's 2022 national average (model/grid.hpp), said in the run's notes.
  std::optional<DailyProfile> carbon_kg_per_kwh;
};

/// How a center removes heat (`cooling:` of a center).
struct CoolingPlantSpec {
  double pue = 1.3;  ///< facility power / IT power at design load: annual over the site's weather, or at `design`
  CoolingType type = CoolingType::kAirChiller;
  /// `rated: annual` (default; how Chinese policy states PUE): `pue` is the year's PUE at design
  /// IT load over the site's weather. `rated: design`: at the design outdoor point below.
  bool rated_annual = true;
  Outdoor design{35, 0.4};  ///< `design: {temperature: 35 C, humidity: 0.4}` (rated: design)
};

/// A cap on a center's IT power (`power_cap:` of a center): a grid connection or a
/// facility-wide limit, optionally varying by hour of day (a time-of-day tariff or a grid
/// operator's request). Racks are slowed by DVFS so the center's IT draw stays within it.
struct CenterPowerCap {
  double it_w = 0;                   ///< <= 0: none
  std::optional<DailyProfile> hourly_factor;  ///< the cap in hour h of each day = it_w x factor[h]
};

struct CenterSpec {
  std::string id;
  SiteSpec site;
  std::vector<RackGroup> rack_groups;
  CenterNetworkSpec network;
  CoolingPlantSpec cooling;
  CenterPowerCap power_cap;
};

struct WanLinkSpec {
  std::string from;
  std::string to;
  LinkSpec link;
};

/// Everything physical in a scenario: a single center or a federation of several.
struct DatacenterSpec {
  std::vector<ChipSpec> chips;          ///< the catalogue plus the scenario's own chips
  std::vector<ServerSpec> servers;
  std::vector<RackSpec> racks;
  /// Heat one rack of each cooling class can shed (DOMAIN.md 2.3: practical air ceiling ~30 kW,
  /// rear-door exchangers 40-60, direct-to-chip 80-120, immersion 200-350); `cooling_limits:`
  /// in a scenario overrides them.
  std::array<double, kCoolingClassCount> cooling_max_density_w{30e3, 60e3, 120e3, 350e3};
  std::vector<CenterSpec> centers;
  std::vector<WanLinkSpec> wan;

  [[nodiscard]] const ChipSpec* chip(std::string_view id) const;
  [[nodiscard]] const ServerSpec* server(std::string_view id) const;
  [[nodiscard]] const RackSpec* rack(std::string_view id) const;
  [[nodiscard]] const CenterSpec* center(std::string_view id) const;
};

}  // namespace dcsim

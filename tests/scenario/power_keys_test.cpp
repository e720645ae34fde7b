// The catalogue's `power:` key of a chip (the curve of P(u)), the host checks of a server, and
// the power/cooling keys of a scenario: a site's weather and carbon, a center's cooling type
// and rating and its power cap, the `power:` section, a tenant's memory_bound.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "dcsim/base/diagnostic.hpp"
#include "dcsim/model/cooling.hpp"
#include "dcsim/model/server_power.hpp"
#include "dcsim/scenario/scenario.hpp"

namespace dcsim {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = DCSIM_SOURCE_DIR;

// A scenario file of the shipped western center plus `extra` YAML (chips or servers to add).
const fs::path kDir = fs::temp_directory_path() / "dcsim_power_keys_test";

std::string write(const std::string& name, const std::string& extra) {
  const fs::path& dir = kDir;
  fs::create_directories(dir);
  const fs::path file = dir / name;
  std::ofstream(file) << "include: " << (kSource / "scenarios/west-half-idle.yaml").string() << "\n" << extra;
  return file.string();
}

std::string chip(const std::string& power) {
  return "chips:\n  - id: test-gpu\n    vendor: Us\n    name: Test\n    kind: gpu\n    throughput: {bf16: 100 TFLOPS}\n"
         "    tdp: 400 W\n    idle_power: 60 W\n    source: test\n" +
         (power.empty() ? std::string() : "    power: " + power + "\n");
}

std::string error_of(const std::string& file) {
  try {
    (void)load_scenario(file, {}, {DCSIM_SOURCE_DIR});
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(PowerKeys, CurvesAreReadPerChip) {
  const Scenario linear = load_scenario(write("linear.yaml", chip("")), {}, {DCSIM_SOURCE_DIR});
  EXPECT_EQ(linear.datacenter.chip("test-gpu")->power.kind, PowerCurveKind::kLinear);
  const Scenario fan = load_scenario(write("fan.yaml", chip("{curve: fan, r: 1.5}")), {}, {DCSIM_SOURCE_DIR});
  EXPECT_EQ(fan.datacenter.chip("test-gpu")->power.kind, PowerCurveKind::kFan);
  EXPECT_DOUBLE_EQ(fan.datacenter.chip("test-gpu")->power.r, 1.5);
  const Scenario square = load_scenario(write("square.yaml", chip("{curve: square}")), {}, {DCSIM_SOURCE_DIR});
  EXPECT_DOUBLE_EQ(square.datacenter.chip("test-gpu")->power.power(60, 400, 0.5), 145.0);
  const Scenario table = load_scenario(write("table.yaml", chip("{curve: table, table: [0, 0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1]}")), {}, {DCSIM_SOURCE_DIR});
  EXPECT_DOUBLE_EQ(table.datacenter.chip("test-gpu")->power.power(60, 400, 0.1), 60 + 340 * 0.3);
}

// The shipped CPUs use Fan et al.'s curve; accelerators stay linear.
TEST(PowerKeys, ShippedCatalogueCurves) {
  const Scenario s = load_scenario((kSource / "scenarios/west-half-idle.yaml").string());
  EXPECT_EQ(s.datacenter.chip("xeon-8480plus")->power.kind, PowerCurveKind::kFan);
  EXPECT_DOUBLE_EQ(s.datacenter.chip("xeon-8480plus")->power.r, 1.4);
  EXPECT_EQ(s.datacenter.chip("l20")->power.kind, PowerCurveKind::kLinear);
  // l20-8x-pcie: host 736 - 8 x 41.25 = 406 W idle, 3200 - 8 x 275 = 1000 W peak.
  const ServerPowerModel m = server_power_model(s.datacenter, *s.datacenter.server("l20-8x-pcie"));
  EXPECT_DOUBLE_EQ(m.host_idle_w, 406.0);
  EXPECT_DOUBLE_EQ(m.host_max_w, 1000.0);
}

TEST(PowerKeys, BadCurvesAreLocated) {
  EXPECT_NE(error_of(write("b1.yaml", chip("{curve: cubic}"))).find("chips[test-gpu].power.curve: expected linear, square, fan or table, found \"cubic\""),
            std::string::npos);
  EXPECT_NE(error_of(write("b2.yaml", chip("{curve: linear, r: 1.4}"))).find("chips[test-gpu].power.r: r is the exponent of the fan curve"),
            std::string::npos);
  EXPECT_NE(error_of(write("b3.yaml", chip("{curve: fan, r: 2.5}"))).find("expected 1 <= r <= 2"), std::string::npos);
  EXPECT_NE(error_of(write("b4.yaml", chip("{curve: table}"))).find("chips[test-gpu].power.table: missing required key"), std::string::npos);
  EXPECT_NE(error_of(write("b5.yaml", chip("{curve: table, table: [0, 0.5, 1]}"))).find("expected 11 values"), std::string::npos);
  EXPECT_NE(error_of(write("b6.yaml", chip("{curve: table, table: [0, 0.3, 0.2, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1]}")))
                .find("chips[test-gpu].power.table[2]: expected at least the value before it (0.3)"),
            std::string::npos);
  EXPECT_NE(error_of(write("b7.yaml", chip("{curve: table, table: [0.1, 0.3, 0.4, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1]}")))
                .find("expected 0 first (idle_power) and 1 last (tdp)"),
            std::string::npos);
  EXPECT_NE(error_of(write("b8.yaml", chip("{curve: square, table: [0, 1]}"))).find("a table belongs to curve: table"), std::string::npos);
  EXPECT_NE(error_of(write("b9.yaml", chip("{curv: fan}"))).find("chips[test-gpu].power"), std::string::npos);
  const std::string located = error_of(write("b1.yaml", chip("{curve: cubic}")));
  EXPECT_NE(located.find("b1.yaml:"), std::string::npos) << located;  // file:line:column
}

// A server cannot peak below its accelerators at tdp, nor idle below them at idle: the host
// would draw less than nothing.
TEST(PowerKeys, ServerBelowItsAcceleratorsIsRefused) {
  const std::string server =
      "servers:\n  - id: tiny\n    chip: l20\n    chips: 8\n    cpu: xeon-8480plus\n    cpus: 2\n    memory: 512 GB\n"
      "    peak_power: 2 kW\n    idle_power: 300 W\n    height_u: 4\n";
  const std::string e = error_of(write("tiny.yaml", server));
  EXPECT_NE(e.find("servers[tiny].peak_power: expected at least its 8 x l20 at tdp (2200 W), found 2000 W"), std::string::npos) << e;
  const std::string idle =
      "servers:\n  - id: tiny\n    chip: l20\n    chips: 8\n    cpu: xeon-8480plus\n    cpus: 2\n    memory: 512 GB\n"
      "    peak_power: 3 kW\n    idle_power: 300 W\n    height_u: 4\n";
  EXPECT_NE(error_of(write("idle.yaml", idle)).find("servers[tiny].idle_power: expected at least its 8 x l20 at idle_power (330 W), found 300 W"),
            std::string::npos);
}

// ------------------------------------------------------------------ power and cooling keys

// The shipped center west-1 again (an included item with the same id is replaced whole), two
// of its racks populated, with `lines` (indented for the center's keys) added.
std::string center(const std::string& lines) {
  return "centers:\n  - id: west-1\n    rack_groups: [{rack_type: air-15kw, built: 4, populated: [{racks: 2, servers: {l20-8x-pcie: 4}}]}]\n" +
         lines;
}

// A workload of one tenant (with `lines` added to it) and a stop.
std::string workload(const std::string& lines = "") {
  return "workload:\n  tenants:\n    - name: t\n      arrivals: {process: poisson, rate: 1 /h}\n      accelerators: 1\n"
         "      duration: {distribution: deterministic, value: 1 h}\n" +
         lines + "stop: {completions: 100}\n";
}

const std::string kMonthly = "[3.8, 10.4, 11.3, 14.5, 18.6, 21.5, 22.7, 23.6, 21.5, 15.8, 9.3, 5.5]";

// An hourly weather file of `rows` rows in the test folder: temperature 10 + hour of day, humidity 0.3.
std::string hourly_csv(const std::string& name, int rows) {
  std::string text = "time,temperature_c,relative_humidity\n";
  for (int h = 0; h < rows; ++h) text += std::to_string(h) + "," + std::to_string(10 + h % 24) + ",0.3\n";
  fs::create_directories(kDir);
  std::ofstream(kDir / name) << text;
  return (kDir / name).string();
}

Scenario load(const std::string& file, const std::vector<Override>& overrides = {}) {
  return load_scenario(file, overrides, {DCSIM_SOURCE_DIR});
}

std::string error_of(const std::string& file, const std::vector<Override>& overrides) {
  try {
    (void)load_scenario(file, overrides, {DCSIM_SOURCE_DIR});
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(PowerKeys, DefaultsWhenAbsent) {
  // a center of its own: the shipped ones set weather, carbon and a cooling type
  const fs::path file = kDir / "defaults.yaml";
  fs::create_directories(kDir);
  std::ofstream(file) << "include: " << (kSource / "scenarios/catalog/servers.yaml").string() << "\n"
                      << "centers:\n  - id: plain\n    rack_groups:\n      - rack_type: air-15kw\n        built: 1\n"
                         "        populated:\n          - {racks: 1, servers: {l20-8x-pcie: 4}}\n"
                      << workload();
  const Scenario s = load(file.string());
  const CenterSpec& c = s.datacenter.centers.at(0);
  EXPECT_EQ(c.site.weather.source, WeatherSpec::Source::kNone);
  EXPECT_FALSE(c.site.carbon_kg_per_kwh.has_value());
  EXPECT_EQ(c.cooling.type, CoolingType::kAirChiller);
  EXPECT_TRUE(c.cooling.rated_annual);
  EXPECT_DOUBLE_EQ(c.cooling.pue, 1.3);
  EXPECT_DOUBLE_EQ(c.cooling.design.dry_bulb_c, 35);
  EXPECT_DOUBLE_EQ(c.cooling.design.relative_humidity, 0.4);
  EXPECT_LE(c.power_cap.it_w, 0);
  EXPECT_FALSE(c.power_cap.hourly_factor.has_value());
  EXPECT_FALSE(s.power.has_value());
  EXPECT_FALSE(s.workload->tenants.at(0).memory_bound.has_value());
}

TEST(PowerKeys, MonthlyWeatherAndCarbon) {
  const Scenario s = load(write("monthly.yaml", center("    site:\n      region: Guiyang\n      weather:\n        monthly: " + kMonthly +
                                                       "\n        daily_swing: 10\n        humidity: 0.7\n      carbon: 0.5366\n")));
  const SiteSpec& site = s.datacenter.centers.at(0).site;
  EXPECT_EQ(site.region, "Guiyang");
  ASSERT_EQ(site.weather.source, WeatherSpec::Source::kMonthly);
  EXPECT_DOUBLE_EQ(site.weather.monthly.mean_c[0], 3.8);
  EXPECT_DOUBLE_EQ(site.weather.monthly.mean_c[11], 5.5);
  EXPECT_DOUBLE_EQ(site.weather.monthly.daily_swing_c, 10);
  for (double h : site.weather.monthly.relative_humidity) EXPECT_DOUBLE_EQ(h, 0.7);
  ASSERT_TRUE(site.carbon_kg_per_kwh.has_value());
  for (double v : site.carbon_kg_per_kwh->values) EXPECT_DOUBLE_EQ(v, 0.5366);

  std::string hours = "[";
  for (int h = 0; h < 24; ++h) hours += (h ? ", " : "") + std::to_string(h < 12 ? 0.6 : 0.4);
  hours += "]";
  const Scenario t = load(write("monthly-lists.yaml", center("    site:\n      weather: {monthly: " + kMonthly +
                                                             ", humidity: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 0.5, 0.5]}\n"
                                                             "      carbon: " + hours + "\n")));
  const SiteSpec& site2 = t.datacenter.centers.at(0).site;
  EXPECT_DOUBLE_EQ(site2.weather.monthly.daily_swing_c, 8);  // MonthlyClimate's default
  EXPECT_DOUBLE_EQ(site2.weather.monthly.relative_humidity[2], 0.3);
  EXPECT_DOUBLE_EQ(site2.weather.monthly.relative_humidity[9], 1.0);
  EXPECT_DOUBLE_EQ(site2.carbon_kg_per_kwh->at_hour(3), 0.6);
  EXPECT_DOUBLE_EQ(site2.carbon_kg_per_kwh->at_hour(13), 0.4);
}

TEST(PowerKeys, ConstantWeather) {
  const Scenario s = load(write("constant.yaml", center("    site: {weather: {constant: {temperature: -5, humidity: 0.9}}}\n")));
  const WeatherSpec& w = s.datacenter.centers.at(0).site.weather;
  ASSERT_EQ(w.source, WeatherSpec::Source::kConstant);
  EXPECT_DOUBLE_EQ(w.constant.dry_bulb_c, -5);
  EXPECT_DOUBLE_EQ(w.constant.relative_humidity, 0.9);
}

// An hourly file is read at load (its errors show there), named in input_files, and written
// absolute into the resolved copy, which loads alone from another folder.
TEST(PowerKeys, HourlyWeatherFile) {
  const std::string csv = hourly_csv("day.csv", 48);
  const std::string file = write("csv.yaml", center("    site: {weather: {csv: day.csv}}\n"));
  const Scenario s = load(file);
  const WeatherSpec& w = s.datacenter.centers.at(0).site.weather;
  ASSERT_EQ(w.source, WeatherSpec::Source::kHourlyCsv);
  EXPECT_EQ(w.csv_file, csv);
  EXPECT_NE(std::find(s.input_files.begin(), s.input_files.end(), csv), s.input_files.end());
  EXPECT_TRUE(has(s.resolved_yaml, "csv: " + fs::absolute(csv).lexically_normal().string())) << s.resolved_yaml;

  const std::string bad = hourly_csv("short.csv", 23);
  const std::string e = error_of(write("csv-short.yaml", center("    site: {weather: {csv: short.csv}}\n")), {});
  EXPECT_TRUE(has(e, bad + ":")) << e;
  EXPECT_TRUE(has(e, "expected whole days of hourly rows (a multiple of 24, 8760 for a year), found 23 rows")) << e;
  const std::string hot = (kDir / "hot.csv").string();
  std::ofstream(hot) << "temperature_c\n" << std::string("20\n") + "75\n";
  EXPECT_TRUE(has(error_of(write("csv-hot.yaml", center("    site: {weather: {csv: hot.csv}}\n")), {}), "hot.csv:3:")) << "the row is located";
  const std::string missing = error_of(write("csv-missing.yaml", center("    site: {weather: {csv: none.csv}}\n")), {});
  EXPECT_TRUE(has(missing, "csv-missing.yaml:5:27: centers[west-1].site.weather.csv: no such weather file")) << missing;
  const std::string outside = error_of(write("csv-outside.yaml", center("    site: {weather: {csv: /etc/hostname}}\n")), {});
  EXPECT_TRUE(has(outside, "centers[west-1].site.weather.csv: expected a file inside the scenario's folder")) << outside;
}

TEST(PowerKeys, CoolingTypeAndRating) {
  for (std::size_t i = 0; i < kCoolingTypeCount; ++i) {
    const std::string type(kCoolingTypeNames[i]);
    const Scenario s = load(write("type.yaml", center("    cooling: {pue: 1.2, type: " + type + "}\n")));
    EXPECT_EQ(s.datacenter.centers.at(0).cooling.type, static_cast<CoolingType>(i)) << type;
    EXPECT_DOUBLE_EQ(s.datacenter.centers.at(0).cooling.pue, 1.2);
  }
  const Scenario annual = load(write("annual.yaml", center("    cooling: {pue: 1.25, rated: annual}\n")));
  EXPECT_TRUE(annual.datacenter.centers.at(0).cooling.rated_annual);
  const Scenario design = load(write("design.yaml", center("    cooling: {pue: 1.4, rated: design, design: {temperature: 38, humidity: 0.3}}\n")));
  const CoolingPlantSpec& c = design.datacenter.centers.at(0).cooling;
  EXPECT_FALSE(c.rated_annual);
  EXPECT_DOUBLE_EQ(c.design.dry_bulb_c, 38);
  EXPECT_DOUBLE_EQ(c.design.relative_humidity, 0.3);
  const Scenario design_default = load(write("design-default.yaml", center("    cooling: {pue: 1.4, rated: design}\n")));
  EXPECT_DOUBLE_EQ(design_default.datacenter.centers.at(0).cooling.design.dry_bulb_c, 35);
}

TEST(PowerKeys, CenterPowerCap) {
  const Scenario plain = load(write("cap.yaml", center("    power_cap: 400 kW\n")));
  EXPECT_DOUBLE_EQ(plain.datacenter.centers.at(0).power_cap.it_w, 400e3);
  EXPECT_FALSE(plain.datacenter.centers.at(0).power_cap.hourly_factor.has_value());
  std::string factors = "[";
  for (int h = 0; h < 24; ++h) factors += (h ? ", " : "") + std::string(h >= 18 && h < 22 ? "0.5" : "1");
  factors += "]";
  const Scenario hourly = load(write("cap-hourly.yaml", center("    power_cap: {it: 1.2 MW, hourly: " + factors + "}\n")));
  const CenterPowerCap& cap = hourly.datacenter.centers.at(0).power_cap;
  EXPECT_DOUBLE_EQ(cap.it_w, 1.2e6);
  ASSERT_TRUE(cap.hourly_factor.has_value());
  EXPECT_DOUBLE_EQ(cap.hourly_factor->at_hour(19), 0.5);
  EXPECT_DOUBLE_EQ(cap.hourly_factor->at_hour(9), 1.0);
}

TEST(PowerKeys, PowerSectionAndMemoryBound) {
  const Scenario on = load(write("power-on.yaml", workload() + "power: {}\n"));
  ASSERT_TRUE(on.power.has_value());
  EXPECT_FALSE(on.power->dvfs_capping);
  EXPECT_DOUBLE_EQ(on.power->dvfs.exponent, 3.0);
  EXPECT_DOUBLE_EQ(on.power->dvfs.min_clock_ratio, 0.3);
  EXPECT_DOUBLE_EQ(on.power->dvfs.clock_step, 0.01);
  EXPECT_TRUE(load(write("power-bare.yaml", workload() + "power:\n")).power.has_value());
  const Scenario dvfs = load(write("power-dvfs.yaml", workload("      memory_bound: 0.35\n") +
                                                          "power:\n  capping: dvfs\n  dvfs: {exponent: 2, min_clock: 0.5, clock_step: 0}\n"));
  EXPECT_TRUE(dvfs.power->dvfs_capping);
  EXPECT_DOUBLE_EQ(dvfs.power->dvfs.exponent, 2.0);
  EXPECT_DOUBLE_EQ(dvfs.power->dvfs.min_clock_ratio, 0.5);
  EXPECT_DOUBLE_EQ(dvfs.power->dvfs.clock_step, 0.0);
  EXPECT_DOUBLE_EQ(dvfs.workload->tenants.at(0).memory_bound.value(), 0.35);
  EXPECT_FALSE(load(write("power-admission.yaml", workload() + "power: {capping: admission}\n")).power->dvfs_capping);
  // Empty servers switch off: absent unless given; both times in any unit, 0 allowed.
  EXPECT_FALSE(on.power->switch_off.has_value());
  const Scenario off = load(write("power-off.yaml", workload() + "power: {switch_off: {after: 30 min, boot: 5 min}}\n"));
  ASSERT_TRUE(off.power->switch_off.has_value());
  EXPECT_DOUBLE_EQ(off.power->switch_off->after_s, 1800);
  EXPECT_DOUBLE_EQ(off.power->switch_off->boot_s, 300);
  const Scenario at_once = load(write("power-off-0.yaml", workload() + "power: {switch_off: {after: 0 s, boot: 0 s}}\n"));
  EXPECT_DOUBLE_EQ(at_once.power->switch_off->after_s, 0);
  EXPECT_DOUBLE_EQ(at_once.power->switch_off->boot_s, 0);
  // A service tenant may say how memory-bound its decode is.
  const Scenario service = load(write("service.yaml",
                                      "workload:\n  tenants:\n    - name: chat\n      accelerators: 1\n      memory_bound: 0.9\n"
                                      "      service: {demand: {constant: 100}}\nstop: {time: 1 d}\n"));
  EXPECT_DOUBLE_EQ(service.workload->tenants.at(0).memory_bound.value(), 0.9);
}

// --set reaches the new keys: a top-level one by its path, a center's through its id.
TEST(PowerKeys, OverridesReachTheNewKeys) {
  const std::string file = write("override.yaml", workload() + "power: {}\n");
  const Scenario s = load(file, {parse_override("power.capping=dvfs"), parse_override("centers[west-1].cooling.type=direct-liquid"),
                                 parse_override("centers[west-1].site.carbon=0.1073"),
                                 parse_override("workload.tenants[t].memory_bound=0.5")});
  EXPECT_TRUE(s.power->dvfs_capping);
  EXPECT_EQ(s.datacenter.centers.at(0).cooling.type, CoolingType::kDirectLiquid);
  EXPECT_DOUBLE_EQ(s.datacenter.centers.at(0).cooling.pue, 1.3);  // the rest of the center kept
  EXPECT_DOUBLE_EQ(s.datacenter.centers.at(0).site.carbon_kg_per_kwh->at_hour(0), 0.1073);
  EXPECT_EQ(s.datacenter.centers.at(0).site.region, "Zhongwei, Ningxia");
  EXPECT_DOUBLE_EQ(s.workload->tenants.at(0).memory_bound.value(), 0.5);
  EXPECT_TRUE(has(s.resolved_yaml, "direct-liquid"));
  // A whole item replaced through its id.
  const Scenario whole = load(file, {parse_override("centers[west-1]={id: west-1, cooling: {pue: 1.5, type: rear-door}, rack_groups: "
                                                    "[{rack_type: air-15kw, built: 1, populated: [{racks: 1, servers: {l20-8x-pcie: 2}}]}]}")});
  ASSERT_EQ(whole.datacenter.centers.size(), 1u);
  EXPECT_EQ(whole.datacenter.centers.at(0).cooling.type, CoolingType::kRearDoor);
  EXPECT_DOUBLE_EQ(whole.datacenter.centers.at(0).cooling.pue, 1.5);
  EXPECT_EQ(whole.datacenter.centers.at(0).site.region, "");

  EXPECT_EQ(error_of(file, {parse_override("centers[west-1].cooling.type=air")}),
            "command line (--set centers[west-1].cooling.type=air): centers[west-1].cooling.type: expected one of: air-chiller, "
            "airside-economiser, waterside-economiser, rear-door, direct-liquid; found \"air\"");
  EXPECT_EQ(error_of(file, {parse_override("power.capping=off")}),
            "command line (--set power.capping=off): power.capping: expected admission (a rack takes a job only within its power "
            "budget) or dvfs (racks take jobs up to their servers and slow their clock to stay within the budget), found \"off\"");
  EXPECT_EQ(error_of(file, {parse_override("centers[east-1].cooling.type=rear-door")}),
            "command line: centers[east-1].cooling.type: --set centers[east-1].cooling.type=rear-door: centers has no item [east-1] "
            "(its items: [west-1])");
  EXPECT_EQ(error_of(file, {parse_override("centers.west-1.cooling.type=rear-door")}),
            "command line: centers.west-1.cooling.type: --set centers.west-1.cooling.type=rear-door: cannot set a key inside centers, "
            "which is a list (name one of its items: centers[west-1])");
  EXPECT_EQ(error_of(file, {parse_override("power[0].capping=dvfs")}),
            "command line: power[0].capping: --set power[0].capping=dvfs: cannot name an item of power, which is a mapping, not a list");
}

// The resolved copy (a run folder's scenario.yaml) keeps every new key and loads alone.
TEST(PowerKeys, ResolvedCopyRoundTrips) {
  const std::string csv = hourly_csv("year.csv", 24);
  std::string factors = "[";
  for (int h = 0; h < 24; ++h) factors += (h ? ", " : "") + std::string(h < 6 ? "0.8" : "1");
  factors += "]";
  const std::string file = write("round-trip.yaml",
                                 center("    site: {weather: {csv: year.csv}, carbon: 0.3}\n"
                                        "    cooling: {pue: 1.35, type: waterside-economiser, rated: design, design: {temperature: 33, humidity: 0.5}}\n"
                                        "    power_cap: {it: 100 kW, hourly: " + factors + "}\n") +
                                     workload("      memory_bound: 0.25\n") +
                                     "power: {capping: dvfs, dvfs: {exponent: 2.5, min_clock: 0.4}, switch_off: {after: 20 min, boot: 90 s}}\n");
  const Scenario original = load(file);
  const fs::path other = fs::temp_directory_path() / "dcsim_power_keys_resolved";
  fs::create_directories(other);
  std::ofstream(other / "scenario.yaml") << original.resolved_yaml;
  const Scenario again = load_scenario((other / "scenario.yaml").string(), {}, original.input_folders);
  EXPECT_EQ(again.resolved_yaml, original.resolved_yaml);
  const CenterSpec& c = again.datacenter.centers.at(0);
  EXPECT_EQ(c.site.weather.source, WeatherSpec::Source::kHourlyCsv);
  EXPECT_EQ(c.site.weather.csv_file, fs::absolute(csv).lexically_normal().string());
  EXPECT_DOUBLE_EQ(c.site.carbon_kg_per_kwh->at_hour(5), 0.3);
  EXPECT_EQ(c.cooling.type, CoolingType::kWatersideEconomiser);
  EXPECT_FALSE(c.cooling.rated_annual);
  EXPECT_DOUBLE_EQ(c.cooling.design.dry_bulb_c, 33);
  EXPECT_DOUBLE_EQ(c.cooling.pue, 1.35);
  EXPECT_DOUBLE_EQ(c.power_cap.it_w, 100e3);
  EXPECT_DOUBLE_EQ(c.power_cap.hourly_factor->at_hour(3), 0.8);
  EXPECT_TRUE(again.power->dvfs_capping);
  EXPECT_DOUBLE_EQ(again.power->dvfs.exponent, 2.5);
  EXPECT_DOUBLE_EQ(again.power->dvfs.min_clock_ratio, 0.4);
  EXPECT_DOUBLE_EQ(again.power->switch_off->after_s, 1200);
  EXPECT_DOUBLE_EQ(again.power->switch_off->boot_s, 90);
  EXPECT_DOUBLE_EQ(again.workload->tenants.at(0).memory_bound.value(), 0.25);
  // Monthly and constant weather survive the copy too.
  const Scenario monthly = load(write("round-trip-monthly.yaml", center("    site: {weather: {monthly: " + kMonthly + ", daily_swing: 12}}\n")));
  std::ofstream(other / "monthly.yaml") << monthly.resolved_yaml;
  const Scenario monthly_again = load_scenario((other / "monthly.yaml").string());
  EXPECT_EQ(monthly_again.datacenter.centers.at(0).site.weather.monthly.mean_c, monthly.datacenter.centers.at(0).site.weather.monthly.mean_c);
  EXPECT_DOUBLE_EQ(monthly_again.datacenter.centers.at(0).site.weather.monthly.daily_swing_c, 12);
  fs::remove_all(other);
}

// Each bad value is located (file:line:column) and names its key path and what was expected.
TEST(PowerKeys, BadPowerKeysAreLocated) {
  const auto bad = [&](const std::string& name, const std::string& extra) { return error_of(write(name, extra), {}); };
  const auto site = [&](const std::string& name, const std::string& weather_and_carbon) {
    return bad(name, center("    site:\n" + weather_and_carbon));
  };
  const std::string queue_with_power = (kDir / "s6.yaml").string();
  std::ofstream(queue_with_power) << "include: " << (kSource / "scenarios/mmc.yaml").string() << "\npower: {}\n";
  struct Case {
    std::string error;
    std::string expected;
  };
  const Case cases[] = {
      {site("w1.yaml", "      weather: {monthly: [1, 2, 3]}\n"),
       "w1.yaml:6:26: centers[west-1].site.weather.monthly: expected 12 monthly mean temperatures in °C, January first, found 3 values"},
      {site("w2.yaml", "      weather: {monthly: [3.8, 10.4, 11.3, 14.5, 18.6, 21.5, 72.7, 23.6, 21.5, 15.8, 9.3, 5.5]}\n"),
       "centers[west-1].site.weather.monthly[6]: expected a monthly mean temperature in °C, from -60 to 60, found \"72.7\""},
      {site("w3.yaml", "      weather: {monthly: [3.8, 10.4, 11.3, 14.5, 18.6, 21.5, warm, 23.6, 21.5, 15.8, 9.3, 5.5]}\n"),
       "centers[west-1].site.weather.monthly[6]: expected a monthly mean temperature in °C, from -60 to 60, found \"warm\""},
      {site("w4.yaml", "      weather: {monthly: " + kMonthly + ", daily_swing: -1}\n"),
       "centers[west-1].site.weather.daily_swing: expected a daily swing (maximum minus minimum) in °C, from 0 to below 60, found \"-1\""},
      {site("w5.yaml", "      weather: {monthly: " + kMonthly + ", humidity: 50}\n"),
       "centers[west-1].site.weather.humidity: expected a relative humidity (a share, not percent), above 0 and at most 1, found \"50\""},
      {site("w6.yaml", "      weather: {monthly: " + kMonthly + ", humidity: [0.5, 0.5]}\n"),
       "centers[west-1].site.weather.humidity: expected one relative humidity or 12, one per month, January first, found 2 values"},
      {site("w7.yaml", "      weather: {monthly: " + kMonthly + ", constant: {temperature: 20, humidity: 0.5}}\n"),
       "centers[west-1].site.weather: expected exactly one of monthly: (12 monthly mean temperatures, °C), csv: (an hourly weather "
       "file) or constant: {temperature: 25, humidity: 0.5}, found more than one"},
      {site("w8.yaml", "      weather: {}\n"), "centers[west-1].site.weather: expected exactly one of monthly:"},
      {site("w9.yaml", "      weather: {constant: {temperature: 20, humidity: 0.5}, daily_swing: 5}\n"),
       "centers[west-1].site.weather.daily_swing: daily_swing applies only with monthly: (a csv: file gives each hour's humidity, "
       "constant: its own)"},
      {site("w10.yaml", "      weather: {constant: {temperature: 20}}\n"),
       "centers[west-1].site.weather.constant.humidity: missing required key (the relative humidity, above 0 and at most 1)"},
      {site("w11.yaml", "      weather: {monthy: " + kMonthly + "}\n"),
       "centers[west-1].site.weather.monthy: unknown key (did you mean \"monthly\"? expected one of: monthly, daily_swing, humidity, "
       "csv, constant)"},
      {site("w12.yaml", "      weather: [1, 2]\n"), "centers[west-1].site.weather: expected a mapping of keys, found a list"},
      {site("c1.yaml", "      carbon: -0.1\n"),
       "centers[west-1].site.carbon: expected kg CO2 per kWh (coal-fired power emits about 1), from 0 to 2, found \"-0.1\""},
      {site("c2.yaml", "      carbon: 537\n"), "from 0 to 2, found \"537\""},
      {site("c3.yaml", "      carbon: [0.5, 0.4]\n"),
       "centers[west-1].site.carbon: expected kg CO2 per kWh: one number or 24, one per hour of day from 00:00, found 2 values"},
      {site("c4.yaml", "      carbon: 0.5 kg/kWh\n"), "centers[west-1].site.carbon: expected kg CO2 per kWh (coal-fired power emits about 1), "
                                                      "from 0 to 2, found \"0.5 kg/kWh\""},
      {bad("k1.yaml", center("    cooling: {type: evaporative}\n")),
       "centers[west-1].cooling.type: expected one of: air-chiller, airside-economiser, waterside-economiser, rear-door, direct-liquid; "
       "found \"evaporative\""},
      {bad("k2.yaml", center("    cooling: {rated: peak}\n")),
       "centers[west-1].cooling.rated: expected annual (pue is the year's over the site's weather) or design (pue at the design outdoor "
       "point), found \"peak\""},
      {bad("k3.yaml", center("    cooling: {pue: 1.3, design: {temperature: 35, humidity: 0.4}}\n")),
       "k3.yaml:5:33: centers[west-1].cooling.design: design applies only with rated: design (rated: annual, the default, rates pue "
       "over the site's weather)"},
      {bad("k4.yaml", center("    cooling: {rated: design, design: {temperature: 95, humidity: 0.4}}\n")),
       "centers[west-1].cooling.design.temperature: expected a dry-bulb temperature in °C, from -60 to 60, found \"95\""},
      {bad("k5.yaml", center("    cooling: {pue: 1}\n")), "centers[west-1].cooling.pue: expected a number > 1, found \"1\""},
      {bad("k6.yaml", center("    cooling: {pue: 1.3, typ: rear-door}\n")),
       "centers[west-1].cooling.typ: unknown key (did you mean \"type\"? expected one of: pue, type, rated, design)"},
      {bad("p1.yaml", center("    power_cap: 400 kWh\n")),
       "centers[west-1].power_cap: expected a power with a unit (W, kW, MW, GW) such as \"40 kW\", found \"400 kWh\""},
      {bad("p2.yaml", center("    power_cap: {hourly: [1]}\n")), "centers[west-1].power_cap.it: missing required key"},
      {bad("p3.yaml", center("    power_cap: {it: 400 kW, hourly: [1, 1]}\n")),
       "centers[west-1].power_cap.hourly: expected 24 factors on the cap, one per hour of day from 00:00, found 2 values"},
      {bad("p4.yaml", center("    power_cap: {it: 400 kW, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 1, 1, 1, 1, 1]}\n")),
       "centers[west-1].power_cap.hourly[18]: expected a factor on the cap, above 0 and at most 1, found \"1.2\""},
      {bad("p5.yaml", center("    power_cap: [400 kW]\n")),
       "centers[west-1].power_cap: expected a power such as \"400 kW\" or {it: 400 kW, hourly: [24 factors]}, found a list"},
      {bad("p6.yaml", center("    power_cap: 0 kW\n")), "centers[west-1].power_cap: expected a positive value, found \"0 kW\""},
      {bad("s1.yaml", workload() + "power: {capping: throttle}\n"), "power.capping: expected admission (a rack takes a job only"},
      {bad("s2.yaml", workload() + "power: {dvfs: {exponent: 5}}\n"),
       "power.dvfs.exponent: expected the exponent of dynamic power in the clock ratio, from 1 to 4, found \"5\""},
      {bad("s3.yaml", workload() + "power: {dvfs: {min_clock: 0}}\n"),
       "power.dvfs.min_clock: expected the lowest clock ratio f/f_max, above 0 and at most 1, found \"0\""},
      {bad("s4b.yaml", workload() + "power: {dvfs: {clock_step: 0.5}}\n"),
       "power.dvfs.clock_step: expected the step between clock levels, a share of f_max (0 = continuous), from 0 to below 0.5, found \"0.5\""},
      {bad("s4.yaml", workload() + "power: {dvfs: {min_clk: 0.3}}\n"),
       "power.dvfs.min_clk: unknown key (did you mean \"min_clock\"? expected one of: exponent, min_clock, clock_step)"},
      {bad("s5.yaml", workload() + "power: on\n"), "power: expected a mapping of keys, found \"on\""},
      {bad("o1.yaml", workload() + "power: {switch_off: {after: 30 min}}\n"), "o1.yaml:9:21: power.switch_off.boot: missing required key"},
      {bad("o2.yaml", workload() + "power: {switch_off: {boot: 5 min}}\n"), "power.switch_off.after: missing required key"},
      {bad("o3.yaml", workload() + "power: {switch_off: {after: -1 h, boot: 5 min}}\n"),
       "o3.yaml:9:29: power.switch_off.after: expected a non-negative value, found \"-1 h\""},
      {bad("o4.yaml", workload() + "power: {switch_off: {after: 30 min, boot: 5 kW}}\n"),
       "power.switch_off.boot: expected a duration with a unit (ns, us, ms, s, min, h, d, w, y) such as \"30 min\", found \"5 kW\""},
      {bad("o5.yaml", workload() + "power: {switch_off: {after: 30 min, boot: 5 min, wake: 1 s}}\n"),
       "power.switch_off.wake: unknown key (expected one of: after, boot)"},
      {bad("o6.yaml", workload() + "power: {switch_off: 30 min}\n"), "power.switch_off: expected a mapping of keys, found \"30 min\""},
      {error_of(queue_with_power, {}),
       "s6.yaml:2:8: power: the power model applies to jobs on centers (workload:), not to the M/M/c queue (queue:)"},
      {bad("t1.yaml", workload("      memory_bound: 1.5\n")),
       "workload.tenants[t].memory_bound: expected the share of a step's time bound by memory, not by the clock, from 0 to 1, found \"1.5\""},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(has(c.error, c.expected)) << "expected: " << c.expected << "\nfound: " << c.error;
  }
  // Every message is located in the file that holds the bad value.
  EXPECT_TRUE(has(cases[0].error, (kDir / "w1.yaml").string() + ":6:26: ")) << cases[0].error;

}

}  // namespace
}  // namespace dcsim

#include "datacenter_reader.hpp"

#include <fmt/format.h>

#include <set>

#include "dcsim/scenario/weather_csv.hpp"

namespace dcsim::detail {

namespace {

std::string at(std::string_view path, std::size_t i) { return fmt::format("{}[{}]", path, i); }

// Items of id'd lists are named by their id (`racks[air-15kw]`): after an include merges
// lists, an index would not match the position in the user's file.
std::string item_path(std::string_view section, const YAML::Node& item, std::size_t i) {
  const YAML::Node id = item.IsMap() ? item["id"] : YAML::Node();
  if (id.IsDefined() && id.IsScalar() && !id.Scalar().empty()) return fmt::format("{}[{}]", section, id.Scalar());
  return at(section, i);
}

// Small helpers over YamlReader for optional and required keys of one mapping.
struct Fields {
  YamlReader& r;
  const YAML::Node& node;
  std::string path;

  [[nodiscard]] std::string key(std::string_view k) const { return YamlReader::join(path, k); }
  [[nodiscard]] bool has(std::string_view k) const { return node[std::string(k)].IsDefined(); }
  [[nodiscard]] YAML::Node get(std::string_view k) const { return node[std::string(k)]; }

  std::optional<std::string> text(std::string_view k, bool required = true) const {
    if (!has(k)) {
      if (required) r.error(node, key(k), "missing required key");
      return std::nullopt;
    }
    return r.string(get(k), key(k));
  }
  std::optional<double> quantity(std::string_view k, Dimension d, bool required = true, bool zero_allowed = false) const {
    if (!has(k)) {
      if (required) r.error(node, key(k), "missing required key");
      return std::nullopt;
    }
    return r.quantity(get(k), key(k), d, zero_allowed);
  }
  std::optional<std::int64_t> integer(std::string_view k, std::int64_t min, std::int64_t max, bool required = true) const {
    if (!has(k)) {
      if (required) r.error(node, key(k), "missing required key");
      return std::nullopt;
    }
    return r.integer(get(k), key(k), min, max);
  }
  std::optional<Money> money(std::string_view k, PricePer per) const {
    if (!has(k)) return std::nullopt;
    const YAML::Node n = get(k);
    if (n.IsScalar()) {
      if (auto m = parse_money(n.Scalar(), per); m && m->amount >= 0) return m;
    }
    r.error(n, key(k), fmt::format("expected {}, found {}", describe(per), YamlReader::found(n)));
    return std::nullopt;
  }
};

template <class Item, class ReadOne>
void read_list(YamlReader& r, const YAML::Node& root, std::string_view section, std::vector<Item>& out, ReadOne read_one) {
  const YAML::Node list = root[std::string(section)];
  if (!list.IsDefined()) return;
  if (!r.expect_list(list, section)) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    const std::string path = item_path(section, item, i);
    if (!r.expect_map(item, path)) continue;
    Item value;
    read_one(Fields{r, item, path}, value);
    out.push_back(std::move(value));
  }
}

// `power: {curve: linear | square | fan | table, r: 1.4, table: [11 values]}`: the shape of
// P(u) between idle_power and tdp (model/power_curve.hpp). r belongs to fan only, table to table only.
void read_power_curve(const Fields& f, PowerCurve& curve) {
  if (!f.r.expect_map(f.node, f.path)) return;
  f.r.allow_only(f.node, f.path, {"curve", "r", "table"});
  if (const auto kind = f.text("curve")) {
    bool known = false;
    for (std::size_t i = 0; i < kPowerCurveKindCount; ++i) {
      if (*kind == kPowerCurveNames[i]) {
        curve.kind = static_cast<PowerCurveKind>(i);
        known = true;
      }
    }
    if (!known) {
      f.r.error(f.get("curve"), f.key("curve"), fmt::format("expected linear, square, fan or table, found {}", quoted_excerpt(*kind)));
      return;
    }
  }
  if (f.has("r")) {
    if (curve.kind != PowerCurveKind::kFan) {
      f.r.error(f.get("r"), f.key("r"), fmt::format("r is the exponent of the fan curve; this curve is {}", name(curve.kind)));
    } else if (const auto r = f.r.number(f.get("r"), f.key("r"), 1.0, true)) {
      if (*r > 2) {
        f.r.error(f.get("r"), f.key("r"), fmt::format("expected 1 <= r <= 2 (2u - u^r rises from 0 to 1 only then), found {:g}", *r));
      } else {
        curve.r = *r;
      }
    }
  }
  if (curve.kind != PowerCurveKind::kTable) {
    if (f.has("table")) f.r.error(f.get("table"), f.key("table"), fmt::format("a table belongs to curve: table; this curve is {}", name(curve.kind)));
    return;
  }
  if (!f.has("table")) {
    f.r.error(f.node, f.key("table"), "missing required key (curve: table needs 11 values at u = 0, 0.1, ..., 1)");
    return;
  }
  const YAML::Node list = f.get("table");
  const std::string path = f.key("table");
  if (!list.IsSequence() || list.size() != kPowerTablePoints) {
    f.r.error(list, path,
              fmt::format("expected 11 values of (P - idle)/(tdp - idle) at u = 0, 0.1, ..., 1, found {}",
                          list.IsSequence() ? fmt::format("{} values", list.size()) : YamlReader::found(list)));
    return;
  }
  for (std::size_t i = 0; i < kPowerTablePoints; ++i) {
    const std::string ipath = at(path, i);
    const auto v = f.r.number(list[i], ipath, 0.0, true);
    if (!v) return;
    if (*v > 1) {
      f.r.error(list[i], ipath, fmt::format("expected a share of the range from idle to tdp, 0 to 1, found {:g}", *v));
      return;
    }
    if (i > 0 && *v < curve.table[i - 1]) {
      f.r.error(list[i], ipath, fmt::format("expected at least the value before it ({:g}): power does not fall as load rises", curve.table[i - 1]));
      return;
    }
    curve.table[i] = *v;
  }
  if (curve.table.front() != 0 || curve.table.back() != 1) {
    f.r.error(list, path, fmt::format("expected 0 first (idle_power) and 1 last (tdp), found {:g} and {:g}", curve.table.front(), curve.table.back()));
  }
}

void read_chip(const Fields& f, ChipSpec& c) {
  f.r.allow_only(f.node, f.path, {"id", "vendor", "name", "kind", "throughput", "memory", "memory_bandwidth", "tdp",
                                  "idle_power", "power", "price", "cores", "stacks", "source"});
  c.id = f.text("id").value_or("");
  c.vendor = f.text("vendor").value_or("");
  c.name = f.text("name").value_or("");
  c.source = f.text("source").value_or("");
  if (const auto kind = f.text("kind")) {
    if (*kind == "gpu") {
      c.kind = ChipKind::kGpu;
    } else if (*kind == "npu") {
      c.kind = ChipKind::kNpu;
    } else if (*kind == "cpu") {
      c.kind = ChipKind::kCpu;
    } else {
      f.r.error(f.get("kind"), f.key("kind"), fmt::format("expected gpu, npu or cpu, found {}", quoted_excerpt(*kind)));
    }
  }
  if (f.has("throughput")) {
    const YAML::Node t = f.get("throughput");
    const std::string tpath = f.key("throughput");
    if (f.r.expect_map(t, tpath)) {
      f.r.allow_only(t, tpath, {"fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8"});
      for (std::size_t p = 0; p < kPrecisionCount; ++p) {
        const std::string precision(kPrecisionNames[p]);
        if (t[precision].IsDefined()) {
          c.throughput[p] = f.r.quantity(t[precision], YamlReader::join(tpath, precision), Dimension::kCompute, false).value_or(0);
        }
      }
    }
  }
  c.memory_bytes = f.quantity("memory", Dimension::kDataSize, false).value_or(0);
  c.memory_bandwidth = f.quantity("memory_bandwidth", Dimension::kBandwidth, false).value_or(0);
  c.tdp_w = f.quantity("tdp", Dimension::kPower).value_or(0);
  c.idle_w = f.quantity("idle_power", Dimension::kPower, true, true).value_or(0);
  if (f.has("power")) read_power_curve(Fields{f.r, f.get("power"), f.key("power")}, c.power);
  c.cores = static_cast<int>(f.integer("cores", 1, 100000, false).value_or(0));
  c.price = f.money("price", PricePer::kNothing);
  if (f.has("stacks")) {  // a list of names: [cuda], [cann]
    const YAML::Node list = f.get("stacks");
    const std::string path = f.key("stacks");
    if (f.r.expect_list(list, path)) {
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (auto name = f.r.string(list[i], fmt::format("{}[{}]", path, i))) c.stacks.push_back(std::move(*name));
      }
    }
  }
}

void read_server(const Fields& f, ServerSpec& s) {
  f.r.allow_only(f.node, f.path, {"id", "chip", "chips", "cpu", "cpus", "memory", "idle_power", "peak_power", "height_u"});
  s.id = f.text("id").value_or("");
  if (f.has("chip") != f.has("chips")) {
    f.r.error(f.node, f.path, "expected both \"chip\" (an accelerator id) and \"chips\" (how many), or neither for a CPU-only server");
  }
  s.chip = f.text("chip", false).value_or("");
  s.chips = static_cast<int>(f.integer("chips", 1, 1024, false).value_or(0));
  s.cpu = f.text("cpu").value_or("");
  s.cpus = static_cast<int>(f.integer("cpus", 1, 64).value_or(0));
  s.memory_bytes = f.quantity("memory", Dimension::kDataSize).value_or(0);
  s.idle_w = f.quantity("idle_power", Dimension::kPower, true, true).value_or(0);
  s.peak_w = f.quantity("peak_power", Dimension::kPower).value_or(0);
  s.height_u = static_cast<int>(f.integer("height_u", 1, 60).value_or(1));
}

std::optional<CoolingClass> cooling_class(std::string_view name) {
  for (std::size_t i = 0; i < kCoolingClassCount; ++i) {
    if (dcsim::name(static_cast<CoolingClass>(i)) == name) return static_cast<CoolingClass>(i);
  }
  return std::nullopt;
}
constexpr std::string_view kCoolingNames = "air, rear-door, direct-liquid, immersion";

void read_rack(const Fields& f, RackSpec& k) {
  f.r.allow_only(f.node, f.path, {"id", "power_budget", "cooling", "slots_u", "oversubscription"});
  k.id = f.text("id").value_or("");
  k.power_budget_w = f.quantity("power_budget", Dimension::kPower).value_or(0);
  if (const auto c = f.text("cooling")) {
    if (const auto cls = cooling_class(*c)) {
      k.cooling = *cls;
    } else {
      f.r.error(f.get("cooling"), f.key("cooling"), fmt::format("expected one of: {}; found {}", kCoolingNames, quoted_excerpt(*c)));
    }
  }
  k.slots_u = static_cast<int>(f.integer("slots_u", 1, 60, false).value_or(42));
  if (f.has("oversubscription")) {
    k.oversubscription = f.r.number(f.get("oversubscription"), f.key("oversubscription"), 1.0, true).value_or(1.0);
  }
}

std::optional<LinkSpec> read_link(YamlReader& r, const YAML::Node& n, const std::string& path) {
  if (!r.expect_map(n, path)) return std::nullopt;
  r.allow_only(n, path, {"bandwidth", "latency"});
  Fields f{r, n, path};
  const auto bw = f.quantity("bandwidth", Dimension::kBandwidth);
  const auto lat = f.quantity("latency", Dimension::kTime, true, true);
  if (!bw || !lat) return std::nullopt;
  return LinkSpec{*bw, *lat};
}

void read_rack_group(const Fields& f, RackGroup& g) {
  f.r.allow_only(f.node, f.path, {"rack_type", "built", "populated"});
  g.rack_type = f.text("rack_type").value_or("");
  g.built = static_cast<int>(f.integer("built", 0, 10'000'000).value_or(0));
  if (!f.has("populated")) return;
  const YAML::Node list = f.get("populated");
  const std::string lpath = f.key("populated");
  if (!list.IsSequence()) {
    f.r.error(list, lpath, "expected a list of {racks: N, servers: {server-type: count}}, found " + YamlReader::found(list));
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string ppath = at(lpath, i);
    if (!f.r.expect_map(list[i], ppath)) continue;
    Fields p{f.r, list[i], ppath};
    f.r.allow_only(list[i], ppath, {"racks", "servers"});
    RackPopulation pop;
    pop.racks = static_cast<int>(p.integer("racks", 1, 10'000'000).value_or(0));
    if (!p.has("servers")) {
      f.r.error(list[i], p.key("servers"), "missing required key");
    } else if (f.r.expect_map(p.get("servers"), p.key("servers"))) {
      for (const auto& entry : p.get("servers")) {
        const std::string id = entry.first.Scalar();
        if (const auto n = f.r.integer(entry.second, YamlReader::join(p.key("servers"), id), 1, 1000)) {
          pop.servers.emplace_back(id, static_cast<int>(*n));
        }
      }
    }
    g.populated.push_back(std::move(pop));
  }
}

// Air temperatures are plain numbers in °C (the units have no temperature dimension). The
// coldest and hottest air ever measured are about -89 and +57 °C; a site's means and design
// points lie well within -60 to 60.
std::optional<double> temperature(YamlReader& r, const YAML::Node& n, const std::string& path, std::string_view what) {
  return r.number_in(n, path, -60, true, 60, true, what);
}
std::optional<double> humidity(YamlReader& r, const YAML::Node& n, const std::string& path) {
  return r.number_in(n, path, 0, false, 1, true, "a relative humidity (a share, not percent)");
}

// A list of exactly `n` values, each read by `one(node, path, index)` (false when it failed);
// `what` says what was expected of the list.
template <class One>
bool read_values(YamlReader& r, const YAML::Node& list, const std::string& path, std::size_t n, std::string_view what, One one) {
  if (!list.IsSequence() || list.size() != n) {
    r.error(list, path, fmt::format("expected {}, found {}", what, list.IsSequence() ? fmt::format("{} values", list.size()) : YamlReader::found(list)));
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < n; ++i) ok = one(list[i], at(path, i), i) && ok;
  return ok;
}

// 24 values by hour of day, each read by `one(node, path)`.
template <class One>
std::optional<DailyProfile> read_daily(YamlReader& r, const YAML::Node& list, const std::string& path, std::string_view what, One one) {
  DailyProfile p;
  const bool ok = read_values(r, list, path, 24, what, [&](const YAML::Node& n, const std::string& ipath, std::size_t i) {
    const auto v = one(n, ipath);
    if (v) p.values[i] = *v;
    return v.has_value();
  });
  return ok ? std::optional(p) : std::nullopt;
}

// `{temperature: 35, humidity: 0.4}`: an outdoor point, both keys required.
std::optional<Outdoor> read_outdoor(const Fields& f) {
  if (!f.r.expect_map(f.node, f.path)) return std::nullopt;
  f.r.allow_only(f.node, f.path, {"temperature", "humidity"});
  std::optional<double> t, h;
  if (f.has("temperature")) {
    t = temperature(f.r, f.get("temperature"), f.key("temperature"), "a dry-bulb temperature in °C");
  } else {
    f.r.error(f.node, f.key("temperature"), "missing required key (the dry-bulb temperature, °C)");
  }
  if (f.has("humidity")) {
    h = humidity(f.r, f.get("humidity"), f.key("humidity"));
  } else {
    f.r.error(f.node, f.key("humidity"), "missing required key (the relative humidity, above 0 and at most 1)");
  }
  if (!t || !h) return std::nullopt;
  return Outdoor{*t, *h};
}

// `weather:` of a site: exactly one of `monthly:` (12 means, with `daily_swing:` and
// `humidity:`), `csv:` (an hourly file, read here so its errors show at load) or `constant:`.
void read_weather(const Fields& f, WeatherSpec& w) {
  if (!f.r.expect_map(f.node, f.path)) return;
  f.r.allow_only(f.node, f.path, {"monthly", "daily_swing", "humidity", "csv", "constant"});
  const int sources = int(f.has("monthly")) + int(f.has("csv")) + int(f.has("constant"));
  if (sources != 1) {
    f.r.error(f.node, f.path,
              fmt::format("expected exactly one of monthly: (12 monthly mean temperatures, °C), csv: (an hourly weather file) or "
                          "constant: {{temperature: 25, humidity: 0.5}}, found {}",
                          sources == 0 ? "none" : "more than one"));
    return;
  }
  if (!f.has("monthly")) {
    for (const char* k : {"daily_swing", "humidity"}) {
      if (f.has(k)) {
        f.r.error(f.get(k), f.key(k), fmt::format("{} applies only with monthly: (a csv: file gives each hour's humidity, constant: its own)", k));
      }
    }
  }
  if (f.has("monthly")) {
    w.source = WeatherSpec::Source::kMonthly;
    (void)read_values(f.r, f.get("monthly"), f.key("monthly"), 12, "12 monthly mean temperatures in °C, January first",
                      [&](const YAML::Node& n, const std::string& path, std::size_t i) {
                        const auto v = temperature(f.r, n, path, "a monthly mean temperature in °C");
                        if (v) w.monthly.mean_c[i] = *v;
                        return v.has_value();
                      });
    if (f.has("daily_swing")) {
      w.monthly.daily_swing_c = f.r.number_in(f.get("daily_swing"), f.key("daily_swing"), 0, true, 60, false,
                                              "a daily swing (maximum minus minimum) in °C")
                                    .value_or(w.monthly.daily_swing_c);
    }
    if (f.has("humidity")) {
      const YAML::Node h = f.get("humidity");
      if (h.IsScalar()) {
        if (const auto v = humidity(f.r, h, f.key("humidity"))) w.monthly.relative_humidity.fill(*v);
      } else {
        (void)read_values(f.r, h, f.key("humidity"), 12, "one relative humidity or 12, one per month, January first",
                          [&](const YAML::Node& n, const std::string& path, std::size_t i) {
                            const auto v = humidity(f.r, n, path);
                            if (v) w.monthly.relative_humidity[i] = *v;
                            return v.has_value();
                          });
      }
    }
  } else if (f.has("csv")) {
    w.source = WeatherSpec::Source::kHourlyCsv;
    if (const auto file = f.r.input_file(f.get("csv"), f.key("csv"), "weather file")) {
      w.csv_file = *file;
      try {
        (void)read_weather_csv(*file);
      } catch (const ConfigError& e) {
        for (const Diagnostic& d : e.diagnostics()) f.r.add(d);
      }
    }
  } else {
    w.source = WeatherSpec::Source::kConstant;
    if (const auto o = read_outdoor(Fields{f.r, f.get("constant"), f.key("constant")})) w.constant = *o;
  }
}

// `cooling:` of a center: its rated PUE, plant type and how the rating is meant.
void read_cooling(const Fields& k, CoolingPlantSpec& c) {
  if (!k.r.expect_map(k.node, k.path)) return;
  k.r.allow_only(k.node, k.path, {"pue", "type", "rated", "design"});
  if (k.has("pue")) c.pue = k.r.number(k.get("pue"), k.key("pue"), 1.0, false).value_or(c.pue);
  if (const auto type = k.text("type", false)) {
    bool known = false;
    for (std::size_t i = 0; i < kCoolingTypeCount; ++i) {
      if (*type == kCoolingTypeNames[i]) {
        c.type = static_cast<CoolingType>(i);
        known = true;
      }
    }
    if (!known) {
      k.r.error(k.get("type"), k.key("type"),
                fmt::format("expected one of: air-chiller, airside-economiser, waterside-economiser, rear-door, direct-liquid; found {}",
                            quoted_excerpt(*type)));
    }
  }
  if (const auto rated = k.text("rated", false)) {
    if (*rated == "annual" || *rated == "design") {
      c.rated_annual = *rated == "annual";
    } else {
      k.r.error(k.get("rated"), k.key("rated"),
                fmt::format("expected annual (pue is the year's over the site's weather) or design (pue at the design outdoor point), "
                            "found {}",
                            quoted_excerpt(*rated)));
    }
  }
  if (k.has("design")) {
    if (c.rated_annual) {
      if (!k.has("rated") || k.get("rated").Scalar() == "annual") {
        k.r.error(k.get("design"), k.key("design"), "design applies only with rated: design (rated: annual, the default, rates pue over the site's weather)");
      }
    } else if (const auto o = read_outdoor(Fields{k.r, k.get("design"), k.key("design")})) {
      c.design = *o;
    }
  }
}

// `power_cap: 400 kW` or `power_cap: {it: 400 kW, hourly: [24 factors in (0, 1]]}`.
void read_power_cap(const Fields& f, CenterPowerCap& cap) {
  if (f.node.IsScalar()) {
    cap.it_w = f.r.quantity(f.node, f.path, Dimension::kPower, false).value_or(0);
    return;
  }
  if (!f.node.IsMap()) {
    f.r.error(f.node, f.path, fmt::format("expected a power such as \"400 kW\" or {{it: 400 kW, hourly: [24 factors]}}, found {}",
                                          YamlReader::found(f.node)));
    return;
  }
  f.r.allow_only(f.node, f.path, {"it", "hourly"});
  cap.it_w = f.quantity("it", Dimension::kPower).value_or(0);
  if (f.has("hourly")) {
    cap.hourly_factor = read_daily(f.r, f.get("hourly"), f.key("hourly"), "24 factors on the cap, one per hour of day from 00:00",
                                   [&](const YAML::Node& n, const std::string& path) {
                                     return f.r.number_in(n, path, 0, false, 1, true, "a factor on the cap");
                                   });
  }
}

void read_center(const Fields& f, CenterSpec& c) {
  f.r.allow_only(f.node, f.path, {"id", "site", "rack_groups", "network", "cooling", "power_cap"});
  c.id = f.text("id").value_or("");
  if (f.has("site") && f.r.expect_map(f.get("site"), f.key("site"))) {
    Fields s{f.r, f.get("site"), f.key("site")};
    f.r.allow_only(s.node, s.path, {"region", "electricity_price", "weather", "carbon"});
    c.site.region = s.text("region", false).value_or("");
    c.site.electricity_price = s.money("electricity_price", PricePer::kEnergy);
    if (s.has("weather")) read_weather(Fields{f.r, s.get("weather"), s.key("weather")}, c.site.weather);
    if (s.has("carbon")) {
      // Coal-fired power emits about 1 kg CO2 per kWh: a value in g/kWh is 1000 times too large.
      const auto intensity = [&](const YAML::Node& n, const std::string& path) {
        return f.r.number_in(n, path, 0, true, 2, true, "kg CO2 per kWh (coal-fired power emits about 1)");
      };
      const YAML::Node n = s.get("carbon");
      if (n.IsScalar()) {
        if (const auto v = intensity(n, s.key("carbon"))) c.site.carbon_kg_per_kwh = DailyProfile::constant(*v);
      } else {
        c.site.carbon_kg_per_kwh =
            read_daily(f.r, n, s.key("carbon"), "kg CO2 per kWh: one number or 24, one per hour of day from 00:00", intensity);
      }
    }
  }
  if (!f.has("rack_groups")) {
    f.r.error(f.node, f.key("rack_groups"), "missing required key");
  } else if (f.r.expect_list(f.get("rack_groups"), f.key("rack_groups"))) {
    const YAML::Node groups = f.get("rack_groups");
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const std::string gpath = at(f.key("rack_groups"), i);
      if (!f.r.expect_map(groups[i], gpath)) continue;
      RackGroup g;
      read_rack_group(Fields{f.r, groups[i], gpath}, g);
      c.rack_groups.push_back(std::move(g));
    }
  }
  if (f.has("network") && f.r.expect_map(f.get("network"), f.key("network"))) {
    Fields n{f.r, f.get("network"), f.key("network")};
    f.r.allow_only(n.node, n.path, {"racks_per_pod", "server_link", "rack_link", "pod_link"});
    c.network.racks_per_pod = static_cast<int>(n.integer("racks_per_pod", 1, 100000, false).value_or(c.network.racks_per_pod));
    for (auto [key, link] : {std::pair{"server_link", &c.network.server_link}, std::pair{"rack_link", &c.network.rack_link},
                             std::pair{"pod_link", &c.network.pod_link}}) {
      if (n.has(key)) {
        if (auto l = read_link(f.r, n.get(key), n.key(key))) *link = *l;
      }
    }
  }
  if (f.has("cooling")) read_cooling(Fields{f.r, f.get("cooling"), f.key("cooling")}, c.cooling);
  if (f.has("power_cap")) read_power_cap(Fields{f.r, f.get("power_cap"), f.key("power_cap")}, c.power_cap);
}

void read_wan(const Fields& f, WanLinkSpec& w) {
  f.r.allow_only(f.node, f.path, {"between", "bandwidth", "latency"});
  const YAML::Node between = f.get("between");
  if (!between.IsDefined()) {
    f.r.error(f.node, f.key("between"), "missing required key");
  } else if (between.IsSequence() && between.size() == 2 && between[0].IsScalar() && between[1].IsScalar()) {
    w.from = between[0].Scalar();
    w.to = between[1].Scalar();
  } else {
    f.r.error(between, f.key("between"), "expected two center ids such as [west-1, east-1], found " + YamlReader::found(between));
  }
  const auto bw = f.quantity("bandwidth", Dimension::kBandwidth);
  const auto lat = f.quantity("latency", Dimension::kTime, true, true);
  w.link = {bw.value_or(0), lat.value_or(0)};
}

}  // namespace

void read_datacenter(YamlReader& r, const YAML::Node& root, DatacenterSpec& out) {
  read_list(r, root, "chips", out.chips, read_chip);
  read_list(r, root, "servers", out.servers, read_server);
  read_list(r, root, "racks", out.racks, read_rack);
  if (const YAML::Node limits = root["cooling_limits"]; limits.IsDefined() && r.expect_map(limits, "cooling_limits")) {
    for (const auto& entry : limits) {
      const std::string name = entry.first.Scalar();
      const std::string path = YamlReader::join("cooling_limits", name);
      if (const auto cls = cooling_class(name)) {
        if (const auto w = r.quantity(entry.second, path, Dimension::kPower, false)) {
          out.cooling_max_density_w[static_cast<std::size_t>(*cls)] = *w;
        }
      } else {
        r.error(entry.first, path, fmt::format("unknown cooling class (expected one of: {})", kCoolingNames));
      }
    }
  }
  read_list(r, root, "centers", out.centers, read_center);
  read_list(r, root, "wan", out.wan, read_wan);
}

namespace {

// Reports ids used twice in one section.
template <class Item>
void check_unique(YamlReader& r, const YAML::Node& root, std::string_view section, const std::vector<Item>& items) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].id.empty() && !seen.insert(items[i].id).second) {
      r.error(root[std::string(section)][i]["id"], YamlReader::join(at(section, i), "id"),
              fmt::format("duplicate id \"{}\" (ids must be unique within {})", items[i].id, section));
    }
  }
}

double kw(double w) { return w / 1000.0; }

void check_population(YamlReader& r, const YAML::Node& node, const std::string& path, const DatacenterSpec& dc,
                      const RackSpec& rack, const RackPopulation& pop) {
  double peak = 0;
  int units = 0;
  std::string contents;
  for (std::size_t j = 0; j < pop.servers.size(); ++j) {
    const auto& [id, count] = pop.servers[j];
    const ServerSpec* s = dc.server(id);
    if (s == nullptr) {
      r.error(node["servers"][id], fmt::format("{}.servers.{}", path, id), fmt::format("unknown server type \"{}\"", id));
      return;
    }
    peak += count * s->peak_w;
    units += count * s->height_u;
    contents += fmt::format("{}{} x {} ({:g} kW)", contents.empty() ? "" : " + ", count, id, kw(s->peak_w));
  }
  const double allowed = rack.power_budget_w * rack.oversubscription;
  if (peak > allowed * (1 + 1e-12)) {
    r.error(node, path,
            fmt::format("rack type \"{}\" has a {:g} kW power budget{}, but {} peak at {:g} kW; use fewer servers, a larger "
                        "budget, or set oversubscription",
                        rack.id, kw(rack.power_budget_w),
                        rack.oversubscription > 1 ? fmt::format(" (x {:g} oversubscription = {:g} kW)", rack.oversubscription, kw(allowed)) : "",
                        contents, kw(peak)));
  }
  const double cooling_limit = dc.cooling_max_density_w[static_cast<std::size_t>(rack.cooling)];
  if (peak > cooling_limit * (1 + 1e-12)) {
    r.error(node, path,
            fmt::format("rack type \"{}\" is {}-cooled, which removes at most {:g} kW per rack, but its servers peak at {:g} kW",
                        rack.id, name(rack.cooling), kw(cooling_limit), kw(peak)));
  }
  if (units > rack.slots_u) {
    r.error(node, path, fmt::format("rack type \"{}\" has {} U of slots, but {} take {} U", rack.id, rack.slots_u, contents, units));
  }
}

}  // namespace

void check_datacenter(YamlReader& r, const YAML::Node& root, const DatacenterSpec& dc) {
  check_unique(r, root, "chips", dc.chips);
  check_unique(r, root, "servers", dc.servers);
  check_unique(r, root, "racks", dc.racks);
  check_unique(r, root, "centers", dc.centers);

  for (std::size_t i = 0; i < dc.chips.size(); ++i) {
    const ChipSpec& c = dc.chips[i];
    if (c.idle_w > c.tdp_w) {
      r.error(root["chips"][i]["idle_power"], YamlReader::join(item_path("chips", root["chips"][i], i), "idle_power"),
              fmt::format("expected at most the tdp ({:g} W), found {:g} W", c.tdp_w, c.idle_w));
    }
  }
  for (std::size_t i = 0; i < dc.servers.size(); ++i) {
    const ServerSpec& s = dc.servers[i];
    const YAML::Node node = root["servers"][i];
    const std::string path = item_path("servers", node, i);
    if (!s.chip.empty()) {
      const ChipSpec* chip = dc.chip(s.chip);
      if (chip == nullptr) {
        r.error(node["chip"], YamlReader::join(path, "chip"), fmt::format("unknown chip \"{}\" (not in chips:)", s.chip));
      } else if (chip->kind == ChipKind::kCpu) {
        r.error(node["chip"], YamlReader::join(path, "chip"), fmt::format("\"{}\" is a CPU; expected an accelerator (gpu or npu)", s.chip));
      } else {
        // The host (everything but the accelerators) is the server minus its chips
        // (model/server_power.hpp): it cannot draw less than nothing.
        const double chips_peak = s.chips * chip->tdp_w;
        const double chips_idle = s.chips * chip->idle_w;
        if (s.peak_w < chips_peak * (1 - 1e-12)) {
          r.error(node["peak_power"], YamlReader::join(path, "peak_power"),
                  fmt::format("expected at least its {} x {} at tdp ({:g} W), found {:g} W", s.chips, s.chip, chips_peak, s.peak_w));
        } else if (s.idle_w < chips_idle * (1 - 1e-12)) {
          r.error(node["idle_power"], YamlReader::join(path, "idle_power"),
                  fmt::format("expected at least its {} x {} at idle_power ({:g} W), found {:g} W", s.chips, s.chip, chips_idle, s.idle_w));
        }
      }
    }
    if (const ChipSpec* cpu = dc.chip(s.cpu); cpu == nullptr && !s.cpu.empty()) {
      r.error(node["cpu"], YamlReader::join(path, "cpu"), fmt::format("unknown chip \"{}\" (not in chips:)", s.cpu));
    } else if (cpu != nullptr && cpu->kind != ChipKind::kCpu) {
      r.error(node["cpu"], YamlReader::join(path, "cpu"), fmt::format("\"{}\" is a {}; expected a cpu", s.cpu, name(cpu->kind)));
    }
    if (s.idle_w > s.peak_w) {
      r.error(node["idle_power"], YamlReader::join(path, "idle_power"),
              fmt::format("expected at most the peak_power ({:g} W), found {:g} W", s.peak_w, s.idle_w));
    }
  }
  for (std::size_t c = 0; c < dc.centers.size(); ++c) {
    const CenterSpec& center = dc.centers[c];
    const YAML::Node cnode = root["centers"][c];
    for (std::size_t g = 0; g < center.rack_groups.size(); ++g) {
      const RackGroup& group = center.rack_groups[g];
      const YAML::Node gnode = cnode["rack_groups"][g];
      const std::string gpath = at(YamlReader::join(item_path("centers", cnode, c), "rack_groups"), g);
      const RackSpec* rack = dc.rack(group.rack_type);
      if (rack == nullptr) {
        r.error(gnode["rack_type"], YamlReader::join(gpath, "rack_type"), fmt::format("unknown rack type \"{}\" (not in racks:)", group.rack_type));
        continue;
      }
      if (group.populated_racks() > group.built) {
        r.error(gnode["populated"], YamlReader::join(gpath, "populated"),
                fmt::format("{} racks populated, but only {} built", group.populated_racks(), group.built));
      }
      for (std::size_t p = 0; p < group.populated.size(); ++p) {
        check_population(r, gnode["populated"][p], at(YamlReader::join(gpath, "populated"), p), dc, *rack, group.populated[p]);
      }
    }
  }
  for (std::size_t i = 0; i < dc.wan.size(); ++i) {
    const WanLinkSpec& w = dc.wan[i];
    const YAML::Node between = root["wan"][i]["between"];
    const std::string path = YamlReader::join(at("wan", i), "between");
    for (const auto& id : {w.from, w.to}) {
      if (!id.empty() && dc.center(id) == nullptr) r.error(between, path, fmt::format("unknown center \"{}\"", id));
    }
    if (!w.from.empty() && w.from == w.to) r.error(between, path, "expected two different centers");
  }
}

}  // namespace dcsim::detail

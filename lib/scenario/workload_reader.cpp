#include "workload_reader.hpp"

#include <algorithm>

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "distribution_spec.hpp"
#include "dcsim/cluster/center_model.hpp"
#include "dcsim/model/totals.hpp"

namespace dcsim::detail {

std::optional<double> read_share(YamlReader& r, const YAML::Node& node, const std::string& path, std::string_view meaning) {
  const auto v = r.number(node, path, 0.0, false);
  if (v && *v > 1) {
    r.error(node, path, fmt::format("expected {}, above 0 and at most 1, found {:g}", meaning, *v));
    return std::nullopt;
  }
  return v;
}

namespace {

// `accelerators: 8` or `accelerators: {values: [1, 2, 4], weights: [0.5, 0.3, 0.2]}`.
// A number, or {values: [...], weights: [...]}: whole numbers from 1 (counts) or positive
// numbers (factors).
std::optional<Distribution> read_weighted(YamlReader& r, const YAML::Node& node, const std::string& path, bool whole) {
  const auto one = [&](const YAML::Node& n, const std::string& at) -> std::optional<double> {
    if (whole) {
      const auto v = r.integer(n, at, 1, 1'000'000);
      return v ? std::optional(double(*v)) : std::nullopt;
    }
    return r.number(n, at, 0.0, false);
  };
  if (node.IsScalar()) {
    if (const auto v = one(node, path)) return Distribution(Deterministic(*v));
    return std::nullopt;
  }
  if (!r.expect_map(node, path)) return std::nullopt;
  r.allow_only(node, path, {"values", "weights"});
  const auto values_node = r.required(node, path, "values");
  const auto weights_node = r.required(node, path, "weights");
  if (!values_node || !weights_node) return std::nullopt;
  std::vector<double> values, weights;
  bool ok = r.expect_list(*values_node, YamlReader::join(path, "values")) &&
            r.expect_list(*weights_node, YamlReader::join(path, "weights"));
  if (!ok) return std::nullopt;
  for (std::size_t i = 0; i < values_node->size(); ++i) {
    const auto v = one((*values_node)[i], fmt::format("{}.values[{}]", path, i));
    ok = ok && v.has_value();
    values.push_back(v.value_or(1));
  }
  for (std::size_t i = 0; i < weights_node->size(); ++i) {
    const auto w = r.number((*weights_node)[i], fmt::format("{}.weights[{}]", path, i), 0.0, true);
    ok = ok && w.has_value();
    weights.push_back(w.value_or(0));
  }
  if (!ok) return std::nullopt;
  if (values.size() != weights.size()) {
    r.error(node, path, fmt::format("expected as many weights as values, found {} values and {} weights", values.size(), weights.size()));
    return std::nullopt;
  }
  try {
    return Distribution(DiscreteWeighted(values, weights));
  } catch (const std::invalid_argument& e) {
    r.error(node, path, e.what());
    return std::nullopt;
  }
}

std::optional<Distribution> read_count(YamlReader& r, const YAML::Node& node, const std::string& path) {
  return read_weighted(r, node, path, true);
}

}  // namespace

namespace {

std::optional<std::vector<double>> number_list(YamlReader& r, const YAML::Node& node, const std::string& path,
                                               std::size_t expected_size) {
  if (!r.expect_list(node, path)) return std::nullopt;
  if (expected_size && node.size() != expected_size) {
    r.error(node, path, fmt::format("expected {} numbers, found {}", expected_size, node.size()));
    return std::nullopt;
  }
  std::vector<double> out;
  bool ok = true;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const auto v = r.number(node[i], fmt::format("{}[{}]", path, i), 0.0, true);
    ok = ok && v.has_value();
    out.push_back(v.value_or(0));
  }
  return ok ? std::optional(std::move(out)) : std::nullopt;
}

// `arrivals:` — every rate is multiplied by `factor` (the price response).
std::optional<ArrivalStream> read_arrivals(YamlReader& r, const YAML::Node& node, const std::string& path, double factor) {
  if (!r.expect_map(node, path)) return std::nullopt;
  const auto process_node = r.required(node, path, "process");
  if (!process_node) return std::nullopt;
  const auto process = r.string(*process_node, YamlReader::join(path, "process"));
  if (!process) return std::nullopt;
  const auto key = [&](std::string_view k) { return YamlReader::join(path, k); };
  const auto rate = [&](std::string_view k) -> std::optional<double> {
    const auto n = r.required(node, path, k);
    return n ? r.quantity(*n, key(k), Dimension::kRate, false) : std::nullopt;
  };
  const auto build = [&](auto make) -> std::optional<ArrivalStream> {
    try {
      return ArrivalStream(make());
    } catch (const std::invalid_argument& e) {
      r.error(node, path, e.what());
      return std::nullopt;
    }
  };
  if (*process == "poisson") {
    r.allow_only(node, path, {"process", "rate"});
    if (const auto v = rate("rate")) return build([&] { return PoissonArrivals(*v * factor); });
  } else if (*process == "renewal") {
    r.allow_only(node, path, {"process", "gap"});
    if (const auto g = r.required(node, path, "gap")) {
      if (auto d = read_duration_distribution(r, *g, key("gap"))) {
        if (factor != 1) {
          r.error(node, path, "a price response needs a rate to scale: use poisson, profiled, mmpp or batch");
          return std::nullopt;
        }
        return build([&] { return RenewalArrivals(std::move(*d)); });
      }
    }
  } else if (*process == "profiled") {
    r.allow_only(node, path, {"process", "rate", "hourly", "daily", "hourly_shape", "monthly_growth"});
    ArrivalProfile profile;
    const auto v = rate("rate");
    bool ok = v.has_value();
    profile.base_rate_per_s = v.value_or(0) * factor;
    if (node["hourly"].IsDefined()) {
      auto h = number_list(r, node["hourly"], key("hourly"), 24);
      ok = ok && h.has_value();
      if (h) profile.hourly = std::move(*h);
    }
    if (node["daily"].IsDefined()) {
      auto d = number_list(r, node["daily"], key("daily"), 7);
      ok = ok && d.has_value();
      if (d) profile.daily = std::move(*d);
    }
    if (const auto shape = node["hourly_shape"]; shape.IsDefined()) {
      const auto s = r.string(shape, key("hourly_shape"));
      if (s == "linear") {
        profile.hourly_shape = HourlyShape::kLinear;
      } else if (s != "step") {
        r.error(shape, key("hourly_shape"), fmt::format("expected step or linear, found {}", YamlReader::found(shape)));
        ok = false;
      }
    }
    if (const auto g = node["monthly_growth"]; g.IsDefined()) {
      const auto v2 = r.number(g, key("monthly_growth"), -1.0, false);
      ok = ok && v2.has_value();
      profile.monthly_growth = v2.value_or(0);
    }
    if (ok) return build([&] { return ProfiledPoissonArrivals(profile); });
  } else if (*process == "mmpp") {
    r.allow_only(node, path, {"process", "rates", "switching"});
    const auto rates_node = r.required(node, path, "rates");
    const auto switching = r.required(node, path, "switching");
    if (!rates_node || !switching || !r.expect_list(*rates_node, key("rates")) || !r.expect_list(*switching, key("switching"))) {
      return std::nullopt;
    }
    std::vector<double> rates;
    bool ok = true;
    for (std::size_t i = 0; i < rates_node->size(); ++i) {
      const auto v = r.quantity((*rates_node)[i], fmt::format("{}.rates[{}]", path, i), Dimension::kRate, true);
      ok = ok && v.has_value();
      rates.push_back(v.value_or(0) * factor);
    }
    // switching[i][j]: rate of moving from state i to state j (the diagonal is ignored: "0 /h").
    std::vector<std::vector<double>> generator;
    for (std::size_t i = 0; i < switching->size(); ++i) {
      const YAML::Node row = (*switching)[i];
      const std::string rpath = fmt::format("{}.switching[{}]", path, i);
      if (!row.IsSequence() || row.size() != rates.size()) {
        r.error(row, rpath, fmt::format("expected a list of {} rates (one per state), found {}", rates.size(), YamlReader::found(row)));
        ok = false;
        continue;
      }
      std::vector<double> out;
      for (std::size_t j = 0; j < row.size(); ++j) {
        const auto v = r.quantity(row[j], fmt::format("{}[{}]", rpath, j), Dimension::kRate, true);
        ok = ok && v.has_value();
        out.push_back(i == j ? 0.0 : v.value_or(0));
      }
      generator.push_back(std::move(out));
    }
    if (ok && generator.size() != rates.size()) {
      r.error(*switching, key("switching"), fmt::format("expected {} rows (one per state), found {}", rates.size(), generator.size()));
      ok = false;
    }
    if (ok) return build([&] { return MarkovModulatedArrivals(rates, generator); });
  } else if (*process == "batch") {
    r.allow_only(node, path, {"process", "rate", "size"});
    const auto v = rate("rate");
    const auto size_node = r.required(node, path, "size");
    auto size = size_node ? read_count(r, *size_node, key("size")) : std::nullopt;
    if (v && size) return build([&] { return BatchArrivals(*v * factor, std::move(*size)); });
  } else {
    r.error(*process_node, YamlReader::join(path, "process"),
            fmt::format("expected one of: poisson, profiled, mmpp, batch, renewal; found {}", quoted_excerpt(*process)));
  }
  return std::nullopt;
}

// `trace:` — a CSV replayed row by row: which columns hold what, and what to do with bad rows.
std::optional<TraceReplaySpec> read_trace(YamlReader& r, const YAML::Node& node, const std::string& path) {
  if (!r.expect_map(node, path)) return std::nullopt;
  r.allow_only(node, path, {"file", "arrival", "duration", "end", "accelerators", "time_unit", "on_bad_row"});
  TraceReplaySpec t;
  const auto text = [&](const char* key, bool required) -> std::string {
    const YAML::Node n = node[key];
    if (!n.IsDefined()) {
      if (required) r.error(node, YamlReader::join(path, key), "missing required key");
      return {};
    }
    return r.string(n, YamlReader::join(path, key)).value_or("");
  };
  if (const YAML::Node file = node["file"]; file.IsDefined()) {
    t.file = r.input_file(file, YamlReader::join(path, "file"), "trace file").value_or("");
  } else {
    r.error(node, YamlReader::join(path, "file"), "missing required key");
  }
  t.mapping.arrival_column = text("arrival", true);
  t.mapping.duration_column = text("duration", false);
  t.mapping.end_column = text("end", false);
  t.mapping.accelerators_column = text("accelerators", true);
  if (const auto u = node["time_unit"]; u.IsDefined()) {
    if (const auto name = r.string(u, YamlReader::join(path, "time_unit"))) {
      if (const auto seconds = time_unit_seconds(*name)) {
        t.mapping.time_unit_seconds = *seconds;
      } else {
        r.error(u, YamlReader::join(path, "time_unit"), fmt::format("expected a time unit (ns, us, ms, s, min, h, d, w, y), found {}", quoted_excerpt(*name)));
      }
    }
  }
  if (const auto b = node["on_bad_row"]; b.IsDefined()) {
    const auto v = r.string(b, YamlReader::join(path, "on_bad_row"));
    if (v == "skip") {
      t.on_bad_row = OnBadRow::kSkip;
    } else if (v != "stop") {
      r.error(b, YamlReader::join(path, "on_bad_row"), fmt::format("expected stop or skip, found {}", YamlReader::found(b)));
    }
  }
  if (t.mapping.duration_column.empty() == t.mapping.end_column.empty()) {
    r.error(node, path, "expected exactly one of \"duration\" (a column of run times) or \"end\" (a column of end times)");
    return std::nullopt;
  }
  return t;
}

// What the class's jobs need of a server and its chips (workload/job.hpp), and how busy
// they keep what they hold.
void read_needs(YamlReader& r, const YAML::Node& node, const std::string& path, TenantSpec& t) {
  const auto key = [&](std::string_view k) { return YamlReader::join(path, k); };
  JobNeeds& needs = t.needs;
  if (const auto n = node["accelerator_share"]; n.IsDefined()) {
    if (node["accelerators"].IsDefined()) {
      r.error(n, key("accelerator_share"), "a job asks for whole accelerators or a share of one, not both: remove accelerators or accelerator_share");
    }
    if (const auto v = r.number(n, key("accelerator_share"), 0.0, false)) {
      if (*v >= 1 || *v < 0.001) {
        r.error(n, key("accelerator_share"), fmt::format("expected a share of one accelerator from 0.001 to below 1, found {:g}", *v));
      } else {
        needs.accelerator_share = *v;
      }
    }
  }
  if (const auto n = node["cpus"]; n.IsDefined()) {
    // Becomes whole milli-CPUs (an integer): bounded far above any server, below its range.
    constexpr double kMaxCores = 1e6;
    if (const auto v = r.number(n, key("cpus"), 0.0, true); v && *v > kMaxCores) {
      r.error(n, key("cpus"), fmt::format("expected at most {:g} cores, found {}", kMaxCores, YamlReader::found(n)));
    } else {
      needs.cpu_cores = v.value_or(0);
    }
  }
  if (const auto n = node["host_memory"]; n.IsDefined()) needs.host_memory_bytes = r.quantity(n, key("host_memory"), Dimension::kDataSize, true).value_or(0);
  if (const auto n = node["accelerator_memory"]; n.IsDefined()) {
    needs.accelerator_memory_bytes = r.quantity(n, key("accelerator_memory"), Dimension::kDataSize, true).value_or(0);
  }
  if (const auto n = node["min_rack_power"]; n.IsDefined()) needs.min_rack_power_w = r.quantity(n, key("min_rack_power"), Dimension::kPower, true).value_or(0);
  if (const auto n = node["stack"]; n.IsDefined()) needs.stack = r.string(n, key("stack")).value_or("");
  if (const auto n = node["precision"]; n.IsDefined()) {
    if (const auto v = r.string(n, key("precision"))) {
      for (std::size_t p = 0; p < kPrecisionCount; ++p) {
        if (*v == kPrecisionNames[p]) needs.precision = static_cast<Precision>(p);
      }
      if (!needs.precision) r.error(n, key("precision"), fmt::format("expected one of fp64, fp32, tf32, bf16, fp16, fp8, int8; found {}", quoted_excerpt(*v)));
    }
  }
  if (const auto n = node["chips"]; n.IsDefined()) {  // chip ids or vendors
    if (r.expect_list(n, key("chips"))) {
      for (std::size_t i = 0; i < n.size(); ++i) {
        if (auto v = r.string(n[i], fmt::format("{}[{}]", key("chips"), i))) needs.chips.push_back(std::move(*v));
      }
    }
  }
  if (const auto n = node["busy"]; n.IsDefined()) t.busy = read_share(r, n, key("busy"), "the useful share of held accelerator time").value_or(t.busy);
  if (const auto n = node["efficiency"]; n.IsDefined() && r.expect_map(n, key("efficiency"))) {
    for (auto it = n.begin(); it != n.end(); ++it) {
      const std::string chip = it->first.Scalar();
      if (const auto v = r.number(it->second, key("efficiency") + "." + chip, 0.0, false)) t.efficiency.emplace_back(chip, *v);
    }
  }
}

// `service:` of a tenant: an inference service whose replicas run on the centers.
void read_service(YamlReader& r, const YAML::Node& node, const std::string& path, ServiceSpec& s, const std::string& scenario_file) {
  if (!r.expect_map(node, path)) return;
  r.allow_only(node, path, {"demand", "tokens_per_s", "startup", "interval", "window", "target_utilization", "min_replicas",
                            "max_replicas", "scale_down_delay"});
  const auto key = [&](const char* k) { return YamlReader::join(path, k); };
  if (const auto n = r.required(node, path, "demand")) {
    if (auto d = read_demand(r, *n, key("demand"), scenario_file, true)) s.demand = std::move(*d);
  }
  if (const auto n = node["tokens_per_s"]; n.IsDefined()) s.tokens_per_s = r.number(n, key("tokens_per_s"), 0.0, false);
  if (const auto n = node["interval"]; n.IsDefined()) s.interval_s = r.quantity(n, key("interval"), Dimension::kTime, false).value_or(s.interval_s);
  read_autoscaler(r, node, path, s);
}

void read_tenant(YamlReader& r, const YAML::Node& node, const std::string& path, TenantSpec& t,
                 const std::string& scenario_file) {
  r.allow_only(node, path, {"name", "arrivals", "accelerators", "duration", "work", "patience", "price", "reference_price",
                            "elasticity", "trace", "priority", "share", "guaranteed", "estimate_factor", "accelerator_share",
                            "cpus", "host_memory", "accelerator_memory", "precision", "chips", "stack", "min_rack_power",
                            "busy", "efficiency", "service", "memory_bound"});
  if (const auto n = r.required(node, path, "name")) t.name = r.string(*n, YamlReader::join(path, "name")).value_or("");
  read_needs(r, node, path, t);
  if (const auto n = node["memory_bound"]; n.IsDefined()) {
    t.memory_bound = r.number_in(n, YamlReader::join(path, "memory_bound"), 0, true, 1, true,
                                 "the share of a step's time bound by memory, not by the clock");
  }
  if (const auto sv = node["service"]; sv.IsDefined()) {
    for (const char* key : {"arrivals", "duration", "work", "trace", "patience", "price", "estimate_factor", "accelerator_share", "busy"}) {
      if (node[key].IsDefined()) {
        r.error(node[key], YamlReader::join(path, key),
                "an inference service has no arriving jobs: its demand and autoscaler are under service:, its busy share is what it serves");
      }
    }
    t.service.emplace();
    read_service(r, sv, YamlReader::join(path, "service"), *t.service, scenario_file);
    const auto a = r.required(node, path, "accelerators");
    if (a) {
      if (const auto v = r.integer(*a, YamlReader::join(path, "accelerators"), 1, 64)) t.accelerators = Deterministic(double(*v));
    }
    return;
  }
  // Scheduling attributes (scheduler.queue: priority, shortest-first, easy-backfill; preemption).
  if (const auto n = node["priority"]; n.IsDefined()) {
    if (const auto v = r.integer(n, YamlReader::join(path, "priority"), -1000, 1000)) t.priority = static_cast<int>(*v);
  }
  if (const auto n = node["share"]; n.IsDefined()) {
    if (const auto v = r.number(n, YamlReader::join(path, "share"), 0.0, false)) t.share = *v;
  }
  if (const auto n = node["guaranteed"]; n.IsDefined()) {
    t.guaranteed = r.boolean(n, YamlReader::join(path, "guaranteed"), "false: best-effort, may be preempted").value_or(true);
  }
  if (const auto n = node["estimate_factor"]; n.IsDefined()) {
    if (auto d = read_weighted(r, n, YamlReader::join(path, "estimate_factor"), false)) t.estimate_factor = std::move(*d);
  }
  if (const auto tr = node["trace"]; tr.IsDefined()) {
    for (const char* key : {"arrivals", "accelerators", "duration", "work", "price"}) {
      if (node[key].IsDefined()) {
        r.error(node[key], YamlReader::join(path, key), "a replayed trace gives each job's arrival, accelerators and duration: remove this key or the trace");
      }
    }
    t.trace = read_trace(r, tr, YamlReader::join(path, "trace"));
    if (const auto p = node["patience"]; p.IsDefined()) t.patience = read_duration_distribution(r, p, YamlReader::join(path, "patience"));
    return;
  }
  // Price response first: it scales the arrival rates. All three keys or none.
  const bool priced = node["price"].IsDefined() || node["reference_price"].IsDefined() || node["elasticity"].IsDefined();
  if (priced) {
    const auto money = [&](const char* key) -> std::optional<Money> {
      const auto n = r.required(node, path, key);
      if (!n) return std::nullopt;
      if (n->IsScalar()) {
        if (auto m = parse_money(n->Scalar(), PricePer::kTime); m && m->amount > 0) return m;
      }
      r.error(*n, YamlReader::join(path, key),
              fmt::format("expected {}, above zero; found {}", describe(PricePer::kTime), YamlReader::found(*n)));
      return std::nullopt;
    };
    t.price = money("price");
    t.reference_price = money("reference_price");
    if (const auto e = r.required(node, path, "elasticity")) {
      t.elasticity = r.number(*e, YamlReader::join(path, "elasticity"), 0.0, true).value_or(0);
    }
    if (t.price && t.reference_price) {
      if (t.price->currency != t.reference_price->currency) {
        r.error(node["reference_price"], YamlReader::join(path, "reference_price"),
                fmt::format("expected the currency of price ({}), found {}", t.price->currency, t.reference_price->currency));
      } else {
        t.price_factor = std::pow(t.price->amount / t.reference_price->amount, -t.elasticity);
      }
    }
  }
  if (const auto a = r.required(node, path, "arrivals")) {
    if (auto stream = read_arrivals(r, *a, YamlReader::join(path, "arrivals"), t.price_factor)) t.arrivals = std::move(*stream);
  }
  // Whole accelerators per job (0: a CPU-only job), unless the job takes a share of one.
  if (const auto a = node["accelerators"]; a.IsDefined()) {
    if (a.IsScalar() && a.Scalar() == "0") {
      t.needs.accelerator_share = 0;
    } else if (auto d = read_count(r, a, YamlReader::join(path, "accelerators"))) {
      t.accelerators = std::move(*d);
    }
  } else if (!node["accelerator_share"].IsDefined()) {
    r.error(node, YamlReader::join(path, "accelerators"),
            "missing required key (accelerators per job, 0 for CPU-only jobs; or accelerator_share for a share of one)");
  }
  // Run time: as given (`duration:`), or on the reference chip (`work:`) and scaled by speed.
  const YAML::Node duration = node["duration"], work = node["work"];
  if (duration.IsDefined() == work.IsDefined()) {
    r.error(node, path, "expected exactly one of \"duration\" (the run time wherever it runs) or \"work\" (the run time on the reference chip)");
  } else if (auto dist = read_duration_distribution(r, duration.IsDefined() ? duration : work,
                                                    YamlReader::join(path, duration.IsDefined() ? "duration" : "work"))) {
    t.duration = std::move(*dist);
    t.work_on_reference = work.IsDefined();
    if (t.work_on_reference && t.needs.cpu_only()) {
      r.error(work, YamlReader::join(path, "work"), "a CPU-only job has no accelerator speed to scale by: give its duration");
    }
    if (t.work_on_reference && !t.needs.precision) t.needs.precision = Precision::kBf16;
  }
  if (const auto p = node["patience"]; p.IsDefined()) t.patience = read_duration_distribution(r, p, YamlReader::join(path, "patience"));
}

}  // namespace

void read_workload(YamlReader& r, const YAML::Node& node, Scenario& s) {
  if (!r.expect_map(node, "workload")) return;
  r.allow_only(node, "workload", {"tenants", "reference_chip"});
  WorkloadSpec w;
  if (const auto n = node["reference_chip"]; n.IsDefined()) w.reference_chip = r.string(n, "workload.reference_chip").value_or("");
  if (const auto list = r.required(node, "workload", "tenants"); list && r.expect_list(*list, "workload.tenants")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const YAML::Node item = (*list)[i];
      const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
      const std::string path = name.IsDefined() && name.IsScalar() ? fmt::format("workload.tenants[{}]", name.Scalar())
                                                                   : fmt::format("workload.tenants[{}]", i);
      if (!r.expect_map(item, path)) continue;
      TenantSpec t;
      read_tenant(r, item, path, t, s.file);
      w.tenants.push_back(std::move(t));
    }
  }
  s.workload = std::move(w);
}

namespace {

std::string param_names(const policy::PlacementEntry& e) {
  std::string names;
  for (const auto& p : e.params) names.append(names.empty() ? "" : ", ").append(p.name);
  return names.empty() ? "no parameters" : "one of: " + names;
}

// `placement: best-fit`, or `placement: {name: best-fit, cpu_weight: 0.3}`: the name must be
// registered and every parameter one the policy declares, within its range.
void read_placement(YamlReader& r, const YAML::Node& node, const std::string& path, PlacementSpec& out) {
  YAML::Node name_node = node;  // a handle: reset() repoints it (operator= would overwrite the map)
  if (node.IsMap()) {
    const auto n = r.required(node, path, "name");
    if (!n) return;
    name_node.reset(*n);
  } else if (!node.IsScalar()) {
    r.error(node, path, fmt::format("expected a placement policy name, or a map with name: and parameters, found {}", YamlReader::found(node)));
    return;
  }
  const std::string name_path = node.IsMap() ? YamlReader::join(path, "name") : path;
  const auto name = r.string(name_node, name_path);
  if (!name) return;
  const policy::PlacementEntry* entry = policy::find_placement(*name);
  if (!entry) {
    r.error(name_node, name_path, fmt::format("unknown placement policy {}; expected one of: {}", quoted_excerpt(*name), policy::placement_names()));
    return;
  }
  out.name = *name;
  out.params.clear();
  if (!node.IsMap()) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.Scalar();
    if (key == "name") continue;
    const std::string key_path = YamlReader::join(path, key);
    const auto spec = std::find_if(entry->params.begin(), entry->params.end(), [&](const auto& p) { return p.name == key; });
    if (spec == entry->params.end()) {
      r.error(it->first, key_path, fmt::format("unknown parameter of placement {}; expected {}", *name, param_names(*entry)));
      continue;
    }
    const auto value = r.number(it->second, key_path, spec->min, true);
    if (!value) continue;
    if (*value > spec->max) {
      r.error(it->second, key_path, fmt::format("expected a number from {:g} to {:g} ({}), found {:g}", spec->min, spec->max, spec->meaning, *value));
      continue;
    }
    out.params[key] = *value;
  }
}

}  // namespace

void read_scheduler(YamlReader& r, const YAML::Node& node, Scenario& s) {
  if (!r.expect_map(node, "scheduler")) return;
  r.allow_only(node, "scheduler", {"queue", "placement"});
  if (const auto q = node["queue"]; q.IsDefined()) {
    if (const auto v = r.string(q, "scheduler.queue")) s.scheduler.queue = *v;  // checked against the model in phase 2
  }
  if (const auto p = node["placement"]; p.IsDefined()) read_placement(r, p, "scheduler.placement", s.scheduler.placement);
}

void check_scheduler(YamlReader& r, const YAML::Node& root, const Scenario& s) {
  const YAML::Node scheduler = root["scheduler"];
  if (!scheduler.IsDefined() || !scheduler.IsMap()) return;
  if (const auto q = scheduler["queue"]; q.IsDefined()) {
    if (s.packing) {
      r.error(q, "scheduler.queue", "a packing study has no queue: a pod that does not fit fails at once; remove scheduler.queue");
    } else if (s.queue && s.scheduler.queue != "strict-fifo") {
      r.error(q, "scheduler.queue", fmt::format("the M/M/c queue (queue:) is first come, first served: expected strict-fifo, found {}", quoted_excerpt(s.scheduler.queue)));
    } else if (!cluster::queue_discipline_from_string(s.scheduler.queue)) {
      std::string names;
      for (const auto& [d, name] : cluster::kQueueDisciplineNames) names.append(names.empty() ? "" : ", ").append(name);
      r.error(q, "scheduler.queue", fmt::format("unknown queue discipline {}; expected one of: {}", quoted_excerpt(s.scheduler.queue), names));
    }
  }
  if (const auto p = scheduler["placement"]; p.IsDefined() && !s.packing && s.scheduler.placement.name == "fgd") {
    r.error(p, "scheduler.placement",
            "fgd learns its typical pods from a pod workload: it runs in packing studies (packing:), not on the cluster model's jobs");
  }
  if (const auto p = scheduler["placement"]; p.IsDefined() && s.queue && s.scheduler.placement.name != "first-fit") {
    r.error(p, "scheduler.placement", "the M/M/c queue (queue:) has no placement: its servers are interchangeable");
  }
}

namespace {

// The fewest accelerators one of a tenant's jobs asks for: 0 for CPU-only jobs or a share of
// one accelerator; nullopt when only the run can tell (a replayed trace) or there are no jobs
// (an inference service).
std::optional<double> smallest_job(const TenantSpec& t) {
  if (t.trace || t.service) return std::nullopt;
  if (t.needs.cpu_only() || t.needs.accelerator_share < 1) return 0.0;
  if (const auto* d = std::get_if<Deterministic>(&t.accelerators)) return d->value();
  if (const auto* d = std::get_if<DiscreteWeighted>(&t.accelerators)) {
    std::optional<double> smallest;
    for (std::size_t k = 0; k < d->values().size(); ++k) {
      if (d->probabilities()[k] > 0) smallest = std::min(smallest.value_or(d->values()[k]), d->values()[k]);
    }
    return smallest;
  }
  return std::nullopt;
}

// A run that stops at its N-th completion only would never end if no job could ever run:
// when every tenant that sends jobs asks, even at its smallest, for more accelerators than all
// the centers have, it is refused here. (Jobs that fit the total but not the servers their
// needs allow are the run's to find.)
void check_some_job_fits(YamlReader& r, const YAML::Node& root, const Scenario& s) {
  if (s.stop.time_s || s.stop.completions == 0 || !r.ok()) return;
  const long accelerators = totals(s.datacenter).accelerator_count();
  std::vector<std::size_t> too_large;
  for (std::size_t i = 0; i < s.workload->tenants.size(); ++i) {
    const TenantSpec& t = s.workload->tenants[i];
    if (t.service) continue;  // serves tokens, completes no jobs
    const auto smallest = smallest_job(t);
    if (!smallest || *smallest <= static_cast<double>(accelerators)) return;  // this one can complete
    too_large.push_back(i);
  }
  const YAML::Node list = root["workload"]["tenants"];
  for (const std::size_t i : too_large) {
    const TenantSpec& t = s.workload->tenants[i];
    r.error(list[i]["accelerators"], fmt::format("workload.tenants[{}].accelerators", t.name),
            fmt::format("every job asks for at least {:g} accelerators, more than the centers' {}: none can ever run, and "
                        "stop.completions ({}) would never be reached; add a stop.time or ask for fewer",
                        *smallest_job(t), accelerators, s.stop.completions));
  }
}

}  // namespace

void check_workload(YamlReader& r, const YAML::Node& root, const Scenario& s) {
  if (!s.workload) return;
  const DatacenterSpec& dc = s.datacenter;
  bool servers = false;
  for (const auto& center : dc.centers) {
    for (const auto& group : center.rack_groups) servers = servers || group.populated_racks() > 0;
  }
  if (!servers) {
    r.error(root["workload"], "workload", "expected centers with populated racks to run the jobs on; there are none");
    return;
  }
  const YAML::Node w = root["workload"];
  if (!s.workload->reference_chip.empty() && !dc.chip(s.workload->reference_chip)) {
    r.error(w["reference_chip"], "workload.reference_chip", fmt::format("no chip \"{}\" in the catalogue", s.workload->reference_chip));
  }
  // Names a tenant gives must exist somewhere in the catalogue (a typo would silently
  // reject every job); whether the center has them is the run's question.
  const YAML::Node list = w["tenants"];
  for (std::size_t i = 0; i < s.workload->tenants.size() && i < list.size(); ++i) {
    const TenantSpec& t = s.workload->tenants[i];
    const std::string path = fmt::format("workload.tenants[{}]", t.name);
    for (std::size_t k = 0; k < t.needs.chips.size(); ++k) {
      const std::string& name = t.needs.chips[k];
      const bool known = dc.chip(name) || std::any_of(dc.chips.begin(), dc.chips.end(), [&](const ChipSpec& c) { return c.vendor == name; });
      if (!known) r.error(list[i]["chips"][k], fmt::format("{}.chips[{}]", path, k), fmt::format("no chip id or vendor \"{}\" in the catalogue", name));
    }
    if (!t.needs.stack.empty() && std::none_of(dc.chips.begin(), dc.chips.end(), [&](const ChipSpec& c) {
          return std::find(c.stacks.begin(), c.stacks.end(), t.needs.stack) != c.stacks.end();
        })) {
      r.error(list[i]["stack"], path + ".stack", fmt::format("no chip of the catalogue runs stack \"{}\" (see the chips' stacks:)", t.needs.stack));
    }
    for (const auto& [chip, factor] : t.efficiency) {
      if (!dc.chip(chip)) r.error(list[i]["efficiency"], path + ".efficiency", fmt::format("no chip \"{}\" in the catalogue", chip));
    }
  }
  check_some_job_fits(r, root, s);
}

}  // namespace dcsim::detail

// Scenario file → Scenario. The reading order follows the file's sections; every problem is
// recorded and all are thrown together at the end.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <filesystem>

#include "dcsim/scenario/scenario.hpp"
#include "datacenter_reader.hpp"
#include "distribution_spec.hpp"
#include "workload_reader.hpp"
#include "yaml_reader.hpp"

namespace dcsim {

using detail::YamlReader;

Override parse_override(std::string_view argument) {
  const auto eq = argument.find('=');
  const std::string_view path = argument.substr(0, eq);
  const bool bad_path = path.empty() || path.front() == '.' || path.back() == '.' ||
                        path.find("..") != std::string_view::npos;
  if (eq == std::string_view::npos || bad_path) {
    throw ConfigError(Diagnostic{{"command line", 0, 0}, "",
                                 fmt::format("--set {}: expected key.path=value, such as queue.servers=32", argument)});
  }
  return {std::string(path), std::string(argument.substr(eq + 1))};
}

namespace {

void read_engine(YamlReader& r, const YAML::Node& node, Scenario& s) {
  if (!r.expect_map(node, "engine")) return;
  r.allow_only(node, "engine", {"resolution"});
  if (const auto res = node["resolution"]; res.IsDefined()) {
    if (const auto scale = r.resolution(res, "engine.resolution")) s.time = *scale;
  }
}

void read_queue(YamlReader& r, const YAML::Node& node, Scenario& s) {
  if (!r.expect_map(node, "queue")) return;
  s.queue.emplace();
  r.allow_only(node, "queue", {"servers", "interarrival", "service"});
  if (const auto n = r.required(node, "queue", "servers")) {
    if (const auto servers = r.integer(*n, "queue.servers", 1, 1'000'000)) s.queue->servers = static_cast<int>(*servers);
  }
  if (const auto n = r.required(node, "queue", "interarrival")) {
    if (auto d = detail::read_duration_distribution(r, *n, "queue.interarrival")) s.queue->interarrival = std::move(*d);
  }
  if (const auto n = r.required(node, "queue", "service")) {
    if (auto d = detail::read_duration_distribution(r, *n, "queue.service")) s.queue->service = std::move(*d);
  }
}

void read_stop(YamlReader& r, const YAML::Node& node, Scenario& s) {
  if (!r.expect_map(node, "stop")) return;
  r.allow_only(node, "stop", {"completions", "time"});
  if (!node["completions"].IsDefined() && !node["time"].IsDefined()) {
    r.error(node, "stop", "expected completions: (stop at the N-th completion) or time: (stop at a simulated time), or both");
    return;
  }
  if (const auto n = node["completions"]; n.IsDefined()) {
    if (const auto c = r.integer(n, "stop.completions", 1, std::int64_t{1} << 50)) {
      s.stop.completions = static_cast<std::uint64_t>(*c);
    }
  }
  if (const auto n = node["time"]; n.IsDefined()) {
    if (!s.workload) {
      r.error(n, "stop.time", "the M/M/c queue (queue:) stops at its N-th completion only: use stop.completions");
    } else {
      s.stop.time_s = r.quantity(n, "stop.time", Dimension::kTime, false);
    }
  }
}

// This machine's memory in bytes (0 when unknown): bounds what a run may hold.
std::uint64_t machine_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size) : 0;
}

// A run on the centers keeps every completion's wait, and a sorted copy for the percentiles,
// until it ends: more completions than memory holds would fail after hours, not at load.
void check_completions_fit(YamlReader& r, const YAML::Node& root, const Scenario& s) {
  constexpr std::uint64_t kBytesPerCompletion = 2 * sizeof(double);
  const std::uint64_t memory = machine_memory_bytes();
  if (!s.workload || memory == 0 || s.stop.completions <= memory / kBytesPerCompletion) return;
  r.error(root["stop"]["completions"], "stop.completions",
          fmt::format("expected at most {} completions (each keeps its wait: {} bytes in this machine's {} MiB), found {}",
                      memory / kBytesPerCompletion, kBytesPerCompletion, memory >> 20, s.stop.completions));
}

// `warmup:` and `replications:`, for the jobs on the centers (workload:).
void read_experiment(YamlReader& r, const YAML::Node& root, Scenario& s) {
  if (const auto n = root["warmup"]; n.IsDefined()) {
    if (!s.workload) {
      r.error(n, "warmup", "a warm-up applies to jobs on the centers (workload:)");
    } else if (const auto w = r.quantity(n, "warmup", Dimension::kTime, true)) {
      s.warmup_s = *w;
    }
  }
  if (const auto n = root["replications"]; n.IsDefined()) {
    if (!s.workload) {
      r.error(n, "replications", s.packing ? "a packing study sets its replications under packing: (packing.replications)"
                                           : "replications apply to jobs on the centers (workload:)");
    } else if (const auto k = r.integer(n, "replications", 1, 10000)) {
      s.replications = static_cast<int>(*k);
    }
  }
}

void read_report(YamlReader& r, const YAML::Node& node, Scenario& s) {
  if (!r.expect_map(node, "report")) return;
  r.allow_only(node, "report", {"time_unit", "batches"});
  if (const auto unit = node["time_unit"]; unit.IsDefined()) {
    if (const auto name = r.string(unit, "report.time_unit")) {
      if (const auto seconds = time_unit_seconds(*name)) {
        s.report.time_unit = *name;
        s.report.time_unit_seconds = *seconds;
      } else {
        r.error(unit, "report.time_unit", fmt::format("expected a time unit (ns, us, ms, s, min, h, d, w, y), found {}", quoted_excerpt(*name)));
      }
    }
  }
  if (const auto b = node["batches"]; b.IsDefined()) {
    if (const auto batches = r.integer(b, "report.batches", 2, 1000)) s.report.batches = static_cast<int>(*batches);
  }
}

// Phase 2: checks across sections, once each section is valid on its own.
void cross_check(YamlReader& r, const YAML::Node& root, const Scenario& s) {
  detail::check_datacenter(r, root, s.datacenter);
  detail::check_workload(r, root, s);
  detail::check_scheduler(r, root, s);
  if (s.stop.time_s && s.stop.time_s <= s.warmup_s) {
    r.error(root["stop"]["time"], "stop.time", fmt::format("expected a stop after the warm-up ({:.0f} s), found {:.0f} s", s.warmup_s, *s.stop.time_s));
  }
  if ((s.queue || s.workload) && s.stop.completions > 0 && s.stop.completions < static_cast<std::uint64_t>(s.report.batches)) {
    r.error(root["stop"]["completions"], "stop.completions",
            fmt::format("expected at least report.batches = {} completions, found {}", s.report.batches, s.stop.completions));
  }
  check_completions_fit(r, root, s);
  detail::check_trace_files(r, s);
  if (!s.queue) return;
  const QueueSpec& q = *s.queue;  // both means are finite (read_duration_distribution)
  const double load = mean(q.service) / (mean(q.interarrival) * q.servers);
  if (!(load < 1.0)) {
    r.error(root["queue"], "queue",
            fmt::format("the queue is unstable: offered load per server (mean service / (mean interarrival x servers)) "
                        "is {:.4g}, expected below 1", load));
  }
}

constexpr const char* kModelSections[] = {"queue", "workload", "packing", "inference"};

// How a note names the model of a section.
std::string model_name(std::string_view section) {
  if (section == "queue") return "the M/M/c queue (queue:)";
  if (section == "workload") return "jobs on centers (workload:)";
  if (section == "packing") return "a packing study (packing:)";
  return "inference services (inference:)";
}

// Whether the chosen model reads `key` (a top-level key) or, when `sub` is given, `key.sub`.
// Keys that a model refuses (warmup: for a queue) are errors elsewhere; this is for the ones
// it silently does without.
bool model_reads(const Scenario& s, std::string_view key, std::string_view sub) {
  static constexpr std::string_view kCenterKeys[] = {"chips", "servers", "racks", "cooling_limits", "centers", "wan"};
  const bool center_key = std::find(std::begin(kCenterKeys), std::end(kCenterKeys), key) != std::end(kCenterKeys);
  if (key == "name" || key == "seed") return true;
  if (key == "include") return false;  // read before any override applies
  if (s.workload) return true;
  if (s.queue) return !center_key && key != "scheduler";
  if (s.packing) {
    const bool timed = s.packing->timed;
    if (center_key) return s.packing->nodes_from_centers;
    if (key == "stop") return false;
    if (key == "engine") return timed;
    if (key == "report") return timed && sub != "batches";  // the timeless study has no times
    return true;
  }
  if (s.inference) {
    if (center_key || key == "stop" || key == "scheduler") return false;
    if (key == "report") return sub != "batches";
    return true;
  }
  return true;  // nothing to run: validate describes the centers
}

// A --set of a key the chosen model never reads changes nothing: the run says so.
void note_unused_overrides(const YAML::Node& root, const std::vector<Override>& overrides, Scenario& s) {
  const std::string model = s.queue ? "queue" : s.workload ? "workload" : s.packing ? "packing" : s.inference ? "inference" : "";
  if (model.empty()) return;
  for (const Override& o : overrides) {
    const std::string_view path = o.key_path;
    const std::string_view key = path.substr(0, path.find_first_of(".["));  // centers[west-1].cooling: centers
    const std::string_view rest = key.size() < path.size() ? path.substr(key.size() + 1) : std::string_view{};
    const std::string_view sub = rest.substr(0, rest.find('.'));
    if (!root[std::string(key)].IsDefined() && key != "include") continue;  // dropped with its own note
    bool read = model_reads(s, key, sub);
    if (read && key == "report" && sub.empty()) read = model_reads(s, key, "time_unit") || model_reads(s, key, "batches");
    if (read) continue;
    std::string what = fmt::format("{}:", key);
    if (key == "include") what = "include: (includes are read before --set applies)";
    if (key == "report" && !sub.empty()) what = fmt::format("report.{}", sub);
    s.notes.push_back(fmt::format("{}: ignored: {}{} does not use {}", YamlReader::shown(o), model_name(model),
                                  s.packing && s.packing->timed ? " in mode: timed" : "", what));
  }
}

// A model's section added by --set to a file that already has another model: the file chose
// the model, so the section is dropped with a note instead of failing "one model per run".
void drop_other_models(const YamlReader& r, YAML::Node& root, const std::vector<Override>& overrides, Scenario& s) {
  const char* chosen = nullptr;
  for (const char* section : kModelSections) {
    if (!chosen && r.in_file(section)) chosen = section;
  }
  if (!chosen) return;
  for (const char* section : kModelSections) {
    if (!std::as_const(root)[section].IsDefined() || r.in_file(section)) continue;
    for (const Override& o : overrides) {
      if (o.key_path == section || o.key_path.starts_with(std::string(section) + ".")) {
        s.notes.push_back(fmt::format("{}: ignored: this scenario runs {}; {}: is another model's section", YamlReader::shown(o),
                                      model_name(chosen), section));
      }
    }
    root.remove(section);
  }
}

// `power:` turns the power model on (`power: {}` with the defaults): how racks are capped and
// the DVFS model that slows them. It runs with jobs on the centers only.
void read_power(YamlReader& r, const YAML::Node& node, Scenario& s) {
  const char* other = s.queue ? "queue" : s.packing ? "packing" : s.inference ? "inference" : nullptr;
  if (other != nullptr) {
    r.error(node, "power", fmt::format("the power model applies to jobs on centers (workload:), not to {}", model_name(other)));
    return;
  }
  PowerSpec p;
  if (node.IsNull()) {  // `power:` alone, as `power: {}`
    s.power = p;
    return;
  }
  if (!r.expect_map(node, "power")) return;
  r.allow_only(node, "power", {"capping", "dvfs", "switch_off"});
  if (const auto n = node["capping"]; n.IsDefined()) {
    if (const auto c = r.string(n, "power.capping")) {
      if (*c == "admission" || *c == "dvfs") {
        p.dvfs_capping = *c == "dvfs";
      } else {
        r.error(n, "power.capping",
                fmt::format("expected admission (a rack takes a job only within its power budget) or dvfs (racks take jobs up to "
                            "their servers and slow their clock to stay within the budget), found {}",
                            quoted_excerpt(*c)));
      }
    }
  }
  if (const auto d = node["dvfs"]; d.IsDefined() && r.expect_map(d, "power.dvfs")) {
    r.allow_only(d, "power.dvfs", {"exponent", "min_clock", "clock_step"});
    if (const auto n = d["exponent"]; n.IsDefined()) {
      p.dvfs.exponent = r.number_in(n, "power.dvfs.exponent", 1, true, 4, true, "the exponent of dynamic power in the clock ratio")
                            .value_or(p.dvfs.exponent);
    }
    if (const auto n = d["min_clock"]; n.IsDefined()) {
      p.dvfs.min_clock_ratio =
          r.number_in(n, "power.dvfs.min_clock", 0, false, 1, true, "the lowest clock ratio f/f_max").value_or(p.dvfs.min_clock_ratio);
    }
    if (const auto n = d["clock_step"]; n.IsDefined()) {
      p.dvfs.clock_step = r.number_in(n, "power.dvfs.clock_step", 0, true, 0.5, false, "the step between clock levels, a share of f_max (0 = continuous)")
                              .value_or(p.dvfs.clock_step);
    }
  }
  // Empty servers switch off after `after` and take `boot` before they run a job.
  if (const auto o = node["switch_off"]; o.IsDefined() && r.expect_map(o, "power.switch_off")) {
    r.allow_only(o, "power.switch_off", {"after", "boot"});
    PowerSpec::SwitchOff so;
    bool ok = true;
    for (const auto& [key, field] : {std::pair{"after", &so.after_s}, std::pair{"boot", &so.boot_s}}) {
      const std::string path = std::string("power.switch_off.") + key;
      if (const auto n = r.required(o, "power.switch_off", key)) {
        if (const auto v = r.quantity(*n, path, Dimension::kTime, true)) {
          *field = *v;
        } else {
          ok = false;
        }
      } else {
        ok = false;
      }
    }
    if (ok) p.switch_off = so;
  }
  s.power = p;
}

Scenario load(const std::string& path, const std::vector<Override>& overrides, bool need_something_to_simulate,
              const std::vector<std::string>& allowed_folders) {
  YamlReader r(path, overrides, allowed_folders);
  YAML::Node loaded = r.load();
  Scenario s;
  s.file = path;  // first: sections resolve relative paths against it
  drop_other_models(r, loaded, overrides, s);
  const YAML::Node root = loaded;
  r.allow_only(root, "", {"name", "seed", "include", "engine", "queue", "stop", "report", "chips", "servers", "racks",
                          "cooling_limits", "centers", "wan", "workload", "scheduler", "packing", "inference", "warmup",
                          "replications", "power"});

  if (const auto n = root["name"]; n.IsDefined()) {
    if (const auto name = r.string(n, "name")) {
      // The name becomes a folder under results/, so it must be a plain file name.
      const bool plain = name->find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
                             std::string::npos && *name != "." && *name != "..";
      if (plain) {
        s.name = *name;
      } else {
        r.error(n, "name", fmt::format("expected letters, digits, '.', '_' or '-' only, found {}", quoted_excerpt(*name)));
      }
    }
  } else {
    s.name = std::filesystem::path(path).stem().string();
  }
  if (const auto n = root["seed"]; n.IsDefined()) {
    if (const auto seed = r.seed(n, "seed")) s.seed = *seed;
  }
  if (const auto n = root["engine"]; n.IsDefined()) read_engine(r, n, s);
  detail::read_datacenter(r, root, s.datacenter);
  if (const auto n = root["queue"]; n.IsDefined()) {
    if (root["workload"].IsDefined()) {
      r.error(root["workload"], "workload", "expected either a queue: or a workload: section, not both (one model per run)");
    }
    read_queue(r, n, s);
    if (const auto stop = r.required(root, "", "stop")) read_stop(r, *stop, s);
  } else if (const auto w = root["workload"]; w.IsDefined()) {
    detail::read_workload(r, w, s);
    if (const auto stop = r.required(root, "", "stop")) read_stop(r, *stop, s);
  } else if (const auto p = root["packing"]; p.IsDefined()) {
    detail::read_packing(r, p, s);
  } else if (const auto i = root["inference"]; i.IsDefined()) {
    detail::read_inference(r, i, s);
  } else if (need_something_to_simulate && s.datacenter.centers.empty()) {
    r.error(root, "", "expected a \"queue:\", \"centers:\", \"packing:\" or \"inference:\" section: there is nothing to simulate");
  }
  int models = 0;
  for (const char* section : {"queue", "workload", "packing", "inference"}) models += root[section].IsDefined() ? 1 : 0;
  if (models > 1 && (root["packing"].IsDefined() || root["inference"].IsDefined())) {  // queue + workload has its own message
    r.error(root, "", "expected one model per run: only one of queue:, workload:, packing: or inference:");
  }
  read_experiment(r, root, s);
  if (const auto n = root["scheduler"]; n.IsDefined()) detail::read_scheduler(r, n, s);
  if (const auto n = root["report"]; n.IsDefined()) read_report(r, n, s);
  if (const auto n = root["power"]; n.IsDefined()) read_power(r, n, s);
  if (r.ok()) cross_check(r, root, s);
  r.finish();
  note_unused_overrides(root, overrides, s);
  s.resolved_yaml = r.resolved_text(root, s.name);
  s.input_files = r.input_files();
  s.input_folders = r.folders_read();
  return s;
}

// A yaml-cpp exception that escaped the checked reader (a shape no check anticipated) still
// becomes a located error, never a crash.
Scenario load_guarded(const std::string& path, const std::vector<Override>& overrides, bool need_something_to_simulate,
                      const std::vector<std::string>& allowed_folders) {
  try {
    return load(path, overrides, need_something_to_simulate, allowed_folders);
  } catch (const YAML::Exception& e) {
    throw ConfigError(Diagnostic{{path, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1},
                                 "", "unexpected YAML structure: " + e.msg});
  }
}

}  // namespace

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides, const std::vector<std::string>& allowed_folders) {
  return load_guarded(path, overrides, true, allowed_folders);
}

Scenario load_catalog(const std::string& path, const std::vector<std::string>& allowed_folders) {
  return load_guarded(path, {}, false, allowed_folders);
}

}  // namespace dcsim

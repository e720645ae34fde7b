// The dcsim command-line program: `dcsim run`, `dcsim compare`, `dcsim validate`, `dcsim policies`,
// `dcsim catalog`, `dcsim version`.
// Exit codes: 0 success, 2 bad input (scenario, overrides, arguments, output folder),
// 1 an internal error.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "dcsim/model/totals.hpp"
#include "dcsim/policy/placement_policy.hpp"
#include "dcsim/scenario/error.hpp"
#include "dcsim/scenario/run.hpp"
#include "dcsim/scenario/scenario.hpp"

namespace fs = std::filesystem;
using namespace dcsim;

namespace {

constexpr int kBadInput = 2;

struct RunOptions {
  std::string file;
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::string output;
  bool force = false;
  bool no_files = false;
  std::string format = "table";
};

Scenario load(const std::string& file, const std::vector<std::string>& sets, std::optional<std::uint64_t> seed) {
  std::vector<Override> overrides;
  for (const auto& s : sets) overrides.push_back(parse_override(s));
  if (seed) overrides.push_back({"seed", std::to_string(*seed)});
  return load_scenario(file, overrides);
}

// The shipped chip catalogue: from the source tree when run from a build, else installed.
std::string default_catalog() {
  for (const char* dir : {DCSIM_SOURCE_SCENARIOS, DCSIM_INSTALLED_SCENARIOS}) {
    const fs::path p = fs::path(dir) / "catalog/chips.yaml";
    if (fs::exists(p)) return p.string();
  }
  return "scenarios/catalog/chips.yaml";
}

// Where this run writes. The default results/<name>/ never replaces an earlier run: when it
// exists, the next free results/<name>-2/, -3/, ... is used. An explicit --output folder that
// already holds files is refused unless --force.
fs::path choose_output_folder(const RunOptions& o, const Scenario& s) {
  if (!o.output.empty()) {
    const fs::path dir(o.output);
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
      throw ConfigError(Diagnostic{{o.output, 0, 0}, "", "--output: exists and is not a folder"});
    }
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec) && !o.force) {
      throw ConfigError(Diagnostic{{o.output, 0, 0}, "",
                                   "--output: the folder already holds files; use --force to overwrite them or choose another folder"});
    }
    return dir;
  }
  const fs::path base = fs::path("results") / s.name;
  if (o.force || !fs::exists(base)) return base;
  for (int i = 2;; ++i) {
    fs::path candidate = fs::path("results") / fmt::format("{}-{}", s.name, i);
    if (!fs::exists(candidate)) return candidate;
  }
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

int run_command(const RunOptions& o) {
  const Scenario scenario = load(o.file, o.sets, o.seed);
  fs::path folder;
  if (!o.no_files) folder = choose_output_folder(o, scenario);  // refuse a conflict before running
  Summary summary = run_scenario(scenario);
  summary.overrides = o.sets;
  if (o.seed) summary.overrides.push_back(fmt::format("--seed {}", *o.seed));

  if (o.format == "kv") {
    std::cout << to_kv(summary);
  } else if (o.format == "json") {
    std::cout << to_json(summary);
  } else {
    std::cout << to_table(summary);
  }
  if (!o.no_files) {
    fs::create_directories(folder);
    write_file(folder / "summary.json", to_json(summary));
    fs::copy_file(o.file, folder / "scenario.yaml", fs::copy_options::overwrite_existing);
    if (o.format == "table") std::cout << fmt::format("wrote {}\n", (folder / "summary.json").string());
  }
  return 0;
}

struct CompareOptions {
  std::string file;
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> policies;
  std::string format = "table";
};

// One row per metric and count, one column per policy: "value [lo, hi]".
std::string compare_table(const std::vector<std::string>& policies, const std::vector<Summary>& runs) {
  const Summary& first = runs.front();
  std::vector<std::vector<std::string>> cells(runs.size());
  for (std::size_t p = 0; p < runs.size(); ++p) {
    for (const auto& m : runs[p].metrics) {
      cells[p].push_back(m.ci95_lo ? fmt::format("{:.4g} ±{:.2g}", m.value, (*m.ci95_hi - *m.ci95_lo) / 2) : fmt::format("{:.4g}", m.value));
    }
    for (const auto& c : runs[p].counts) cells[p].push_back(std::to_string(c.second));
    cells[p].push_back(fmt::format("{:.3f}", runs[p].wall_seconds));
  }
  std::vector<std::size_t> width(runs.size());
  for (std::size_t p = 0; p < runs.size(); ++p) {
    width[p] = policies[p].size();
    for (const auto& c : cells[p]) width[p] = std::max(width[p], c.size());
  }
  std::vector<std::string> rows;
  for (const auto& m : first.metrics) rows.push_back(m.unit.empty() ? m.name : fmt::format("{} ({})", m.name, m.unit));
  for (const auto& c : first.counts) rows.push_back(c.first);
  rows.emplace_back("wall_seconds");
  std::size_t name_width = 6;
  for (const auto& r : rows) name_width = std::max(name_width, r.size());
  std::string out = fmt::format("scenario {} (seed {}, {})\n{:<{}}", first.scenario, first.seed, first.file, "metric", name_width);
  for (std::size_t p = 0; p < runs.size(); ++p) out += fmt::format("  {:>{}}", policies[p], width[p]);
  out += "\n";
  for (std::size_t row = 0; row < rows.size(); ++row) {
    out += fmt::format("{:<{}}", rows[row], name_width);
    for (std::size_t p = 0; p < runs.size(); ++p) out += fmt::format("  {:>{}}", row < cells[p].size() ? cells[p][row] : "", width[p]);
    out += "\n";
  }
  return out;
}

// Runs the scenario once per placement policy (scheduler.placement overridden; a policy's
// parameters take their defaults) and prints the results side by side.
int compare_command(const CompareOptions& o) {
  const Scenario base = load(o.file, o.sets, o.seed);
  if (!base.packing && !base.workload) {
    throw ConfigError(Diagnostic{{o.file}, "", "dcsim compare compares placements: it runs packing studies (packing:) and jobs "
                                                "on centers (workload:)"});
  }
  std::vector<std::string> policies = o.policies;
  if (policies.empty()) {
    for (const auto* e : policy::placement_policies()) {
      if (base.workload && e->name == "fgd") continue;  // needs a pod workload to learn from
      policies.push_back(e->name);
    }
  }
  std::vector<Summary> runs;
  for (const std::string& name : policies) {
    std::vector<std::string> sets = o.sets;
    sets.push_back("scheduler.placement=" + name);
    runs.push_back(run_scenario(load(o.file, sets, o.seed)));
  }
  if (o.format == "json") {
    std::cout << "[\n";
    for (std::size_t i = 0; i < runs.size(); ++i) std::cout << fmt::format("{{\"placement\": \"{}\", \"summary\": {}}}{}\n", policies[i], to_json(runs[i]), i + 1 < runs.size() ? "," : "");
    std::cout << "]\n";
  } else if (o.format == "kv") {
    for (std::size_t i = 0; i < runs.size(); ++i) {
      std::cout << fmt::format("placement={}\n", policies[i]) << to_kv(runs[i]);
    }
  } else {
    std::cout << compare_table(policies, runs);
  }
  return 0;
}

// Lists the registered placement policies with their parameters.
int policies_command() {
  for (const auto* e : policy::placement_policies()) {
    fmt::print("{:<20} {}\n", e->name, e->summary);
    for (const auto& p : e->params) fmt::print("{:<20}   {}: default {:g}, from {:g} to {:g} — {}\n", "", p.name, p.default_value, p.min, p.max, p.meaning);
  }
  return 0;
}

int validate_command(const std::string& file, const std::vector<std::string>& sets) {
  const Scenario s = load(file, sets, std::nullopt);
  fmt::print("{}: valid scenario \"{}\" (seed {})\n", file, s.name, s.seed);
  if (s.queue) {
    const QueueSpec& q = *s.queue;
    fmt::print("queue: {} servers, interarrival {} (mean {:.6g} s), service {} (mean {:.6g} s)\n", q.servers,
               name(q.interarrival), mean(q.interarrival), name(q.service), mean(q.service));
    fmt::print("  offered load per server: {:.6g}\n", mean(q.service) / (mean(q.interarrival) * q.servers));
    fmt::print("  stop at completion {}; tick = {:g} s; times reported in {}\n", s.stop.completions,
               s.time.tick_seconds(), s.report.time_unit);
  }
  if (!s.datacenter.centers.empty()) fmt::print("{}", describe(s.datacenter));
  return 0;
}

// Lists the chips of a catalogue file (default: the shipped catalogue).
int catalog_command(const std::string& file) {
  const Scenario s = load_catalog(file);
  fmt::print("{}", describe_chips(s.datacenter.chips));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dcsim: discrete-event simulation of AI compute centers"};
  app.require_subcommand(1);

  RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Run a scenario and write summary.json into an output folder");
  run_cmd->add_option("file", run.file, "Scenario YAML file")->required();
  run_cmd->add_option("--seed", run.seed, "Override the scenario's seed");
  run_cmd->add_option("--set", run.sets, "Override a key: --set key.path=value (repeatable)");
  run_cmd->add_option("-o,--output", run.output, "Output folder (default results/<scenario-name>, never overwritten)");
  run_cmd->add_flag("--force", run.force, "Overwrite the files of an existing output folder");
  run_cmd->add_flag("--no-files", run.no_files, "Print only; write no output folder");
  run_cmd->add_option("--format", run.format, "What to print: table, json, or kv (key=value lines)")
      ->check(CLI::IsMember({"table", "json", "kv"}));

  std::string validate_file;
  std::vector<std::string> validate_sets;
  auto* validate_cmd = app.add_subcommand("validate", "Check a scenario file and describe it");
  validate_cmd->add_option("file", validate_file, "Scenario YAML file")->required();
  validate_cmd->add_option("--set", validate_sets, "Override a key: --set key.path=value (repeatable)");

  std::string catalog_file = default_catalog();
  auto* catalog_cmd = app.add_subcommand("catalog", "List the chips of the catalogue");
  catalog_cmd->add_option("file", catalog_file, "A catalogue or scenario file (default: the shipped catalogue)");

  CompareOptions compare;
  auto* compare_cmd = app.add_subcommand("compare", "Run a scenario once per placement policy and print them side by side");
  compare_cmd->add_option("file", compare.file, "Scenario YAML file")->required();
  compare_cmd->add_option("--policies", compare.policies, "Placement policies to compare (default: every registered one)")->delimiter(',');
  compare_cmd->add_option("--seed", compare.seed, "Override the scenario's seed");
  compare_cmd->add_option("--set", compare.sets, "Override a key: --set key.path=value (repeatable)");
  compare_cmd->add_option("--format", compare.format, "What to print: table, json, or kv")->check(CLI::IsMember({"table", "json", "kv"}));

  auto* policies_cmd = app.add_subcommand("policies", "List the placement policies and their parameters");

  auto* version_cmd = app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kBadInput;
  }

  try {
    if (*run_cmd) return run_command(run);
    if (*compare_cmd) return compare_command(compare);
    if (*policies_cmd) return policies_command();
    if (*validate_cmd) return validate_command(validate_file, validate_sets);
    if (*catalog_cmd) return catalog_command(catalog_file);
    if (*version_cmd) {
      fmt::print("dcsim {}\n", DCSIM_VERSION);
      return 0;
    }
  } catch (const ConfigError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << "error: " << d.str() << '\n';
    return kBadInput;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

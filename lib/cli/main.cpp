// The dcsim command-line program: `dcsim run`, `dcsim compare`, `dcsim validate`, `dcsim policies`,
// `dcsim catalog`, `dcsim version` (or `dcsim --version`).
// Exit codes: 0 success, 2 bad input (scenario, overrides, arguments, an output folder that
// cannot be used; no command at all), 1 a result that could not be written, or an internal error,
// 128 + the signal (130 for Ctrl-C, 143 for SIGTERM) when a run was interrupted.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "dcsim/core/interrupt.hpp"
#include "dcsim/model/totals.hpp"
#include "dcsim/policy/placement_policy.hpp"
#include "dcsim/base/diagnostic.hpp"
#include "dcsim/scenario/run.hpp"
#include "dcsim/scenario/scenario.hpp"
#include "dcsim/scenario/seed.hpp"
#include "dcsim/version.hpp"

namespace fs = std::filesystem;
using namespace dcsim;

namespace {

constexpr int kBadInput = 2;

// A result that was computed but could not be written (exit 1): not the user's input at fault.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What every summary records about how it was made (summary.json's provenance fields).
struct Invocation {
  std::vector<std::string> command_line;
};

// --seed is read as text and checked by the rule of `seed:` in a scenario: CLI11 would read
// "-1" into an unsigned integer as 2^64-1.
struct RunOptions {
  std::string file;
  std::vector<std::string> sets;
  std::optional<std::string> seed;
  std::vector<std::string> allowed;  // --allow-path
  std::string output;
  bool force = false;
  bool no_files = false;
  std::string format = "table";
};

void check_seed(const std::optional<std::string>& seed) {
  if (seed && !parse_seed(*seed)) {
    throw ConfigError(Diagnostic{{fmt::format("command line (--seed {})", *seed)}, "seed",
                                 fmt::format("{}, found \"{}\"", kSeedExpected, *seed)});
  }
}

// --allow-path folders must exist: a typo would otherwise allow nothing, silently.
void check_allowed(const std::vector<std::string>& allowed) {
  for (const std::string& dir : allowed) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      throw ConfigError(Diagnostic{{fmt::format("command line (--allow-path {})", dir)}, "",
                                   fmt::format("expected a folder, found {}", fs::exists(dir, ec) ? "a file that is not one" : "nothing there")});
    }
  }
}

Scenario load(const std::string& file, const std::vector<std::string>& sets, const std::optional<std::string>& seed,
              const std::vector<std::string>& allowed) {
  check_seed(seed);
  check_allowed(allowed);
  std::vector<Override> overrides;
  for (const auto& s : sets) overrides.push_back(parse_override(s));
  if (seed) overrides.push_back({"seed", *seed});
  return load_scenario(file, overrides, allowed);
}

// Ctrl-C and SIGTERM ask the running simulation to stop (core/interrupt.hpp: one atomic store,
// nothing allocated here); the run then unwinds, its claimed output folder is removed, and
// main() says so. The handler is reset after one signal, so a second Ctrl-C ends dcsim at once.
extern "C" void on_interrupt(int signal_number) { request_interrupt(signal_number); }

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// A request that came after the simulation's last look at it still discards the results.
void throw_if_interrupted() {
  if (interrupt_requested()) throw Interrupted();
}

std::string version_line() { return fmt::format("dcsim {} ({})", version(), commit()); }

// Now, as UTC ISO 8601 to the second: "2026-11-25T10:00:00Z".
std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[sizeof "2026-11-25T10:00:00Z"];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// Records who made the summary and how, so a result can be traced to its code and command.
void stamp(Summary& summary, const Invocation& invocation, const std::string& started) {
  summary.dcsim_version = std::string(version());
  summary.commit = std::string(commit());
  summary.date = started;
  summary.command_line = invocation.command_line;
}

// The shipped chip catalogue: from the source tree when run from a build, else installed.
std::string default_catalog() {
  for (const char* dir : {DCSIM_SOURCE_SCENARIOS, DCSIM_INSTALLED_SCENARIOS}) {
    const fs::path p = fs::path(dir) / "catalog/chips.yaml";
    if (fs::exists(p)) return p.string();
  }
  return "scenarios/catalog/chips.yaml";
}

std::string os_reason(int error_number) {
  return error_number ? std::generic_category().message(error_number) : "unknown reason";
}

// A folder a run writes into, and the folders it had to create for it (parents first).
// Unless kept, the created ones are removed again when the run ends, so a run that fails
// before writing leaves nothing behind; fs::remove leaves a folder that is not empty, such as
// a results/ that another run has written into meanwhile.
class OutputFolder {
 public:
  OutputFolder() = default;
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;
  ~OutputFolder() {
    if (kept_) return;
    std::error_code ignored;
    for (auto it = created_.rbegin(); it != created_.rend(); ++it) fs::remove(*it, ignored);
  }

  // Creates the missing parents of `dir`, one mkdir each, then tries to create `dir` itself:
  // true when this call created it, false when it already existed (or just appeared: another
  // run got there first). Throws a bad-input error when it cannot be created.
  bool claim(const fs::path& dir, std::string_view option) {
    fs::path walked;
    bool created = false;
    for (const auto& part : dir) {
      walked /= part;
      std::error_code ec;
      created = fs::create_directory(walked, ec);  // not create_directories: it must say who made the last one
      // A parent that is a file: the next mkdir tells why (ENOTDIR), as `mkdir -p` does.
      const bool parent_not_a_folder = ec == std::errc::file_exists && walked != dir;
      if (ec && !parent_not_a_folder) {
        throw ConfigError(Diagnostic{{dir.string()}, "", fmt::format("{}cannot create the folder: {}", option, ec.message())});
      }
      if (created) created_.push_back(walked);
    }
    path_ = dir;
    return created;
  }

  // A file created and removed again, so a folder that exists but cannot be written is refused
  // before the simulation runs rather than after.
  void check_writable(std::string_view option) const {
    const fs::path probe = path_ / fmt::format(".dcsim-write-check-{}", ::getpid());
    errno = 0;
    std::ofstream out(probe, std::ios::binary | std::ios::trunc);
    out.close();
    const int error_number = errno;
    std::error_code ignored;
    fs::remove(probe, ignored);
    if (!out) {
      throw ConfigError(Diagnostic{{path_.string()}, "", fmt::format("{}cannot write into the folder: {}", option, os_reason(error_number))});
    }
  }

  [[nodiscard]] const fs::path& path() const { return path_; }
  void keep() { kept_ = true; }

 private:
  fs::path path_;
  std::vector<fs::path> created_;
  bool kept_ = false;
};

// Claims the folder this run writes into, before it runs. The default results/<name>/ never
// replaces an earlier run: when it exists, the next free results/<name>-2/, -3/, ... is used.
// Each candidate is claimed by one mkdir, which fails when the folder exists, so runs started
// at once in one folder each get their own (testing for the folder first, then creating it,
// would let two runs pick the same one). An explicit --output folder that already holds files
// is refused unless --force.
// The files a run writes into `dir` must not replace one it reads (with --force, -o the
// scenario's own folder, or a results/<name>/scenario.yaml run again into results/<name>/).
void refuse_overwriting_inputs(const fs::path& dir, const Scenario& s, std::string_view option) {
  // every file a run may write: its summary, its scenario, the power tables (lib/scenario/center_power_setup.cpp)
  for (const char* name : {"summary.json", "scenario.yaml", "racks.csv", "power_hourly.csv"}) {
    for (const std::string& input : s.input_files) {
      std::error_code ec;
      if (fs::equivalent(dir / name, input, ec)) {
        throw ConfigError(Diagnostic{{dir.string()}, "", fmt::format("{}writing {} there would replace {}, which this run reads; choose another "
                                                                     "folder with -o", option, name, input)});
      }
    }
  }
}

void claim_output_folder(OutputFolder& folder, const RunOptions& o, const Scenario& s) {
  if (!o.output.empty()) {
    const fs::path dir(o.output);
    refuse_overwriting_inputs(dir, s, "--output: ");
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
      throw ConfigError(Diagnostic{{o.output, 0, 0}, "", "--output: exists and is not a folder"});
    }
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec) && !o.force) {
      throw ConfigError(Diagnostic{{o.output, 0, 0}, "",
                                   "--output: the folder already holds files; use --force to overwrite them or choose another folder"});
    }
    folder.claim(dir, "--output: ");
    folder.check_writable("--output: ");
    return;
  }
  const fs::path results("results");
  const auto candidate = [&](int i) { return results / (i == 1 ? s.name : fmt::format("{}-{}", s.name, i)); };
  for (int i = 1;; ++i) {
    if (o.force && i == 1) refuse_overwriting_inputs(candidate(i), s, "--force: ");
    if (folder.claim(candidate(i), "") || (o.force && i == 1)) break;  // --force reuses results/<name>/
  }
  folder.check_writable("");
}

// Writes `text` to `path` through a temporary file in the same folder, renamed into place once
// it is complete and closed without error: no reader ever sees half a file, and a full disk
// fails the run instead of leaving a truncated summary.
void write_file(const fs::path& path, const std::string& text) {
  const fs::path temporary = path.parent_path() / fmt::format(".{}.tmp-{}", path.filename().string(), ::getpid());
  errno = 0;
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();  // the last buffered bytes are written here: the stream is checked after it
  const int error_number = errno;
  std::error_code ec;
  if (!out) {
    fs::remove(temporary, ec);
    throw OutputError(fmt::format("cannot write {}: {}", path.string(), os_reason(error_number)));
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    const std::string reason = ec.message();
    fs::remove(temporary, ec);
    throw OutputError(fmt::format("cannot write {}: {}", path.string(), reason));
  }
}

// The resolved scenario (includes merged, --set applied, paths absolute) under a header that
// says where it came from and how to run it again.
std::string scenario_copy(const Scenario& s, const RunOptions& o, const fs::path& copy) {
  const auto one_line = [](std::string text) {  // a path with a line break must not end the comment
    for (char& c : text) c = static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    return text;
  };
  std::string again = fmt::format("dcsim run {}", one_line(copy.string()));
  for (const std::string& folder : s.input_folders) again += fmt::format(" --allow-path {}", one_line(folder));
  std::string from = o.file;
  for (const std::string& set : o.sets) from += fmt::format(" --set {}", set);
  if (o.seed) from += fmt::format(" --seed {}", *o.seed);
  return fmt::format("# The scenario as {} ran it: includes merged, --set applied, file paths absolute.\n"
                     "# From: {}\n"
                     "# Run it again: {}\n",
                     version_line(), quoted_excerpt(from), again) +
         s.resolved_yaml;
}

int run_command(const RunOptions& o, const Invocation& invocation) {
  install_interrupt_handlers();
  const Scenario scenario = load(o.file, o.sets, o.seed, o.allowed);
  OutputFolder folder;
  if (!o.no_files) claim_output_folder(folder, o, scenario);  // refuse an unusable folder before running
  const std::string started = utc_now();
  Summary summary = run_scenario(scenario);
  throw_if_interrupted();
  summary.overrides = o.sets;
  if (o.seed) summary.overrides.push_back(fmt::format("--seed {}", *o.seed));
  stamp(summary, invocation, started);

  if (o.format == "kv") {
    std::cout << to_kv(summary);
  } else if (o.format == "json") {
    std::cout << to_json(summary);
  } else {
    std::cout << to_table(summary);
  }
  if (!o.no_files) {
    write_file(folder.path() / "summary.json", to_json(summary));
    write_file(folder.path() / "scenario.yaml", scenario_copy(scenario, o, folder.path() / "scenario.yaml"));
    for (const Table& t : summary.tables) write_file(folder.path() / t.file, to_csv(t));
    folder.keep();
    if (o.format == "table") std::cout << fmt::format("wrote {}\n", (folder.path() / "summary.json").string());
  }
  return 0;
}

struct CompareOptions {
  std::string file;
  std::vector<std::string> sets;
  std::vector<std::string> allowed;  // --allow-path
  std::optional<std::string> seed;  // text, as RunOptions::seed
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

// The scenario with scheduler.placement set to `name`. The placement is set as an override,
// but the user wrote --policies: a problem with it is reported there.
Scenario load_with_placement(const CompareOptions& o, const std::string& name) {
  std::vector<std::string> sets = o.sets;
  sets.push_back("scheduler.placement=" + name);
  try {
    return load(o.file, sets, o.seed, o.allowed);
  } catch (const ConfigError& e) {
    const std::string as_set = fmt::format("command line (--set scheduler.placement={})", name);
    std::vector<Diagnostic> diagnostics = e.diagnostics();
    for (Diagnostic& d : diagnostics) {
      if (d.where.file == as_set) d.where.file = fmt::format("command line (--policies {})", fmt::join(o.policies, ","));
    }
    throw ConfigError(std::move(diagnostics));
  }
}

// Runs the scenario once per placement policy (scheduler.placement overridden; a policy's
// parameters take their defaults) and prints the results side by side.
int compare_command(const CompareOptions& o, const Invocation& invocation) {
  install_interrupt_handlers();
  const Scenario base = load(o.file, o.sets, o.seed, o.allowed);
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
  // Every policy's scenario is loaded before any runs, so a misspelt last policy does not
  // wait for the runs before it.
  std::vector<Scenario> scenarios;
  for (const std::string& name : policies) scenarios.push_back(load_with_placement(o, name));
  std::vector<Summary> runs;
  for (const Scenario& scenario : scenarios) {
    const std::string started = utc_now();
    runs.push_back(run_scenario(scenario));
    stamp(runs.back(), invocation, started);
    throw_if_interrupted();
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

int validate_command(const std::string& file, const std::vector<std::string>& sets, const std::vector<std::string>& allowed) {
  const Scenario s = load(file, sets, std::nullopt, allowed);
  fmt::print("{}: valid scenario \"{}\" (seed {})\n", file, s.name, s.seed);
  for (const std::string& note : s.notes) fmt::print("note: {}\n", note);
  if (s.queue) {
    const QueueSpec& q = *s.queue;
    fmt::print("queue: {} servers, interarrival {} (mean {:.6g} s), service {} (mean {:.6g} s)\n", q.servers,
               name(q.interarrival), mean(q.interarrival), name(q.service), mean(q.service));
    fmt::print("  offered load per server: {:.6g}\n", mean(q.service) / (mean(q.interarrival) * q.servers));
    fmt::print("  stop at completion {}; tick = {:g} s; times reported in {}\n", s.stop.completions,
               s.time.tick_seconds(), s.report.time_unit);
  }
  if (!s.datacenter.centers.empty()) fmt::print("{}", describe(s.datacenter));
  for (const std::string& line : describe_tenants(s)) fmt::print("{}\n", line);
  return 0;
}

// Lists the chips of a catalogue file (default: the shipped catalogue).
int catalog_command(const std::string& file, const std::vector<std::string>& allowed) {
  check_allowed(allowed);
  const Scenario s = load_catalog(file, allowed);
  fmt::print("{}", describe_chips(s.datacenter.chips));
  return 0;
}

// `dcsim` alone: the commands, one line each, on stderr (it is a usage error, exit 2).
int list_commands(const CLI::App& app) {
  std::string out = "usage: dcsim <command> [options]   (dcsim <command> --help: its options; dcsim --version)\ncommands:\n";
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    out += fmt::format("  {:<10} {}\n", command->get_name(), command->get_description());
  }
  std::cerr << out;
  return kBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dcsim: discrete-event simulation of AI compute centers"};
  app.require_subcommand(1);
  app.set_version_flag("--version", version_line(), "Print the version and the commit it was built from");
  const Invocation invocation{std::vector<std::string>(argv, argv + argc)};

  RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Run a scenario and write summary.json into an output folder");
  run_cmd->add_option("file", run.file, "Scenario YAML file")->required();
  run_cmd->add_option("--seed", run.seed, "Override the scenario's seed (0 to 18446744073709551615)");
  run_cmd->add_option("--set", run.sets, "Override a key: --set key.path=value (repeatable)");
  run_cmd->add_option("-o,--output", run.output, "Output folder (default results/<scenario-name>, never overwritten)");
  run_cmd->add_flag("--force", run.force, "Overwrite the files of an existing output folder");
  run_cmd->add_option("--allow-path", run.allowed, "Let the scenario read files in this folder too (repeatable)");
  run_cmd->add_flag("--no-files", run.no_files, "Print only; write no output folder");
  run_cmd->add_option("--format", run.format, "What to print: table, json, or kv (key=value lines)")
      ->check(CLI::IsMember({"table", "json", "kv"}));

  std::string validate_file;
  std::vector<std::string> validate_sets, validate_allowed;
  auto* validate_cmd = app.add_subcommand("validate", "Check a scenario file and describe it");
  validate_cmd->add_option("file", validate_file, "Scenario YAML file")->required();
  validate_cmd->add_option("--set", validate_sets, "Override a key: --set key.path=value (repeatable)");
  validate_cmd->add_option("--allow-path", validate_allowed, "Let the scenario read files in this folder too (repeatable)");

  std::string catalog_file = default_catalog();
  auto* catalog_cmd = app.add_subcommand("catalog", "List the chips of the catalogue");
  catalog_cmd->add_option("file", catalog_file, "A catalogue or scenario file (default: the shipped catalogue)");
  std::vector<std::string> catalog_allowed;
  catalog_cmd->add_option("--allow-path", catalog_allowed, "Let the file include files in this folder too (repeatable)");

  CompareOptions compare;
  auto* compare_cmd = app.add_subcommand("compare", "Run a scenario once per placement policy and print them side by side");
  compare_cmd->add_option("file", compare.file, "Scenario YAML file")->required();
  compare_cmd->add_option("--policies", compare.policies, "Placement policies to compare (default: every registered one)")->delimiter(',');
  compare_cmd->add_option("--seed", compare.seed, "Override the scenario's seed (0 to 18446744073709551615)");
  compare_cmd->add_option("--set", compare.sets, "Override a key: --set key.path=value (repeatable)");
  compare_cmd->add_option("--allow-path", compare.allowed, "Let the scenario read files in this folder too (repeatable)");
  compare_cmd->add_option("--format", compare.format, "What to print: table, json, or kv")->check(CLI::IsMember({"table", "json", "kv"}));

  auto* policies_cmd = app.add_subcommand("policies", "List the placement policies and their parameters");

  auto* version_cmd = app.add_subcommand("version", "Print the version and the commit it was built from");

  if (argc == 1) return list_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version end the parse with exit code 0; anything else is bad input.
    return app.exit(e) == 0 ? 0 : kBadInput;
  }

  try {
    if (*run_cmd) return run_command(run, invocation);
    if (*compare_cmd) return compare_command(compare, invocation);
    if (*policies_cmd) return policies_command();
    if (*validate_cmd) return validate_command(validate_file, validate_sets, validate_allowed);
    if (*catalog_cmd) return catalog_command(catalog_file, catalog_allowed);
    if (*version_cmd) {
      fmt::print("{}\n", version_line());
      return 0;
    }
  } catch (const ConfigError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << "error: " << d.str() << '\n';
    return kBadInput;
  } catch (const OutputError& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  } catch (const Interrupted&) {
    const int signal_number = interrupt_signal() > 0 ? interrupt_signal() : SIGINT;
    std::cerr << fmt::format("interrupted ({}): the run stopped before its end; nothing was written\n",
                             signal_number == SIGTERM ? "SIGTERM" : signal_number == SIGINT ? "SIGINT" : std::to_string(signal_number));
    return 128 + signal_number;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

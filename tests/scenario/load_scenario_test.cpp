#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "dcsim/base/diagnostic.hpp"
#include "dcsim/scenario/run.hpp"
#include "dcsim/scenario/scenario.hpp"

namespace dcsim {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = DCSIM_SOURCE_DIR;

std::string mmc() { return (kSource / "scenarios/mmc.yaml").string(); }

// The test scenarios include ../parts/ and name ../../../scenarios/traces/: the source tree is allowed.
std::string error_of(const std::string& file, const std::vector<Override>& overrides = {}) {
  try {
    (void)load_scenario(file, overrides, {kSource.string()});
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(LoadScenario, ReadsTheReferenceWorkloadW1) {
  const Scenario s = load_scenario(mmc());
  EXPECT_EQ(s.name, "mmc");
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.queue->servers, 64);
  EXPECT_DOUBLE_EQ(mean(s.queue->interarrival), 3600.0 / 57.6);  // 62.5 s
  EXPECT_DOUBLE_EQ(mean(s.queue->service), 3600.0);
  EXPECT_EQ(name(s.queue->service), "exponential");
  EXPECT_EQ(s.stop.completions, 1'000'000u);
  EXPECT_DOUBLE_EQ(s.time.tick_seconds(), 1e-6);
  EXPECT_EQ(s.report.time_unit, "h");
  EXPECT_EQ(s.report.batches, 20);
}

TEST(LoadScenario, OverridesChangeServersRatesAndTheServiceDistribution) {
  const Scenario s = load_scenario(mmc(), {parse_override("queue.servers=70"), parse_override("seed=9"),
                                           parse_override("queue.interarrival.rate=30 /h"),
                                           parse_override("queue.service={distribution: deterministic, value: 50 min}")});
  EXPECT_EQ(s.queue->servers, 70);
  EXPECT_EQ(s.seed, 9u);
  EXPECT_DOUBLE_EQ(mean(s.queue->interarrival), 120.0);
  EXPECT_EQ(name(s.queue->service), "deterministic");
  EXPECT_DOUBLE_EQ(mean(s.queue->service), 3000.0);
}

TEST(LoadScenario, OverrideOfOneDistributionKeyKeepsTheOthers) {
  const Scenario s = load_scenario(mmc(), {parse_override("queue.service.mean=30 min")});
  EXPECT_EQ(name(s.queue->service), "exponential");
  EXPECT_DOUBLE_EQ(mean(s.queue->service), 1800.0);
}

TEST(LoadScenario, BadOverridesNameTheCommandLineArgument) {
  EXPECT_EQ(error_of(mmc(), {parse_override("queue.servers=-2")}),
            "command line (--set queue.servers=-2): queue.servers: expected an integer from 1 to 1000000, found \"-2\"");
  EXPECT_EQ(error_of(mmc(), {parse_override("queue.sevrers=2")}),
            "command line (--set queue.sevrers=2): queue.sevrers: unknown key (did you mean \"servers\"? expected one "
            "of: servers, interarrival, service)");
  EXPECT_EQ(error_of(mmc(), {parse_override("queue.servers.x=2")}),
            "command line: queue.servers.x: --set queue.servers.x=2: cannot set a key inside queue.servers, which is \"64\"");
  EXPECT_THROW((void)parse_override("queue.servers"), ConfigError);
  EXPECT_THROW((void)parse_override("=3"), ConfigError);
  EXPECT_THROW((void)parse_override("queue..servers=3"), ConfigError);
}

// A key given twice is refused wherever it is written: yaml-cpp alone would keep the first.
TEST(LoadScenario, DuplicateKeyInAnOverrideValueNamesBothPlaces) {
  EXPECT_EQ(error_of(mmc(), {parse_override("queue.service={distribution: exponential, mean: 1 h, mean: 2 h}")}),
            "command line (--set queue.service={distribution: exponential, mean: 1 h, mean: 2 h}):1:40: queue.service.mean: "
            "key given twice in one mapping, first at command line (--set queue.service={distribution: exponential, mean: 1 "
            "h, mean: 2 h}):1:29");
}

TEST(LoadScenario, SameKeyInAnIncludedFileAndTheIncludingFileIsAnOverrideNotADuplicate) {
  const fs::path dir = fs::temp_directory_path() / "dcsim_duplicate_include_test";
  fs::create_directories(dir);
  std::ofstream(dir / "base.yaml") << "queue:\n  servers: 2\n  interarrival: {distribution: exponential, mean: 1 h}\n"
                                      "  service: {distribution: exponential, mean: 1 h}\nstop:\n  completions: 100\n";
  std::ofstream(dir / "top.yaml") << "include: base.yaml\nqueue:\n  servers: 3\n";
  EXPECT_EQ(load_scenario((dir / "top.yaml").string()).queue->servers, 3);
  fs::remove_all(dir);
}

TEST(LoadScenario, MissingFile) {
  EXPECT_EQ(error_of("no/such/file.yaml"), "no/such/file.yaml: no such file");
  EXPECT_EQ(error_of(kSource.string()), kSource.string() + ": not a regular file");
}

TEST(LoadScenario, NameDefaultsToTheFileStem) {
  const fs::path dir = fs::temp_directory_path() / "dcsim_load_test";
  fs::create_directories(dir);
  const fs::path file = dir / "my-center.yaml";
  std::ofstream(file) << "queue:\n  servers: 2\n  interarrival: {distribution: exponential, mean: 1 h}\n"
                         "  service: {distribution: exponential, mean: 1 h}\nstop:\n  completions: 100\n";
  EXPECT_EQ(load_scenario(file.string()).name, "my-center");
}

// Every file in tests/scenarios/invalid/ starts with the exact error lines it must produce,
// as `# error: ` comments, with {file} standing for the path it was loaded from, {dir} for
// its folder and {parts} for tests/scenarios/parts (files the invalid ones include).
TEST(LoadScenario, EveryInvalidFileGivesItsExactMessage) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kSource / "tests/scenarios/invalid")) {
    const std::string path = entry.path().string();
    std::ifstream in(path);
    std::string line, expected;
    while (std::getline(in, line) && line.starts_with("# error: ")) {
      std::string message = line.substr(9);
      for (const auto& [placeholder, value] : {std::pair{std::string("{file}"), path},
                                               std::pair{std::string("{dir}"), entry.path().parent_path().string()},
                                               std::pair{std::string("{parts}"), (kSource / "tests/scenarios/parts").string()}}) {
        for (auto at = message.find(placeholder); at != std::string::npos; at = message.find(placeholder)) {
          message.replace(at, placeholder.size(), value);
        }
      }
      expected += (expected.empty() ? "" : "\n") + message;
    }
    ASSERT_FALSE(expected.empty()) << path << " has no '# error: ' header";
    EXPECT_EQ(error_of(path), expected) << path;
    ++files;
  }
  EXPECT_GE(files, 40);
}

// The tick length is bounded (finer than 1 ns covers less than 300 years), and every duration
// is checked against the one the file chose.
TEST(LoadScenario, ResolutionIsBoundedAndDurationsAreCheckedAgainstIt) {
  EXPECT_DOUBLE_EQ(load_scenario(mmc(), {parse_override("engine.resolution=1 ns")}).time.tick_seconds(), 1e-9);
  EXPECT_DOUBLE_EQ(load_scenario(mmc(), {parse_override("engine.resolution=1 h"), parse_override("queue.service.mean=2 h"),
                                         parse_override("queue.interarrival.rate=1 /d")})
                       .time.tick_seconds(),
                   3600);
  EXPECT_EQ(error_of(mmc(), {parse_override("engine.resolution=2 h")}),
            "command line (--set engine.resolution=2 h): engine.resolution: expected a resolution from 1 ns to 1 h, found \"2 h\"");
  EXPECT_EQ(error_of(mmc(), {parse_override("engine.resolution=1 h"), parse_override("queue.interarrival.rate=1 /d"),
                             parse_override("queue.service.mean=20 min")}),
            "command line (--set queue.service.mean=20 min): queue.service.mean: \"20 min\" rounds to 0 ticks at 1 h (engine.resolution)");
  EXPECT_EQ(error_of(mmc(), {parse_override("queue.interarrival.rate=1e7 /s")}),
            "command line (--set queue.interarrival.rate=1e7 /s): queue.interarrival.rate: \"1e7 /s\" has a mean gap (1 / rate) that "
            "rounds to 0 ticks at 1 us (engine.resolution)");
  EXPECT_EQ(error_of(mmc(), {parse_override("engine.resolution=1 ns"), parse_override("queue.service.mean=300 y")}),
            "command line (--set queue.service.mean=300 y): queue.service.mean: \"300 y\" exceeds the tick range (2^63 ticks of 1 ns "
            "= 292 years)");
}

// A run on the centers keeps every completion's wait: it may not ask for more than memory holds.
TEST(LoadScenario, CompletionsAreBoundedByTheMachinesMemory) {
  const std::string center = (kSource / "scenarios/three-tenants-west.yaml").string();
  const std::uint64_t memory = static_cast<std::uint64_t>(::sysconf(_SC_PHYS_PAGES)) * static_cast<std::uint64_t>(::sysconf(_SC_PAGE_SIZE));
  EXPECT_EQ(error_of(center, {parse_override("stop.completions=1125899906842624")}),
            "command line (--set stop.completions=1125899906842624): stop.completions: expected at most " +
                std::to_string(memory / 16) + " completions (each keeps its wait: 16 bytes in this machine's " +
                std::to_string(memory >> 20) + " MiB), found 1125899906842624");
}

// Jobs larger than every center together never run: with stop.completions only the run would
// never end (invalid/tenant-never-fits.yaml). A stop.time, or another tenant whose jobs fit,
// ends it, so those load.
TEST(LoadScenario, ATenantThatCanNeverRunIsRefusedOnlyWhenNothingElseEndsTheRun) {
  const std::string file = (kSource / "tests/scenarios/invalid/tenant-never-fits.yaml").string();
  EXPECT_TRUE(load_scenario(file, {parse_override("stop.time=30 d")}, {kSource.string()}).stop.time_s.has_value());
  const Scenario two = load_scenario(
      file, {parse_override("workload.tenants=[{name: giants, arrivals: {process: poisson, rate: 1 /h}, accelerators: 100000, "
                            "duration: {distribution: exponential, mean: 1 h}}, {name: small, arrivals: {process: poisson, rate: 1 /h}, "
                            "accelerators: 8, duration: {distribution: exponential, mean: 1 h}}]")},
      {kSource.string()});
  EXPECT_EQ(two.workload->tenants.size(), 2u);
}

// ------------------------------------------------------------------ paths

// A folder of scenario files for one test: top/ holds the scenario, beside/ what it reaches
// through "..".
struct PathFixture {
  fs::path dir = fs::temp_directory_path() / ("dcsim_paths_" + std::to_string(::getpid()));
  fs::path top = dir / "top";
  fs::path beside = dir / "beside";
  PathFixture() {
    fs::remove_all(dir);
    fs::create_directories(top / "parts");
    fs::create_directories(beside);
    const std::string queue = "queue:\n  servers: 2\n  interarrival: {distribution: exponential, mean: 1 h}\n"
                              "  service: {distribution: exponential, mean: 1 h}\nstop:\n  completions: 100\n";
    std::ofstream(beside / "base.yaml") << queue;
    std::ofstream(top / "parts/base.yaml") << queue;
  }
  ~PathFixture() { fs::remove_all(dir); }
  std::string scenario(const std::string& text) const {
    std::ofstream(top / "s.yaml") << text;
    return (top / "s.yaml").string();
  }
  std::string error(const std::string& file, const std::vector<std::string>& allowed = {}) const {
    try {
      (void)load_scenario(file, {}, allowed);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(no error)";
  }
};

// include: and every file a scenario names resolve inside the scenario's folder tree; through
// "..", or absolute, only into a folder given with --allow-path (symbolic links resolved).
TEST(Paths, AFileOutsideTheScenarioFolderIsRefusedUnlessAllowed) {
  const PathFixture f;
  const std::string real_top = fs::canonical(f.top).string(), real_beside = fs::canonical(f.beside).string();
  EXPECT_EQ(load_scenario(f.scenario("include: parts/base.yaml\n")).queue->servers, 2);
  const std::string up = f.scenario("include: ../beside/base.yaml\n");
  EXPECT_EQ(f.error(up), up + ":1:10: include: expected a file inside the scenario's folder \"" + real_top +
                             "\" (or a folder given with --allow-path), found \"../beside/base.yaml\" (\"" + real_beside + "/base.yaml\")");
  EXPECT_EQ(load_scenario(up, {}, {f.beside.string()}).queue->servers, 2);
  const std::string absolute = f.scenario("include: " + real_beside + "/base.yaml\n");
  EXPECT_EQ(f.error(absolute), absolute + ":1:10: include: expected a file inside the scenario's folder \"" + real_top +
                                   "\" (or a folder given with --allow-path), found \"" + real_beside + "/base.yaml\"");
  // A link inside the tree to a file outside it reads outside it.
  fs::create_symlink(f.beside / "base.yaml", f.top / "link.yaml");
  const std::string linked = f.scenario("include: link.yaml\n");
  EXPECT_EQ(f.error(linked), linked + ":1:10: include: expected a file inside the scenario's folder \"" + real_top +
                                 "\" (or a folder given with --allow-path), found \"link.yaml\" (\"" + real_beside + "/base.yaml\")");
  // A trace named through --set follows the same rule, located on the command line.
  const std::string set = error_of((kSource / "scenarios/tiresias-replay.yaml").string(),
                                   {parse_override("workload.tenants=[{name: t, trace: {file: " + real_beside +
                                                   "/base.yaml, arrival: a, duration: d, accelerators: g}}]")});
  EXPECT_EQ(set.rfind("command line (--set workload.tenants=[{name: t, trace: {file: ", 0), 0u) << set;
  EXPECT_NE(set.find("): workload.tenants[t].trace.file: expected a file inside the scenario's folder \"" +
                     fs::canonical(kSource / "scenarios").string() + "\" (or a folder given with --allow-path), found \"" + real_beside +
                     "/base.yaml\""),
            std::string::npos)
      << set;
}

// /proc, /sys and /dev are never read: not as an include, a trace or the scenario itself, and
// not even when --allow-path allows them.
TEST(Paths, SystemFoldersAreNeverRead) {
  const PathFixture f;
  const std::string proc = f.scenario("include: /proc/self/status\n");
  const std::string message = f.error(proc, {"/"});
  EXPECT_EQ(message.rfind(proc + ":1:10: include: expected a file outside /proc, /sys and /dev (never read, not even with "
                                 "--allow-path), found \"/proc/self/status\" (\"/proc/", 0),
            0u)
      << message;
  fs::create_symlink("/dev/zero", f.top / "zero.csv");  // inside the tree, but a device
  const std::string zero = f.scenario("packing: {nodes: zero.csv, pods: zero.csv}\n");
  EXPECT_EQ(f.error(zero, {"/"}),
            zero + ":1:18: packing.nodes: expected a file outside /proc, /sys and /dev (never read, not even with --allow-path), found "
                   "\"zero.csv\" (\"/dev/zero\")\n" +
                zero + ":1:34: packing.pods: expected a file outside /proc, /sys and /dev (never read, not even with --allow-path), "
                       "found \"zero.csv\" (\"/dev/zero\")");
  EXPECT_EQ(f.error("/proc/self/status", {"/"}), "/proc/self/status: expected a scenario file outside /proc, /sys and /dev (never read)");
}

// ------------------------------------------------------------------ the resolved copy

// The resolved copy loads alone, from another folder, to a scenario that runs the same: includes
// merged, --set applied, the trace path absolute (allowed through input_folders).
TEST(ResolvedCopy, RunsTheSameAsTheScenarioItCopies) {
  const fs::path dir = fs::temp_directory_path() / ("dcsim_resolved_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const struct {
    std::string file;
    std::vector<Override> overrides;
  } cases[] = {
      {mmc(), {parse_override("stop.completions=20000"), parse_override("seed=4"), parse_override("queue.servers=66")}},
      {(kSource / "scenarios/tiresias-replay.yaml").string(), {}},  // a trace
      {(kSource / "scenarios/three-tenants-west.yaml").string(),    // two levels of include, a list override
       {parse_override("stop={time: 20 d}"), parse_override("seed=2")}},
  };
  for (const auto& c : cases) {
    const Scenario original = load_scenario(c.file, c.overrides);
    const fs::path copy = dir / "scenario.yaml";
    std::ofstream(copy) << original.resolved_yaml;
    EXPECT_EQ(original.resolved_yaml.find("include"), std::string::npos) << c.file;
    EXPECT_EQ(original.resolved_yaml.find("!dcsim"), std::string::npos) << c.file;
    const Scenario again = load_scenario(copy.string(), {}, original.input_folders);
    EXPECT_EQ(again.name, original.name);
    EXPECT_EQ(again.resolved_yaml, original.resolved_yaml) << c.file;  // a fixed point
    const Summary a = run_scenario(original), b = run_scenario(again);
    EXPECT_EQ(a.counts, b.counts) << c.file;
    ASSERT_EQ(a.metrics.size(), b.metrics.size()) << c.file;
    for (std::size_t m = 0; m < a.metrics.size(); ++m) {
      if (a.metrics[m].name == "wall_seconds" || a.metrics[m].name == "events_per_second") continue;
      EXPECT_EQ(a.metrics[m].value, b.metrics[m].value) << c.file << " " << a.metrics[m].name;
    }
  }
  EXPECT_EQ(load_scenario((kSource / "scenarios/tiresias-replay.yaml").string()).input_folders,
            std::vector<std::string>{fs::canonical(kSource / "scenarios").string()});
  EXPECT_TRUE(load_scenario(mmc()).input_folders.empty());
  fs::remove_all(dir);
}

// ------------------------------------------------------------------ notes

// A --set of a key the scenario's model never reads changes nothing: it is noted, not dropped
// in silence; a model section added by --set to a file with another model is dropped so.
TEST(Notes, AnOverrideTheModelDoesNotUseIsNoted) {
  const std::string gpu = (kSource / "scenarios/gpu-cluster.yaml").string();
  EXPECT_EQ(load_scenario(gpu, {parse_override("packing.tune=2")}).notes,
            std::vector<std::string>{"--set packing.tune=2: ignored: this scenario runs jobs on centers (workload:); packing: is another "
                                     "model's section"});
  const std::string fgd = (kSource / "scenarios/openb-fgd.yaml").string();
  EXPECT_EQ(load_scenario(fgd, {parse_override("stop.time=1 d"), parse_override("report.batches=4"), parse_override("seed=3"),
                                parse_override("scheduler.placement=best-fit")})
                .notes,
            (std::vector<std::string>{"--set stop.time=1 d: ignored: a packing study (packing:) does not use stop:",
                                      "--set report.batches=4: ignored: a packing study (packing:) does not use report.batches"}));
  EXPECT_EQ(load_scenario((kSource / "scenarios/openb-timed.yaml").string(), {parse_override("report.time_unit=d"), parse_override("report.batches=4")})
                .notes,
            std::vector<std::string>{"--set report.batches=4: ignored: a packing study (packing:) in mode: timed does not use report.batches"});
  EXPECT_EQ(load_scenario(mmc(), {parse_override("include=other.yaml"), parse_override("cooling_limits={air: 25 kW}")}).notes,
            (std::vector<std::string>{"--set include=other.yaml: ignored: the M/M/c queue (queue:) does not use include: (includes are "
                                      "read before --set applies)",
                                      "--set cooling_limits={air: 25 kW}: ignored: the M/M/c queue (queue:) does not use cooling_limits:"}));
  EXPECT_TRUE(load_scenario(mmc(), {parse_override("queue.servers=70"), parse_override("report.batches=10")}).notes.empty());
}

}  // namespace
}  // namespace dcsim

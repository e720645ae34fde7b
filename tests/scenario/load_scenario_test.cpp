#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "dcsim/base/diagnostic.hpp"
#include "dcsim/scenario/scenario.hpp"

namespace dcsim {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = DCSIM_SOURCE_DIR;

std::string mmc() { return (kSource / "scenarios/mmc.yaml").string(); }

std::string error_of(const std::string& file, const std::vector<Override>& overrides = {}) {
  try {
    (void)load_scenario(file, overrides);
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
  EXPECT_TRUE(load_scenario(file, {parse_override("stop.time=30 d")}).stop.time_s.has_value());
  const Scenario two = load_scenario(
      file, {parse_override("workload.tenants=[{name: giants, arrivals: {process: poisson, rate: 1 /h}, accelerators: 100000, "
                            "duration: {distribution: exponential, mean: 1 h}}, {name: small, arrivals: {process: poisson, rate: 1 /h}, "
                            "accelerators: 8, duration: {distribution: exponential, mean: 1 h}}]")});
  EXPECT_EQ(two.workload->tenants.size(), 2u);
}

}  // namespace
}  // namespace dcsim

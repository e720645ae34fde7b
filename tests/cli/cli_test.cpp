// The dcsim program as a user runs it: exit codes, one-line errors, output folders, and
// byte-identical summaries for the same seed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "dcsim/version.hpp"

namespace {

namespace fs = std::filesystem;
const fs::path kSource = DCSIM_SOURCE_DIR;
const std::string kCli = DCSIM_CLI;

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh working folder per test, so output folders never collide.
class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / (std::string("dcsim_cli_") + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome run(const std::string& args) const {
    const fs::path err = dir_ / "stderr.txt";
    const std::string command = "cd '" + dir_.string() + "' && '" + kCli + "' " + args + " 2>'" + err.string() + "'";
    Outcome o;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) o.out.append(buffer, n);
    const int status = pclose(pipe);
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.err = slurp(err);
    return o;
  }

  fs::path dir_;
};

// (built with append: g++ 12 gives a false -Wrestrict on string operator+ here, GCC bug 105329)
std::string quoted_path(const fs::path& p) { return std::string("'").append(p.string()).append("'"); }
const std::string kMmc = quoted_path(kSource / "scenarios/mmc.yaml");
const std::string kSmall = std::string(kMmc).append(" --set stop.completions=20000");

// summary.json without what differs between two runs of one command: the "date" line and
// everything from the timing entries (wall_seconds, events_per_second), which come last.
std::string without_date_and_timing(const std::string& json) {
  std::istringstream in(json.substr(0, json.find("\"wall_seconds\"")));
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.find("\"date\":") == std::string::npos) out += line + "\n";
  }
  return out;
}

TEST_F(Cli, RunWritesSummaryIntoResultsAndNeverOverwrites) {
  const Outcome first = run("run " + kSmall);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("wait_in_queue"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir_ / "results/mmc/summary.json"));
  EXPECT_TRUE(fs::exists(dir_ / "results/mmc/scenario.yaml"));
  const Outcome second = run("run " + kSmall);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(fs::exists(dir_ / "results/mmc-2/summary.json"));
  EXPECT_NE(second.out.find("results/mmc-2/summary.json"), std::string::npos);
}

TEST_F(Cli, ExplicitOutputFolderIsRefusedWhenNotEmptyUnlessForced) {
  ASSERT_EQ(run("run " + kSmall + " -o out").exit_code, 0);
  const Outcome refused = run("run " + kSmall + " -o out");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err,
            "error: out: --output: the folder already holds files; use --force to overwrite them or choose another folder\n");
  EXPECT_EQ(run("run " + kSmall + " -o out --force").exit_code, 0);
}

TEST_F(Cli, SameSeedGivesByteIdenticalSummaryAndAnotherSeedDiffers) {
  ASSERT_EQ(run("run " + kSmall).exit_code, 0);
  ASSERT_EQ(run("run " + kSmall).exit_code, 0);
  ASSERT_EQ(run("run " + kSmall + " -o c --seed 2").exit_code, 0);
  const std::string a = without_date_and_timing(slurp(dir_ / "results/mmc/summary.json"));
  EXPECT_NE(a.find("\"command_line\""), std::string::npos) << a;
  EXPECT_EQ(a, without_date_and_timing(slurp(dir_ / "results/mmc-2/summary.json")));
  const std::string c = without_date_and_timing(slurp(dir_ / "c/summary.json"));
  EXPECT_NE(a, c);
  EXPECT_NE(c.find("\"seed\": 2"), std::string::npos);
  EXPECT_NE(c.find("\"--seed 2\""), std::string::npos);  // the override is recorded
}

TEST_F(Cli, KvFormatPrintsThePeerKeys) {
  const Outcome o = run("run " + kSmall + " --no-files --format kv");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  for (const char* key : {"\nn=20000\n", "\nevents=", "\nwq=", "\nwq_ci95_lo=", "\nwq_ci95_hi=", "\nw=",
                          "\nutilization=", "\nwall_s=", "\nevents_per_s="}) {
    EXPECT_NE(o.out.find(key), std::string::npos) << key;
  }
  EXPECT_FALSE(fs::exists(dir_ / "results"));
}

TEST_F(Cli, SetChangesTheModel) {
  const Outcome o = run("run " + kSmall + " --no-files --format kv --set queue.servers=1 --set queue.interarrival.rate=0.5/h");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  // M/M/1 at rho = 0.5 (Erlang C = Pollaczek–Khinchine): Wq = 1 h is printed as the theory.
  EXPECT_NE(o.out.find("utilization="), std::string::npos);
  const Outcome json = run("run " + kSmall + " --no-files --format json --set queue.servers=1 --set queue.interarrival.rate=0.5/h");
  EXPECT_NE(json.out.find("\"theory\": 1.0,"), std::string::npos) << json.out;  // a double keeps its decimal point
}

// Bad input: exactly one line naming file:line:column and the key path, exit code 2.
TEST_F(Cli, BadInputGivesOneClearLineAndExitCode2) {
  const std::string invalid = (kSource / "tests/scenarios/invalid").string();
  const struct {
    std::string args;
    std::string message;
  } cases[] = {
      {"run missing.yaml", "error: missing.yaml: no such file\n"},
      {"run '" + invalid + "/syntax-error.yaml'", "error: " + invalid + "/syntax-error.yaml:9:1: YAML syntax error: end of sequence flow not found\n"},
      {"run '" + invalid + "/negative-rate.yaml'",
       "error: " + invalid + "/negative-rate.yaml:6:11: queue.interarrival.rate: expected a positive value, found \"-3 /h\"\n"},
      {"run '" + invalid + "/wrong-type-servers.yaml'",
       "error: " + invalid + "/wrong-type-servers.yaml:3:12: queue.servers: expected an integer from 1 to 1000000, found \"four\"\n"},
      {"run " + kMmc + " --set queue.rate=3",
       "error: command line (--set queue.rate=3): queue.rate: unknown key (expected one of: servers, interarrival, service)\n"},
      {"run '" + invalid + "/duplicate-key-in-list-item.yaml'",
       "error: " + invalid + "/duplicate-key-in-list-item.yaml:6:7: workload.tenants[second].name: key given twice in one "
       "mapping, first at " + invalid + "/duplicate-key-in-list-item.yaml:5:7\n"},
      {"run " + kMmc + " --set 'queue={servers: 4, servers: 400}'",
       "error: command line (--set queue={servers: 4, servers: 400}):1:14: queue.servers: key given twice in one mapping, "
       "first at command line (--set queue={servers: 4, servers: 400}):1:2\n"},
  };
  for (const auto& c : cases) {
    const Outcome o = run(c.args);
    EXPECT_EQ(o.exit_code, 2) << c.args;
    EXPECT_EQ(o.err, c.message) << c.args;
    EXPECT_FALSE(fs::exists(dir_ / "results")) << c.args;
  }
}

TEST_F(Cli, UnknownOptionIsExitCode2) {
  EXPECT_EQ(run("run " + kMmc + " --bogus").exit_code, 2);
  EXPECT_EQ(run("").exit_code, 2);
}

TEST_F(Cli, ValidateDescribesTheScenario) {
  const Outcome o = run("validate " + kMmc);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("64 servers"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("offered load per server: 0.9"), std::string::npos) << o.out;
}

}  // namespace

namespace {

TEST_F(Cli, ValidateDescribesACenter) {
  const Outcome o = run("validate " + quoted_path(kSource / "scenarios/west-half-idle.yaml"));
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("accelerators   1000 (40 ascend-910b, 960 l20)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("66 built, 33 populated (racked ratio 50%)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("12.8 kW per rack at peak"), std::string::npos) << o.out;
}

TEST_F(Cli, CatalogListsTheShippedChips) {
  const Outcome o = run("catalog");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  for (const char* id : {"h100-sxm", "ascend-910b", "mlu590", "epyc-9654"}) {
    EXPECT_NE(o.out.find(id), std::string::npos) << id;
  }
}

TEST_F(Cli, RunningACenterWithoutWorkloadIsAClearError) {
  const std::string file = (kSource / "scenarios/west-half-idle.yaml").string();
  const Outcome o = run("run " + quoted_path(file));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "error: " + file +
                       ": this scenario describes centers but no workload yet: nothing to run (use `dcsim validate` to "
                       "check and describe it)\n");
  EXPECT_FALSE(fs::exists(dir_ / "results"));
}

}  // namespace

namespace {

const std::string kFgd = quoted_path(kSource / "scenarios/openb-fgd.yaml");

// Packing runs give the same numbers on every run; replications run in parallel threads,
// which must not change them.
TEST_F(Cli, PackingStudyIsDeterministicAndConservesPods) {
  const std::string args = "run " + kFgd + " --no-files --format kv --set packing.replications=3";
  const Outcome a = run(args);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto value = [](const std::string& kv, const std::string& key) {
    const auto at = kv.find("\n" + key + "=");
    return at == std::string::npos ? std::string() : kv.substr(at + key.size() + 2, kv.find('\n', at + 1) - at - key.size() - 2);
  };
  const std::string b = run(args).out;
  for (const char* key : {"unallocated_gpu_at_100pct_arrived", "fragmentation_at_130pct_arrived", "pods_placed"}) {
    EXPECT_FALSE(value(a.out, key).empty()) << key;
    EXPECT_EQ(value(a.out, key), value(b, key)) << key;
  }
  const auto count = [&](const char* key) { return std::stoull(value(a.out, key)); };
  EXPECT_EQ(count("replications"), 3u);
  EXPECT_EQ(count("pods_arrived"), count("pods_placed") + count("pods_failed_no_room") + count("pods_failed_no_allowed_gpu") +
                                       count("pods_failed_no_precision") + count("pods_failed_larger_than_any_node") +
                                       count("pods_failed_not_enough_memory") + count("pods_failed_rack_power"));
}

TEST_F(Cli, CompareShowsPoliciesSideBySide) {
  const Outcome o = run("compare " + kFgd + " --policies fgd,random --set packing.replications=2");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const std::string header = o.out.substr(o.out.find("\nmetric"), o.out.find('\n', o.out.find("\nmetric") + 1) - o.out.find("\nmetric"));
  EXPECT_LT(header.find("fgd"), header.find("random"));
  EXPECT_NE(o.out.find("unallocated_gpu_at_100pct_arrived (%)"), std::string::npos);
  const Outcome bad = run("compare " + kFgd + " --policies fgd,nope");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown placement policy \"nope\"; expected one of: best-fit,"), std::string::npos) << bad.err;
  const Outcome not_packing = run("compare " + kMmc);
  EXPECT_EQ(not_packing.exit_code, 2);
}

TEST_F(Cli, PoliciesListsEveryPlacementWithItsParameters) {
  const Outcome o = run("policies");
  ASSERT_EQ(o.exit_code, 0);
  for (const char* name : {"first-fit", "best-fit", "fgd", "coverage: default 0.95"}) EXPECT_NE(o.out.find(name), std::string::npos) << name;
}

}  // namespace

namespace {

// Timed mode: every arrived pod is placed, pending, or rejected — counted once.
TEST_F(Cli, TimedPackingConservesPods) {
  const Outcome o = run("run " + quoted_path(kSource / "scenarios/openb-timed.yaml") + " --no-files --format kv --set packing.arrival_speedup=300");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto count = [&](const std::string& key) {
    const auto at = o.out.find("\n" + key + "=");
    EXPECT_NE(at, std::string::npos) << key;
    return std::stoull(o.out.substr(at + key.size() + 2));
  };
  EXPECT_EQ(count("pods_arrived"), 8152u);
  EXPECT_EQ(count("pods_arrived"), count("pods_finished") + count("pods_running_at_end") + count("pods_pending_at_end") +
                                       count("pods_rejected_no_allowed_gpu") + count("pods_rejected_no_precision") +
                                       count("pods_rejected_larger_than_any_node") + count("pods_rejected_not_enough_memory") +
                                       count("pods_rejected_rack_power"));
  EXPECT_EQ(count("pods_placed_at_once") + count("pods_placed_after_waiting"), count("pods_finished") + count("pods_running_at_end"));
}

// A run with a power section writes racks.csv (one row per rack and replication) and
// power_hourly.csv (one row per center, hour and replication); the same seed, the same bytes.
TEST_F(Cli, PowerTablesAreWrittenBesideTheSummary) {
  const std::string args = "run " + quoted_path(kSource / "scenarios/oversubscribed-year.yaml") +
                           " --set 'stop.time=3 d' --set 'warmup=1 d' --set replications=2";
  ASSERT_EQ(run(args + " -o a").exit_code, 0);
  ASSERT_EQ(run(args + " -o b").exit_code, 0);
  const std::string racks = slurp(dir_ / "a/racks.csv");
  EXPECT_EQ(racks.substr(0, racks.find('\n')),
            "replication,center,rack_type,rack,budget_kw,energy_mwh,peak_kw,mean_kw,capped_pct,capping_lost_accelerator_h");
  EXPECT_EQ(std::count(racks.begin(), racks.end(), '\n'), 1 + 2 * 16);  // header, 16 racks x 2 replications
  EXPECT_NE(racks.find("\n1,dense-air,air-15kw-oversubscribed,15,15,"), std::string::npos) << racks;
  const std::string hourly = slurp(dir_ / "a/power_hourly.csv");
  EXPECT_EQ(std::count(hourly.begin(), hourly.end(), '\n'), 1 + 2 * 48);  // 2 measured days of hours x 2 replications
  EXPECT_EQ(racks, slurp(dir_ / "b/racks.csv"));
  EXPECT_EQ(hourly, slurp(dir_ / "b/power_hourly.csv"));
  EXPECT_FALSE(fs::exists(dir_ / "results"));
}

}  // namespace

namespace {

// "Trustworthy runs": what a run records about itself, and results that are never lost.

TEST_F(Cli, VersionPrintsTheVersionAndTheCommit) {
  const std::string expected = "dcsim " + std::string(dcsim::version()) + " (" + std::string(dcsim::commit()) + ")\n";
  const Outcome flag = run("--version");
  EXPECT_EQ(flag.exit_code, 0);
  EXPECT_EQ(flag.out, expected);
  const Outcome command = run("version");
  EXPECT_EQ(command.exit_code, 0);
  EXPECT_EQ(command.out, expected);
}

TEST_F(Cli, NoCommandListsTheCommandsAndIsExitCode2) {
  const Outcome o = run("");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err,
            "usage: dcsim <command> [options]   (dcsim <command> --help: its options; dcsim --version)\n"
            "commands:\n"
            "  run        Run a scenario and write summary.json into an output folder\n"
            "  validate   Check a scenario file and describe it\n"
            "  catalog    List the chips of the catalogue\n"
            "  compare    Run a scenario once per placement policy and print them side by side\n"
            "  policies   List the placement policies and their parameters\n"
            "  version    Print the version and the commit it was built from\n");
}

// The same rule and words as `seed: -4` in a scenario (tests/scenarios/invalid/negative-seed.yaml).
TEST_F(Cli, NegativeSeedOnTheCommandLineIsRefusedLikeInAScenario) {
  for (const std::string command : {"run", "compare"}) {
    const Outcome o = run(command + " " + kSmall + " --seed -1");
    EXPECT_EQ(o.exit_code, 2) << command;
    EXPECT_EQ(o.err, "error: command line (--seed -1): seed: expected a non-negative integer (at most 18446744073709551615), "
                     "found \"-1\"\n") << command;
  }
  const Outcome too_big = run("run " + kSmall + " --seed 18446744073709551616");
  EXPECT_EQ(too_big.exit_code, 2);
  EXPECT_EQ(too_big.err, "error: command line (--seed 18446744073709551616): seed: expected a non-negative integer (at most "
                         "18446744073709551615), found \"18446744073709551616\"\n");
  EXPECT_FALSE(fs::exists(dir_ / "results"));
  const Outcome largest = run("run " + kSmall + " --seed 18446744073709551615 --no-files --format kv");
  EXPECT_EQ(largest.exit_code, 0) << largest.err;
  EXPECT_NE(largest.out.find("\nseed=18446744073709551615\n"), std::string::npos) << largest.out;
}

TEST_F(Cli, SummaryRecordsVersionCommitDateAndCommandLine) {
  ASSERT_EQ(run("run " + kSmall + " --seed 5").exit_code, 0);
  const auto j = nlohmann::json::parse(slurp(dir_ / "results/mmc/summary.json"));
  EXPECT_EQ(j["dcsim_version"], dcsim::version());
  EXPECT_EQ(j["commit"], dcsim::commit());
  EXPECT_TRUE(std::regex_match(j["date"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << j["date"];
  EXPECT_EQ(j["command_line"], nlohmann::json::array({kCli, "run", (kSource / "scenarios/mmc.yaml").string(), "--set",
                                                      "stop.completions=20000", "--seed", "5"}));
  EXPECT_EQ(j["seed"], 5);
  // The two timing entries stay last.
  const std::string text = slurp(dir_ / "results/mmc/summary.json");
  EXPECT_LT(text.find("\"events\""), text.find("\"wall_seconds\""));
  EXPECT_LT(text.find("\"wall_seconds\""), text.find("\"events_per_second\""));
  EXPECT_EQ(text.find("\"mean\"", text.find("\"events_per_second\"") + 1), text.rfind("\"mean\""));
}

TEST_F(Cli, InvalidUtf8InTheScenarioPathStillGivesValidJson) {
  const std::string name = "m\xff" "c.yaml";
  fs::copy_file(kSource / "scenarios/mmc.yaml", dir_ / name);
  const Outcome o = run("run '" + name + "' --set stop.completions=20000 --set 'report.time_unit=h # \xfe'");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto j = nlohmann::json::parse(slurp(dir_ / "results/mmc/summary.json"));  // throws on invalid UTF-8
  EXPECT_EQ(j["file"], "m\xef\xbf\xbd" "c.yaml");
  EXPECT_EQ(j["command_line"][2], "m\xef\xbf\xbd" "c.yaml");
  EXPECT_EQ(j["overrides"][1], "report.time_unit=h # \xef\xbf\xbd");
}

// Four runs started at once in one folder: each claims its own results/mmc*, none is lost.
TEST_F(Cli, ConcurrentRunsWriteDistinctFolders) {
  std::vector<std::thread> runs;
  std::vector<int> codes(4, -1);
  for (int i = 0; i < 4; ++i) {
    runs.emplace_back([&, i] {
      const std::string command = "cd '" + dir_.string() + "' && '" + kCli + "' run " + kSmall + " --seed " +
                                  std::to_string(i + 1) + " --format kv >/dev/null 2>&1";
      codes[static_cast<std::size_t>(i)] = std::system(command.c_str());
    });
  }
  for (auto& t : runs) t.join();
  for (int code : codes) EXPECT_EQ(code, 0);
  std::set<std::string> folders;
  std::set<std::uint64_t> seeds;
  for (const auto& entry : fs::directory_iterator(dir_ / "results")) {
    folders.insert(entry.path().filename().string());
    const auto j = nlohmann::json::parse(slurp(entry.path() / "summary.json"));
    seeds.insert(j["seed"].get<std::uint64_t>());
    EXPECT_TRUE(fs::exists(entry.path() / "scenario.yaml"));
    for (const auto& file : fs::directory_iterator(entry.path())) {
      EXPECT_FALSE(file.path().filename().string().starts_with(".")) << file.path();  // no temporary left behind
    }
  }
  EXPECT_EQ(folders, (std::set<std::string>{"mmc", "mmc-2", "mmc-3", "mmc-4"}));
  EXPECT_EQ(seeds, (std::set<std::uint64_t>{1, 2, 3, 4}));
}

// Refused before the simulation runs: nothing is printed, no folder is left.
TEST_F(Cli, UnusableOutputFolderIsRefusedBeforeRunning) {
  std::ofstream(dir_ / "blocker") << "a file, not a folder\n";
  const Outcome o = run("run " + kSmall + " -o blocker/out");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "error: blocker/out: --output: cannot create the folder: Not a directory\n");
  EXPECT_EQ(o.out, "");
  const Outcome nested = run("run " + kSmall + " -o new/deeper/out");
  EXPECT_EQ(nested.exit_code, 0) << nested.err;  // missing parents are created
  EXPECT_TRUE(fs::exists(dir_ / "new/deeper/out/summary.json"));
}

// A result that cannot be written fails the run (exit 1) and is never announced as written.
TEST_F(Cli, WriteFailureIsExitCode1AndNothingIsAnnounced) {
  fs::create_directories(dir_ / "out/summary.json/occupied");
  const Outcome o = run("run " + kSmall + " -o out --force");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_EQ(o.err, "error: cannot write out/summary.json: Is a directory\n");
  EXPECT_EQ(o.out.find("wrote"), std::string::npos) << o.out;
  for (const auto& file : fs::directory_iterator(dir_ / "out")) {
    EXPECT_FALSE(file.path().filename().string().starts_with(".")) << file.path();  // the temporary is removed
  }
}

// A run that fails after its folder was claimed leaves no empty folder behind.
TEST_F(Cli, FailedRunRemovesTheFolderItClaimed) {
  const Outcome o = run("run " + quoted_path(kSource / "scenarios/west-half-idle.yaml") + " -o made/for/it");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "made"));
}


// ------------------------------------------------------------------ hostile input

// A placement given to compare is blamed on --policies, as typed, not on the override that
// carries it; nothing runs before every policy is known.
TEST_F(Cli, CompareBlamesAnUnknownPolicyOnThePoliciesArgument) {
  const Outcome o = run("compare " + kFgd + " --policies banana");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "error: command line (--policies banana): scheduler.placement: unknown placement policy \"banana\"; expected one "
                   "of: best-fit, dot-product, fgd, first-fit, gpu-clustering, gpu-packing, heterogeneity-aware, power-aware, "
                   "random, topology-aware, worst-fit\n");
  EXPECT_EQ(o.out, "");
}

// validate opens the traces as run would: a device given as the pod list is never read, the
// program itself (allowed) is refused with the reader's located message, a binary header
// escaped and cut.
TEST_F(Cli, ValidateOpensTheTraces) {
  const Outcome device = run("validate " + kFgd + " --set packing.pods=/dev/zero --allow-path /");
  EXPECT_EQ(device.exit_code, 2);
  EXPECT_EQ(device.err, "error: command line (--set packing.pods=/dev/zero): packing.pods: expected a file outside /proc, /sys and /dev "
                        "(never read, not even with --allow-path), found \"/dev/zero\"\n");
  const Outcome binary = run("validate " + kFgd + " --set packing.pods=" + quoted_path(kCli) + " --allow-path " +
                             quoted_path(fs::path(kCli).parent_path()));
  EXPECT_EQ(binary.exit_code, 2);
  EXPECT_EQ(binary.err.rfind("error: " + kCli + ":1:0: name: expected a column named \"name\" in the header line, found: \"\\x7fELF", 0), 0u)
      << binary.err;
  EXPECT_LT(binary.err.size(), 500u) << binary.err;
  EXPECT_EQ(binary.err.find('\x7f'), std::string::npos);
}

// Including a file that is not a scenario quotes at most the start of it.
TEST_F(Cli, IncludeOfATextFileQuotesOnlyItsStart) {
  std::ofstream(dir_ / "notes.txt") << std::string(500, 'n') << "\n";
  std::ofstream(dir_ / "s.yaml") << "include: notes.txt\n";
  const Outcome o = run("validate s.yaml");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "error: notes.txt:1:1: expected a mapping of scenario keys at the top level, found \"" + std::string(60, 'n') + "...\"\n");
}

// An override that replaces a list is where its items' problems are, not the file.
TEST_F(Cli, ProblemsInsideAnOverriddenListAreOnTheCommandLine) {
  const std::string center = quoted_path(kSource / "scenarios/three-tenants-west.yaml");
  const Outcome o = run("validate " + center + " --set 'workload.tenants=[{name: t, arrivals: {process: poisson, rate: 1 /h}, "
                                              "accelerators: 1, duration: {distribution: exponential, mean: 0 s}}]'");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "error: command line (--set workload.tenants=[{name: t, arrivals: {process: poisson, rate: 1 /h}, acceler...): "
                   "workload.tenants[t].duration.mean: expected a positive value, found \"0 s\"\n");
}

// ------------------------------------------------------------------ interrupts, copies, paths

// Ctrl-C (SIGINT) or SIGTERM during a run: it stops at the engine's next check, says so, exits
// 128 + the signal and leaves no output folder (the claimed one is removed). A run of 2e9
// completions would take over a minute; the signal comes after half a second.
TEST_F(Cli, AnInterruptedRunSaysSoAndLeavesNothing) {
  const auto interrupted = [&](const std::string& args, const char* signal_name) {
    const fs::path err = dir_ / "stderr.txt";
    const std::string command = "cd '" + dir_.string() + "' && { '" + kCli + "' " + args + " >/dev/null 2>'" + err.string() +
                                "' & pid=$!; sleep 0.5; kill -" + signal_name + " $pid; wait $pid; echo $?; }";
    Outcome o;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[256];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) o.out.append(buffer, n);
    pclose(pipe);
    o.err = slurp(err);
    return o;
  };
  const auto started = std::chrono::steady_clock::now();
  const Outcome ctrl_c = interrupted("run " + kMmc + " --set stop.completions=2000000000", "INT");
  EXPECT_EQ(ctrl_c.out, "130\n");
  EXPECT_EQ(ctrl_c.err, "interrupted (SIGINT): the run stopped before its end; nothing was written\n");
  EXPECT_FALSE(fs::exists(dir_ / "results"));
  // Replications on threads pass the stop back; -o names a folder that was created for the run.
  const Outcome term = interrupted("run " + quoted_path(kSource / "scenarios/west-year.yaml") + " --set 'stop={time: 300 y}' -o out/run", "TERM");
  EXPECT_EQ(term.out, "143\n");
  EXPECT_EQ(term.err, "interrupted (SIGTERM): the run stopped before its end; nothing was written\n");
  EXPECT_FALSE(fs::exists(dir_ / "out"));
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), 10.0);
}

// The scenario.yaml beside the summary is the resolved scenario: run again, as its header says,
// it gives the same summary (apart from the file, the command and the timing).
TEST_F(Cli, TheScenarioCopyRunsAgainToTheSameSummary) {
  const std::string tiresias = quoted_path(kSource / "scenarios/tiresias-replay.yaml");
  ASSERT_EQ(run("run " + tiresias + " --seed 3 --set report.time_unit=min").exit_code, 0);
  const std::string copy = slurp(dir_ / "results/tiresias-replay/scenario.yaml");
  const std::string again_prefix = "# Run it again: ";
  const auto at = copy.find(again_prefix);
  ASSERT_NE(at, std::string::npos) << copy;
  const std::string again = copy.substr(at + again_prefix.size(), copy.find('\n', at) - at - again_prefix.size());
  EXPECT_EQ(again, "dcsim run results/tiresias-replay/scenario.yaml --allow-path " + fs::canonical(kSource / "scenarios").string());
  EXPECT_NE(copy.find("file: " + (kSource / "scenarios/traces/tiresias-sim/60_job.csv").lexically_normal().string()), std::string::npos);
  // Without the folder allowed, the absolute trace path leaves the copy's folder.
  const Outcome refused = run("run results/tiresias-replay/scenario.yaml --no-files");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("workload.tenants[tiresias].trace.file: expected a file inside the scenario's folder"), std::string::npos);
  ASSERT_EQ(run(again.substr(std::string("dcsim ").size()) + " -o again").exit_code, 0);
  auto first = nlohmann::json::parse(slurp(dir_ / "results/tiresias-replay/summary.json"));
  auto second = nlohmann::json::parse(slurp(dir_ / "again/summary.json"));
  EXPECT_EQ(second["file"], "results/tiresias-replay/scenario.yaml");
  for (auto* j : {&first, &second}) {
    for (const char* key : {"file", "date", "command_line", "overrides"}) j->erase(key);
    for (const char* key : {"wall_seconds", "events_per_second"}) (*j)["metrics"].erase(key);
  }
  EXPECT_EQ(first, second);
  EXPECT_EQ(first["seed"], 3);
  EXPECT_EQ(first["metrics"]["wait"]["unit"], "min");
}

// The files a run writes never replace one it reads: -o of the scenario's own folder with
// --force, or a results/<name>/scenario.yaml run again with --force into results/<name>/.
TEST_F(Cli, AnOutputFolderNeverReplacesAnInput) {
  fs::create_directories(dir_ / "exp");
  fs::copy_file(kSource / "scenarios/mmc.yaml", dir_ / "exp/scenario.yaml");
  const Outcome own = run("run exp/scenario.yaml --set stop.completions=1000 -o exp --force");
  EXPECT_EQ(own.exit_code, 2);
  EXPECT_EQ(own.err, "error: exp: --output: writing scenario.yaml there would replace exp/scenario.yaml, which this run reads; choose "
                     "another folder with -o\n");
  ASSERT_EQ(run("run " + kSmall).exit_code, 0);
  const Outcome again = run("run results/mmc/scenario.yaml --force");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.err, "error: results/mmc: --force: writing scenario.yaml there would replace results/mmc/scenario.yaml, which this run "
                       "reads; choose another folder with -o\n");
  EXPECT_EQ(run("run results/mmc/scenario.yaml").exit_code, 0);  // into results/mmc-2/
  EXPECT_TRUE(fs::exists(dir_ / "results/mmc-2/summary.json"));
}

// --allow-path names a folder; a path that leaves the scenario's folder is refused, located,
// and allowed by it.
TEST_F(Cli, AllowPathOpensAFolderAndMustBeOne) {
  const Outcome missing = run("validate " + kMmc + " --allow-path no-such-folder");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "error: command line (--allow-path no-such-folder): expected a folder, found nothing there\n");
  fs::create_directories(dir_ / "mine");
  std::ofstream(dir_ / "mine/s.yaml") << "include: " << (kSource / "scenarios/mmc.yaml").string() << "\nseed: 5\n";
  const Outcome refused = run("validate mine/s.yaml");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err, "error: mine/s.yaml:1:10: include: expected a file inside the scenario's folder \"" +
                             fs::canonical(dir_ / "mine").string() + "\" (or a folder given with --allow-path), found \"" +
                             (kSource / "scenarios/mmc.yaml").string() + "\"\n");
  const Outcome allowed = run("validate mine/s.yaml --allow-path " + quoted_path(kSource / "scenarios"));
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_EQ(allowed.out.rfind("mine/s.yaml: valid scenario \"mmc\" (seed 5)\n", 0), 0u) << allowed.out;
}

}  // namespace

// The dcsim program as a user runs it: exit codes, one-line errors, output folders, and
// byte-identical summaries for the same seed.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

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
  ASSERT_EQ(run("run " + kSmall + " -o a").exit_code, 0);
  ASSERT_EQ(run("run " + kSmall + " -o b").exit_code, 0);
  ASSERT_EQ(run("run " + kSmall + " -o c --seed 2").exit_code, 0);
  const std::string a = without_date_and_timing(slurp(dir_ / "a/summary.json"));
  EXPECT_EQ(a, without_date_and_timing(slurp(dir_ / "b/summary.json")));
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

}  // namespace

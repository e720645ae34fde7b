// One center, every kind of job: demand meets the chips (speed, precision, stack, rack
// density), jobs are conserved per kind and tenant, replications do not depend on threads.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "dcsim/base/diagnostic.hpp"
#include "dcsim/cluster/center_model.hpp"
#include "dcsim/experiment/parallel_runs.hpp"
#include "dcsim/scenario/run.hpp"
#include "dcsim/scenario/scenario.hpp"
#include "../test_support.hpp"

namespace dcsim {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = DCSIM_SOURCE_DIR;
const std::string kCenters = (kSource / "tests/scenarios/centers").string();

using testing::count;
double metric(const Summary& s, std::string_view name) {
  const Metric* m = s.find(name);
  if (m == nullptr) {
    ADD_FAILURE() << "no metric " << name;
    return std::nan("");
  }
  return m->value;
}
Summary run(const std::string& file, const std::vector<std::string>& sets = {}) {
  std::vector<Override> overrides;
  for (const auto& s : sets) overrides.push_back(parse_override(s));
  return run_scenario(load_scenario(file, overrides, {kSource.string()}));  // the test centers include ../../../scenarios/catalog
}
bool has_note(const Summary& s, std::string_view text) {
  for (const auto& n : s.notes) {
    if (n.find(text) != std::string::npos) return true;
  }
  return false;
}

// Empty servers switched off (power.switch_off: after 1 h, boot 5 min) on the two-chip rack:
// each server is off from 1 h until its job lands at day 5, boots 300 s, runs (10 h on the
// H800, 10 h x 989/320 on the 910B), and is off again 1 h after its job's end until day 7.
// A job holds its server from its placement, so its allocated time counts the boot.
TEST(CenterRun, EmptyServersSwitchOffAndBootForTheirJobs) {
  const double day = 86400.0, week = 7 * day, boot = 300;
  const double run_h800 = 36000, run_910b = 36000.0 * 989 / 320;
  const Summary on = run(kCenters + "/two-chips.yaml", {"power={}"});
  const Summary off = run(kCenters + "/two-chips.yaml", {"power={switch_off: {after: 1 h, boot: 5 min}}"});
  EXPECT_EQ(on.find("servers_off_time"), nullptr);
  for (const auto& [name, value] : on.counts) EXPECT_NE(name, "server_boots");
  EXPECT_EQ(count(off, "server_boots"), 2u);
  const double off_s = 2 * (5 * day - 3600) + (2 * day - boot - run_h800 - 3600) + (2 * day - boot - run_910b - 3600);
  EXPECT_NEAR(metric(off, "servers_off_time"), 100 * off_s / (2 * week), 1e-9);
  EXPECT_LT(metric(off, "energy_it"), metric(on, "energy_it"));
  EXPECT_NEAR(metric(off, "on-h800.allocated"), 8 * (run_h800 + boot) / (16 * week), 1e-12);
  EXPECT_NEAR(metric(off, "on-910b.allocated"), 8 * (run_910b + boot) / (16 * week), 1e-9);
  EXPECT_EQ(count(off, "completions"), 2u);
}

// The same job (10 h of work on the reference H100 at bf16, 8 accelerators) on an H800 (bf16
// 989 TFLOPS, as fast as the H100) and on an Ascend 910B (320 TFLOPS): 10 h and 10 x 989/320 =
// 30.906 h. Each tenant's allocated share = 8 x run time / (16 accelerators x 7 days).
TEST(CenterRun, TheSameJobOnTwoChipsRunsInTheRatioOfTheirSpeeds) {
  const Summary s = run(kCenters + "/two-chips.yaml");
  const double week = 7 * 86400.0;
  EXPECT_EQ(count(s, "completions"), 2u);
  EXPECT_NEAR(metric(s, "on-h800.allocated"), 8 * 36000.0 / (16 * week), 1e-12);
  EXPECT_NEAR(metric(s, "on-910b.allocated"), 8 * 36000.0 * 989 / 320 / (16 * week), 1e-9);
  EXPECT_NEAR(metric(s, "on-910b.allocated") / metric(s, "on-h800.allocated"), 989.0 / 320.0, 1e-9);
  // with a fixed duration instead of work, the chip does not matter
  const Summary fixed = run(kCenters + "/two-chips.yaml",
                            {"workload={tenants: [{name: a, chips: [h800-sxm], arrivals: {process: renewal, gap: "
                             "{distribution: deterministic, value: 5 d}}, accelerators: 8, duration: {distribution: deterministic, value: 10 h}}, "
                             "{name: b, chips: [ascend-910b], arrivals: {process: renewal, gap: {distribution: deterministic, value: 5 d}}, "
                             "accelerators: 8, duration: {distribution: deterministic, value: 10 h}}]}"});
  EXPECT_EQ(metric(fixed, "a.allocated"), metric(fixed, "b.allocated"));
}

// An FP8 job never runs on the 910B (no FP8): two arriving together (one from each of two
// tenants, every 5 days) share the one H800 in turn, so one of each pair waits the other's
// 10 h: mean wait 5 h. On an NPU-only center every one is rejected, and the summary says why.
TEST(CenterRun, AnFp8JobNeverRunsOnAChipWithoutFp8) {
  const std::string job =
      "precision: fp8, arrivals: {process: renewal, gap: {distribution: deterministic, value: 5 d}}, accelerators: 8, "
      "duration: {distribution: deterministic, value: 10 h}";
  const Summary mixed = run(kCenters + "/two-chips.yaml",
                            {"workload={tenants: [{name: a, " + job + "}, {name: b, " + job + "}]}", "stop={time: 30 d}", "report={batches: 2}"});
  EXPECT_EQ(count(mixed, "completions"), 10u);
  EXPECT_EQ(metric(mixed, "chip.ascend-910b.allocated"), 0.0);
  EXPECT_GT(metric(mixed, "chip.h800-sxm.allocated"), 0.0);
  EXPECT_NEAR(metric(mixed, "wait"), 5.0, 1e-9);  // hours
  EXPECT_NEAR(metric(mixed, "b.wait"), 10.0, 1e-9);

  const Summary npu = run(kCenters + "/npu-center.yaml",
                          {"workload={tenants: [{name: infer, precision: fp8, arrivals: {process: poisson, rate: 2 /h}, accelerators: 8, "
                           "duration: {distribution: exponential, mean: 1 h}}]}"});
  EXPECT_GT(count(npu, "arrivals"), 0u);
  EXPECT_EQ(count(npu, "rejected"), count(npu, "arrivals"));
  EXPECT_EQ(count(npu, "completions"), 0u);
  EXPECT_TRUE(has_note(npu, "ascend-910b has no fp8 throughput")) << (npu.notes.empty() ? "" : npu.notes.front());
}

// CUDA-only code: rejected on the NPU center; on the mixed one it lands only on the H800.
TEST(CenterRun, CudaOnlyDemandLandsOnlyOnCudaChips) {
  const std::string cuda =
      "workload={tenants: [{name: cuda, stack: cuda, arrivals: {process: poisson, rate: 1 /d}, accelerators: 8, "
      "duration: {distribution: exponential, mean: 10 h}}]}";
  const Summary npu = run(kCenters + "/npu-center.yaml", {cuda});
  EXPECT_EQ(count(npu, "rejected"), count(npu, "arrivals"));
  EXPECT_TRUE(has_note(npu, "ascend-910b does not run the cuda stack"));
  const Summary mixed = run(kCenters + "/two-chips.yaml", {cuda, "stop={time: 60 d}"});
  EXPECT_EQ(count(mixed, "rejected"), 0u);
  EXPECT_GT(metric(mixed, "chip.h800-sxm.allocated"), 0.0);
  EXPECT_EQ(metric(mixed, "chip.ascend-910b.allocated"), 0.0);
}

// The founding report's western center has 15 kW racks only: a trainer that needs 40 kW racks
// finds none, whatever chips it would accept.
TEST(CenterRun, ATrainerNeedingDenseRacksFindsNoneInA15kWCenter) {
  const std::string trainer =
      "workload={tenants: [{name: big, min_rack_power: 40 kW, arrivals: {process: poisson, rate: 1 /d}, accelerators: 64, "
      "work: {distribution: exponential, mean: 24 h}}]}";
  const Summary west = run((kSource / "scenarios/west-half-idle.yaml").string(), {trainer, "stop={time: 60 d}"});
  EXPECT_GT(count(west, "arrivals"), 0u);
  EXPECT_EQ(count(west, "rejected"), count(west, "arrivals"));
  EXPECT_TRUE(has_note(west, "no rack of at least 40 kW holds a chip it can use"));
}

// A gang that passes every count at arrival but can never run together (5 servers of a rack
// whose budget lets 34 of its 48 GPUs run): it used to block strict FIFO forever, so a run to
// 2,000 completions never ended. Each is now rejected when the center is empty, and the run
// ends with the small jobs' completions.
TEST(CenterRun, AGangNoRackBudgetCanHoldIsRejectedOnTheEmptyCenter) {
  const Summary s = run(kCenters + "/gang-beyond-rack-power.yaml");
  EXPECT_EQ(count(s, "completions"), 2000u);
  EXPECT_GT(count(s, "big.arrivals"), 0u);
  EXPECT_EQ(count(s, "big.completions"), 0u);
  // every big job that arrived is rejected, or still waits for the center to empty
  EXPECT_EQ(count(s, "big.rejected") + count(s, "big.queued_at_stop"), count(s, "big.arrivals"));
  EXPECT_GT(count(s, "big.rejected"), 0u);
  EXPECT_EQ(count(s, "small.completions"), 2000u);
  EXPECT_TRUE(has_note(s, "did not fit even the empty center"));
}

// Every kind of job at once (gangs, jobs on one node, GPU-sharing pods, CPU-only jobs, an
// inference service): each
// arrived job ends in exactly one outcome, per tenant and per kind; CPU jobs hold no
// accelerator; GPU-sharing pods busy 60% of what they hold make busy < allocated.
TEST(CenterRun, EveryKindOfJobIsConservedPerKindAndTenant) {
  const Summary s = run(kCenters + "/all-kinds.yaml");
  for (const std::string prefix : {"trainers.", "finetune.", "pods.", "batch.", "gang_jobs.", "node_jobs.", "gpu_share_jobs.", "cpu_jobs."}) {
    const std::uint64_t arrivals = count(s, prefix + "arrivals");
    EXPECT_GT(arrivals, 0u) << prefix;
    EXPECT_EQ(arrivals, count(s, prefix + "completions") + count(s, prefix + "rejected") + count(s, prefix + "withdrawn") +
                            count(s, prefix + "queued_at_stop") + count(s, prefix + "running_at_stop"))
        << prefix;
  }
  EXPECT_EQ(count(s, "trainers.arrivals"), count(s, "gang_jobs.arrivals"));  // 32 accelerators: a gang of four H800 servers
  EXPECT_EQ(count(s, "pods.arrivals"), count(s, "gpu_share_jobs.arrivals"));
  EXPECT_EQ(count(s, "batch.arrivals"), count(s, "cpu_jobs.arrivals"));
  EXPECT_EQ(metric(s, "batch.allocated"), 0.0);
  EXPECT_GT(metric(s, "cpu_allocated"), 0.0);
  EXPECT_NEAR(metric(s, "pods.busy"), 0.6 * metric(s, "pods.allocated"), 1e-12);
  EXPECT_LT(metric(s, "busy"), metric(s, "allocated"));
  // the service's replicas: every one started is stopped or still held; at night they idle
  EXPECT_GE(count(s, "chat.replicas_started"), count(s, "chat.replicas_stopped"));
  EXPECT_GT(count(s, "chat.replicas_stopped"), 0u);
  EXPECT_LT(metric(s, "chat.busy"), metric(s, "chat.allocated"));
  EXPECT_GT(metric(s, "chat.served"), 90.0);
  // only pods run on the L20s: their share of the fleet (168 accelerators) over the L20s' (64)
  EXPECT_NEAR(metric(s, "chip.l20.allocated"), metric(s, "pods.allocated") * 168 / 64, 1e-12);
}

// Replications: run r has seed seed + r, whatever thread runs it; the combined metric is the
// mean of the single runs, with a Student-t interval around it.
TEST(CenterRun, ReplicationsAreTheSingleRunsOfConsecutiveSeeds) {
  const std::string file = kCenters + "/npu-center.yaml";
  const Summary three = run(file, {"replications=3"});
  double x[3], sum = 0;
  for (int seed = 1; seed <= 3; ++seed) sum += x[seed - 1] = metric(run(file, {"seed=" + std::to_string(seed)}), "allocated");
  const double mean = sum / 3;
  EXPECT_DOUBLE_EQ(metric(three, "allocated"), mean);
  // the interval by hand: t(0.975, 2) = 4.302653 times the sample sd (over n - 1 = 2) / sqrt(3)
  double ss = 0;
  for (const double v : x) ss += (v - mean) * (v - mean);
  const double half = 4.302653 * std::sqrt(ss / 2) / std::sqrt(3.0);
  ASSERT_GT(half, 0.0);
  ASSERT_TRUE(three.find("allocated")->ci95_lo.has_value());
  EXPECT_NEAR(*three.find("allocated")->ci95_lo, mean - half, 1e-9 * half);
  EXPECT_NEAR(*three.find("allocated")->ci95_hi, mean + half, 1e-9 * half);
  EXPECT_EQ(count(three, "replications"), 3u);
}

TEST(CenterRun, ReplicationResultsDoNotDependOnTheThreadCount) {
  cluster::CenterConfig config{.nodes = 16, .accelerators_per_node = 8,
                                    .tenants = {{.arrivals = PoissonArrivals(6.0 / 3600),
                                                 .demand = DiscreteWeighted({1, 8, 32}, {0.5, 0.4, 0.1}),
                                                 .duration = Exponential(3600.0)}},
                                    .completions = 2000};
  const auto replicate = [&](unsigned threads) {
    return experiment::parallel_runs(6, threads, [&](std::size_t i) {
      cluster::CenterConfig c = config;
      c.seed = 10 + i;
      return cluster::simulate(c);
    });
  };
  const auto one = replicate(1), two = replicate(2);
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].wait.mean, two[i].wait.mean);
    EXPECT_EQ(one[i].allocated_accelerator_seconds, two[i].allocated_accelerator_seconds);
    EXPECT_EQ(one[i].events, two[i].events);
  }
  EXPECT_NE(one[0].wait.mean, one[1].wait.mean);  // the seeds differ
}

// A failing run's exception reaches the caller instead of terminating the process.
TEST(CenterRun, AnExceptionInARunReachesTheCaller) {
  EXPECT_THROW((void)experiment::parallel_runs(4, 2, [](std::size_t i) -> int {
                 if (i == 2) throw std::runtime_error("run 2 failed");
                 return 0;
               }),
               std::runtime_error);
}

// The default first fit keeps rack budgets: two 8-GPU nodes share a rack whose budget leaves
// room for 12 busy GPUs, so only one 8-GPU job runs at a time and the center is half used
// (it used to fill both nodes).
TEST(CenterRun, DefaultFirstFitKeepsRackBudgets) {
  policy::NodeTable table(std::vector<policy::NodeShape>(2, policy::NodeShape{"n", 0, 0, 8, "gpu", 0, 0, 0, 100.0, 0.0}));
  table.set_rack_power({policy::RackPower{1200.0, 0.0}});  // 12 busy GPUs of 100 W
  cluster::CenterConfig config{.nodes = 2, .accelerators_per_node = 8,
                                    .tenants = {{.arrivals = RenewalArrivals(Deterministic(1.0)),
                                                 .demand = Deterministic(8),
                                                 .duration = Deterministic(3600.0)}},
                                    .completions = 100};
  config.node_table = table;
  const auto r = cluster::simulate(config);
  EXPECT_NEAR(r.utilization, 0.5, 1e-3);
}

// An inference service of 2-accelerator replicas serving 1,000 tokens/s each, asked a steady
// 3,000 tokens/s with a 0.8 target: ceil(3000 / 800) = 4 replicas (8 of the 16 accelerators)
// from the start, each busy 3000 / 4000 of its time: allocated 0.5, busy 0.375. Asked 9,000
// (12 replicas wanted, 8 fit): every replica is fully busy and 8/9 of the tokens are served.
TEST(CenterRun, AServiceHoldsWhatItsDemandAsksAndIsBusyWhatItServes) {
  const auto service = [](int tokens_per_s) {
    return "workload={tenants: [{name: chat, accelerators: 2, service: {demand: {constant: " + std::to_string(tokens_per_s) +
           "}, tokens_per_s: 1000}}]}";
  };
  const Summary steady = run(kCenters + "/two-chips.yaml", {service(3000), "stop={time: 2 d}"});
  EXPECT_DOUBLE_EQ(metric(steady, "allocated"), 0.5);
  EXPECT_NEAR(metric(steady, "busy"), 0.375, 1e-12);
  EXPECT_NEAR(metric(steady, "chat.served"), 100.0, 1e-9);
  EXPECT_NEAR(metric(steady, "chat.mean_replicas"), 4.0, 1e-9);
  EXPECT_EQ(count(steady, "chat.replicas_started"), 4u);
  EXPECT_EQ(count(steady, "chat.replicas_stopped"), 0u);

  const Summary short_of = run(kCenters + "/two-chips.yaml", {service(9000), "stop={time: 2 d}"});
  EXPECT_DOUBLE_EQ(metric(short_of, "allocated"), 1.0);
  EXPECT_NEAR(metric(short_of, "busy"), 1.0, 1e-12);
  EXPECT_NEAR(metric(short_of, "chat.served"), 100.0 * 8 / 9, 1e-9);
  EXPECT_NEAR(metric(short_of, "chat.time_below_demand"), 100.0, 1e-9);
  EXPECT_GT(count(short_of, "chat.capacity_limited_evaluations"), 0u);
}

// A day's profile: replicas follow the demand down at night after the scale-down delay and
// back up in the morning, paying a cold start each time: busy stays below allocated.
TEST(CenterRun, AServiceFollowsADailyProfileAndIdlesAtNight) {
  const Summary s = run(kCenters + "/two-chips.yaml",
                        {"workload={tenants: [{name: chat, accelerators: 2, service: {demand: {constant: 6000, hourly: "
                         "[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0.1, 0.1]}, tokens_per_s: 1000}}]}",
                         "stop={time: 7 d}"});
  EXPECT_GT(count(s, "chat.replicas_stopped"), 0u);
  EXPECT_GE(count(s, "chat.replicas_started"), count(s, "chat.replicas_stopped"));
  EXPECT_LT(metric(s, "busy"), metric(s, "allocated"));
  EXPECT_GT(metric(s, "chat.served"), 99.0);
}

// Overloaded, oversubscribed 15 kW racks: every placement, the default first fit included,
// keeps each rack within its budget, so allocation stays at or below 34 of 48 GPUs per rack
// and, with the queue always full, close to it.
TEST(CenterRun, NoPlacementExceedsARackBudget) {
  for (const char* placement : {"first-fit", "best-fit", "power-aware"}) {
    const Summary s = run(kCenters + "/oversubscribed-jobs.yaml", {std::string("scheduler.placement=") + placement});
    EXPECT_LE(metric(s, "allocated"), 34.0 / 48.0 + 1e-9) << placement;
    EXPECT_GT(metric(s, "allocated"), 0.65) << placement;
  }
}

// A run that stops at completions only, where no job can ever complete, is refused, not run
// forever: only services, or only classes the center cannot serve.
TEST(CenterRun, ARunThatCouldNeverStopIsRefused) {
  const auto error_of = [](const std::string& file, const std::string& set) -> std::string {
    try {
      (void)run(file, {set, "stop={completions: 100}"});
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(no error)";
  };
  const std::string services =
      error_of(kCenters + "/two-chips.yaml", "workload={tenants: [{name: chat, accelerators: 2, service: {demand: {constant: 3000}, tokens_per_s: 1000}}]}");
  EXPECT_NE(services.find("stop.completions: no job can ever complete on these centers (only inference services)"), std::string::npos) << services;
  const std::string cuda = error_of(kCenters + "/npu-center.yaml",
                                    "workload={tenants: [{name: cuda, stack: cuda, arrivals: {process: poisson, rate: 1 /d}, accelerators: 8, "
                                    "duration: {distribution: exponential, mean: 10 h}}]}");
  EXPECT_NE(cuda.find("tenant cuda: no chip of the center can serve it: ascend-910b does not run the cuda stack"), std::string::npos) << cuda;
}

// Before any run, `dcsim validate` says which chips can serve each tenant, or why none can.
TEST(CenterRun, ValidateSaysWhichChipsServeEachTenant) {
  const std::vector<std::string> lines = describe_tenants(load_scenario((kSource / "scenarios/west-year.yaml").string()));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "tenant chat: can run on 960 l20");
  EXPECT_EQ(lines[3], "tenant npu-finetune: can run on 40 ascend-910b");
  EXPECT_EQ(lines[4], "tenant trainers: every job will be rejected: no rack of at least 40 kW holds a chip it can use");
}

// The shipped western center (scenarios/west-year*.yaml) over 60 days: the same servers in 40 kW
// racks serve the trainers that 15 kW racks turn away, so allocation rises; half the L20s
// replaced by 910Bs leave the NPUs nearly idle while CUDA work queues and leaves. Busy stays
// below allocated (inference replicas held for the peak).
TEST(CenterRun, RackDensityAndChipMixChangeTheWesternCenter) {
  const std::vector<std::string> short_run = {"stop={time: 60 d}", "replications=1"};
  const Summary west = run((kSource / "scenarios/west-year.yaml").string(), short_run);
  const Summary dense = run((kSource / "scenarios/west-year-40kw.yaml").string(), short_run);
  const Summary npu = run((kSource / "scenarios/west-year-npu.yaml").string(), short_run);
  EXPECT_EQ(count(west, "trainers.rejected"), count(west, "trainers.arrivals"));
  EXPECT_TRUE(has_note(west, "no rack of at least 40 kW"));
  EXPECT_LT(metric(west, "busy"), metric(west, "allocated"));
  EXPECT_LT(metric(west, "busy"), 0.3);
  EXPECT_EQ(count(dense, "trainers.rejected"), 0u);
  EXPECT_GT(metric(dense, "trainers.allocated"), 0.0);
  EXPECT_GT(metric(dense, "allocated"), metric(west, "allocated"));
  EXPECT_LT(metric(npu, "chip.ascend-910b.allocated"), 0.05);
  EXPECT_GT(metric(npu, "chip.l20.allocated"), metric(west, "chip.l20.allocated"));
  EXPECT_GT(count(npu, "research.withdrawn"), count(west, "research.withdrawn"));
}

// The power section end to end: capping by clock keeps every rack at or below its 15 kW
// budget while taking more work than admission by nameplate, which never caps; energy is
// conserved between IT and facility (PUE above 1), and power adds metrics without changing
// the schedule of a run that only observes (admission).
TEST(CenterRun, PowerCappingAgainstAdmissionOnOversubscribedRacks) {
  const std::string file = (kSource / "scenarios/oversubscribed-year.yaml").string();
  const std::vector<std::string> short_run = {"stop.time=20 d", "warmup=2 d", "replications=1"};
  std::vector<std::string> admission_sets = short_run;
  admission_sets.push_back("power.capping=admission");
  const Summary dvfs = run(file, short_run);
  const Summary admission = run(file, admission_sets);
  EXPECT_LE(metric(dvfs, "rack_power_peak_max"), 15.0 + 1e-9);
  EXPECT_EQ(metric(dvfs, "racks_capped"), 16);
  EXPECT_GT(metric(dvfs, "capping_lost_accelerator_time"), 0);
  EXPECT_GT(metric(dvfs, "allocated"), metric(admission, "allocated") + 0.05);
  EXPECT_EQ(admission.find("racks_capped"), nullptr);  // admission never caps: no capping figures
  EXPECT_GT(metric(dvfs, "pue"), 1);
  EXPECT_NEAR(metric(dvfs, "energy_it"), metric(dvfs, "energy_it.chip.l20") + metric(dvfs, "energy_it.hosts"), 1e-9 * metric(dvfs, "energy_it"));
  EXPECT_NEAR(metric(dvfs, "energy_facility"), metric(dvfs, "pue") * metric(dvfs, "energy_it"), 1e-9 * metric(dvfs, "energy_facility"));
  EXPECT_NEAR(metric(dvfs, "energy_facility"), metric(dvfs, "energy_it") + metric(dvfs, "energy_cooling") + metric(dvfs, "energy_electrical_losses"),
              1e-9 * metric(dvfs, "energy_facility"));
  EXPECT_NEAR(metric(dvfs, "energy_cooling"), metric(dvfs, "energy_cooling.fans") + metric(dvfs, "energy_cooling.pumps") +
                                                  metric(dvfs, "energy_cooling.tower") + metric(dvfs, "energy_cooling.chiller"),
              1e-9 * metric(dvfs, "energy_cooling"));
}

// The western year at a third of its load shows a PUE above its rating (1.3 at design load):
// the fixed overheads weigh more. The power section only observes: allocation is unchanged.
TEST(CenterRun, PowerOnlyObservesUnderAdmission) {
  const std::string file = (kSource / "scenarios/west-year.yaml").string();
  const Summary with = run(file, {"stop.time=30 d", "replications=1"});
  EXPECT_GT(metric(with, "pue"), 1.3);
  EXPECT_TRUE(with.find("energy_it") != nullptr);
  const Summary capped = run(file, {"stop.time=30 d", "replications=1", "power.capping=dvfs"});
  // the 15 kW racks hold at most 12.8 kW of servers: capping by clock never binds, and the schedule is the same
  EXPECT_EQ(metric(capped, "allocated"), metric(with, "allocated"));
  EXPECT_EQ(metric(capped, "racks_capped"), 0);
}

// scenarios/inference-fleet-power.yaml (docs/validation.md, "Power: inference fleets rarely reach
// peak"): with 3 servers per rack the rack budget is their nameplate, so no rack ever passes it
// and none is capped; with 4 (4/3 of the demand) DVFS keeps every rack within 30.6 kW, some rack
// time is capped, and the conversation service still serves above 99% of its tokens.
TEST(CenterRun, InferenceFleetPowerStaysWithinTheRackBudget) {
  const std::string file = (kSource / "scenarios/inference-fleet-power.yaml").string();
  const Summary n = run(file, {"replications=1"});
  EXPECT_LE(metric(n, "rack_power_peak_max"), 30.6 + 1e-6);
  EXPECT_EQ(metric(n, "rack_capped_time"), 0.0);
  EXPECT_GT(metric(n, "conversation.served"), 99.0);
  const Summary more = run(file, {"replications=1", "centers[inference-1].rack_groups[0].populated[0].servers.h800-8x-sxm=4",
                                  "workload.tenants[conversation].service.demand.scale=180", "workload.tenants[code].service.demand.scale=180"});
  EXPECT_LE(metric(more, "rack_power_peak_max"), 30.6 + 1e-3);
  EXPECT_GT(metric(more, "rack_capped_time"), 0.0);
  EXPECT_GT(metric(more, "conversation.served"), 99.0);
}

}  // namespace
}  // namespace dcsim

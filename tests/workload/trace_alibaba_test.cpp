// The Alibaba readers against the facts stated in scenarios/traces/alibaba-gpu-v2023/SOURCE.md
// (and FGD-SETUP facts repeated there) and alibaba-gpu-v2025-dlrm/SOURCE.md. Records are
// counted as they stream by, not stored.
#include "dcsim/workload/trace.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace dcsim {
namespace {

namespace fs = std::filesystem;
const fs::path kTraces = fs::path(DCSIM_SOURCE_DIR) / "scenarios/traces";

std::string v2023(const std::string& file) { return (kTraces / "alibaba-gpu-v2023" / file).string(); }

// ------------------------------------------------------------------ nodes

TEST(AlibabaV2023Nodes, GpuNodeTotals) {
  TraceReadStats stats;
  const auto nodes = read_alibaba_nodes(v2023("openb_node_list_gpu_node.csv"), {}, &stats);
  EXPECT_EQ(nodes.size(), 1213u);
  EXPECT_EQ(stats.skipped, 0u);
  std::int64_t gpus = 0, cpu = 0, memory = 0;
  std::map<std::string, std::pair<int, int>> by_model;  // nodes, GPUs
  for (const auto& n : nodes) {
    gpus += n.gpus;
    cpu += n.cpu_milli;
    memory += n.memory_mib;
    by_model[n.gpu_model].first += 1;
    by_model[n.gpu_model].second += n.gpus;
  }
  EXPECT_EQ(gpus, 6212);
  EXPECT_EQ(cpu, 107'018'000);
  EXPECT_EQ(memory, 503'828'480);
  const std::map<std::string, std::pair<int, int>> expected{
      {"G2", {549, 4392}},  {"T4", {404, 842}},      {"G3", {39, 312}}, {"P100", {134, 265}},
      {"V100M32", {30, 204}}, {"V100M16", {55, 195}}, {"A10", {2, 2}}};
  EXPECT_EQ(by_model, expected);
  EXPECT_EQ(nodes.front().name, "openb-node-0000");
}

TEST(AlibabaV2023Nodes, AllNodesAddCpuOnlyNodes) {
  const auto nodes = read_alibaba_nodes(v2023("openb_node_list_all_node.csv"));
  EXPECT_EQ(nodes.size(), 1523u);
  const auto cpu_only =
      std::count_if(nodes.begin(), nodes.end(), [](const NodeRecord& n) { return n.gpus == 0 && n.gpu_model.empty(); });
  EXPECT_EQ(cpu_only, 310);
}

// ------------------------------------------------------------------ pods

struct PodTally {
  std::size_t rows = 0;
  std::size_t cpu_only = 0, sharing = 0, one_gpu = 0, multi_gpu = 0;
  std::map<int, int> multi_by_size;
  std::int64_t gpu_demand_milli = 0;
  std::int64_t sharing_milli = 0;  ///< GPU demand of sharing pods
  std::int64_t multi_milli = 0;    ///< GPU demand of multi-GPU pods
  std::size_t with_spec = 0;
  std::size_t pending = 0, pending_unscheduled = 0, unscheduled = 0;
  std::map<std::string, int> qos;
  std::vector<int> share_milli;
  bool has_times = false;
  TraceReadStats stats;
};

PodTally tally(const std::string& file) {
  AlibabaPodReader reader(v2023(file));
  PodTally t;
  t.has_times = reader.has_times();
  PodRecord p;
  while (reader.next(p)) {
    ++t.rows;
    t.gpu_demand_milli += p.gpu_demand_milli();
    if (p.num_gpu == 0) {
      ++t.cpu_only;
    } else if (p.num_gpu == 1 && p.gpu_milli < 1000) {
      ++t.sharing;
      t.sharing_milli += p.gpu_milli;
      t.share_milli.push_back(p.gpu_milli);
    } else if (p.num_gpu == 1) {
      ++t.one_gpu;
    } else {
      ++t.multi_gpu;
      ++t.multi_by_size[p.num_gpu];
      t.multi_milli += p.gpu_demand_milli();
    }
    if (!p.gpu_spec.empty()) ++t.with_spec;
    if (!p.qos.empty()) ++t.qos[p.qos];
    if (p.phase == "Pending") ++t.pending;
    if (p.phase == "Pending" && !p.scheduled_s) ++t.pending_unscheduled;
    if (!p.scheduled_s) ++t.unscheduled;
  }
  t.stats = reader.stats();
  return t;
}

TEST(AlibabaV2023Pods, DefaultPodList) {
  const PodTally t = tally("openb_pod_list_default.csv");
  EXPECT_EQ(t.rows, 8152u);
  EXPECT_EQ(t.stats.skipped, 0u);
  EXPECT_EQ(t.cpu_only, 1088u);
  EXPECT_EQ(t.sharing, 3078u);
  EXPECT_EQ(t.one_gpu, 3911u);
  EXPECT_EQ(t.multi_gpu, 75u);
  EXPECT_EQ(t.multi_by_size, (std::map<int, int>{{2, 16}, {4, 15}, {8, 44}}));
  EXPECT_EQ(t.gpu_demand_milli, 6'086'800);  // 6086.8 GPUs
  EXPECT_NEAR(static_cast<double>(t.gpu_demand_milli) / 6'212'000.0, 0.98, 0.0005);
  EXPECT_EQ(t.qos, (std::map<std::string, int>{{"LS", 4647}, {"BE", 3398}, {"Burstable", 100}, {"Guaranteed", 7}}));
  EXPECT_TRUE(t.has_times);
  // Sharing pods ask for 50..810 milli-GPU, median 470.
  std::vector<int> s = t.share_milli;
  std::sort(s.begin(), s.end());
  EXPECT_EQ(s.front(), 50);
  EXPECT_EQ(s.back(), 810);
  EXPECT_EQ(s[s.size() / 2 - 1], 470);  // even count: both middle values are 470
  EXPECT_EQ(s[s.size() / 2], 470);
  // "scheduled_time: empty for Pending pods", and only for them.
  EXPECT_GT(t.pending, 0u);
  EXPECT_EQ(t.pending_unscheduled, t.pending);
  EXPECT_EQ(t.unscheduled, t.pending);
}

TEST(AlibabaV2023Pods, FirstPodAndItsTraceJob) {
  AlibabaPodReader reader(v2023("openb_pod_list_default.csv"));
  PodRecord p;
  ASSERT_TRUE(reader.next(p));
  EXPECT_EQ(p.name, "openb-pod-0000");
  EXPECT_EQ(p.cpu_milli, 12000);
  EXPECT_EQ(p.memory_mib, 16384);
  EXPECT_EQ(p.num_gpu, 1);
  EXPECT_EQ(p.gpu_milli, 1000);
  EXPECT_TRUE(p.gpu_spec.empty());
  EXPECT_EQ(p.qos, "LS");
  EXPECT_EQ(p.phase, "Running");
  EXPECT_EQ(p.creation_s, 0.0);
  EXPECT_EQ(p.deletion_s, 12537496.0);
  EXPECT_EQ(p.scheduled_s, 0.0);
  const TraceJob j = to_trace_job(p);
  EXPECT_EQ(j.arrival_s, 0.0);
  EXPECT_EQ(j.duration_s, 12537496.0);
  EXPECT_EQ(j.accelerators, 1);
  EXPECT_EQ(j.gpu_milli, 1000);
  EXPECT_EQ(j.cpu_milli, 12000);
  EXPECT_EQ(j.memory_bytes, 16384.0 * 1048576.0);
}

// cpuNNN: the same GPU pods as default; CPU-only pods are NNN/10 % of all pods.
TEST(AlibabaV2023Pods, CpuVariants) {
  const std::vector<std::tuple<const char*, std::size_t, double>> files{
      {"openb_pod_list_cpu0.csv", 7064, 0.0},     {"openb_pod_list_cpu037.csv", 7336, 3.7},
      {"openb_pod_list_cpu050.csv", 7439, 5.0},   {"openb_pod_list_cpu072.csv", 7608, 7.2},
      {"openb_pod_list_cpu100.csv", 7853, 10.0},  {"openb_pod_list_cpu200.csv", 8832, 20.0},
      {"openb_pod_list_cpu235.csv", 9240, 23.5},  {"openb_pod_list_cpu250.csv", 9420, 25.0},
      {"openb_pod_list_cpu300.csv", 10094, 30.0}};
  for (const auto& [file, rows, cpu_percent] : files) {
    SCOPED_TRACE(file);
    const PodTally t = tally(file);
    EXPECT_EQ(t.rows, rows);
    EXPECT_EQ(t.stats.skipped, 0u);
    EXPECT_EQ(t.gpu_demand_milli, 6'086'800);
    EXPECT_EQ(t.sharing + t.one_gpu + t.multi_gpu, 7064u);
    EXPECT_NEAR(100.0 * static_cast<double>(t.cpu_only) / static_cast<double>(t.rows), cpu_percent, 0.1);
  }
}

// gpushareNN: 8152 pods; sharing pods carry NN % of the GPU demand.
TEST(AlibabaV2023Pods, GpuShareVariants) {
  for (const int percent : {20, 40, 60, 80, 100}) {
    const std::string file = "openb_pod_list_gpushare" + std::to_string(percent) + ".csv";
    SCOPED_TRACE(file);
    const PodTally t = tally(file);
    EXPECT_EQ(t.rows, 8152u);
    EXPECT_NEAR(100.0 * static_cast<double>(t.sharing_milli) / static_cast<double>(t.gpu_demand_milli), percent,
                0.1);
  }
}

// gpuspecNN: the default pods, with a GPU-model constraint added to some.
TEST(AlibabaV2023Pods, GpuSpecVariants) {
  const PodTally base = tally("openb_pod_list_default.csv");
  for (const auto& [file, with_spec] : std::vector<std::pair<const char*, std::size_t>>{
           {"openb_pod_list_gpuspec05.csv", 369},
           {"openb_pod_list_gpuspec10.csv", 732},
           {"openb_pod_list_gpuspec20.csv", 1444},
           {"openb_pod_list_gpuspec25.csv", 1759},
           {"openb_pod_list_gpuspec33.csv", 2388}}) {
    SCOPED_TRACE(file);
    const PodTally t = tally(file);
    EXPECT_EQ(t.rows, 8152u);
    EXPECT_EQ(t.with_spec, with_spec);
    EXPECT_EQ(t.gpu_demand_milli, base.gpu_demand_milli);
    EXPECT_EQ(t.qos, base.qos);
  }
}

TEST(AlibabaV2023Pods, GpuSpecListsAreSplitAndRepeatsDropped) {
  AlibabaPodReader reader(v2023("openb_pod_list_gpuspec33.csv"));
  PodRecord p;
  std::set<std::string> models;
  std::size_t longest = 0;
  while (reader.next(p)) {
    models.insert(p.gpu_spec.begin(), p.gpu_spec.end());
    longest = std::max(longest, p.gpu_spec.size());
    std::vector<std::string> sorted = p.gpu_spec;
    std::sort(sorted.begin(), sorted.end());
    ASSERT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << p.name;
  }
  EXPECT_EQ(models, (std::set<std::string>{"A10", "G2", "G3", "P100", "T4", "V100M16", "V100M32"}));
  EXPECT_EQ(longest, 6u);  // "A10|G2|P100|T4|V100M16|V100M32|V100M32" is 6 models
}

// multigpuNN: only the first five columns (no times); multi-GPU pods carry NN % of the demand.
TEST(AlibabaV2023Pods, MultiGpuVariantsHaveFiveColumns) {
  for (const auto& [percent, rows] :
       std::vector<std::pair<int, std::size_t>>{{20, 8324}, {30, 8508}, {40, 8746}, {50, 9061}}) {
    const std::string file = "openb_pod_list_multigpu" + std::to_string(percent) + ".csv";
    SCOPED_TRACE(file);
    const PodTally t = tally(file);
    EXPECT_FALSE(t.has_times);
    EXPECT_EQ(t.rows, rows);
    EXPECT_EQ(t.stats.skipped, 0u);
    EXPECT_TRUE(t.qos.empty());
    EXPECT_EQ(t.cpu_only, 1088u);
    EXPECT_NEAR(100.0 * static_cast<double>(t.multi_milli) / static_cast<double>(t.gpu_demand_milli), percent, 0.5);
  }
  AlibabaPodReader reader(v2023("openb_pod_list_multigpu50.csv"));
  PodRecord p;
  ASSERT_TRUE(reader.next(p));
  EXPECT_EQ(p.creation_s, 0.0);
  EXPECT_FALSE(p.deletion_s.has_value());
  EXPECT_TRUE(std::isinf(to_trace_job(p).duration_s));
}

// ------------------------------------------------------------------ DLRM v2025

TEST(AlibabaV2025Dlrm, CountsFromSourceMd) {
  DlrmInstanceReader reader((kTraces / "alibaba-gpu-v2025-dlrm/disaggregated_DLRM_trace.csv").string());
  DlrmInstance d;
  std::size_t rows = 0, cn = 0, hn = 0, cn_without_gpu = 0, hn_with_one_gpu = 0;
  std::size_t no_creation = 0, no_deletion = 0;
  double first_creation = INFINITY, last_creation = -INFINITY;
  std::set<std::string> apps;
  while (reader.next(d)) {
    ++rows;
    apps.insert(d.app);
    if (d.role == DlrmRole::kCpuNode) {
      ++cn;
      if (d.gpu_request == 0) ++cn_without_gpu;
    } else {
      ++hn;
      if (d.gpu_request == 1) ++hn_with_one_gpu;
    }
    if (!d.creation_s) {
      ++no_creation;
      EXPECT_FALSE(d.scheduled_s.has_value()) << d.name;
    } else {
      first_creation = std::min(first_creation, *d.creation_s);
      last_creation = std::max(last_creation, *d.creation_s);
    }
    if (!d.deletion_s) ++no_deletion;
  }
  EXPECT_EQ(reader.stats().skipped, 0u);
  EXPECT_EQ(rows, 23'871u);
  EXPECT_EQ(cn, 16'485u);
  EXPECT_EQ(cn_without_gpu, cn);
  EXPECT_EQ(hn, 7'386u);
  EXPECT_EQ(hn_with_one_gpu, hn);
  EXPECT_EQ(apps.size(), 156u);
  EXPECT_EQ(no_creation, 7'280u);
  EXPECT_EQ(no_deletion, 8'878u);
  EXPECT_NEAR(first_creation, 475.0, 1e-9);
  EXPECT_EQ(last_creation, 2'676'636.0);
  EXPECT_NEAR(last_creation / 86400.0, 31.0, 0.1);  // ~31 days
}

}  // namespace
}  // namespace dcsim

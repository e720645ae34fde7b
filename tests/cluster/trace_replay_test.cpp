#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dcsim/cluster/trace_source.hpp"

namespace dcsim::cluster {
namespace {

const std::filesystem::path kTrace = std::filesystem::path(DCSIM_SOURCE_DIR) / "scenarios/traces/tiresias-sim/60_job.csv";

GenericTraceMapping tiresias_mapping() {
  GenericTraceMapping m;
  m.arrival_column = "submit_time";
  m.duration_column = "duration";
  m.accelerators_column = "num_gpu";
  return m;
}

// The Tiresias 60-job trace on its own cluster (16 nodes x 4 GPUs). Every job fits (8-GPU jobs
// are gangs of two whole nodes, so they hold exactly what they ask for); the run ends when the
// trace is exhausted. Work is conserved: the busy GPU-seconds equal the sum over the trace of
// num_gpu x duration, read here independently of the reader.
TEST(TraceReplay, TiresiasTraceRunsToTheEndAndConservesWork) {
  double work = 0;
  int rows = 0;
  {
    std::ifstream in(kTrace);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      if (line.empty() || line == "\r") continue;
      std::stringstream ss(line);
      std::string job_id, num_gpu, submit, iterations, model, duration;
      std::getline(ss, job_id, ',');
      std::getline(ss, num_gpu, ',');
      std::getline(ss, submit, ',');
      std::getline(ss, iterations, ',');
      std::getline(ss, model, ',');
      std::getline(ss, duration, ',');
      work += std::stod(num_gpu) * std::stod(duration);
      ++rows;
    }
  }
  ASSERT_EQ(rows, 60);

  CenterConfig c{.nodes = 16, .accelerators_per_node = 4, .completions = 1000, .batches = 20};
  c.tenants = {TenantClass{.name = "tiresias", .replay = [] { return std::make_unique<CsvJobSource>(kTrace.string(), tiresias_mapping()); }}};
  CenterModel model(c);
  Engine<CenterModel> engine(model);
  model.start(engine);
  engine.run();
  const auto r = model.result(engine.now(), engine.events_executed());
  EXPECT_EQ(r.arrivals, 60u);
  EXPECT_EQ(r.completions, 60u);
  EXPECT_EQ(r.events, 120u);
  EXPECT_NEAR(r.allocated_accelerator_seconds, work, 1e-6 * work);
  EXPECT_GE(r.end_seconds, 1779.0);  // the last submission
  EXPECT_GE(r.wait.mean, 0.0);
}

// Replaying twice from one configuration opens the trace afresh: same results.
TEST(TraceReplay, EachRunOpensItsOwnReader) {
  CenterConfig c{.nodes = 4, .accelerators_per_node = 4, .completions = 1000, .batches = 20};
  c.tenants = {TenantClass{.name = "tiresias", .replay = [] { return std::make_unique<CsvJobSource>(kTrace.string(), tiresias_mapping()); }}};
  const auto a = simulate(c);
  const auto b = simulate(c);
  EXPECT_EQ(a.completions, 60u);
  EXPECT_EQ(a.end_seconds, b.end_seconds);
  EXPECT_EQ(a.wait.mean, b.wait.mean);
  EXPECT_GT(a.wait.mean, 0.0);  // 16 GPUs for 64 GPUs' worth of trace: jobs wait
}

}  // namespace
}  // namespace dcsim::cluster

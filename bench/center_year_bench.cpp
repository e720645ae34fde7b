// A simulated year of one center with every kind of job, at 10^3 / 10^4 / 10^5 accelerators
// (the argument): racks of 16 eight-accelerator servers of two chip models (the second half
// as fast at bf16), one CPU server per 125 accelerators, and per 1,000 accelerators:
//   training gangs of 32 accelerators      0.4 /h, work lognormal median 12 h (on the fast chip)
//   jobs of 1-8 accelerators on one server 7 /h, work exponential mean 8 h
//   GPU-sharing pods (a quarter of one)    3 /h, exponential 4 h
//   CPU-only jobs (16 cores)               1 /h, exponential 2 h
//   one inference service of 2-accelerator replicas at 1,000 tokens/s each, 50,000 tokens/s
//   at its daily peak
// under first-fit placement and the first-fit discipline: about 100,000 jobs a year per 1,000
// accelerators (10 M at 10^5). Items = jobs arrived. Peak memory is the process's maximum
// resident set after the run (getrusage): run one size per process to read it, e.g.
//   build/bench/center_year_bench --benchmark_filter='/100000' --benchmark_repetitions=1
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <string>
#include <vector>

#include "dcsim/cluster/center_model.hpp"

namespace {

using namespace dcsim;

constexpr double kHour = 3600.0;

policy::NodeTable center(std::uint32_t accelerators) {
  std::vector<policy::NodeShape> nodes;
  const std::uint32_t servers = accelerators / 8;
  for (std::uint32_t s = 0; s < servers; ++s) {
    nodes.push_back(policy::NodeShape{"gpu", 224'000, 2'000'000, 8, s < servers / 2 ? "fast" : "slow", s / 16, s / 256, 0, 500, 2000});
  }
  const std::uint32_t racks = (servers + 15) / 16;
  for (std::uint32_t c = 0; c < accelerators / 125; ++c) {
    nodes.push_back(policy::NodeShape{"cpu", 192'000, 768'000, 0, "", racks + c / 32, 0, 0, 0, 470});
  }
  policy::NodeTable table(nodes);
  policy::ModelPerformance slow;
  slow.throughput.fill(0.5);
  table.set_model_performance("slow", slow);
  return table;
}

cluster::CenterConfig year_of(std::uint32_t accelerators) {
  const double per_k = accelerators / 1000.0;
  const policy::NodeTable table = center(accelerators);
  const auto whole = [](std::int64_t cpu_milli) { return policy::PodRequest{cpu_milli, 0, 0, policy::kMilliPerGpu, 0, Precision::kBf16}; };
  cluster::CenterConfig c{.nodes = table.size(), .accelerators_per_node = 8, .tenants = {}, .completions = ~std::uint64_t{0}};
  c.discipline = cluster::QueueDiscipline::kFirstFit;
  c.node_table = table;
  c.stop_s = 365 * 24 * kHour;
  c.tenants.push_back({.name = "training", .arrivals = PoissonArrivals(0.4 * per_k / kHour), .demand = Deterministic(32),
                       .duration = Lognormal::from_median(12 * kHour, 1.0), .request = whole(0), .scales_with_chip = true});
  c.tenants.push_back({.name = "node", .arrivals = PoissonArrivals(7 * per_k / kHour),
                       .demand = DiscreteWeighted({1, 2, 4, 8}, {0.4, 0.3, 0.2, 0.1}), .duration = Exponential(8 * kHour),
                       .request = whole(8'000), .scales_with_chip = true});
  policy::PodRequest share{4'000, 0, 0, 250, 0};
  c.tenants.push_back({.name = "pods", .arrivals = PoissonArrivals(3 * per_k / kHour), .duration = Exponential(4 * kHour),
                       .request = share, .busy_share = 0.6});
  policy::PodRequest cpu{16'000, 32'000, 0, 0, 0};
  c.tenants.push_back({.name = "cpu", .arrivals = PoissonArrivals(1 * per_k / kHour), .duration = Exponential(2 * kHour), .request = cpu});
  cluster::ServiceClass service;
  service.demand.curve = cluster::DemandCurve::sample(
      [&](double t) { return 50'000 * per_k * (0.3 + 0.7 * (static_cast<int>(t / kHour) >= 8 && static_cast<int>(t / kHour) < 22)); }, 0, 86400,
      kHour);
  service.demand.period_s = 86400;
  service.accelerators = 2;
  service.tokens_per_s.assign(table.models().size(), 1000.0);
  c.tenants.push_back({.name = "chat", .request = whole(0), .service = service});
  return c;
}

void BM_CenterYear(benchmark::State& state) {
  const auto accelerators = static_cast<std::uint32_t>(state.range(0));
  const cluster::CenterConfig config = year_of(accelerators);
  std::uint64_t jobs = 0;
  double allocated = 0, busy = 0;
  for (auto _ : state) {
    const auto r = cluster::simulate(config);
    jobs += r.arrivals;
    double a = 0, b = 0;
    for (std::size_t i = 0; i < r.allocated_by_cell.size(); ++i) {
      a += r.allocated_by_cell[i];
      b += r.busy_by_cell[i];
    }
    allocated = a / (accelerators * r.measured_seconds);
    busy = b / (accelerators * r.measured_seconds);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.SetItemsProcessed(static_cast<std::int64_t>(jobs));
  state.counters["jobs_per_run"] = static_cast<double>(jobs) / static_cast<double>(state.iterations());
  state.counters["allocated"] = allocated;
  state.counters["busy"] = busy;
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_CenterYear)->Name("center_year")->Arg(1000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

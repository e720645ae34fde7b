// W2 `gpu-cluster` (shared/bench/WORKLOADS.md) inside one process: 200,000 completed gang jobs
// on 1,024 nodes x 8 GPUs at offered load 0.95, strict FIFO, first fit. Items = jobs completed
// (the events/s counter divides arrivals + completions). The whole-process figure beside the
// peers comes from `dcsim run scenarios/gpu-cluster.yaml --format kv` under run_peers.sh.
#include <benchmark/benchmark.h>

#include "dcsim/cluster/center_model.hpp"

namespace {

void BM_W2(benchmark::State& state) {
  const dcsim::Lognormal duration = dcsim::Lognormal::from_median(1800.0, 1.5);
  const dcsim::cluster::CenterConfig config{
      .nodes = 1024,
      .accelerators_per_node = 8,
      .tenants = {{.arrivals = dcsim::PoissonArrivals(726.03 / 3600.0),
                   .demand = dcsim::DiscreteWeighted({1, 2, 4, 8, 16, 32, 64}, {0.40, 0.10, 0.15, 0.20, 0.08, 0.05, 0.02}),
                   .duration = duration}},
      .completions = 200'000};
  std::uint64_t jobs = 0, events = 0;
  for (auto _ : state) {
    const auto r = dcsim::cluster::simulate(config);
    jobs += r.completions;
    events += r.events;
    benchmark::DoNotOptimize(r.wait.mean);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(jobs));
  state.counters["events_per_second"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_W2)->Name("W2_gpu_cluster")->Unit(benchmark::kMillisecond);

// One first-fit query and update on the free-capacity index at 1,000 / 10,000 / 100,000 nodes
// whose lowest 90% are full — the worst case for a linear scan, which would visit 90% of the
// nodes; the two-level bitset visits nodes / 4096 summary words.
void BM_FirstFit(benchmark::State& state) {
  const auto nodes = static_cast<std::uint32_t>(state.range(0));
  dcsim::FreeCapacityIndex index(nodes, 8);
  for (std::uint32_t n = 0; n < nodes / 10 * 9; ++n) index.take(n, 8);
  std::uint32_t k = 1;
  for (auto _ : state) {
    const std::uint32_t node = index.first_with(k);
    index.take(node, k);
    index.give(node, k);
    k = k % 8 + 1;
    benchmark::DoNotOptimize(node);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FirstFit)->Arg(1000)->Arg(10'000)->Arg(100'000);

}  // namespace

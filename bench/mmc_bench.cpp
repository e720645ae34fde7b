// W1 `mmc` (shared/bench/WORKLOADS.md) inside one process: 1,000,000 completions of an
// M/M/64 queue, about 2,000,000 events, on each future event set. Items = events executed.
// The whole-process figure beside the peers comes from `dcsim run ... --format kv` under
// shared/peers/run_peers.sh (bench/RESULTS.md).
#include <benchmark/benchmark.h>

#include "dcsim/core/queue/binary_heap.hpp"
#include "dcsim/core/queue/dary_heap.hpp"
#include "dcsim/core/queue/ladder_queue.hpp"
#include "dcsim/core/queue/radix_heap.hpp"
#include "dcsim/queueing/multi_server_queue.hpp"

namespace {

dcsim::queueing::MultiServerQueueConfig w1() {
  dcsim::queueing::MultiServerQueueConfig c;
  c.servers = 64;
  c.interarrival = dcsim::Exponential::from_rate(57.6 / 3600.0);
  c.service = dcsim::Exponential(3600.0);
  c.completions = 1'000'000;
  return c;
}

template <class Queue>
void BM_W1(benchmark::State& state) {
  const auto config = w1();
  std::uint64_t events = 0;
  for (auto _ : state) {
    const auto r = dcsim::queueing::simulate<Queue>(config);
    events += r.events;
    benchmark::DoNotOptimize(r.wait_in_queue.mean);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
}

BENCHMARK(BM_W1<dcsim::DefaultEventQueue>)->Name("W1_mmc/default")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_W1<dcsim::BinaryHeap>)->Name("W1_mmc/binary_heap")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_W1<dcsim::QuaternaryHeap>)->Name("W1_mmc/quaternary_heap")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_W1<dcsim::LadderQueue>)->Name("W1_mmc/ladder_queue")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_W1<dcsim::RadixHeap>)->Name("W1_mmc/radix_heap")->Unit(benchmark::kMillisecond);

}  // namespace

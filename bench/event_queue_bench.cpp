// The classic hold model (Jones 1986; Brown 1988; Rönngren & Ayani 1997) for every future
// event set in core/queue/: fill the queue with N events, then time "pop the minimum, push
// one new event at popped.tick + increment" — the queue size stays N. Items/s = holds/s.
// Results and the choice of DefaultEventQueue: bench/RESULTS.md.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <queue>
#include <string>
#include <vector>

#include "dcsim/core/event_queue.hpp"
#include "dcsim/core/queue/binary_heap.hpp"
#include "dcsim/core/queue/dary_heap.hpp"
#include "dcsim/core/queue/ladder_queue.hpp"
#include "dcsim/core/queue/radix_heap.hpp"

namespace {

using dcsim::Event;
using dcsim::Tick;

// splitmix64 (Steele, Lea & Flood 2014): tiny, fast, good enough to draw increments.
struct SplitMix64 {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
};

constexpr double kMean = 1'000'000.0;  // mean increment, ticks

enum class Dist { kExponential, kUniform, kBimodal, kTwoClass };

Tick draw(SplitMix64& rng, Dist d) {
  switch (d) {
    case Dist::kExponential: return static_cast<Tick>(-kMean * std::log(1.0 - rng.uniform01()));
    case Dist::kUniform: return static_cast<Tick>(2.0 * kMean * rng.uniform01());
    case Dist::kBimodal:  // 90% short U[0, 0.2 m], 10% long U[0, 20 m]; mean 1.09 m
      return rng.uniform01() < 0.9 ? static_cast<Tick>(0.2 * kMean * rng.uniform01())
                                   : static_cast<Tick>(20.0 * kMean * rng.uniform01());
    case Dist::kTwoClass: {  // half Exp(m), half Exp(m/64): the shape of W1 (M/M/64), where
      // each arrival (short interarrival) is followed by a departure (long service)
      const double mean = rng.uniform01() < 0.5 ? kMean : kMean / 64.0;
      return static_cast<Tick>(-mean * std::log(1.0 - rng.uniform01()));
    }
  }
  return 0;
}

// Increments are drawn once, so the timed loop costs one load, not a log(); the buffer
// (512 KiB) is read sequentially, so the prefetcher hides it even beside a 1e6 queue.
constexpr std::size_t kIncrements = std::size_t{1} << 16;
const std::vector<Tick>& increments(Dist d) {
  static const auto make = [](Dist dist) {
    SplitMix64 rng{0x5EED0000ULL + static_cast<std::uint64_t>(dist)};
    std::vector<Tick> v(kIncrements);
    for (auto& x : v) x = draw(rng, dist);
    return v;
  };
  static const std::vector<Tick> table[4] = {make(Dist::kExponential), make(Dist::kUniform),
                                             make(Dist::kBimodal), make(Dist::kTwoClass)};
  return table[static_cast<int>(d)];
}

/// std::priority_queue, as a reference point for the hand-written heaps (not a candidate).
class StdPriorityQueue {
 public:
  void push(const Event& e) { q_.push(e); }
  Event pop() { Event e = q_.top(); q_.pop(); return e; }
  [[nodiscard]] const Event& top() const { return q_.top(); }
  [[nodiscard]] bool empty() const { return q_.empty(); }
  [[nodiscard]] std::size_t size() const { return q_.size(); }
  void clear() { q_ = {}; }
  void reserve(std::size_t) {}

 private:
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return dcsim::runs_before(b, a); }
  };
  std::priority_queue<Event, std::vector<Event>, Later> q_;
};

// Peek: each hold first reads top() (as a run-until-horizon loop does), then pops.
template <dcsim::EventQueue Q, bool Peek = false>
void BM_Hold(benchmark::State& state, Dist dist) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<Tick>& inc = increments(dist);
  std::size_t r = 0;
  std::uint64_t seq = 0;
  Q q;
  q.reserve(n);
  // Fill: N events at increment-distributed times after 0, as in the classic setup.
  for (std::size_t i = 0; i < n; ++i) {
    q.push(Event{inc[r++ & (kIncrements - 1)], seq++, 0, static_cast<std::uint32_t>(i)});
  }
  // Warm-up: the first holds after the fill see a different time distribution from the
  // steady state the engine lives in; run N of them (at least 10 000) untimed.
  for (std::size_t i = 0, w = n < 10'000 ? 10'000 : n; i < w; ++i) {
    const Event e = q.pop();
    q.push(Event{e.tick + inc[r++ & (kIncrements - 1)], seq++, e.kind, e.target});
  }
  for (auto _ : state) {
    if constexpr (Peek) {
      const Event next = q.top();
      benchmark::DoNotOptimize(next.tick);
    }
    const Event e = q.pop();
    q.push(Event{e.tick + inc[r++ & (kIncrements - 1)], seq++, e.kind, e.target});
  }
  benchmark::DoNotOptimize(q.top());
  state.SetItemsProcessed(state.iterations());
}

// Benchmark names read Hold/<queue>/<increments>/<N>; 64 is about W1's pending count.
template <dcsim::EventQueue Q>
int register_queue(const std::string& name) {
  benchmark::RegisterBenchmark(("Hold/" + name + "/exp").c_str(), BM_Hold<Q>, Dist::kExponential)
      ->Arg(64)->Arg(100)->Arg(10'000)->Arg(1'000'000);
  benchmark::RegisterBenchmark(("Hold/" + name + "/uniform").c_str(), BM_Hold<Q>, Dist::kUniform)
      ->Arg(64)->Arg(10'000);
  benchmark::RegisterBenchmark(("Hold/" + name + "/bimodal").c_str(), BM_Hold<Q>, Dist::kBimodal)
      ->Arg(64)->Arg(10'000);
  benchmark::RegisterBenchmark(("Hold/" + name + "/twoclass").c_str(), BM_Hold<Q>, Dist::kTwoClass)
      ->Arg(64)->Arg(10'000);
  benchmark::RegisterBenchmark(("HoldPeek/" + name + "/exp").c_str(), BM_Hold<Q, true>,
                               Dist::kExponential)
      ->Arg(64)->Arg(10'000);
  return 0;
}

const int registered = [] {
  register_queue<StdPriorityQueue>("std_priority_queue");
  register_queue<dcsim::BinaryHeap>("BinaryHeap");
  register_queue<dcsim::DaryHeapInline<4>>("DaryHeapInline4");
  register_queue<dcsim::DaryHeap<4>>("DaryHeap4");
  register_queue<dcsim::DaryHeap<8>>("DaryHeap8");
  register_queue<dcsim::LadderQueue>("LadderQueue");
  register_queue<dcsim::RadixHeap>("RadixHeap");
  return 0;
}();

}  // namespace

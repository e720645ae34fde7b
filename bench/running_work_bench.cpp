// One rate change of many running jobs (RunningWork::change_rates, running_work.hpp): the
// job-by-job loop against the Eigen array expression (gather, one expression, scatter), and
// the whole-array form (every slot, no gather or scatter), at 10^3 .. 10^6 running jobs for
// (a) every job changing (a facility cap) and (b) a scattered eighth of them in slot order (a
// rack capped). Items/s = jobs updated per second. Results: bench/RESULTS.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "dcsim/cluster/running_work.hpp"

namespace {

using dcsim::Tick;
using dcsim::cluster::RunningWork;

constexpr Tick kNow = 1'000'000;

enum class Form { kPerJob, kVector, kWholeArray };
enum class Which { kAll, kEighth };

// n running jobs with ends up to ~11 days of microsecond ticks from now (1 in 64 never ends)
// at rates 0.5..1.5; the changed slots with two sets of new rates, used in turn so the ends
// stay in range over any number of iterations.
struct Setup {
  RunningWork work;
  std::vector<std::uint32_t> slots;
  std::vector<double> rates[2];
  Setup(std::size_t n, Which which) {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> rate(0.5, 1.5);
    work.grow(n);
    for (std::uint32_t s = 0; s < n; ++s) {
      const Tick reference = rng() % 64 == 0 ? dcsim::kNever : static_cast<Tick>(rng() % 1'000'000'000'000ULL);
      work.start(s, kNow, reference, rate(rng));
    }
    slots.resize(n);
    std::iota(slots.begin(), slots.end(), 0u);
    if (which == Which::kEighth) {
      std::shuffle(slots.begin(), slots.end(), rng);
      slots.resize(n / 8);
      std::sort(slots.begin(), slots.end());
    }
    for (auto& r : rates) {
      r.resize(slots.size());
      for (auto& x : r) x = rate(rng);
    }
  }
};

void change(benchmark::State& state, Form form, Which which) {
  Setup s(static_cast<std::size_t>(state.range(0)), which);
  std::size_t turn = 0;
  for (auto _ : state) {
    const std::vector<double>& r = s.rates[turn++ & 1];
    switch (form) {
      case Form::kPerJob: s.work.change_rates_per_job(s.slots, r, kNow); break;
      case Form::kVector: s.work.change_rates_vector(s.slots, r, kNow); break;
      case Form::kWholeArray: s.work.change_all_rates(r, kNow); break;
    }
    benchmark::ClobberMemory();
  }
  benchmark::DoNotOptimize(s.work.end(0));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.slots.size()));
}

void sizes(benchmark::internal::Benchmark* b) {
  for (const std::int64_t n : {1'000, 3'000, 10'000, 30'000, 100'000, 300'000, 1'000'000}) b->Arg(n);
}

}  // namespace

BENCHMARK_CAPTURE(change, all/per_job, Form::kPerJob, Which::kAll)->Apply(sizes);
BENCHMARK_CAPTURE(change, all/vector, Form::kVector, Which::kAll)->Apply(sizes);
BENCHMARK_CAPTURE(change, all/whole_array, Form::kWholeArray, Which::kAll)->Apply(sizes);
BENCHMARK_CAPTURE(change, eighth/per_job, Form::kPerJob, Which::kEighth)->Apply(sizes);
BENCHMARK_CAPTURE(change, eighth/vector, Form::kVector, Which::kEighth)->Apply(sizes);

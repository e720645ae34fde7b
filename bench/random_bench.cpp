// Cost of one draw: the raw generator, the unit conversions, and the samplers. The
// exponential pair is the one that matters: the engine draws one per event, so ziggurat vs
// inversion is the question of how much of a ~80 ns event budget the clock's randomness eats.
#include <benchmark/benchmark.h>

#include <vector>

#include "dcsim/core/distributions.hpp"
#include "dcsim/core/random.hpp"

namespace {

using dcsim::RandomStream;

RandomStream stream() { return RandomStream::derive(2024, "bench"); }

// One draw per iteration; DoNotOptimize keeps each result (and, as a memory clobber, the
// distribution's parameters) live, so nothing is hoisted out of the loop.
template <class Draw>
void run(benchmark::State& state, Draw&& draw) {
  for (auto _ : state) benchmark::DoNotOptimize(draw());
  state.SetItemsProcessed(state.iterations());
}

void BM_XoshiroNext(benchmark::State& state) {
  auto g = stream();
  run(state, [&] { return g.next(); });
}
BENCHMARK(BM_XoshiroNext);

void BM_Uniform01(benchmark::State& state) {
  auto g = stream();
  run(state, [&] { return g.uniform01(); });
}
BENCHMARK(BM_Uniform01);

void BM_ExponentialZiggurat(benchmark::State& state) {
  auto g = stream();
  const dcsim::Exponential d(2.5);
  run(state, [&] { return d(g); });
}
BENCHMARK(BM_ExponentialZiggurat);

void BM_ExponentialInversion(benchmark::State& state) {
  auto g = stream();
  double mean = 2.5;
  benchmark::DoNotOptimize(mean);
  run(state, [&] { return dcsim::exponential_by_inversion(g, mean); });
}
BENCHMARK(BM_ExponentialInversion);

void BM_ExponentialThroughVariant(benchmark::State& state) {
  auto g = stream();
  dcsim::Distribution d = dcsim::Exponential(2.5);
  benchmark::DoNotOptimize(d);  // the alternative is not known at compile time
  run(state, [&] { return dcsim::sample(d, g); });
}
BENCHMARK(BM_ExponentialThroughVariant);

void BM_NormalZiggurat(benchmark::State& state) {
  auto g = stream();
  const dcsim::Normal d(10.0, 2.0);
  run(state, [&] { return d(g); });
}
BENCHMARK(BM_NormalZiggurat);

void BM_Lognormal(benchmark::State& state) {
  auto g = stream();
  const dcsim::Lognormal d(1.0, 0.5);
  run(state, [&] { return d(g); });
}
BENCHMARK(BM_Lognormal);

void BM_Gamma(benchmark::State& state) {
  auto g = stream();
  const dcsim::Gamma d(static_cast<double>(state.range(0)) / 10.0, 1.0);
  run(state, [&] { return d(g); });
}
BENCHMARK(BM_Gamma)->Arg(25)->Arg(5);  // shape 2.5, and 0.5 (the boosted path)

void BM_DiscreteAlias(benchmark::State& state) {
  auto g = stream();
  std::vector<double> values;
  std::vector<double> weights;
  for (int i = 0; i < 100; ++i) {
    values.push_back(i);
    weights.push_back(1.0 + i % 7);
  }
  const dcsim::DiscreteWeighted d(values, weights);
  run(state, [&] { return d(g); });
}
BENCHMARK(BM_DiscreteAlias);

}  // namespace

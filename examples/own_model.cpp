// Writing your own model on the dcsim engine, in one file.
//
// A rack of accelerators that fail and get repaired: each of `kNodes` nodes runs for an
// exponential time (mean time between failures), then is down for a lognormal repair time.
// The fraction of node-time up should approach MTBF / (MTBF + MTTR), whatever the repair
// distribution (an alternating renewal process), which the program prints beside it.
//
// The pieces: a model struct with `handle(event, engine)`; event kinds and a target (the
// node); named random streams (adding a stream never changes another's draws); a time
// average kept exactly in integer ticks.
#include <fmt/format.h>

#include <cstdint>

#include "dcsim/core/distributions.hpp"
#include "dcsim/core/engine.hpp"
#include "dcsim/core/random.hpp"
#include "dcsim/metrics/time_average.hpp"

namespace {

constexpr std::uint32_t kNodes = 16;
constexpr double kHour = 3600.0;

struct FailingRack {
  enum Kind : std::uint32_t { kFailure, kRepaired };

  dcsim::TimeScale time{1e-3};  // millisecond ticks
  dcsim::Exponential uptime{500 * kHour};                           // MTBF 500 h
  dcsim::Lognormal repair = dcsim::Lognormal::from_median(8 * kHour, 0.8);  // MTTR ~11 h
  dcsim::RandomStream failures = dcsim::RandomStream::derive(42, "failures");
  dcsim::RandomStream repairs = dcsim::RandomStream::derive(42, "repairs");
  dcsim::TimeAverage nodes_up;
  std::uint64_t failures_seen = 0;

  template <class Sim>
  void start(Sim& sim) {
    nodes_up.set(0, kNodes);
    for (std::uint32_t node = 0; node < kNodes; ++node) {
      sim.schedule_after(time.ticks(uptime(failures)), kFailure, node);
    }
  }

  template <class Sim>
  void handle(const dcsim::Event& e, Sim& sim) {
    if (e.kind == kFailure) {
      ++failures_seen;
      nodes_up.set(sim.now(), nodes_up.level() - 1);
      sim.schedule_after(time.ticks(repair(repairs)), kRepaired, e.target);
    } else {
      nodes_up.set(sim.now(), nodes_up.level() + 1);
      sim.schedule_after(time.ticks(uptime(failures)), kFailure, e.target);
    }
  }
};

}  // namespace

int main() {
  FailingRack rack;
  dcsim::Engine<FailingRack> engine(rack);
  rack.start(engine);
  const dcsim::Tick ten_years = rack.time.ticks(10 * 365 * 24 * kHour);
  engine.run(ten_years);

  const double availability = rack.nodes_up.mean(ten_years) / kNodes;
  const double mtbf = rack.uptime.mean(), mttr = rack.repair.mean();
  fmt::print("{} failures in 10 years on {} nodes ({} events)\n", rack.failures_seen, kNodes, engine.events_executed());
  fmt::print("availability simulated {:.5f}, renewal theory MTBF/(MTBF+MTTR) = {:.5f}\n", availability,
             mtbf / (mtbf + mttr));
}

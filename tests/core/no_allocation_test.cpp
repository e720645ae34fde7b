// "No allocation per event": counts calls to the global operator new while the engine runs.
// Storage grows geometrically, so a whole run allocates a handful of times, not once per event.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "dcsim/core/engine.hpp"
#include "dcsim/queueing/multi_server_queue.hpp"

namespace {
std::size_t g_allocations = 0;
}

#if defined(__SANITIZE_ADDRESS__)
#define DCSIM_COUNT_ALLOCATIONS 0  // the sanitizer owns operator new
#else
#define DCSIM_COUNT_ALLOCATIONS 1
void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif

namespace dcsim {
namespace {

// Every event reschedules itself: the number of pending events never changes.
struct Hold {
  RandomStream rng = RandomStream::derive(1, "hold");
  Exponential increment{1000.0};
  template <class Sim>
  void handle(const Event& e, Sim& sim) {
    sim.schedule_after(static_cast<Tick>(increment(rng)), e.kind, e.target);
  }
};

TEST(NoAllocation, EngineHoldLoopAllocatesNothingOnceReserved) {
  if (!DCSIM_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under AddressSanitizer";
  Hold model;
  Engine<Hold> engine(model);
  engine.reserve(1000);
  for (std::uint32_t i = 0; i < 1000; ++i) engine.schedule_at(i + 1, 0, i);
  engine.run(2000);  // warm up
  const std::size_t before = g_allocations;
  const std::uint64_t executed = engine.run(2'000'000);
  EXPECT_GT(executed, 1'000'000u);
  EXPECT_EQ(g_allocations - before, 0u);
}

TEST(NoAllocation, WholeReferenceRunAllocatesAFewTimesNotPerEvent) {
  if (!DCSIM_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under AddressSanitizer";
  queueing::MultiServerQueueConfig c;
  c.servers = 64;
  c.interarrival = Exponential::from_rate(57.6 / 3600.0);
  c.service = Exponential(3600.0);
  c.completions = 200'000;
  const std::size_t before = g_allocations;
  const auto r = queueing::simulate(c);
  EXPECT_GT(r.events, 400'000u);
  // model vectors, batch sums, the heap and the waiting line doubling up to their peak
  EXPECT_LT(g_allocations - before, 64u);
}

}  // namespace
}  // namespace dcsim

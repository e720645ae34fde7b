// Every future event set in core/queue/ against the same contract: pops in runs_before order,
// (tick, seq), under the hold pattern the engine uses, checked against a std::set reference.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <vector>

#include "dcsim/core/event_queue.hpp"
#include "dcsim/core/queue/binary_heap.hpp"
#include "dcsim/core/queue/dary_heap.hpp"
#include "dcsim/core/queue/default_queue.hpp"
#include "dcsim/core/queue/ladder_queue.hpp"
#include "dcsim/core/queue/radix_heap.hpp"

namespace dcsim {
namespace {

template <class... Q>
constexpr bool all_event_queues(::testing::Types<Q...>*) {
  return (EventQueue<Q> && ...);
}

using Queues = ::testing::Types<BinaryHeap, DaryHeap<2>, DaryHeap<3>, QuaternaryHeap, DaryHeap<8>,
                                DaryHeapInline<4>, LadderQueue, RadixHeap>;
static_assert(all_event_queues(static_cast<Queues*>(nullptr)));
static_assert(EventQueue<DefaultEventQueue>);

struct Earlier {
  bool operator()(const Event& a, const Event& b) const { return runs_before(a, b); }
};

bool same(const Event& a, const Event& b) {
  return a.tick == b.tick && a.seq == b.seq && a.kind == b.kind && a.target == b.target;
}

/// Runs the queue and a std::set side by side; every pop and top must agree.
template <class Q>
class Checked {
 public:
  void push(Tick t) {
    const Event e{t, seq_, static_cast<std::uint32_t>(seq_ * 7), static_cast<std::uint32_t>(~seq_)};
    ++seq_;
    q.push(e);
    ref_.insert(e);
    ASSERT_EQ(q.size(), ref_.size());
    // top() between pushes, not only before pops: a queue that caches its minimum must
    // keep the cache right when a later push undercuts it.
    EXPECT_TRUE(same(q.top(), *ref_.begin()));
  }
  Event pop() {
    EXPECT_FALSE(q.empty());
    const Event want = *ref_.begin();
    const Event peek = q.top();
    EXPECT_TRUE(same(peek, want)) << "top " << peek.tick << "/" << peek.seq << " want " << want.tick
                                  << "/" << want.seq;
    const Event got = q.pop();
    EXPECT_TRUE(same(got, want)) << "pop " << got.tick << "/" << got.seq << " want " << want.tick
                                 << "/" << want.seq;
    ref_.erase(ref_.begin());
    EXPECT_EQ(q.size(), ref_.size());
    now_ = got.tick;
    return got;
  }
  void drain() {
    while (!ref_.empty() && !::testing::Test::HasFailure()) pop();
    EXPECT_TRUE(q.empty());
  }
  void clear() {
    q.clear();
    ref_.clear();
    now_ = std::numeric_limits<Tick>::min();
  }
  [[nodiscard]] Tick now() const { return now_; }
  [[nodiscard]] std::size_t size() const { return ref_.size(); }

  Q q;

 private:
  std::set<Event, Earlier> ref_;
  std::uint64_t seq_ = 0;
  Tick now_ = std::numeric_limits<Tick>::min();
};

/// Increments of every scale: many zeros (ties), small, medium and huge jumps.
Tick increment(std::mt19937_64& rng) {
  switch (rng() % 8) {
    case 0: case 1: return 0;
    case 2: return static_cast<Tick>(rng() % 4);
    case 3: return static_cast<Tick>(rng() % 100);
    case 4: return static_cast<Tick>(rng() % 1'000'000);
    case 5: return static_cast<Tick>(std::exponential_distribution<double>(1e-6)(rng));
    case 6: return static_cast<Tick>(rng() % (Tick{1} << 40));
    default: return static_cast<Tick>(rng() >> (4 + rng() % 60));  // up to 2^60
  }
}

/// Random holds with growth and shrink phases, so bucket structures rebuild at every size.
template <class Q>
void random_holds(Checked<Q>& c, std::uint64_t seed, int ops, Tick start) {
  std::mt19937_64 rng(seed);
  for (int i = 0; i < ops && !::testing::Test::HasFailure(); ++i) {
    const bool growing = (i / 500) % 2 == 0;   // phases of 500 operations
    const unsigned push_pct = growing ? 65 : 35;
    if (c.size() == 0 || rng() % 100 < push_pct) {
      const Tick base = c.size() == 0 && c.now() == std::numeric_limits<Tick>::min() ? start : c.now();
      c.push(base + increment(rng));
    } else {
      c.pop();
    }
  }
}

template <class Q>
class EventQueueTest : public ::testing::Test {};
TYPED_TEST_SUITE(EventQueueTest, Queues);

TYPED_TEST(EventQueueTest, StartsEmptyAndCountsSize) {
  TypeParam q;
  q.reserve(16);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
  q.push(Event{5, 0, 1, 2});
  q.push(Event{3, 1, 3, 4});
  EXPECT_FALSE(q.empty());
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(Event(q.top()).seq, 1u);
  EXPECT_EQ(q.pop().tick, 3);
  EXPECT_EQ(q.size(), 1u);
  const Event last = q.pop();
  EXPECT_TRUE(same(last, Event{5, 0, 1, 2}));
  EXPECT_TRUE(q.empty());
}

TYPED_TEST(EventQueueTest, PopsInTickThenSeqOrder) {
  std::mt19937_64 rng(1);
  std::vector<Event> events;
  for (std::uint64_t s = 0; s < 3000; ++s) {
    events.push_back(Event{static_cast<Tick>(rng() % 500), s, static_cast<std::uint32_t>(s), 0});
  }
  std::shuffle(events.begin(), events.end(), rng);  // seq order is not push order here
  TypeParam q;
  for (const Event& e : events) q.push(e);
  std::sort(events.begin(), events.end(), runs_before);
  for (const Event& want : events) {
    ASSERT_TRUE(same(q.pop(), want));
  }
  EXPECT_TRUE(q.empty());
}

TYPED_TEST(EventQueueTest, TiesAtOneTickLeaveInInsertionOrder) {
  Checked<TypeParam> c;
  for (int i = 0; i < 300; ++i) c.push(42);
  for (int i = 0; i < 100; ++i) c.pop();
  for (int i = 0; i < 300; ++i) c.push(42);   // same tick as the last pop: zero-delay events
  for (int i = 0; i < 300; ++i) c.push(43);
  for (int i = 0; i < 100; ++i) c.pop();
  for (int i = 0; i < 300; ++i) c.push(42);
  c.drain();
}

TYPED_TEST(EventQueueTest, SameTickPushOrderedBySeqNotArrival) {
  // The concept orders by seq; a queue must not assume seq grows with every push.
  TypeParam q;
  for (std::uint64_t s : {10u, 20u, 30u, 40u}) q.push(Event{42, s, 0, 0});
  EXPECT_EQ(q.pop().seq, 10u);
  q.push(Event{42, 25, 0, 0});  // at the tick of the last pop, between queued seqs
  q.push(Event{42, 15, 0, 0});
  q.push(Event{43, 1, 0, 0});
  q.push(Event{42, 45, 0, 0});
  for (std::uint64_t s : {15u, 20u, 25u, 30u, 40u, 45u, 1u}) EXPECT_EQ(q.pop().seq, s);
  EXPECT_TRUE(q.empty());
}

TYPED_TEST(EventQueueTest, RandomHoldsMatchReference) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    Checked<TypeParam> c;
    random_holds(c, seed, 6000, 0);
    c.drain();
  }
}

TYPED_TEST(EventQueueTest, ExtremeTicks) {
  Checked<TypeParam> c;
  random_holds(c, 7, 3000, std::numeric_limits<Tick>::min());  // near the smallest tick
  c.push(kNever);
  c.push(kNever);
  c.push(kNever - 1);
  c.drain();
  c.clear();
  random_holds(c, 8, 3000, -1'000'000'000'000);  // negative times
  c.push(kNever);
  c.drain();
}

TYPED_TEST(EventQueueTest, NearFutureBurstUnderFarEvents) {
  // A ladder's Bottom overflows when many events land just after now; the heaps do not care.
  Checked<TypeParam> c;
  std::mt19937_64 rng(9);
  for (int i = 0; i < 2000; ++i) c.push(static_cast<Tick>(rng() % 100'000'000));
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 50; ++i) c.pop();
    for (int i = 0; i < 1000; ++i) c.push(c.now() + static_cast<Tick>(rng() % 1000));
    for (int i = 0; i < 500; ++i) c.push(c.now() + static_cast<Tick>(rng() % 3));
  }
  c.drain();
}

TYPED_TEST(EventQueueTest, SteadyHoldKeepsSize) {
  // The benchmark's pattern: pop the minimum, push it again at an exponential increment.
  Checked<TypeParam> c;
  std::mt19937_64 rng(10);
  std::exponential_distribution<double> inc(1e-6);
  for (int i = 0; i < 200; ++i) c.push(static_cast<Tick>(inc(rng)));
  for (int i = 0; i < 20000 && !::testing::Test::HasFailure(); ++i) {
    const Event e = c.pop();
    c.push(e.tick + static_cast<Tick>(inc(rng)));
  }
  EXPECT_EQ(c.q.size(), 200u);
  c.drain();
}

TYPED_TEST(EventQueueTest, ClearThenReuse) {
  Checked<TypeParam> c;
  random_holds(c, 11, 2000, 1'000'000);
  for (int i = 0; i < 10 && c.size() > 0; ++i) c.pop();
  c.clear();
  EXPECT_TRUE(c.q.empty());
  EXPECT_EQ(c.q.size(), 0u);
  random_holds(c, 12, 4000, 0);  // earlier ticks than before the clear: a fresh queue
  c.drain();
}

}  // namespace
}  // namespace dcsim

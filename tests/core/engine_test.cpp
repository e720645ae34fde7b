#include "dcsim/core/engine.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dcsim {
namespace {

// Records what runs; kind 1 events schedule follow-ups listed in `follow_ups[target]`.
struct Recorder {
  struct FollowUp {
    Tick delay;
    std::uint32_t target;
  };
  std::vector<std::pair<Tick, std::uint32_t>> log;
  std::vector<std::vector<FollowUp>> follow_ups = std::vector<std::vector<FollowUp>>(16);
  std::uint32_t stop_at_target = ~0u;

  template <class Sim>
  void handle(const Event& e, Sim& sim) {
    log.emplace_back(e.tick, e.target);
    for (const auto& f : follow_ups[e.target]) sim.schedule_after(f.delay, 0, f.target);
    if (e.target == stop_at_target) sim.stop();
  }
};

TEST(Engine, RunsEventsInTimeOrder) {
  Recorder model;
  Engine<Recorder> engine(model);
  engine.schedule_at(30, 0, 3);
  engine.schedule_at(10, 0, 1);
  engine.schedule_at(20, 0, 2);
  EXPECT_EQ(engine.run(), 3u);
  EXPECT_EQ(model.log, (std::vector<std::pair<Tick, std::uint32_t>>{{10, 1}, {20, 2}, {30, 3}}));
  EXPECT_EQ(engine.now(), 30);
  EXPECT_EQ(engine.events_executed(), 3u);
}

TEST(Engine, SameTickRunsInSchedulingOrder) {
  Recorder model;
  Engine<Recorder> engine(model);
  for (std::uint32_t t = 0; t < 8; ++t) engine.schedule_at(5, 0, t);
  engine.run();
  ASSERT_EQ(model.log.size(), 8u);
  for (std::uint32_t t = 0; t < 8; ++t) EXPECT_EQ(model.log[t].second, t);
}

// A zero-delay event goes to the same-time lane; it must still run after the events already
// queued for the same tick (they were scheduled earlier), and lane events keep FIFO order.
TEST(Engine, ZeroDelayEventsRunAfterEarlierScheduledSameTickEvents) {
  Recorder model;
  model.follow_ups[1] = {{0, 3}, {0, 4}};  // A (1) at t=5 schedules C (3) and D (4) at t=5
  model.follow_ups[3] = {{0, 5}};          // C schedules E (5) at t=5
  Engine<Recorder> engine(model);
  engine.schedule_at(5, 0, 1);
  engine.schedule_at(5, 0, 2);  // B
  engine.schedule_at(6, 0, 6);
  engine.run();
  EXPECT_EQ(model.log, (std::vector<std::pair<Tick, std::uint32_t>>{{5, 1}, {5, 2}, {5, 3}, {5, 4}, {5, 5}, {6, 6}}));
}

TEST(Engine, EventsScheduledAtTimeZeroBeforeRunUseTheLane) {
  Recorder model;
  Engine<Recorder> engine(model);
  engine.schedule_at(0, 0, 2);
  engine.schedule_at(1, 0, 3);
  engine.schedule_at(0, 0, 1);
  EXPECT_EQ(engine.pending(), 3u);
  engine.run();
  EXPECT_EQ(model.log, (std::vector<std::pair<Tick, std::uint32_t>>{{0, 2}, {0, 1}, {1, 3}}));
}

TEST(Engine, StopEndsTheRunAfterTheCurrentEvent) {
  Recorder model;
  model.stop_at_target = 2;
  Engine<Recorder> engine(model);
  for (std::uint32_t t = 1; t <= 4; ++t) engine.schedule_at(t * 10, 0, t);
  EXPECT_EQ(engine.run(), 2u);
  EXPECT_EQ(engine.now(), 20);
  EXPECT_EQ(engine.pending(), 2u);
  EXPECT_EQ(engine.run(), 2u);  // resumes
  EXPECT_EQ(engine.now(), 40);
}

TEST(Engine, RunUntilLeavesLaterEventsPending) {
  Recorder model;
  Engine<Recorder> engine(model);
  for (std::uint32_t t = 1; t <= 5; ++t) engine.schedule_at(t * 10, 0, t);
  EXPECT_EQ(engine.run(30), 3u);  // 10, 20, 30: an event exactly at `until` runs
  EXPECT_EQ(engine.now(), 30);
  EXPECT_EQ(engine.pending(), 2u);
  EXPECT_EQ(engine.run(), 2u);
}

TEST(Engine, SelfSchedulingChainAdvancesTime) {
  Recorder model;
  model.follow_ups[0] = {{7, 0}};
  model.stop_at_target = 9;  // never: stop through run(until)
  Engine<Recorder> engine(model);
  engine.schedule_at(0, 0, 0);
  EXPECT_EQ(engine.run(70), 11u);  // ticks 0, 7, ..., 70
  EXPECT_EQ(engine.now(), 70);
  EXPECT_EQ(engine.pending(), 1u);
}

}  // namespace
}  // namespace dcsim

namespace dcsim {
namespace {

TEST(TimeScale, RoundsToTicksAndSaturatesBeyondTheRange) {
  const TimeScale us(1e-6);
  EXPECT_EQ(us.ticks(1.0), 1'000'000);
  EXPECT_EQ(us.ticks(0.4e-6), 0);
  EXPECT_EQ(us.ticks(0.6e-6), 1);
  EXPECT_EQ(us.ticks(1e40), kNever);  // a heavy-tailed draw never comes, it does not wrap
  EXPECT_DOUBLE_EQ(us.seconds(3'600'000'000), 3600.0);
}

TEST(Engine, DelayPastTheTickRangeMeansNever) {
  Recorder model;
  Engine<Recorder> engine(model);
  engine.schedule_at(100, 0, 1);
  engine.run();
  engine.schedule_after(kNever - 10, 0, 2);
  EXPECT_EQ(engine.run(1'000'000), 0u);
  EXPECT_EQ(engine.pending(), 1u);
}

// An interrupt request (Ctrl-C in the dcsim program) is seen within kInterruptCheckEvents
// events and ends run() with Interrupted; without a request nothing changes.
struct Forever {
  std::uint64_t handled = 0;
  template <class Sim>
  void handle(const Event&, Sim& sim) {
    if (++handled == 10'000) request_interrupt();
    sim.schedule_after(1, 0, 0);
  }
};

TEST(Engine, AnInterruptRequestStopsTheRunWithinOneCheckInterval) {
  Forever model;
  Engine<Forever> engine(model);
  engine.schedule_at(0, 0, 0);
  EXPECT_THROW(engine.run(), Interrupted);
  clear_interrupt();
  // The check after event 12,288 (3 x 4096) is the first to see the request made in event 10,000.
  EXPECT_EQ(engine.events_executed(), 3 * kInterruptCheckEvents);
  EXPECT_EQ(model.handled, 3 * kInterruptCheckEvents);
  // Withdrawn, the run goes on where it stopped: ticks 12,288 to 20,000.
  EXPECT_EQ(engine.run(20'000), 20'000u - 3 * kInterruptCheckEvents + 1);
}

}  // namespace
}  // namespace dcsim

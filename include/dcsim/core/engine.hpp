#pragma once
// The run loop. `Engine<Model, Queue>` pops events in (tick, seq) order and hands each to
// `model.handle(event, engine)`. Both are template parameters, so the dispatch inlines: no
// virtual call, no std::function and no allocation per event (the queue and the lane grow
// geometrically and keep their capacity).
//
// Zero-delay events (scheduled at `now`) skip the queue and go to a FIFO lane, the OMNeT++
// idea: a completion that starts the next job costs O(1) instead of a heap push and pop.
// Order is still exactly (tick, seq): an event in the queue at tick `now` was scheduled
// before time reached `now`, so its seq is smaller than every lane event's and it runs first.
//
// Every kInterruptCheckEvents events the loop looks at the interrupt request (core/interrupt.hpp:
// Ctrl-C in the dcsim program) and throws Interrupted when there is one: one mask test per event.
#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dcsim/core/event.hpp"
#include "dcsim/core/event_queue.hpp"
#include "dcsim/core/interrupt.hpp"
#include "dcsim/core/queue/default_queue.hpp"

namespace dcsim {

template <class Model, EventQueue Queue = DefaultEventQueue>
class Engine {
 public:
  explicit Engine(Model& model) : model_(model) {}

  [[nodiscard]] Tick now() const { return now_; }
  [[nodiscard]] std::uint64_t events_executed() const { return executed_; }
  [[nodiscard]] std::size_t pending() const { return queue_.size() + (lane_.size() - lane_head_); }

  /// Schedules `kind` for `target` at absolute tick `when` (never in the past).
  void schedule_at(Tick when, std::uint32_t kind, std::uint32_t target) {
    assert(when >= now_ && "an event cannot be scheduled in the past");
    const Event e{when, next_seq_++, kind, target};
    if (when == now_) {
      lane_.push_back(e);
    } else {
      queue_.push(e);
    }
  }
  /// Schedules `delay` ticks from now; a delay reaching past the tick range means kNever.
  void schedule_after(Tick delay, std::uint32_t kind, std::uint32_t target) {
    schedule_at(delay >= kNever - now_ ? kNever : now_ + delay, kind, target);
  }

  /// Ends `run` after the event being handled.
  void stop() { stopped_ = true; }
  [[nodiscard]] bool stopped() const { return stopped_; }

  /// Capacity hint: how many events will be pending at once (the lane gets a share of it).
  void reserve(std::size_t pending_events) {
    queue_.reserve(pending_events);
    lane_.reserve(std::min<std::size_t>(pending_events, 4096));
  }

  /// Executes events until the model calls stop(), no event is left, or the next event lies
  /// after `until` (then `now` is left at the last executed event). Returns events executed
  /// by this call. Throws Interrupted when an interrupt was requested (request_interrupt).
  std::uint64_t run(Tick until = kNever) {
    const std::uint64_t before = executed_;
    stopped_ = false;
    while (!stopped_) {
      // Before the next event is taken, so the run can go on once the request is withdrawn.
      if ((executed_ & (kInterruptCheckEvents - 1)) == 0 && interrupt_requested()) [[unlikely]] {
        throw_interrupted();
      }
      Event e;
      if (lane_head_ < lane_.size() && (queue_.empty() || queue_.top().tick != now_)) {
        e = lane_[lane_head_++];
        if (lane_head_ == lane_.size()) {
          lane_.clear();
          lane_head_ = 0;
        }
      } else if (!queue_.empty()) {
        if (until != kNever && queue_.top().tick > until) break;
        e = queue_.pop();
      } else {
        break;
      }
      now_ = e.tick;
      ++executed_;
      model_.handle(e, *this);
    }
    return executed_ - before;
  }

 private:
  Model& model_;
  Queue queue_;
  std::vector<Event> lane_;  // events at tick == now_, in seq order
  std::size_t lane_head_ = 0;
  Tick now_ = 0;
  std::uint64_t next_seq_ = 0;
  std::uint64_t executed_ = 0;
  bool stopped_ = false;
};

/// Runs a model from its `start(engine)` until it calls stop() or runs out of events, and
/// returns its `result(now, events executed)`: one replication of any model shaped so.
template <EventQueue Queue = DefaultEventQueue, class Model>
[[nodiscard]] auto run_to_stop(Model& model, std::size_t pending_hint) {
  Engine<Model, Queue> engine(model);
  engine.reserve(pending_hint);
  model.start(engine);
  engine.run();
  return model.result(engine.now(), engine.events_executed());
}

}  // namespace dcsim

#pragma once
// The event record: a small POD ordered by (tick, seq). `seq` is a global insertion counter,
// so two events at the same tick run in the order they were scheduled — the same on every
// run and every platform. `kind` and `target` are the model's own: which handler, and which
// entity (server, job slot, node...) it concerns.
#include <cstdint>
#include <type_traits>

#include "dcsim/core/time.hpp"

namespace dcsim {

struct Event {
  Tick tick;
  std::uint64_t seq;
  std::uint32_t kind;
  std::uint32_t target;
};
static_assert(std::is_trivially_copyable_v<Event> && sizeof(Event) == 24);

/// Strict order of execution: earlier tick first, then earlier insertion.
[[nodiscard]] constexpr bool runs_before(const Event& a, const Event& b) {
  return a.tick < b.tick || (a.tick == b.tick && a.seq < b.seq);
}

}  // namespace dcsim

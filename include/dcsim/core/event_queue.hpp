#pragma once
// The future event set interface. Every queue in core/queue/ models this concept and must
// pop events in `runs_before` order; the engine is a template over it, so swapping a queue
// is a type change, with no virtual call per event.
#include <concepts>
#include <cstddef>

#include "dcsim/core/event.hpp"

namespace dcsim {

template <class Q>
concept EventQueue = requires(Q q, const Q cq, Event e, std::size_t n) {
  q.push(e);                                  // insert; e.tick >= tick of the last pop
  { q.pop() } -> std::same_as<Event>;         // remove and return the earliest (non-empty only)
  { cq.top() } -> std::convertible_to<Event>;       // earliest, without removing it
  { cq.empty() } -> std::convertible_to<bool>;
  { cq.size() } -> std::convertible_to<std::size_t>;
  q.clear();
  q.reserve(n);                               // a capacity hint; may do nothing
};

}  // namespace dcsim

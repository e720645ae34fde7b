#pragma once
// A request to stop the simulations that are running, made from a signal handler (the dcsim
// program's SIGINT and SIGTERM) or any thread. Engines poll it every kInterruptCheckEvents
// events and then throw Interrupted, which unwinds the run like any error (replications pass it
// back to their caller), so a run stops within a few thousand events and nothing is written.
// A program that never requests an interrupt never sees one.
#include <atomic>
#include <cstdint>
#include <stdexcept>

namespace dcsim {

namespace detail {
inline std::atomic<int> interrupt_signal{0};  // the signal that asked, -1 for a request without one; 0 = none
static_assert(std::atomic<int>::is_always_lock_free, "request_interrupt must be async-signal-safe");
}  // namespace detail

/// How many events an engine runs between two looks at the request (a power of two).
inline constexpr std::uint64_t kInterruptCheckEvents = 4096;

/// Asks running simulations to stop. Async-signal-safe: one lock-free atomic store, no
/// allocation, no lock. `signal_number` is kept for the exit code (0 records -1).
inline void request_interrupt(int signal_number = 0) noexcept {
  detail::interrupt_signal.store(signal_number != 0 ? signal_number : -1, std::memory_order_relaxed);
}
/// The signal number of the request (-1 when made without one), or 0 when there is none.
[[nodiscard]] inline int interrupt_signal() noexcept { return detail::interrupt_signal.load(std::memory_order_relaxed); }
[[nodiscard]] inline bool interrupt_requested() noexcept { return interrupt_signal() != 0; }
/// Withdraws the request (a test, or a program that runs again after an interrupt).
inline void clear_interrupt() noexcept { detail::interrupt_signal.store(0, std::memory_order_relaxed); }

/// Thrown by a simulation that stopped on request: its results are incomplete and must not
/// be reported as a run's.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

/// Out of line and cold, so the check in a hot loop stays one load and one branch.
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_interrupted() { throw Interrupted(); }

}  // namespace dcsim

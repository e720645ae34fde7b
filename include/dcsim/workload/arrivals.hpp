#pragma once
// Arrival streams: when jobs arrive, in seconds since the stream's start. Each stream is a
// small value type that keeps its own clock and is drawn lazily — next(rng) gives the next
// arrival time (non-decreasing), so a source schedules one arrival at a time and never
// materializes its stream. A stream draws only from the generator it is given: the caller
// derives one named RandomStream per source, so adding a source, or drawing more from one,
// never changes another's arrivals.
//
//   PoissonArrivals          constant rate
//   ProfiledPoissonArrivals  rate x hour-of-day x day-of-week x monthly ramp (thinning)
//   MarkovModulatedArrivals  rate set by a hidden Markov chain (bursty)
//   BatchArrivals            Poisson batches of several jobs sharing one instant
//   RenewalArrivals          independent gaps from any duration distribution (periodic, ...)
//
// ArrivalStream is the closed set as a std::variant, like Distribution: no virtual call and
// no allocation per draw; list-type data sits behind a shared_ptr, so copies are cheap.
#include <string_view>
#include <type_traits>
#include <variant>

#include "dcsim/core/random.hpp"
#include "dcsim/workload/arrivals/batch.hpp"
#include "dcsim/workload/arrivals/mmpp.hpp"
#include "dcsim/workload/arrivals/poisson.hpp"
#include "dcsim/workload/arrivals/profiled.hpp"
#include "dcsim/workload/arrivals/renewal.hpp"

namespace dcsim {

using ArrivalStream =
    std::variant<PoissonArrivals, ProfiledPoissonArrivals, MarkovModulatedArrivals, BatchArrivals, RenewalArrivals>;

/// The stream's next arrival time (seconds). Poisson, the common source, skips the visit.
inline double next_arrival(ArrivalStream& s, RandomStream& g) {
  if (auto* p = std::get_if<PoissonArrivals>(&s)) return p->next(g);
  return std::visit([&g](auto& stream) { return stream.next(g); }, s);
}

/// The long-run arrivals per second (for a ramped profile, the un-ramped week average: see
/// ProfiledPoissonArrivals::mean_rate).
[[nodiscard]] inline double mean_rate(const ArrivalStream& s) {
  return std::visit([](const auto& stream) { return stream.mean_rate(); }, s);
}

/// The lowercase name a scenario file uses: "poisson", "profiled", "mmpp", "batch", "renewal".
[[nodiscard]] inline std::string_view name(const ArrivalStream& s) {
  return std::visit([](const auto& stream) { return std::decay_t<decltype(stream)>::kName; }, s);
}

}  // namespace dcsim

#pragma once
// DefaultEventQueue: the future event set the engine uses unless given another.
//
// Chosen by measurement (bench/RESULTS.md, "Future event set: the hold model"; 2-vCPU AMD
// EPYC Zen 5 under KVM, g++ 12.2):
//   - The engine's hot case is small: W1 (M/M/64) keeps ~60 events pending. Run end to end
//     (W1 from bench/mmc_bench.cpp with each queue), LadderQueue executes 40.0 M events/s,
//     against 36.5 for RadixHeap and 34.8 for QuaternaryHeap at -O2 (41.0 / 38.2 / 36.6 at -O3):
//     12-19% ahead of the 4-ary heap over five runs.
//   - In the hold model at N = 64 the ladder is first on exponential increments (48.6 M holds/s
//     vs 48.2 for the 4-ary heap) and never more than 13% behind the best on the others. It
//     leads at N = 100 (+13%) and 10 000 (1.7x); at 1 000 000 it is 1.5-2.2x the heaps, but
//     RadixHeap is 3-4x faster still.
//   - top() is O(1) (the engine peeks at it), any push order is accepted, and after reserve(n)
//     a steady run does not allocate.
// For trace replay with ~1e6 pending events, use RadixHeap (ticks must be monotone, as in any
// DES). QuaternaryHeap remains the simple O(log n) choice. All three model dcsim::EventQueue,
// so Engine<Model, Queue> takes any of them.
#include "dcsim/core/queue/ladder_queue.hpp"

namespace dcsim {

using DefaultEventQueue = LadderQueue;

}  // namespace dcsim

#pragma once
// placeholder until measured
#include "dcsim/core/queue/dary_heap.hpp"
namespace dcsim {
using DefaultEventQueue = QuaternaryHeap;
}

#pragma once
// BinaryHeap: the textbook array binary min-heap of Event, ordered by runs_before.
//   push O(log2 n), pop O(log2 n) (about 2·log2 n comparisons), top O(1).
//   Memory: 24 B per event (the Event itself, in one std::vector); no allocation per
//   operation once the vector has grown (or after reserve()).
// It is the baseline the other queues are measured against (bench/RESULTS.md), and the
// future event set OMNeT++ uses by default.
#include <cstddef>
#include <vector>

#include "dcsim/core/event.hpp"

namespace dcsim {

class BinaryHeap {
 public:
  void push(const Event& e) {
    // Sift a hole up from the new leaf instead of swapping: one store per level.
    std::size_t i = heap_.size();
    heap_.push_back(e);
    Event* h = heap_.data();
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!runs_before(e, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }

  Event pop() {
    const Event result = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return result;
    // Sift the hole left at the root down, then drop the former last leaf into it.
    Event* h = heap_.data();
    std::size_t i = 0;
    for (std::size_t c = 1; c < n; c = 2 * i + 1) {
      if (c + 1 < n && runs_before(h[c + 1], h[c])) ++c;
      if (!runs_before(h[c], last)) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
    return result;
  }

  [[nodiscard]] const Event& top() const { return heap_.front(); }
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  void clear() { heap_.clear(); }
  void reserve(std::size_t n) { heap_.reserve(n); }

 private:
  std::vector<Event> heap_;
};

}  // namespace dcsim

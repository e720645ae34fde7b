#pragma once
// A binary min-heap of small integer ids (slots of a pool) with their keys. Unlike
// std::priority_queue it knows where every id sits, so any id can be erased in O(log n) when
// its job leaves early (withdrawn, preempted), and it can hand out its smallest entries in
// order without popping them: EASY backfilling walks the running jobs by estimated end but
// must leave them all in place.
//
// Keys should be distinct (include the id or a sequence number) so that the order, and with
// it the simulation, never depends on how ties happen to sit in the array.
#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dcsim::cluster {

template <class Key>
class IndexedMinHeap {
 public:
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};

  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  [[nodiscard]] bool contains(std::uint32_t id) const { return id < position_.size() && position_[id] != kNone; }
  /// The id with the smallest key, or kNone when empty.
  [[nodiscard]] std::uint32_t top() const { return heap_.empty() ? kNone : heap_.front().id; }

  void push(std::uint32_t id, const Key& key) {
    assert(!contains(id));
    if (id >= position_.size()) position_.resize(std::size_t{id} + 1, kNone);  // geometric growth
    heap_.push_back(Entry{key, id});
    sift_up(heap_.size() - 1);
  }

  void erase(std::uint32_t id) {
    assert(contains(id));
    const std::size_t at = position_[id];
    position_[id] = kNone;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (at == heap_.size()) return;  // it was the last entry
    place(at, last);
    if (at > 0 && last.key < heap_[(at - 1) / 2].key) {
      sift_up(at);
    } else {
      sift_down(at);
    }
  }

  /// Calls visit(id, key) for the entries in increasing key order while it returns true.
  /// Costs O(k log k) for the k entries visited, not a sort of the whole heap: a second,
  /// small heap holds the frontier (the children of the entries visited so far).
  template <class Visit>
  void visit_in_order(Visit visit) {
    if (heap_.empty()) return;
    const auto later = [this](std::uint32_t a, std::uint32_t b) { return heap_[b].key < heap_[a].key; };
    frontier_.clear();
    frontier_.push_back(0);
    while (!frontier_.empty()) {
      std::pop_heap(frontier_.begin(), frontier_.end(), later);
      const std::uint32_t at = frontier_.back();
      frontier_.pop_back();
      if (!visit(heap_[at].id, heap_[at].key)) return;
      for (std::size_t child = 2 * std::size_t{at} + 1; child <= 2 * std::size_t{at} + 2 && child < heap_.size(); ++child) {
        frontier_.push_back(static_cast<std::uint32_t>(child));
        std::push_heap(frontier_.begin(), frontier_.end(), later);
      }
    }
  }

 private:
  struct Entry {
    Key key;
    std::uint32_t id;
  };

  void place(std::size_t at, const Entry& e) {
    heap_[at] = e;
    position_[e.id] = static_cast<std::uint32_t>(at);
  }
  void sift_up(std::size_t at) {
    const Entry e = heap_[at];
    while (at > 0) {
      const std::size_t parent = (at - 1) / 2;
      if (!(e.key < heap_[parent].key)) break;
      place(at, heap_[parent]);
      at = parent;
    }
    place(at, e);
  }
  void sift_down(std::size_t at) {
    const Entry e = heap_[at];
    const std::size_t n = heap_.size();
    for (;;) {
      std::size_t child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && heap_[child + 1].key < heap_[child].key) ++child;
      if (!(heap_[child].key < e.key)) break;
      place(at, heap_[child]);
      at = child;
    }
    place(at, e);
  }

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> position_;  // by id: index into heap_, kNone when absent
  std::vector<std::uint32_t> frontier_;  // visit_in_order's scratch, kept for its capacity
};

}  // namespace dcsim::cluster

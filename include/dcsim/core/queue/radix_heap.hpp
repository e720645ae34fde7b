#pragma once
// RadixHeap: a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990) over the integer tick, for
// monotone queues — nothing is pushed before the tick of the last pop, which a DES guarantees.
//   push O(1); pop amortised O(log C), C = the largest push-ahead in ticks (an event moves
//   to a strictly lower bucket at most 64 times, in practice a few); top O(1) while events
//   wait at the current tick, else one scan of the lowest bucket, cached until a settle.
//   Memory: 24 B per event (Events stored inline in 65 vectors whose capacity is kept, so
//   there is no allocation per operation in steady state).
// buckets_[b] holds the events whose key first differs from last_ (the tick of the last pop)
// at bit b; every key in bucket b is below every key in bucket b+1, so the minimum is in the
// lowest non-empty bucket, and a pop splits only that bucket. now_ holds the events at
// exactly last_, sorted by seq so that ties leave in runs_before order.
// Precondition (asserted in debug builds): no push before the tick of the last pop.
#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dcsim/core/event.hpp"

namespace dcsim {

class RadixHeap {
 public:
  void push(const Event& e) {
    const std::uint64_t k = key(e.tick);
    assert(k >= last_ && "RadixHeap needs monotone ticks");
    ++size_;
    if (k == last_) {
      push_now(e);
      return;
    }
    const int b = std::bit_width(k ^ last_) - 1;  // 0..63: highest differing bit
    buckets_[b].push_back(e);
    nonempty_ |= std::uint64_t{1} << b;
    // Keep a known minimum exact: below its bucket, e is the new minimum (that bucket was
    // empty, or a push into it would have moved the cache there); in it, compare.
    if (b < min_bucket_ ||
        (b == min_bucket_ && runs_before(e, buckets_[b][min_index_]))) {
      min_bucket_ = b;
      min_index_ = buckets_[b].size() - 1;
    }
  }

  Event pop() {
    if (head_ == now_.size()) settle();
    const Event e = now_[head_++];
    if (head_ == now_.size()) {
      now_.clear();
      head_ = 0;
    }
    --size_;
    return e;
  }

  [[nodiscard]] Event top() const {
    if (head_ < now_.size()) return now_[head_];
    find_min();
    return buckets_[min_bucket_][min_index_];
  }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  void clear() {
    for (auto& b : buckets_) b.clear();
    now_.clear();
    head_ = 0;
    min_bucket_ = kNoMin;
    nonempty_ = 0;
    last_ = 0;
    size_ = 0;
  }
  /// Buckets fill unevenly, so there is nothing useful to reserve up front.
  void reserve(std::size_t) {}

 private:
  __extension__ using u128 = unsigned __int128;

  /// Ticks as unsigned keys with the same order (the sign bit flipped).
  static std::uint64_t key(Tick t) { return static_cast<std::uint64_t>(t) ^ (std::uint64_t{1} << 63); }
  /// (tick, seq) as one integer whose order is runs_before.
  static u128 order_key(const Event& e) { return (u128{key(e.tick)} << 64) | e.seq; }

  void push_now(const Event& e) {
    // The engine's seq only grows, so a new same-tick event almost always goes at the end.
    if (head_ == now_.size() || now_.back().seq < e.seq) {
      now_.push_back(e);
    } else {
      now_.insert(std::upper_bound(now_.begin() + static_cast<std::ptrdiff_t>(head_), now_.end(), e,
                                   runs_before),
                  e);
    }
  }

  // Locates the earliest event of the lowest non-empty bucket, unless already cached. top()
  // is const but may run between pops (an engine peeking at the next time), so the answer is
  // cached rather than recomputed: it changes only on a push (see push) or a settle.
  void find_min() const {
    if (min_bucket_ != kNoMin) return;
    const int b = std::countr_zero(nonempty_);
    const Event* ev = buckets_[b].data();
    const std::size_t n = buckets_[b].size();
    // A select on one 128-bit key, (tick : seq), compiles to conditional moves; a
    // runs_before scan branches on coin tosses and measured ~15% slower per hold.
    std::size_t m = 0;
    u128 km = order_key(ev[0]);
    for (std::size_t i = 1; i < n; ++i) {
      const u128 ki = order_key(ev[i]);
      const bool lt = ki < km;
      m = lt ? i : m;
      km = lt ? ki : km;
    }
    min_bucket_ = b;
    min_index_ = m;
  }

  // now_ is empty: advance last_ to the smallest tick and split the lowest non-empty bucket
  // into now_ and the buckets below it.
  void settle() {
    const int b = std::countr_zero(nonempty_);
    std::vector<Event>& from = buckets_[b];
    std::uint64_t lo;
    if (min_bucket_ == b) {  // a top() since the last settle already found it
      lo = key(from[min_index_].tick);
    } else {  // only the smallest tick is needed here: cheaper than find_min
      lo = ~std::uint64_t{0};
      for (const Event& e : from) lo = std::min(lo, key(e.tick));
    }
    min_bucket_ = kNoMin;
    last_ = lo;
    for (const Event& e : from) {
      const std::uint64_t k = key(e.tick);
      if (k == lo) {
        now_.push_back(e);
      } else {
        const int nb = std::bit_width(k ^ lo) - 1;  // < b: the keys now share bit b with lo
        buckets_[nb].push_back(e);
        nonempty_ |= std::uint64_t{1} << nb;
      }
    }
    from.clear();
    nonempty_ &= ~(std::uint64_t{1} << b);
    if (now_.size() > 1) std::sort(now_.begin(), now_.end(), runs_before);
  }

  std::array<std::vector<Event>, 64> buckets_;
  std::vector<Event> now_;  // bucket 0: tick == last_, sorted by seq from head_
  std::size_t head_ = 0;
  static constexpr int kNoMin = -1;  // below every bucket: push leaves it alone
  mutable int min_bucket_ = kNoMin;  // cache: buckets_[min_bucket_][min_index_] is the
  mutable std::size_t min_index_ = 0;  // earliest bucketed event; kNoMin = not known
  std::uint64_t nonempty_ = 0;  // bit b set <=> buckets_[b] non-empty
  std::uint64_t last_ = 0;      // key of the last pop (0 = the smallest Tick)
  std::size_t size_ = 0;
};

}  // namespace dcsim

#pragma once
// LadderQueue: the ladder queue of Tang, Goh & Thng (ACM TOMACS 15(3), 2005), adapted to
// integer ticks.
//   push O(1); pop O(1) amortised (the paper's result, for timestamp distributions with a
//   finite mean jump; here a bucket that cannot be split further — one tick wide, or past
//   kMaxRungs — is sorted, O(k log k) once for its k events); top O(1).
//   Memory: about 36-40 B per event: a 32-B pool node (Event + 32-bit next index, so at most
//   2^32-1 events) while the event is in Top or a rung, plus 4-8 B of bucket heads; 24 B
//   while it is in Bottom. After reserve(n), a steady run at n pending does not allocate.
// Three tiers:
//   Top    — an unsorted list of the far future (key > ladder_max_); push is O(1).
//   Ladder — rungs of buckets; rung 0 is made from all of Top at once, and a bucket with
//            more than kThres events is split into a finer rung below, instead of sorted.
//   Bottom — a short sorted array of the next events; pop takes its front.
// Deviations from the paper: bucket widths are powers of two (a shift, not a division, per
// push); buckets are index-linked lists in one node pool (no allocation per event); a
// width-1 bucket — all one tick — is sorted whatever its size; and when Bottom overflows,
// its events past the earliest tick become a new lowest rung, so a burst of near-future
// pushes costs O(1) each rather than a sorted insertion.
// Invariant: the queue is non-empty => Bottom is non-empty, so top() is const and O(1).
// Correct for any push order; monotone ticks (a DES) keep the tiers small.
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dcsim/core/event.hpp"

namespace dcsim {

class LadderQueue {
 public:
  void push(const Event& e) {
    const std::uint64_t k = key(e.tick);
    if (size_++ == 0) {  // empty: start afresh, the event alone in Bottom
      nrungs_ = 0;
      ladder_max_ = k;
      bottom_.push_back(e);
      return;
    }
    if (k > ladder_max_) {
      top_head_ = link(e, top_head_);
      ++top_count_;
      top_min_ = std::min(top_min_, k);
      top_max_ = std::max(top_max_, k);
      return;
    }
    // The first rung whose unspent buckets reach down to k takes it; rung 0 is the coarsest.
    for (std::size_t i = 0; i < nrungs_; ++i) {
      Rung& r = rungs_[i];
      if (k >= r.start && ((k - r.start) >> r.shift) >= r.cur) {
        std::uint32_t& head = r.heads[(k - r.start) >> r.shift];
        head = link(e, head);
        ++r.count;
        return;
      }
    }
    push_bottom(e);
  }

  Event pop() {
    const Event e = bottom_[bhead_++];
    if (bhead_ == bottom_.size()) {
      bottom_.clear();
      bhead_ = 0;
      if (size_ > 1) refill();
    }
    --size_;
    return e;
  }

  [[nodiscard]] const Event& top() const { return bottom_[bhead_]; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  void clear() {
    nodes_.clear();
    free_ = kNil;
    top_head_ = kNil;
    top_count_ = 0;
    top_min_ = ~std::uint64_t{0};
    top_max_ = 0;
    nrungs_ = 0;
    bottom_.clear();
    bhead_ = 0;
    size_ = 0;
  }
  /// Sizes what can hold n events — the pool, rung 0 (at most one bucket per event from Top),
  /// Bottom up to its overflow limit, and finer rungs for buckets of up to 4·kThres events —
  /// so that a steady run at n pending does not allocate.
  void reserve(std::size_t n) {
    nodes_.reserve(n);
    rungs_[0].heads.reserve(n);
    for (std::size_t i = 1; i < kMaxRungs; ++i) rungs_[i].heads.reserve(std::min(2 * n, 8 * kThres));
    bottom_.reserve(std::min(n, kBottomMax) + 1);
  }

 private:
  static constexpr std::uint32_t kNil = ~std::uint32_t{0};
  static constexpr std::size_t kThres = 50;       // the paper's THRES: largest bucket sorted
  static constexpr std::size_t kMaxRungs = 16;    // 64-bit keys split >= 6 bits per rung
  static constexpr std::size_t kBottomMax = 4 * kThres;

  struct Node {
    Event ev;
    std::uint32_t next;
  };
  struct Rung {
    std::uint64_t start = 0;  // key of the lower edge of bucket 0
    unsigned shift = 0;       // bucket width = 2^shift ticks
    std::size_t cur = 0;      // buckets below cur are spent (their events went down)
    std::size_t count = 0;    // events in this rung
    std::vector<std::uint32_t> heads;  // one list per bucket, kNil = empty
  };

  /// Ticks as unsigned keys with the same order (the sign bit flipped).
  static std::uint64_t key(Tick t) { return static_cast<std::uint64_t>(t) ^ (std::uint64_t{1} << 63); }

  std::uint32_t link(const Event& e, std::uint32_t next) {
    std::uint32_t i = free_;
    if (i != kNil) {
      free_ = nodes_[i].next;
      nodes_[i] = Node{e, next};
    } else {
      i = static_cast<std::uint32_t>(nodes_.size());
      nodes_.push_back(Node{e, next});
    }
    return i;
  }

  /// Smallest shift s such that a span of `span` ticks fits in at most n buckets of 2^s.
  static unsigned fit_shift(std::uint64_t span, std::size_t n) {
    return static_cast<unsigned>(std::bit_width(span / n));
  }

  /// Last key of the bucket [start, start + 2^shift), saturated at the largest key.
  static std::uint64_t bucket_last(std::uint64_t start, unsigned shift) {
    const std::uint64_t w = (std::uint64_t{1} << shift) - 1;
    return start > ~std::uint64_t{0} - w ? ~std::uint64_t{0} : start + w;
  }

  /// Makes a new lowest rung of 2^shift-tick buckets over [start, last], from a node list.
  void add_rung(std::uint64_t start, std::uint64_t last, unsigned shift, std::uint32_t list,
                std::size_t count) {
    Rung& r = rungs_[nrungs_++];
    r.start = start;
    r.shift = shift;
    r.cur = 0;
    r.count = count;
    r.heads.assign(static_cast<std::size_t>((last - start) >> shift) + 1, kNil);
    while (list != kNil) {
      const std::uint32_t next = nodes_[list].next;
      std::uint32_t& head = r.heads[(key(nodes_[list].ev.tick) - start) >> shift];
      nodes_[list].next = head;
      head = list;
      list = next;
    }
  }

  // Bottom is empty and events remain: bring the next bucket down to it.
  void refill() {
    for (;;) {
      if (nrungs_ == 0) {  // the ladder is spent: Top becomes rung 0
        const unsigned s = fit_shift(top_max_ - top_min_, top_count_);
        const std::uint64_t last_start = top_min_ + (((top_max_ - top_min_) >> s) << s);
        ladder_max_ = bucket_last(last_start, s);
        add_rung(top_min_, ladder_max_, s, top_head_, top_count_);
        top_head_ = kNil;
        top_count_ = 0;
        top_min_ = ~std::uint64_t{0};
        top_max_ = 0;
      }
      Rung& r = rungs_[nrungs_ - 1];
      if (r.count == 0) {
        --nrungs_;
        continue;
      }
      while (r.heads[r.cur] == kNil) ++r.cur;
      const std::uint64_t bucket_start = r.start + (std::uint64_t{r.cur} << r.shift);
      std::uint32_t list = r.heads[r.cur];
      r.heads[r.cur++] = kNil;
      std::size_t n = 0;
      for (std::uint32_t i = list; i != kNil; i = nodes_[i].next) ++n;
      r.count -= n;
      if (n > kThres && r.shift > 0 && nrungs_ < kMaxRungs) {  // too many to sort: split finer
        const unsigned split = std::min<unsigned>(r.shift, static_cast<unsigned>(std::bit_width(n - 1)));
        const unsigned s = r.shift - split;
        add_rung(bucket_start, bucket_last(bucket_start, r.shift), s, list, n);
        continue;
      }
      while (list != kNil) {  // few enough (or all one tick): sort them into Bottom
        bottom_.push_back(nodes_[list].ev);
        const std::uint32_t next = nodes_[list].next;
        nodes_[list].next = free_;
        free_ = list;
        list = next;
      }
      std::sort(bottom_.begin(), bottom_.end(), runs_before);
      return;
    }
  }

  void push_bottom(const Event& e) {
    if (bottom_.size() == bottom_.capacity() && bhead_ > 0) {  // reuse the spent prefix
      bottom_.erase(bottom_.begin(), bottom_.begin() + static_cast<std::ptrdiff_t>(bhead_));
      bhead_ = 0;
    }
    const auto first = bottom_.begin() + static_cast<std::ptrdiff_t>(bhead_);
    bottom_.insert(std::upper_bound(first, bottom_.end(), e, runs_before), e);
    if (bottom_.size() - bhead_ <= kBottomMax || nrungs_ == kMaxRungs) return;
    // Overflow: keep the earliest tick in Bottom, move the later events (if many) to a new
    // lowest rung reaching up to where the current lowest rung (or the ladder) starts.
    const auto later = std::upper_bound(bottom_.begin() + static_cast<std::ptrdiff_t>(bhead_), bottom_.end(),
                                        bottom_[bhead_].tick,
                                        [](Tick t, const Event& x) { return t < x.tick; });
    const auto n = static_cast<std::size_t>(bottom_.end() - later);
    if (n <= kThres) return;
    std::uint64_t last = ladder_max_;
    if (nrungs_ > 0) {
      const Rung& low = rungs_[nrungs_ - 1];
      last = low.start + (std::uint64_t{low.cur} << low.shift) - 1;  // wraps right at 2^64
    }
    const std::uint64_t start = key(later->tick);
    std::uint32_t list = kNil;
    for (auto it = later; it != bottom_.end(); ++it) list = link(*it, list);
    bottom_.erase(later, bottom_.end());
    add_rung(start, last, fit_shift(last - start, n), list, n);
  }

  std::vector<Node> nodes_;  // pool for Top and the rungs; free_ heads the free list
  std::uint32_t free_ = kNil;
  std::uint32_t top_head_ = kNil;
  std::size_t top_count_ = 0;
  std::uint64_t top_min_ = ~std::uint64_t{0};
  std::uint64_t top_max_ = 0;
  std::uint64_t ladder_max_ = 0;  // keys above it go to Top
  std::array<Rung, kMaxRungs> rungs_;
  std::size_t nrungs_ = 0;
  std::vector<Event> bottom_;  // sorted; the live part starts at bhead_
  std::size_t bhead_ = 0;
  std::size_t size_ = 0;
};

}  // namespace dcsim

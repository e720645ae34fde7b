#pragma once
// DaryHeap<Arity>: array d-ary min-heap ordered by runs_before, keys stored apart from payloads.
//   push O(log_d n) (one comparison per level), pop O(d·log_d n), top O(1).
//   Memory: 24 B per event — a 16-B key {tick, seq} in one array and the 8-B payload
//   {kind, target} in a parallel one; no allocation per operation once the arrays have
//   grown (or after reserve()).
// Why this shape (measurements in bench/RESULTS.md):
//   - d = 4 halves the depth of a binary heap; the four children of a node are 64 B of keys,
//     so the extra comparisons per level cost little (LaMarca & Ladner 1996). (Aligning each
//     group of four to a cache line measured no gain.)
//   - The key is one unsigned 128-bit integer, (tick with its sign bit flipped) : seq, whose
//     integer order is runs_before: one compare, and the min-child pick below compiles to
//     conditional moves — the branch it replaces is a coin toss on random keys.
//   - Comparisons touch only the key array. DaryHeapInline keeps whole 24-B Events in one
//     array instead: 2-5% slower up to N = 1e4, but faster at 1e6, where this layout takes
//     one more cache miss per level (the payload). Small heaps are the engine's case.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dcsim/core/event.hpp"

namespace dcsim {

namespace detail {
__extension__ using u128 = unsigned __int128;  // __extension__: GCC/Clang builtin, no -Wpedantic noise

/// (tick, seq) packed so that integer order is runs_before order.
[[nodiscard]] constexpr u128 order_key(Tick tick, std::uint64_t seq) {
  return (u128(static_cast<std::uint64_t>(tick) ^ (std::uint64_t{1} << 63)) << 64) | seq;
}
[[nodiscard]] constexpr u128 order_key(const Event& e) { return order_key(e.tick, e.seq); }

/// Index of the smallest of the children keys [c, min(c + Arity, n)): a linear scan that
/// compiles to conditional moves (an arithmetic tournament of pairs measured 20% slower).
template <unsigned Arity, class KeyAt>
[[nodiscard]] inline std::size_t min_child(std::size_t c, std::size_t n, KeyAt key_at) {
  std::size_t m = c;
  u128 km = key_at(c);
  if (c + Arity <= n) {
    // Kept rolled: GCC -O3 unrolls it completely and then turns two of the selects back into
    // branches, which mispredict on random keys (measured -20 to -30%).
#pragma GCC unroll 1
    for (unsigned j = 1; j < Arity; ++j) {
      const u128 kj = key_at(c + j);
      const bool lt = kj < km;
      m = lt ? c + j : m;
      km = lt ? kj : km;
    }
  } else {
    for (std::size_t j = c + 1; j < n; ++j) {
      if (key_at(j) < km) {
        m = j;
        km = key_at(j);
      }
    }
  }
  return m;
}
}  // namespace detail

template <unsigned Arity>
class DaryHeap {
  static_assert(Arity >= 2);

 public:
  void push(const Event& e) {
    std::size_t i = keys_.size();
    keys_.push_back(0);
    vals_.push_back(0);
    detail::u128* k = keys_.data();
    std::uint64_t* v = vals_.data();
    const detail::u128 ke = detail::order_key(e);
    while (i > 0) {  // sift a hole up: one store per level instead of a swap
      const std::size_t parent = (i - 1) / Arity;
      if (!(ke < k[parent])) break;
      k[i] = k[parent];
      v[i] = v[parent];
      i = parent;
    }
    k[i] = ke;
    v[i] = e.kind | (std::uint64_t{e.target} << 32);
  }

  Event pop() {
    const Event result = top();
    const detail::u128 klast = keys_.back();
    const std::uint64_t vlast = vals_.back();
    keys_.pop_back();
    vals_.pop_back();
    const std::size_t n = keys_.size();
    detail::u128* k = keys_.data();
    std::uint64_t* v = vals_.data();
    std::size_t i = 0;
    // Sift the hole at the root down along the smallest children, then drop the former last
    // leaf into it. (Floyd's variant — hole to a leaf, then sift up — measured no faster.)
    for (std::size_t c = 1; c < n; c = Arity * i + 1) {
      const std::size_t m = detail::min_child<Arity>(c, n, [k](std::size_t j) { return k[j]; });
      if (!(k[m] < klast)) break;
      k[i] = k[m];
      v[i] = v[m];
      i = m;
    }
    if (n > 0) {
      k[i] = klast;
      v[i] = vlast;
    }
    return result;
  }

  [[nodiscard]] Event top() const {
    const detail::u128 k = keys_.front();
    const std::uint64_t v = vals_.front();
    return Event{static_cast<Tick>(static_cast<std::uint64_t>(k >> 64) ^ (std::uint64_t{1} << 63)),
                 static_cast<std::uint64_t>(k), static_cast<std::uint32_t>(v),
                 static_cast<std::uint32_t>(v >> 32)};
  }
  [[nodiscard]] bool empty() const { return keys_.empty(); }
  [[nodiscard]] std::size_t size() const { return keys_.size(); }
  void clear() {
    keys_.clear();
    vals_.clear();
  }
  void reserve(std::size_t n) {
    keys_.reserve(n);
    vals_.reserve(n);
  }

 private:
  std::vector<detail::u128> keys_;   // heap-ordered
  std::vector<std::uint64_t> vals_;  // kind | target << 32, moved in step with keys_
};

using QuaternaryHeap = DaryHeap<4>;

/// The same d-ary heap with whole 24-B Events in one array (layout (a) of the benchmark):
/// 4 children span 96 B, two cache lines. Memory 24 B per event.
template <unsigned Arity>
class DaryHeapInline {
  static_assert(Arity >= 2);

 public:
  void push(const Event& e) {
    std::size_t i = heap_.size();
    heap_.push_back(e);
    Event* h = heap_.data();
    const detail::u128 ke = detail::order_key(e);
    while (i > 0) {
      const std::size_t parent = (i - 1) / Arity;
      if (!(ke < detail::order_key(h[parent]))) break;
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
    Event* h = heap_.data();
    const detail::u128 klast = detail::order_key(last);
    std::size_t i = 0;
    for (std::size_t c = 1; c < n; c = Arity * i + 1) {
      const std::size_t m =
          detail::min_child<Arity>(c, n, [h](std::size_t j) { return detail::order_key(h[j]); });
      if (!(detail::order_key(h[m]) < klast)) break;
      h[i] = h[m];
      i = m;
    }
    if (n > 0) h[i] = last;
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

#pragma once
// Which nodes have at least k free accelerators, answered without scanning every node.
//
// For each threshold k = 1..K a two-level bitset holds the nodes with free >= k: a bit per
// node, and a summary bit per 64-node word that is set when the word is non-zero. "The
// lowest-id node with free >= k" is then a find-first-set over the summary and one word:
// O(N / 4096) words touched in the worst case, one or two in practice — first-fit at
// 100,000 nodes costs what it costs at 1,000. Changing a node from a to b free touches
// |a - b| thresholds.
#include <bit>
#include <cassert>
#include <cstdint>
#include <vector>

namespace dcsim {

class FreeCapacityIndex {
 public:
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};

  /// `nodes` nodes, each with `capacity` free accelerators at first.
  FreeCapacityIndex(std::uint32_t nodes, std::uint32_t capacity) : FreeCapacityIndex(std::vector<std::uint32_t>(nodes, capacity)) {}

  /// Nodes with different capacities (a mixed fleet); all start free.
  explicit FreeCapacityIndex(const std::vector<std::uint32_t>& capacities) : free_(capacities) {
    std::uint32_t max_capacity = 0;
    for (auto c : capacities) max_capacity = c > max_capacity ? c : max_capacity;
    const std::size_t words = (capacities.size() + 63) / 64;
    levels_.assign(max_capacity, Level{std::vector<std::uint64_t>(words, 0), std::vector<std::uint64_t>((words + 63) / 64, 0)});
    for (std::uint32_t n = 0; n < capacities.size(); ++n) {
      for (std::uint32_t k = 1; k <= capacities[n]; ++k) set(k, n);
    }
  }

  [[nodiscard]] std::uint32_t nodes() const { return static_cast<std::uint32_t>(free_.size()); }
  [[nodiscard]] std::uint32_t max_capacity() const { return static_cast<std::uint32_t>(levels_.size()); }
  [[nodiscard]] std::uint32_t free(std::uint32_t node) const { return free_[node]; }

  /// The lowest-id node with at least `k` free (k >= 1), at or after `from`; kNone if none.
  [[nodiscard]] std::uint32_t first_with(std::uint32_t k, std::uint32_t from = 0) const {
    assert(k >= 1);
    if (k > levels_.size()) return kNone;
    const Level& level = levels_[k - 1];
    std::size_t word = from / 64;
    if (word >= level.bits.size()) return kNone;
    // the rest of the first word
    if (const std::uint64_t w = level.bits[word] & (~std::uint64_t{0} << (from % 64))) {
      return static_cast<std::uint32_t>(word * 64 + std::countr_zero(w));
    }
    // then the summary finds the next non-empty word
    ++word;
    std::size_t s = word / 64;
    if (s >= level.summary.size()) return kNone;
    std::uint64_t sw = level.summary[s] & (word % 64 ? ~std::uint64_t{0} << (word % 64) : ~std::uint64_t{0});
    while (sw == 0) {
      if (++s >= level.summary.size()) return kNone;
      sw = level.summary[s];
    }
    word = s * 64 + static_cast<std::size_t>(std::countr_zero(sw));
    return static_cast<std::uint32_t>(word * 64 + std::countr_zero(level.bits[word]));
  }

  /// The lowest-id node at or after `from` with at least `ka` free in `a` and at least `kb`
  /// free in `b` (two indexes over the same nodes, e.g. free GPUs and free CPU): the two
  /// bitsets are intersected a word at a time, words empty in `a` skipped through its summary.
  [[nodiscard]] static std::uint32_t first_with_both(const FreeCapacityIndex& a, std::uint32_t ka, const FreeCapacityIndex& b,
                                                     std::uint32_t kb, std::uint32_t from = 0) {
    assert(ka >= 1 && kb >= 1 && a.nodes() == b.nodes());
    if (ka > a.levels_.size() || kb > b.levels_.size()) return kNone;
    const Level& la = a.levels_[ka - 1];
    const Level& lb = b.levels_[kb - 1];
    std::size_t word = from / 64;
    if (word >= la.bits.size()) return kNone;
    std::uint64_t w = la.bits[word] & lb.bits[word] & (~std::uint64_t{0} << (from % 64));
    for (;;) {
      if (w) return static_cast<std::uint32_t>(word * 64 + std::countr_zero(w));
      // the next word that is non-empty in `a`, by its summary
      ++word;
      std::size_t s = word / 64;
      if (s >= la.summary.size()) return kNone;
      std::uint64_t sw = la.summary[s] & (word % 64 ? ~std::uint64_t{0} << (word % 64) : ~std::uint64_t{0});
      while (sw == 0) {
        if (++s >= la.summary.size()) return kNone;
        sw = la.summary[s];
      }
      word = s * 64 + static_cast<std::size_t>(std::countr_zero(sw));
      w = la.bits[word] & lb.bits[word];
    }
  }

  /// Takes `count` accelerators of `node` (count <= free).
  void take(std::uint32_t node, std::uint32_t count) {
    assert(count <= free_[node]);
    const std::uint32_t before = free_[node];
    for (std::uint32_t k = before - count + 1; k <= before; ++k) clear(k, node);
    free_[node] = before - count;
  }

  /// Gives back `count` accelerators to `node`.
  void give(std::uint32_t node, std::uint32_t count) {
    const std::uint32_t before = free_[node];
    assert(before + count <= levels_.size());
    for (std::uint32_t k = before + 1; k <= before + count; ++k) set(k, node);
    free_[node] = before + count;
  }

 private:
  struct Level {
    std::vector<std::uint64_t> bits;     // bit n: node n has free >= k
    std::vector<std::uint64_t> summary;  // bit w: bits[w] != 0
  };

  void set(std::uint32_t k, std::uint32_t node) {
    Level& level = levels_[k - 1];
    const std::size_t w = node / 64;
    level.bits[w] |= std::uint64_t{1} << (node % 64);
    level.summary[w / 64] |= std::uint64_t{1} << (w % 64);
  }
  void clear(std::uint32_t k, std::uint32_t node) {
    Level& level = levels_[k - 1];
    const std::size_t w = node / 64;
    level.bits[w] &= ~(std::uint64_t{1} << (node % 64));
    if (level.bits[w] == 0) level.summary[w / 64] &= ~(std::uint64_t{1} << (w % 64));
  }

  std::vector<std::uint32_t> free_;
  std::vector<Level> levels_;  // levels_[k-1]: nodes with free >= k
};

}  // namespace dcsim

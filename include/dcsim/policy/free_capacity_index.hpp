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
    words_ = (capacities.size() + 63) / 64;
    summary_words_ = (words_ + 63) / 64;
    levels_ = max_capacity;
    bits_.assign(levels_ * words_, 0);
    summary_.assign(levels_ * summary_words_, 0);
    for (std::uint32_t n = 0; n < capacities.size(); ++n) {
      for (std::uint32_t k = 1; k <= capacities[n]; ++k) set(k, n);
    }
  }

  [[nodiscard]] std::uint32_t nodes() const { return static_cast<std::uint32_t>(free_.size()); }
  [[nodiscard]] std::uint32_t max_capacity() const { return static_cast<std::uint32_t>(levels_); }
  [[nodiscard]] std::uint32_t free(std::uint32_t node) const { return free_[node]; }

  /// The lowest-id node with at least `k` free (k >= 1), at or after `from`; kNone if none.
  [[nodiscard]] std::uint32_t first_with(std::uint32_t k, std::uint32_t from = 0) const {
    assert(k >= 1);
    if (k > levels_) return kNone;
    const std::uint64_t* bits = level_bits(k);
    const std::uint64_t* summary = level_summary(k);
    std::size_t word = from / 64;
    if (word >= words_) return kNone;
    // the rest of the first word
    if (const std::uint64_t w = bits[word] & (~std::uint64_t{0} << (from % 64))) {
      return static_cast<std::uint32_t>(word * 64 + std::countr_zero(w));
    }
    // then the summary finds the next non-empty word
    ++word;
    std::size_t s = word / 64;
    if (s >= summary_words_) return kNone;
    std::uint64_t sw = summary[s] & (word % 64 ? ~std::uint64_t{0} << (word % 64) : ~std::uint64_t{0});
    while (sw == 0) {
      if (++s >= summary_words_) return kNone;
      sw = summary[s];
    }
    word = s * 64 + static_cast<std::size_t>(std::countr_zero(sw));
    return static_cast<std::uint32_t>(word * 64 + std::countr_zero(bits[word]));
  }

  /// The lowest-id node at or after `from` with at least `ka` free in `a` and at least `kb`
  /// free in `b` (two indexes over the same nodes, e.g. free GPUs and free CPU): the two
  /// bitsets are intersected a word at a time, words empty in `a` skipped through its summary.
  [[nodiscard]] static std::uint32_t first_with_both(const FreeCapacityIndex& a, std::uint32_t ka, const FreeCapacityIndex& b,
                                                     std::uint32_t kb, std::uint32_t from = 0) {
    assert(ka >= 1 && kb >= 1 && a.nodes() == b.nodes());
    if (ka > a.levels_ || kb > b.levels_) return kNone;
    const std::uint64_t* a_bits = a.level_bits(ka);
    const std::uint64_t* a_summary = a.level_summary(ka);
    const std::uint64_t* b_bits = b.level_bits(kb);
    std::size_t word = from / 64;
    if (word >= a.words_) return kNone;
    std::uint64_t w = a_bits[word] & b_bits[word] & (~std::uint64_t{0} << (from % 64));
    for (;;) {
      if (w) return static_cast<std::uint32_t>(word * 64 + std::countr_zero(w));
      // the next word that is non-empty in `a`, by its summary
      ++word;
      std::size_t s = word / 64;
      if (s >= a.summary_words_) return kNone;
      std::uint64_t sw = a_summary[s] & (word % 64 ? ~std::uint64_t{0} << (word % 64) : ~std::uint64_t{0});
      while (sw == 0) {
        if (++s >= a.summary_words_) return kNone;
        sw = a_summary[s];
      }
      word = s * 64 + static_cast<std::size_t>(std::countr_zero(sw));
      w = a_bits[word] & b_bits[word];
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
    assert(before + count <= levels_);
    for (std::uint32_t k = before + 1; k <= before + count; ++k) set(k, node);
    free_[node] = before + count;
  }

 private:
  // Level k (nodes with free >= k) is a stretch of bits_ (bit n: node n has free >= k) and of
  // summary_ (bit w: word w of its bits is non-zero). One array for all levels: changing a
  // node's count walks adjacent stretches, with no pointer to load per level.
  [[nodiscard]] const std::uint64_t* level_bits(std::uint32_t k) const { return bits_.data() + (k - 1) * words_; }
  [[nodiscard]] const std::uint64_t* level_summary(std::uint32_t k) const { return summary_.data() + (k - 1) * summary_words_; }

  void set(std::uint32_t k, std::uint32_t node) {
    const std::size_t w = node / 64;
    bits_[(k - 1) * words_ + w] |= std::uint64_t{1} << (node % 64);
    summary_[(k - 1) * summary_words_ + w / 64] |= std::uint64_t{1} << (w % 64);
  }
  void clear(std::uint32_t k, std::uint32_t node) {
    const std::size_t w = node / 64;
    std::uint64_t& word = bits_[(k - 1) * words_ + w];
    word &= ~(std::uint64_t{1} << (node % 64));
    if (word == 0) summary_[(k - 1) * summary_words_ + w / 64] &= ~(std::uint64_t{1} << (w % 64));
  }

  std::vector<std::uint32_t> free_;
  std::size_t levels_ = 0;
  std::size_t words_ = 0;          // per level
  std::size_t summary_words_ = 0;  // per level
  std::vector<std::uint64_t> bits_;
  std::vector<std::uint64_t> summary_;
};

}  // namespace dcsim

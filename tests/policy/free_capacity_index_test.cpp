#include "dcsim/policy/free_capacity_index.hpp"

#include <gtest/gtest.h>

#include "dcsim/core/random.hpp"

namespace dcsim {
namespace {

std::uint32_t brute_first(const FreeCapacityIndex& idx, std::uint32_t k, std::uint32_t from) {
  for (std::uint32_t n = from; n < idx.nodes(); ++n) {
    if (idx.free(n) >= k) return n;
  }
  return FreeCapacityIndex::kNone;
}

TEST(FreeCapacityIndex, HandCheckedSmallCase) {
  FreeCapacityIndex idx(5, 8);
  EXPECT_EQ(idx.first_with(8), 0u);
  idx.take(0, 8);
  idx.take(1, 3);  // node 1 has 5 free
  EXPECT_EQ(idx.first_with(8), 2u);
  EXPECT_EQ(idx.first_with(5), 1u);
  EXPECT_EQ(idx.first_with(6), 2u);
  EXPECT_EQ(idx.first_with(1, 2), 2u);
  idx.take(2, 8);
  idx.take(3, 8);
  idx.take(4, 8);
  EXPECT_EQ(idx.first_with(6), FreeCapacityIndex::kNone);
  EXPECT_EQ(idx.first_with(5), 1u);
  idx.give(3, 8);
  EXPECT_EQ(idx.first_with(8), 3u);
  EXPECT_EQ(idx.first_with(9), FreeCapacityIndex::kNone);  // beyond any capacity
}

// Random takes and gives over 10,000 nodes (several summary words): every query agrees with a
// linear scan, including queries that start in the middle of a word.
TEST(FreeCapacityIndex, AgreesWithALinearScan) {
  constexpr std::uint32_t kNodes = 10'000;
  FreeCapacityIndex idx(kNodes, 8);
  RandomStream rng = RandomStream::derive(7, "index");
  for (int step = 0; step < 20'000; ++step) {
    const auto node = static_cast<std::uint32_t>(rng.next() % kNodes);
    const auto amount = static_cast<std::uint32_t>(rng.next() % 9);
    if (rng.next() % 2) {
      idx.take(node, std::min(amount, idx.free(node)));
    } else {
      idx.give(node, std::min(amount, 8 - idx.free(node)));
    }
    if (step % 20 == 0) {
      const auto k = static_cast<std::uint32_t>(rng.next() % 8 + 1);
      const auto from = static_cast<std::uint32_t>(rng.next() % kNodes);
      ASSERT_EQ(idx.first_with(k, from), brute_first(idx, k, from)) << "step " << step;
      ASSERT_EQ(idx.first_with(k), brute_first(idx, k, 0)) << "step " << step;
    }
  }
}

TEST(FreeCapacityIndex, MixedCapacities) {
  FreeCapacityIndex idx(std::vector<std::uint32_t>{2, 8, 4, 0});
  EXPECT_EQ(idx.max_capacity(), 8u);
  EXPECT_EQ(idx.first_with(3), 1u);
  EXPECT_EQ(idx.first_with(1, 3), FreeCapacityIndex::kNone);
  EXPECT_EQ(idx.first_with(4, 2), 2u);
}

}  // namespace
}  // namespace dcsim

namespace dcsim {
namespace {

// first_with_both agrees with a scan checking both indexes, over random changes to two
// indexes of 5,000 nodes (several summary words) and starts in mid-word.
TEST(FreeCapacityIndex, FirstWithBothAgreesWithAScan) {
  constexpr std::uint32_t kNodes = 5'000;
  FreeCapacityIndex gpus(kNodes, 8), cpus(kNodes, 16);
  RandomStream rng = RandomStream::derive(9, "both");
  for (int step = 0; step < 20'000; ++step) {
    const auto node = static_cast<std::uint32_t>(rng.below(kNodes));
    FreeCapacityIndex& idx = rng.below(2) ? gpus : cpus;
    const std::uint32_t cap = &idx == &gpus ? 8 : 16;
    const auto amount = static_cast<std::uint32_t>(rng.below(cap + 1));
    if (rng.below(2)) {
      idx.take(node, std::min(amount, idx.free(node)));
    } else {
      idx.give(node, std::min(amount, cap - idx.free(node)));
    }
    if (step % 25 == 0) {
      const auto kg = static_cast<std::uint32_t>(rng.below(8) + 1), kc = static_cast<std::uint32_t>(rng.below(16) + 1);
      const auto from = static_cast<std::uint32_t>(rng.below(kNodes));
      std::uint32_t expected = FreeCapacityIndex::kNone;
      for (std::uint32_t n = from; n < kNodes; ++n) {
        if (gpus.free(n) >= kg && cpus.free(n) >= kc) {
          expected = n;
          break;
        }
      }
      ASSERT_EQ(FreeCapacityIndex::first_with_both(gpus, kg, cpus, kc, from), expected) << "step " << step;
    }
  }
  EXPECT_EQ(FreeCapacityIndex::first_with_both(gpus, 9, cpus, 1), FreeCapacityIndex::kNone);  // beyond any capacity
}

}  // namespace
}  // namespace dcsim

#include "dcsim/core/ring_queue.hpp"

#include <gtest/gtest.h>

#include <deque>

namespace dcsim {

TEST(RingQueue, IsFifoAcrossGrowthAndWrapAround) {
  RingQueue<int> q(2);
  std::deque<int> reference;
  int next = 0;
  // Mixed pushes and pops so the head wraps around while the ring grows several times.
  for (int round = 0; round < 200; ++round) {
    for (int i = 0; i < round % 7 + 1; ++i) {
      q.push(next);
      reference.push_back(next++);
    }
    for (int i = 0; i < round % 5 && !reference.empty(); ++i) {
      ASSERT_EQ(q.front(), reference.front());
      ASSERT_EQ(q.pop(), reference.front());
      reference.pop_front();
    }
    ASSERT_EQ(q.size(), reference.size());
  }
  while (!reference.empty()) {
    ASSERT_EQ(q.pop(), reference.front());
    reference.pop_front();
  }
  EXPECT_TRUE(q.empty());
}

}  // namespace dcsim

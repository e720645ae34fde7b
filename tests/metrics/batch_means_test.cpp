#include "dcsim/metrics/batch_means.hpp"

#include <gtest/gtest.h>

#include "dcsim/metrics/student_t.hpp"
#include "dcsim/metrics/time_average.hpp"

namespace dcsim {

TEST(StudentT, MatchesTablesAndTendsToTheNormalQuantile) {
  EXPECT_DOUBLE_EQ(student_t_975(19), 2.093024);
  EXPECT_DOUBLE_EQ(student_t_975(1), 12.706205);
  EXPECT_NEAR(student_t_975(40), 2.021075, 2e-6);
  EXPECT_NEAR(student_t_975(120), 1.979930, 2e-6);
  EXPECT_NEAR(student_t_975(1000000), 1.959964, 1e-5);
}

// Hand-computed: 4 observations in 2 batches {1, 3} and {5, 7}: batch means 2 and 6, mean 4,
// sd of the batch means sqrt(8) = 2.828427, half-width t(0.975, 1) * 2.828427 / sqrt(2) = 2 t.
TEST(BatchMeans, HandComputedTwoBatches) {
  BatchMeans b(4, 2);
  for (double x : {1.0, 3.0, 5.0, 7.0}) b.add(x);
  const MeanEstimate e = b.estimate();
  EXPECT_DOUBLE_EQ(e.mean, 4.0);
  EXPECT_NEAR(e.half_width, 2 * 12.706205, 1e-9);
  EXPECT_TRUE(e.contains(4.0));
}

// Uneven batches follow the boundaries k*N/B: N = 5, B = 2 gives batches of 2 and 3.
TEST(BatchMeans, UnevenBatchesUseTheReferenceBoundaries) {
  BatchMeans b(5, 2);
  for (double x : {0.0, 0.0, 3.0, 3.0, 3.0}) b.add(x);
  const MeanEstimate e = b.estimate();
  EXPECT_DOUBLE_EQ(e.mean, 9.0 / 5.0);
  // batch means 0 and 3 around the overall mean 1.8: sd = sqrt(1.8^2 + 1.2^2)
  EXPECT_NEAR(e.half_width, 12.706205 * std::sqrt(1.8 * 1.8 + 1.2 * 1.2) / std::sqrt(2.0), 1e-9);
}

TEST(BatchMeans, ConstantObservationsHaveZeroWidth) {
  BatchMeans b(100, 20);
  for (int i = 0; i < 100; ++i) b.add(2.5);
  EXPECT_DOUBLE_EQ(b.estimate().mean, 2.5);
  EXPECT_DOUBLE_EQ(b.estimate().half_width, 0.0);
}

// Level 2 on [0, 10), 5 on [10, 40): integral 20 + 150 = 170 over 40 ticks.
TEST(TimeAverage, IntegratesAPiecewiseConstantLevel) {
  TimeAverage a;
  a.set(0, 2);
  a.set(10, 5);
  EXPECT_DOUBLE_EQ(a.integral(40), 170.0);
  EXPECT_DOUBLE_EQ(a.mean(40), 170.0 / 40.0);
  EXPECT_EQ(a.level(), 5);
}

// 64 servers busy for a year at microsecond ticks: 64 * 3.15e13 overflows nothing.
TEST(TimeAverage, LongRunsDoNotOverflow) {
  TimeAverage a;
  a.set(0, 1'000'000);
  const Tick year = Tick{365} * 86400 * 1'000'000;
  EXPECT_DOUBLE_EQ(a.mean(10 * year), 1'000'000.0);
}

}  // namespace dcsim

#include "dcsim/queueing/closed_forms.hpp"

#include <gtest/gtest.h>

namespace dcsim::queueing {

// WORKLOADS.md W1: c = 64, a = 57.6: C = 0.31066, Wq = 0.048541.
TEST(ClosedForms, ErlangCOfTheReferenceWorkload) {
  EXPECT_NEAR(erlang_c(64, 57.6), 0.31066, 5e-6);
  EXPECT_NEAR(mmc_wait_in_queue(64, 57.6, 1.0), 0.048541, 5e-7);
}

// M/M/1: C(1, rho) = rho, Wq = rho / (mu - lambda).
TEST(ClosedForms, ErlangCWithOneServerIsTheUtilization) {
  EXPECT_NEAR(erlang_c(1, 0.7), 0.7, 1e-15);
  EXPECT_NEAR(mmc_wait_in_queue(1, 0.5, 1.0), 1.0, 1e-15);
}

// M/M/2 with a = 1: C = a^2/(2 (2 - a)) / (1 + a + a^2/(2 (2 - a))) = 0.5 / 2.5 = 1/3.
TEST(ClosedForms, ErlangCTwoServersByHand) { EXPECT_NEAR(erlang_c(2, 1.0), 1.0 / 3.0, 1e-15); }

// Pollaczek–Khinchine: M/D/1 with lambda = 0.5, D = 1 gives 0.5; exponential service gives
// the M/M/1 value 1.0.
TEST(ClosedForms, PollaczekKhinchine) {
  EXPECT_NEAR(mg1_wait_in_queue(0.5, 1.0, 0.0), 0.5, 1e-15);
  EXPECT_NEAR(mg1_wait_in_queue(0.5, 1.0, 1.0), 1.0, 1e-15);
}

}  // namespace dcsim::queueing

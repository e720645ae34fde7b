#include "dcsim/cluster/service_replicas.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace dcsim::cluster {
namespace {

// Two steps over [0, 10): 100 tokens/s for 4 s, then 50 for 6 s.
RepeatingDemand two_steps(double period) {
  RepeatingDemand d;
  d.curve.steps = {{0, 100}, {4, 50}};
  d.curve.end_s = 10;
  d.period_s = period;
  return d;
}

TEST(RepeatingDemand, PiecesOfOneWindowAreItsStepsClipped) {
  std::vector<std::vector<double>> pieces;
  two_steps(0).for_each_piece(2, 12, [&](double a, double b, double d) { pieces.push_back({a, b, d}); });
  ASSERT_EQ(pieces.size(), 2u);  // nothing after the curve ends
  EXPECT_EQ(pieces[0], (std::vector<double>{2, 4, 100}));
  EXPECT_EQ(pieces[1], (std::vector<double>{4, 10, 50}));
  EXPECT_DOUBLE_EQ(two_steps(0).tokens(0, 10), 4 * 100 + 6 * 50);
  EXPECT_DOUBLE_EQ(two_steps(0).tokens(10, 20), 0);
}

// A repeating curve starts again at every period: [8, 15) = 2 s of 50, 4 s of 100, 1 s of 50.
TEST(RepeatingDemand, ARepeatingCurveWrapsAroundItsPeriod) {
  std::vector<std::vector<double>> pieces;
  const RepeatingDemand d = two_steps(10);
  d.for_each_piece(8, 15, [&](double a, double b, double v) { pieces.push_back({a, b, v}); });
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[0], (std::vector<double>{8, 10, 50}));
  EXPECT_EQ(pieces[1], (std::vector<double>{10, 14, 100}));
  EXPECT_EQ(pieces[2], (std::vector<double>{14, 15, 50}));
  EXPECT_DOUBLE_EQ(d.tokens(0, 1000), 100 * (4 * 100 + 6 * 50));  // a hundred periods
}

// Kubernetes' scale-down rule: the desired count is the highest recommendation of the delay
// window, so a drop takes effect only once it has lasted the whole window; a rise at once.
TEST(ScaleDownWindow, ADropWaitsForTheDelayARiseDoesNot) {
  ScaleDownWindow w;
  const Tick delay = 300;
  EXPECT_EQ(w.desired(0, delay, 10), 10u);
  EXPECT_EQ(w.desired(100, delay, 4), 10u);   // 10 still within (100 - 300, 100]
  EXPECT_EQ(w.desired(299, delay, 4), 10u);
  EXPECT_EQ(w.desired(300, delay, 4), 4u);    // 10 was recommended 300 ticks ago: out of the window
  EXPECT_EQ(w.desired(301, delay, 12), 12u);  // up at once
  EXPECT_EQ(w.desired(400, delay, 6), 12u);
  EXPECT_EQ(w.desired(601, delay, 2), 6u);    // 12 has left the window, 6 (at 400) has not
  EXPECT_EQ(w.desired(700, delay, 2), 2u);
}

}  // namespace
}  // namespace dcsim::cluster

#pragma once
// Closed-form results of queueing theory that the simulator is checked against, and that
// the report prints beside a simulated queue when its assumptions hold.
#include <cassert>
#include <cmath>

namespace dcsim::queueing {

/// Erlang C: the probability that an arrival waits in an M/M/c queue with offered load
/// a = lambda/mu (a < c). Computed through the Erlang B recursion, which is stable for
/// large c: B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)); C = B / (1 - (a/c)(1 - B)).
[[nodiscard]] inline double erlang_c(int c, double a) {
  assert(c >= 1 && a >= 0 && a < c);
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b / (1.0 - (a / c) * (1.0 - b));
}

/// Mean wait in queue of M/M/c: Wq = C(c, a) / (c mu - lambda).
[[nodiscard]] inline double mmc_wait_in_queue(int c, double lambda, double mu) {
  return erlang_c(c, lambda / mu) / (c * mu - lambda);
}

/// Mean wait in queue of M/G/1 (Pollaczek–Khinchine): Wq = lambda E[S^2] / (2 (1 - rho)),
/// rho = lambda E[S]; covers M/M/1 (E[S^2] = 2/mu^2) and M/D/1 (E[S^2] = D^2).
[[nodiscard]] inline double mg1_wait_in_queue(double lambda, double service_mean,
                                              double service_variance) {
  const double rho = lambda * service_mean;
  assert(rho < 1);
  const double second_moment = service_variance + service_mean * service_mean;
  return lambda * second_moment / (2 * (1 - rho));
}

}  // namespace dcsim::queueing

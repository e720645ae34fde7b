#pragma once
// Continuous-time Markov chains given by a generator Q (K x K, off-diagonal q_ij >= 0 the
// rate of the jump i -> j, diagonal q_ii = -sum_j q_ij): irreducibility and the stationary
// distribution, for the modulating chain of an MMPP (and any other small chain).
//
// The stationary distribution uses the GTH state reduction (Grassmann, Taksar & Heyman,
// "Regenerative analysis and steady state distributions for Markov chains", Oper. Res.
// 33(5), 1985): it performs no subtraction, so every pi_k keeps full relative accuracy even
// when the rates span many orders of magnitude — where solving pi Q = 0 by elimination
// cancels, and a state visited 1e-12 of the time comes out with a large relative error.
#include <Eigen/Dense>
#include <cstddef>
#include <string>
#include <vector>

namespace dcsim {

/// Empty if every state of the chain reaches every other (through positive off-diagonal
/// rates); otherwise a sentence naming a state that is cut off from state 0. Irreducibility
/// is what makes the stationary distribution unique and positive.
[[nodiscard]] inline std::string irreducibility_problem(const Eigen::MatrixXd& q) {
  const auto n = q.rows();
  if (n == 0) return "it has no states";
  // Reachable from 0 along the jumps (direction 0), and reaching 0 (direction 1): both
  // everything iff the chain is irreducible.
  for (int direction = 0; direction < 2; ++direction) {
    std::vector<bool> seen(static_cast<std::size_t>(n), false);
    std::vector<Eigen::Index> stack = {0};
    seen[0] = true;
    while (!stack.empty()) {
      const Eigen::Index i = stack.back();
      stack.pop_back();
      for (Eigen::Index j = 0; j < n; ++j) {
        const double rate = direction == 0 ? q(i, j) : q(j, i);
        if (j != i && rate > 0.0 && !seen[static_cast<std::size_t>(j)]) {
          seen[static_cast<std::size_t>(j)] = true;
          stack.push_back(j);
        }
      }
    }
    for (Eigen::Index j = 0; j < n; ++j) {
      if (!seen[static_cast<std::size_t>(j)]) {
        return "state " + std::to_string(j) +
               (direction == 0 ? " cannot be reached from state 0" : " cannot reach state 0");
      }
    }
  }
  return {};
}

/// The stationary distribution pi (pi Q = 0, sum pi = 1) of an irreducible generator (the
/// diagonal is not read). GTH: censor the chain on states 0..n-1 for n = K-1 down to 1,
/// folding state n's exits into the rest (a_ij += a_in a_nj / s_n, s_n the rate out of n
/// into 0..n-1), then rebuild pi_n = sum_{i<n} pi_i a_in / s_n upwards from pi_0 = 1.
/// O(K^3).
[[nodiscard]] inline std::vector<double> stationary_distribution(const Eigen::MatrixXd& q) {
  const auto n = q.rows();
  Eigen::MatrixXd a = q;
  for (Eigen::Index last = n - 1; last > 0; --last) {
    double s = 0.0;
    for (Eigen::Index j = 0; j < last; ++j) s += a(last, j);
    for (Eigen::Index i = 0; i < last; ++i) a(i, last) /= s;
    for (Eigen::Index i = 0; i < last; ++i) {
      for (Eigen::Index j = 0; j < last; ++j) {
        if (i != j) a(i, j) += a(i, last) * a(last, j);
      }
    }
  }
  std::vector<double> pi(static_cast<std::size_t>(n), 0.0);
  if (n == 0) return pi;
  pi[0] = 1.0;
  double total = 1.0;
  for (Eigen::Index j = 1; j < n; ++j) {
    double p = 0.0;
    for (Eigen::Index i = 0; i < j; ++i) p += pi[static_cast<std::size_t>(i)] * a(i, j);
    pi[static_cast<std::size_t>(j)] = p;
    total += p;
  }
  for (double& p : pi) p /= total;
  return pi;
}

}  // namespace dcsim

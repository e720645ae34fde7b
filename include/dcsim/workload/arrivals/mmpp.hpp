#pragma once
// Markov-modulated Poisson process (MMPP): a continuous-time Markov chain on K states
// (quiet, busy, a deadline rush...) sets the arrival rate, lambda_k in state k. Arrivals are
// then burstier than Poisson — the variance of a window's count exceeds its mean — which is
// what fills queues beyond an M/M/c prediction.
//
// The chain is given by its generator Q (transition rates q_ij, per second), the standard
// form in the literature (Fischer & Meier-Hellstern, "The Markov-modulated Poisson process
// (MMPP) cookbook", Perform. Eval. 18, 1993). Simulation is event by event: in state k the
// next arrival is Exp(lambda_k) away and the next jump Exp(q_k) away; when the jump comes
// first, the arrival draw is discarded, which memorylessness makes exact.
//
// The stationary distribution comes from markov_chain.hpp (GTH state reduction).
#include <Eigen/Dense>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unsupported/Eigen/MatrixFunctions>
#include <utility>
#include <vector>

#include "dcsim/core/distributions.hpp"
#include "dcsim/core/random.hpp"
#include "dcsim/workload/arrivals/markov_chain.hpp"

namespace dcsim {

class MarkovModulatedArrivals {
 public:
  static constexpr std::string_view kName = "mmpp";

  /// `rates_per_s[k]`: the arrival rate in state k (>= 0, at least one positive).
  /// `generator`: K x K, off-diagonal q_ij >= 0 the rate of the jump i -> j; the diagonal is
  /// implied (q_ii = -sum_j q_ij) and may be given as 0 or as that value. The chain must be
  /// irreducible, so that the stationary distribution is unique and positive.
  /// `initial_state`: the state at t = 0; by default it is drawn from the stationary
  /// distribution at the first next(), which makes the arrival process stationary.
  MarkovModulatedArrivals(std::vector<double> rates_per_s,
                          const std::vector<std::vector<double>>& generator,
                          std::optional<std::size_t> initial_state = std::nullopt)
      : model_(build(std::move(rates_per_s), generator)) {
    if (initial_state) {
      if (*initial_state >= model_->states.size()) {
        throw std::invalid_argument(std::string(kName) + ": initial state " +
                                    std::to_string(*initial_state) + " does not exist (" +
                                    std::to_string(model_->states.size()) + " states)");
      }
      state_ = *initial_state;
      started_ = true;
      leave_pending_ = true;
    }
  }

  /// The next arrival time in seconds since t = 0.
  double next(RandomStream& g) {
    if (!started_) {
      state_ = static_cast<std::size_t>(model_->initial(g));
      started_ = true;
      leave_pending_ = true;
    }
    if (leave_pending_) {
      leave_ = sojourn(g);
      leave_pending_ = false;
    }
    for (;;) {
      const State& s = model_->states[state_];
      if (s.rate > 0.0) {
        const double candidate = t_ + s.mean_gap * standard_exponential(g);
        if (candidate < leave_) {
          t_ = candidate;
          return t_;
        }
      }
      t_ = leave_;  // the chain jumps before the next arrival: move to the jump
      state_ = s.jump ? static_cast<std::size_t>((*s.jump)(g)) : s.only_target;
      leave_ = t_ + sojourn(g);
    }
  }

  /// sum_k pi_k lambda_k.
  [[nodiscard]] double mean_rate() const { return model_->mean_rate; }
  [[nodiscard]] const std::vector<double>& stationary() const { return model_->pi; }
  [[nodiscard]] const std::vector<double>& rates() const { return model_->rates; }
  [[nodiscard]] std::size_t state_count() const { return model_->states.size(); }
  /// The state the chain is in after the last next(); nullopt before the first draw of a
  /// stream that starts from the stationary distribution.
  [[nodiscard]] std::optional<std::size_t> state() const {
    return started_ ? std::optional<std::size_t>(state_) : std::nullopt;
  }

  /// Var N(t) / E N(t) for the count N(t) in a window of t seconds, in stationarity:
  ///   Var N(t) = lambda* t + 2 t [pi L D L 1 - pi L A(t) D L 1],
  /// with L = diag(lambda), D = (1 pi - Q)^-1 - 1 pi the deviation matrix and
  /// A(t) = (1/t) int_0^t e^(Qu) du, read off the exponential of [[Q t, I t], [0, 0]]
  /// (Van Loan, IEEE TAC 23(3), 1978). Derived from Var N(t) = lambda* t +
  /// 2 int_0^t (t - u) c(u) du, c(u) = pi L (e^(Qu) - 1 pi) L 1 the covariance density of
  /// arrivals u apart; it grows from 1 (t -> 0, Poisson-like) to the asymptotic value.
  [[nodiscard]] double index_of_dispersion(double window_s) const {
    if (!(window_s > 0.0) || !std::isfinite(window_s)) {
      detail::bad_parameter(kName, "the window must be positive and finite", window_s);
    }
    const Model& m = *model_;
    const auto k = static_cast<Eigen::Index>(m.states.size());
    Eigen::MatrixXd big = Eigen::MatrixXd::Zero(2 * k, 2 * k);
    big.topLeftCorner(k, k) = m.q * window_s;
    big.topRightCorner(k, k) = Eigen::MatrixXd::Identity(k, k) * window_s;
    const Eigen::MatrixXd e = big.exp();
    const Eigen::MatrixXd average = e.topRightCorner(k, k) / window_s;  // A(t)
    const double transient = m.pi_l.dot(average * m.d_l);
    return 1.0 + 2.0 * (m.pi_l.dot(m.d_l) - transient) / m.mean_rate;
  }

  /// The limit of index_of_dispersion(t) as t -> infinity: 1 + 2 pi L D L 1 / lambda*.
  [[nodiscard]] double asymptotic_index_of_dispersion() const {
    return 1.0 + 2.0 * model_->pi_l.dot(model_->d_l) / model_->mean_rate;
  }

 private:
  struct State {
    double rate = 0.0;
    double mean_gap = 0.0;                 // 1 / rate (unused when rate = 0)
    double mean_sojourn = 0.0;             // 1 / q_k; +infinity with a single state
    std::optional<DiscreteWeighted> jump;  // the next state, when there are several
    std::size_t only_target = 0;           // the next state, when there is one
  };

  struct Model {
    std::vector<State> states;
    std::vector<double> rates;
    std::vector<double> pi;
    std::optional<DiscreteWeighted> initial_table;
    double mean_rate = 0.0;
    Eigen::MatrixXd q;     // the generator, diagonal filled in
    Eigen::VectorXd pi_l;  // (pi_k lambda_k)
    Eigen::VectorXd d_l;   // D lambda
    [[nodiscard]] double initial(RandomStream& g) const {
      return initial_table ? (*initial_table)(g) : 0.0;
    }
  };

  double sojourn(RandomStream& g) const {
    const double mean = model_->states[state_].mean_sojourn;
    return std::isfinite(mean) ? mean * standard_exponential(g) : mean;
  }

  static std::shared_ptr<const Model> build(std::vector<double> rates,
                                            const std::vector<std::vector<double>>& gen) {
    const std::size_t k = rates.size();
    if (k == 0) throw std::invalid_argument(std::string(kName) + ": needs at least one state");
    bool any_rate = false;
    for (double r : rates) {
      if (!(r >= 0.0) || !std::isfinite(r)) {
        detail::bad_parameter(kName, "rates must be non-negative and finite", r);
      }
      any_rate = any_rate || r > 0.0;
    }
    if (!any_rate) throw std::invalid_argument(std::string(kName) + ": every rate is zero");
    if (gen.size() != k) {
      throw std::invalid_argument(std::string(kName) + ": " + std::to_string(k) +
                                  " rates but a generator with " + std::to_string(gen.size()) +
                                  " rows");
    }
    auto m = std::make_shared<Model>();
    m->q = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k));
    for (std::size_t i = 0; i < k; ++i) {
      if (gen[i].size() != k) {
        throw std::invalid_argument(std::string(kName) + ": generator row " + std::to_string(i) +
                                    " has " + std::to_string(gen[i].size()) + " entries, not " +
                                    std::to_string(k));
      }
      double out = 0.0;
      for (std::size_t j = 0; j < k; ++j) {
        if (j == i) continue;
        const double q = gen[i][j];
        if (!(q >= 0.0) || !std::isfinite(q)) {
          detail::bad_parameter(kName,
                                "off-diagonal transition rates must be non-negative and finite", q);
        }
        m->q(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = q;
        out += q;
      }
      const double diag = gen[i][i];
      if (diag != 0.0 && !(std::abs(diag + out) <= 1e-9 * out)) {
        throw std::invalid_argument(std::string(kName) + ": generator diagonal " +
                                    std::to_string(i) + " is " + detail::to_text(diag) +
                                    "; it must be 0 or minus its row's off-diagonal sum, " +
                                    detail::to_text(-out));
      }
      m->q(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) = -out;
    }
    if (const std::string problem = irreducibility_problem(m->q); !problem.empty()) {
      throw std::invalid_argument(std::string(kName) +
                                  ": the generator is not irreducible: " + problem);
    }
    m->pi = stationary_distribution(m->q);
    m->rates = rates;

    m->states.resize(k);
    for (std::size_t i = 0; i < k; ++i) {
      State& s = m->states[i];
      s.rate = rates[i];
      s.mean_gap = rates[i] > 0.0 ? 1.0 / rates[i] : 0.0;
      const double out = -m->q(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i));
      s.mean_sojourn = k == 1 ? std::numeric_limits<double>::infinity() : 1.0 / out;
      std::vector<double> targets;
      std::vector<double> weights;
      for (std::size_t j = 0; j < k; ++j) {
        const double q = m->q(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
        if (j != i && q > 0.0) {
          targets.push_back(static_cast<double>(j));
          weights.push_back(q);
        }
      }
      // One possible target (always, with two states) is known without a draw.
      if (targets.size() == 1) s.only_target = static_cast<std::size_t>(targets[0]);
      if (targets.size() > 1) s.jump.emplace(std::move(targets), std::move(weights));
    }
    if (k > 1) {
      std::vector<double> index(k);
      for (std::size_t i = 0; i < k; ++i) index[i] = static_cast<double>(i);
      m->initial_table.emplace(std::move(index), m->pi);
    }

    // Moments: lambda* = pi lambda; the deviation matrix for the index of dispersion.
    const auto n = static_cast<Eigen::Index>(k);
    Eigen::VectorXd pi(n);
    Eigen::VectorXd lambda(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      pi(i) = m->pi[static_cast<std::size_t>(i)];
      lambda(i) = rates[static_cast<std::size_t>(i)];
    }
    m->mean_rate = pi.dot(lambda);
    const Eigen::MatrixXd one_pi = Eigen::VectorXd::Ones(n) * pi.transpose();
    const Eigen::MatrixXd d = (one_pi - m->q).partialPivLu().inverse() - one_pi;
    m->pi_l = pi.cwiseProduct(lambda);
    m->d_l = d * lambda;
    return m;
  }

  std::shared_ptr<const Model> model_;
  std::size_t state_ = 0;
  bool started_ = false;
  bool leave_pending_ = false;  // the first sojourn is drawn at the first next()
  double t_ = 0.0;
  double leave_ = 0.0;  // when the chain leaves the current state
};

}  // namespace dcsim

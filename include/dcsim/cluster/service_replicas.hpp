#pragma once
// Inference services on the center model: a tenant class whose work is a stream of tokens,
// served by replicas that the center places like any job (on the chips its needs allow,
// through the placement policy) and that an autoscaler adds and removes.
//
//   demand     tokens/s, piecewise constant (DemandCurve), optionally repeating with a period
//              (a day's profile, an hour of the Azure trace looped);
//   replica    `accelerators` of one server; serves `tokens_per_s[model]` once ready, which
//              the scenario derives from the chip (estimate_replica_tokens_per_second) unless
//              it gives a rate; a started replica holds its accelerators `startup_s` before it
//              serves (cold start);
//   serving    a fluid with no queue: served = min(demand, ready capacity), the rest lost;
//              integrated exactly over the demand steps between changes;
//   busy       a ready replica is busy served / ready capacity of its time, a starting one not
//              at all: a service leased for its peak idles at night (allocated > busy);
//   autoscaler every `interval_s`: recommended = ceil(mean demand over the last window /
//              (the capacity of one replica on the best chip it may get x target)), within
//              [min, max]; scale up at once, scale down only to the highest recommendation of
//              the last scale_down_delay_s (Kubernetes' HPA rule). Scale-down stops starting
//              replicas first, then ready ones, newest first. A replica that finds no room waits
//              for the next evaluation; services do not preempt each other or batch jobs here
//              (the separate `inference:` model still does).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <utility>
#include <vector>

#include "dcsim/cluster/inference_service.hpp"
#include "dcsim/core/time.hpp"

namespace dcsim::cluster {

/// A demand curve that repeats every `period_s` (0 = once, then zero demand).
struct RepeatingDemand {
  DemandCurve curve;
  double period_s = 0;

  /// Calls f(a, b, tokens_per_s) for the constant pieces of [from_s, to_s), in order.
  template <class F>
  void for_each_piece(double from_s, double to_s, F f) const {
    if (!(to_s > from_s)) return;
    if (period_s > 0) {
      double base = std::floor(from_s / period_s) * period_s;
      for (double a = from_s; a < to_s; base += period_s) {
        const double b = std::min(to_s, base + period_s);
        pieces_once(a - base, b - base, [&](double x, double y, double d) { f(x + base, y + base, d); });
        a = b;
      }
      return;
    }
    pieces_once(from_s, to_s, f);
  }
  /// The demand at `t` (tokens/s).
  [[nodiscard]] double tokens_per_s_at(double t) const {
    if (period_s > 0) t -= std::floor(t / period_s) * period_s;
    return curve.tokens_per_s(t);
  }
  /// The first time after `t` at which the demand may change (a step's start, the curve's
  /// end, a period's restart); +inf when it never changes again.
  [[nodiscard]] double next_step_after(double t) const {
    const double base = period_s > 0 ? std::floor(t / period_s) * period_s : 0.0;
    const double local = t - base;
    const auto& steps = curve.steps;
    const auto later = std::upper_bound(steps.begin(), steps.end(), local, [](double x, const DemandStep& s) { return x < s.start_s; });
    double next = later != steps.end() ? later->start_s : (curve.end_s > local ? curve.end_s : std::numeric_limits<double>::infinity());
    if (period_s > 0) next = std::min(next, period_s);
    return std::isfinite(next) ? base + next : next;
  }
  /// Tokens asked over [from_s, to_s).
  [[nodiscard]] double tokens(double from_s, double to_s) const {
    double total = 0;
    for_each_piece(from_s, to_s, [&](double a, double b, double d) { total += d * (b - a); });
    return total;
  }

 private:
  template <class F>
  void pieces_once(double from_s, double to_s, F f) const {
    const auto& steps = curve.steps;
    if (steps.empty()) return;
    // the step holding from_s (steps are sorted by start)
    auto k = static_cast<std::size_t>(std::upper_bound(steps.begin(), steps.end(), from_s,
                                                       [](double t, const DemandStep& s) { return t < s.start_s; }) -
                                      steps.begin());
    k = k == 0 ? 0 : k - 1;
    for (; k < steps.size(); ++k) {
      const double a = std::max(from_s, steps[k].start_s);
      const double b = std::min(to_s, k + 1 < steps.size() ? steps[k + 1].start_s : curve.end_s);
      if (a >= to_s) break;
      if (b > a) f(a, b, steps[k].tokens_per_s);
    }
  }
};

/// One service: its demand, replica and autoscaler settings (config of a tenant class).
struct ServiceClass {
  RepeatingDemand demand;
  std::uint32_t accelerators = 1;       ///< per replica, on one server
  std::vector<double> tokens_per_s;     ///< per GPU model of the node table: one replica's rate there (0 = cannot serve)
  double startup_s = 60;
  double interval_s = 15;
  double window_s = 60;
  double target_utilization = 0.8;
  std::uint32_t min_replicas = 1;
  std::uint32_t max_replicas = std::numeric_limits<std::uint32_t>::max();
  double scale_down_delay_s = 300;
};

/// What a service did over the measured time.
struct ServiceResult {
  double demanded_tokens = 0, served_tokens = 0;
  double below_demand_s = 0;           ///< time with demand above ready capacity
  double replica_seconds = 0;          ///< held replicas x time (starting ones included)
  std::uint64_t replicas_started = 0, replicas_stopped = 0, evaluations = 0, capacity_limited = 0;
  std::uint32_t peak_replicas = 0;
  [[nodiscard]] double served_fraction() const { return demanded_tokens > 0 ? served_tokens / demanded_tokens : 1.0; }
};

/// The autoscaler's recommendation history for the scale-down delay: the highest of the
/// recommendations of the last `delay` ticks (a monotone deque: O(1) amortised).
class ScaleDownWindow {
 public:
  /// Records `recommended` at `now` and returns the highest within (now - delay, now].
  std::uint32_t desired(Tick now, Tick delay, std::uint32_t recommended) {
    while (!kept_.empty() && kept_.back().second <= recommended) kept_.pop_back();
    kept_.emplace_back(now, recommended);
    while (kept_.front().first + delay <= now && kept_.size() > 1) kept_.pop_front();
    return kept_.front().second;
  }

 private:
  std::deque<std::pair<Tick, std::uint32_t>> kept_;  // (when, recommendation), recommendations decreasing
};

}  // namespace dcsim::cluster

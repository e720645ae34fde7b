#pragma once
// Non-homogeneous Poisson arrivals with a calendar: a base rate times a daily profile (24
// hourly multipliers), a weekly profile (7 day multipliers) and an optional monthly ramp
// (compound growth, and/or a list of per-month multipliers). Demand on a compute center
// follows the working day and week, and grows month over month.
//
// Drawn by thinning (Lewis & Shedler, "Simulation of nonhomogeneous Poisson processes by
// thinning", Naval Res. Logist. Q. 26(3), 1979): candidates come from a Poisson process of a
// dominating rate and each is kept with probability rate(t) / bound. The dominating rate is
// piecewise constant — one piece per calendar hour (cut again at month boundaries while a
// list of monthly multipliers is running) — and on each piece it is the maximum of the rate
// over that piece, so it stays valid under the ramp: the ramp is monotone, so its maximum on
// [a, b) is at a or b. The candidate process is drawn by inverting its integrated rate: one
// Exp(1) mass is spent piece by piece, so crossing a piece boundary costs no extra draw.
// With step profiles and no growth the bound equals the rate, every candidate is kept and
// no acceptance uniform is drawn: one word per arrival.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "dcsim/core/distributions.hpp"
#include "dcsim/core/random.hpp"

namespace dcsim {

inline constexpr double kSecondsPerHour = 3600.0;
inline constexpr double kSecondsPerDay = 24 * kSecondsPerHour;
inline constexpr double kSecondsPerWeek = 7 * kSecondsPerDay;
/// The ramp's month: 30 days, so that it is a fixed length of time.
inline constexpr double kSecondsPerMonth = 30 * kSecondsPerDay;

/// How the 24 hourly multipliers make a rate within the day.
enum class HourlyShape {
  kStep,    ///< multiplier h holds on [h:00, h+1:00): exact expected counts per hour
  kLinear,  ///< multiplier h is the value at h:00, linear to multiplier h+1 (h = 23 -> 0)
};

struct ArrivalProfile {
  double base_rate_per_s = 0.0;
  /// 24 multipliers, hour 0 = 00:00-01:00; empty means all ones.
  std::vector<double> hourly{};
  HourlyShape hourly_shape = HourlyShape::kStep;
  /// 7 multipliers, day 0 = Monday; empty means all ones. Always a step at midnight.
  std::vector<double> daily{};
  /// Calendar time at t = 0, in seconds since Monday 00:00 (reduced modulo a week): 0 starts
  /// the stream on a Monday at midnight, 2.5 * kSecondsPerDay on Wednesday at noon.
  double week_offset_s = 0.0;
  /// Compound growth per 30-day month, measured from t = 0: the rate is multiplied by
  /// (1 + g)^(t / month), continuously. g > -1. The factor must stay finite over the
  /// simulated horizon (709 / ln(1 + g) months: 145 years at g = 0.5).
  double monthly_growth = 0.0;
  /// Multipliers for months 0, 1, 2... of the stream (month m = [m, m + 1) * 30 days from
  /// t = 0); the last one holds afterwards. Empty means all ones. Combines with the growth
  /// (both multiply).
  std::vector<double> monthly{};
};

class ProfiledPoissonArrivals {
 public:
  static constexpr std::string_view kName = "profiled";

  explicit ProfiledPoissonArrivals(const ArrivalProfile& p) {
    detail::require_positive(p.base_rate_per_s, kName, "base rate");
    const std::vector<double> hourly = multipliers(p.hourly, 24, "hourly");
    const std::vector<double> daily = multipliers(p.daily, 7, "daily");
    auto table = std::make_shared<Table>();
    if (!p.monthly.empty()) table->monthly = multipliers(p.monthly, p.monthly.size(), "monthly");
    if (!(p.monthly_growth > -1.0) || !std::isfinite(p.monthly_growth)) {
      detail::bad_parameter(kName, "monthly growth must be finite and greater than -1",
                            p.monthly_growth);
    }
    detail::require_finite(p.week_offset_s, kName, "week offset");
    linear_ = p.hourly_shape == HourlyShape::kLinear;
    double total = 0.0;
    for (std::size_t how = 0; how < kHoursPerWeek; ++how) {
      const std::size_t h = how % 24;
      const double day = daily[how / 24];
      const double start = p.base_rate_per_s * day * hourly[h];
      const double end = linear_ ? p.base_rate_per_s * day * hourly[(h + 1) % 24] : start;
      table->start[how] = start;
      table->end[how] = end;
      table->peak[how] = std::max(start, end);
      total += 0.5 * (start + end);
    }
    mean_rate_ = total / static_cast<double>(kHoursPerWeek);
    if (!std::isfinite(mean_rate_)) {
      detail::bad_parameter(kName, "base rate x multipliers must be finite", mean_rate_);
    }
    has_ramp_ = p.monthly_growth != 0.0;
    // Portable log and exp: the bound and the rate decide acceptances, so their last bits
    // must not depend on the platform's libm.
    log_growth_per_s_ = detail::portable_log1p(p.monthly_growth) / kSecondsPerMonth;
    offset_ = std::fmod(p.week_offset_s, kSecondsPerWeek);
    if (offset_ < 0) offset_ += kSecondsPerWeek;
    table_ = std::move(table);
    // The first piece: the calendar hour holding the offset (guarded against the division
    // rounding across an hour boundary).
    hour_ = static_cast<std::int64_t>(offset_ / kSecondsPerHour);
    if (static_cast<double>(hour_ + 1) * kSecondsPerHour <= offset_) ++hour_;
    if (static_cast<double>(hour_) * kSecondsPerHour > offset_) --hour_;
    how_ = static_cast<std::size_t>(hour_ % static_cast<std::int64_t>(kHoursPerWeek));
    enter_piece(0.0);
  }

  /// The next arrival time in seconds since t = 0; +infinity once the rate is zero forever
  /// (a last monthly multiplier of 0, or a decay that underflowed).
  double next(RandomStream& g) {
    if (t_ == std::numeric_limits<double>::infinity()) return t_;  // stays ended, draws nothing
    for (;;) {
      double e = standard_exponential(g);
      for (;;) {  // spend the Exp(1) mass on the dominating rate, piece by piece
        const double mass = bound_ * (piece_end_ - t_);
        if (e < mass) {
          t_ = std::min(t_ + e / bound_, piece_end_);
          break;
        }
        e -= mass;
        if (!advance_piece()) return t_;  // t_ is now +infinity
      }
      const double r = rate_in_piece(t_);
      if (r >= bound_ || g.uniform01() * bound_ < r) return t_;
    }
  }

  /// The intensity at time t (seconds since t = 0), per second.
  [[nodiscard]] double rate_at(double t) const {
    const double c = (t + offset_) / kSecondsPerHour;
    const double hour = std::floor(c);
    auto h = static_cast<std::int64_t>(hour) % static_cast<std::int64_t>(kHoursPerWeek);
    if (h < 0) h += static_cast<std::int64_t>(kHoursPerWeek);
    const auto how = static_cast<std::size_t>(h);
    double r = table_->start[how];
    if (linear_) r += (table_->end[how] - r) * (c - hour);
    const double month = std::floor(t / kSecondsPerMonth);
    return r * monthly_multiplier(month < 0 ? 0 : static_cast<std::int64_t>(month)) * growth(t);
  }

  /// The rate averaged over a week, base x mean(hourly) x mean(daily): the long-run average
  /// when there is no ramp. A ramped stream has no long-run average; its week average at
  /// time t is mean_rate() * ramp(t) (to within the ramp's change over the week).
  [[nodiscard]] double mean_rate() const { return mean_rate_; }

  /// The monthly multiplier times the compound growth at time t.
  [[nodiscard]] double ramp(double t) const {
    const double month = std::floor(t / kSecondsPerMonth);
    return monthly_multiplier(month < 0 ? 0 : static_cast<std::int64_t>(month)) * growth(t);
  }

 private:
  static constexpr std::size_t kHoursPerWeek = 168;

  struct Table {
    std::array<double, kHoursPerWeek> start{};  // base x day x hour, at the hour's start
    std::array<double, kHoursPerWeek> end{};    // ... at its end (= start for a step)
    std::array<double, kHoursPerWeek> peak{};   // max(start, end)
    std::vector<double> monthly;
  };

  static std::vector<double> multipliers(const std::vector<double>& m, std::size_t n,
                                         std::string_view what) {
    if (m.empty()) return std::vector<double>(n, 1.0);
    if (m.size() != n) {
      throw std::invalid_argument(std::string(kName) + ": the " + std::string(what) +
                                  " profile needs " + std::to_string(n) + " multipliers, got " +
                                  std::to_string(m.size()));
    }
    bool any_positive = false;
    for (double x : m) {
      if (!(x >= 0.0) || !std::isfinite(x)) {
        detail::bad_parameter(
            kName, std::string(what) + " multipliers must be non-negative and finite", x);
      }
      any_positive = any_positive || x > 0.0;
    }
    if (!any_positive) {
      throw std::invalid_argument(std::string(kName) + ": at least one " + std::string(what) +
                                  " multiplier must be positive");
    }
    return m;
  }

  [[nodiscard]] double growth(double t) const {
    return has_ramp_ ? detail::portable_exp(t * log_growth_per_s_) : 1.0;
  }

  [[nodiscard]] double monthly_multiplier(std::int64_t month) const {
    const std::vector<double>& m = table_->monthly;
    if (m.empty()) return 1.0;
    return m[std::min(static_cast<std::size_t>(month), m.size() - 1)];
  }

  // The rate at t inside the current piece (same hour and month as the bound).
  [[nodiscard]] double rate_in_piece(double t) const {
    double r = table_->start[how_];
    if (linear_) {
      const double frac = (t - hour_start_) / kSecondsPerHour;
      r += (table_->end[how_] - r) * std::clamp(frac, 0.0, 1.0);
    }
    return r * month_factor_ * growth(t);
  }

  // Sets the piece starting at t (the current hour_ and month_): its end and its bound.
  void enter_piece(double t) {
    t_ = t;
    hour_start_ = static_cast<double>(hour_) * kSecondsPerHour - offset_;
    const double hour_end = hour_start_ + kSecondsPerHour;
    const std::vector<double>& m = table_->monthly;
    // Month boundaries cut pieces only while the list of multipliers is still running.
    const bool running = !m.empty() && static_cast<std::size_t>(month_) + 1 < m.size();
    month_end_ = running ? static_cast<double>(month_ + 1) * kSecondsPerMonth
                         : std::numeric_limits<double>::infinity();
    piece_end_ = std::min(hour_end, month_end_);
    month_factor_ = monthly_multiplier(month_);
    // The ramp is monotone: its maximum on [t, piece_end_) is at one of the ends.
    const double ramp_max = growth(log_growth_per_s_ > 0 ? piece_end_ : t);
    bound_ = table_->peak[how_] * month_factor_ * ramp_max;
  }

  // Moves to the next piece; false (and t_ = +infinity) if the rate is zero from here on.
  bool advance_piece() {
    const double end = piece_end_;
    if (end == hour_start_ + kSecondsPerHour) {
      ++hour_;
      how_ = how_ + 1 == kHoursPerWeek ? 0 : how_ + 1;
    }
    if (end == month_end_) ++month_;
    enter_piece(end);
    if (bound_ > 0.0) return true;
    const std::vector<double>& m = table_->monthly;
    const bool list_ended_at_zero =
        !m.empty() && static_cast<std::size_t>(month_) + 1 >= m.size() && m.back() == 0.0;
    const bool decayed_to_zero = has_ramp_ && growth(end) == 0.0;
    if (list_ended_at_zero || decayed_to_zero) {
      t_ = std::numeric_limits<double>::infinity();
      return false;
    }
    return true;
  }

  std::shared_ptr<const Table> table_;
  bool linear_ = false;
  bool has_ramp_ = false;
  double log_growth_per_s_ = 0.0;  // ln(1 + g) / month
  double offset_ = 0.0;            // calendar seconds since Monday 00:00 at t = 0
  double mean_rate_ = 0.0;

  // The clock and the current piece of the dominating rate.
  double t_ = 0.0;
  std::int64_t hour_ = 0;  // calendar hours since the Monday 00:00 before t = 0
  std::size_t how_ = 0;    // hour of the week, hour_ mod 168
  std::int64_t month_ = 0;
  double hour_start_ = 0.0;
  double month_end_ = 0.0;
  double piece_end_ = 0.0;
  double month_factor_ = 1.0;
  double bound_ = 0.0;
};

}  // namespace dcsim

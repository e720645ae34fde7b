#pragma once
// Money of a center as plain formulas, below a run (issue 12, part A): what equipment costs
// per unit of time (straight-line depreciation, a loan's payments and interest), what energy
// costs under a tariff, what the founding report's subsidies pay, and the break-even price and
// utilisation. Amounts are plain numbers in one currency: the scenario layer keeps Money's
// currency and refuses mixing (base/units.hpp). Time is seconds; a year is 365 days.
//
// Two views of a cost, as planners keep them:
//   cash  what leaves the bank in the period: loan payments (or the purchase itself when it
//         is not financed), energy, maintenance, staff, rent;
//   full  the economic cost: depreciation of every item over its life, the loan's interest,
//         and the same running costs.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "dcsim/model/grid.hpp"

namespace dcsim {

inline constexpr double kSecondsPerYear = 365.0 * 86400.0;

/// One capital item: bought for `price` at time 0, written off straight-line over `life_years`.
struct CapitalItem {
  std::string name;
  double price = 0;
  double life_years = 5;  ///< EST: accelerators ~5 years, the facility 10–15 (DOMAIN §5.3)

  /// Depreciation over [from_s, to_s): price / life per year of the interval that lies within
  /// the item's life (none after it is written off).
  [[nodiscard]] double depreciation(double from_s, double to_s) const {
    const double end = life_years * kSecondsPerYear;
    const double a = std::clamp(from_s, 0.0, end), b = std::clamp(to_s, 0.0, end);
    return b > a ? price * (b - a) / end : 0.0;
  }
};

/// A loan repaid in equal payments (an annuity): `principal` at `annual_rate`, `years` long,
/// `periods_per_year` payments a year (12: monthly).
struct Loan {
  double principal = 0;
  double annual_rate = 0;  ///< 0.04 = 4% a year
  double years = 5;
  int periods_per_year = 12;

  [[nodiscard]] int periods() const { return static_cast<int>(std::lround(years * periods_per_year)); }
  /// The payment each period: P·r / (1 − (1 + r)^−n), r the rate per period; P / n at 0%.
  [[nodiscard]] double payment() const {
    const int n = periods();
    if (n <= 0) throw std::invalid_argument("loan: at least one payment");
    const double r = annual_rate / periods_per_year;
    return r == 0 ? principal / n : principal * r / (1 - std::pow(1 + r, -n));
  }
  /// Interest paid in payment k (1-based): r x the balance before it.
  [[nodiscard]] double interest_of_payment(int k) const {
    const double r = annual_rate / periods_per_year;
    if (r == 0 || k < 1 || k > periods()) return 0.0;
    const double balance = principal * std::pow(1 + r, k - 1) - payment() * (std::pow(1 + r, k - 1) - 1) / r;
    return balance * r;
  }
  /// Payments and interest falling in [from_s, to_s) (payment k falls at the end of period k).
  struct Flows {
    double paid = 0, interest = 0;
  };
  [[nodiscard]] Flows flows(double from_s, double to_s) const {
    Flows f;
    const double period_s = kSecondsPerYear / periods_per_year;
    for (int k = 1; k <= periods(); ++k) {
      const double at = k * period_s;
      if (at < from_s) continue;
      if (at >= to_s) break;
      f.paid += payment();
      f.interest += interest_of_payment(k);
    }
    return f;
  }
};

/// The price of energy: flat, by hour of day (time of use), or by hour of the year (a CSV of
/// 8,760 prices; it repeats), per kWh; optionally a share off the bill (a subsidy).
struct Tariff {
  std::optional<DailyProfile> by_hour_of_day;  ///< time of use: 24 prices per kWh
  std::vector<double> by_hour_of_year;         ///< 8,760 prices per kWh (or any whole number of hours)
  double flat_per_kwh = 0;                     ///< when neither of the above
  double discount = 0;                         ///< a share off the bill, 0..1 (e.g. 0.5 in Gansu for domestic chips)

  /// Price per kWh during hour h of the run (hour 0 = 1 January 00:00).
  [[nodiscard]] double per_kwh(std::size_t h) const {
    double p = flat_per_kwh;
    if (!by_hour_of_year.empty()) {
      p = by_hour_of_year[h % by_hour_of_year.size()];
    } else if (by_hour_of_day) {
      p = by_hour_of_day->at_hour(h);
    }
    return p * (1 - discount);
  }
  /// The bill for `joules` drawn during hour h.
  [[nodiscard]] double cost(double joules, std::size_t h) const { return joules / kJoulesPerKwh * per_kwh(h); }
};

/// A share of investment paid back, up to a cap (Kunming: 15%, at most 50 M CNY), optionally
/// only when conditions hold over the year (Hunan: >= 50 PFLOPS and annual PUE <= 1.3).
struct InvestmentSubsidy {
  double share = 0;
  double cap = std::numeric_limits<double>::infinity();
  double min_pflops = 0;                                     ///< 0: no size condition
  double max_pue = std::numeric_limits<double>::infinity();  ///< infinite: no PUE condition
};

struct SubsidyOutcome {
  double amount = 0;
  std::string lost_because;  ///< why nothing is paid, when a condition failed
};

/// What `s` pays on `capex` for a center of `pflops` whose simulated annual PUE is `pue`.
[[nodiscard]] inline SubsidyOutcome investment_subsidy(const InvestmentSubsidy& s, double capex, double pflops, double pue) {
  SubsidyOutcome out;
  if (pflops < s.min_pflops) {
    out.lost_because = "the center has " + std::to_string(pflops) + " PFLOPS, below the " + std::to_string(s.min_pflops) + " the subsidy asks";
    return out;
  }
  if (!(pue <= s.max_pue)) {
    out.lost_because = "the simulated annual PUE is " + std::to_string(pue) + ", above the " + std::to_string(s.max_pue) + " the subsidy asks";
    return out;
  }
  out.amount = std::min(s.share * capex, s.cap);
  return out;
}

/// Operating-cost matching (Anhui "1:2", read as 1 of subsidy per 2 spent: ratio 0.5), for
/// centers of at least `min_pflops`.
struct OpexMatching {
  double ratio = 0;
  double min_pflops = 0;
  [[nodiscard]] double amount(double opex, double pflops) const { return pflops >= min_pflops ? ratio * opex : 0.0; }
};

/// The price per accelerator-hour at which revenue = `cost`, given the accelerator-hours sold
/// (allocated, what tenants pay for); NaN when nothing was sold.
[[nodiscard]] inline double break_even_price(double cost, double sold_accelerator_hours) {
  return sold_accelerator_hours > 0 ? cost / sold_accelerator_hours : std::numeric_limits<double>::quiet_NaN();
}
/// The share of installed accelerator-hours that must be sold at `price` for revenue = `cost`;
/// above 1 when even a full center does not pay; NaN at a price of 0.
[[nodiscard]] inline double break_even_utilization(double cost, double price, double installed_accelerator_hours) {
  return price > 0 && installed_accelerator_hours > 0 ? cost / (price * installed_accelerator_hours) : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace dcsim

// Money formulas below a run: depreciation, a loan, tariffs, the founding report's subsidies
// and break-even, each checked on numbers computed by hand.
#include "dcsim/model/finance.hpp"

#include <gtest/gtest.h>

namespace dcsim {
namespace {

constexpr double kYear = kSecondsPerYear;

// 1.2 M over 5 years: 240 k a year; half a year at the end of its life, 120 k; nothing after.
TEST(Finance, StraightLineDepreciation) {
  const CapitalItem servers{"servers", 1.2e6, 5};
  EXPECT_DOUBLE_EQ(servers.depreciation(0, kYear), 240e3);
  EXPECT_DOUBLE_EQ(servers.depreciation(4.5 * kYear, 6 * kYear), 120e3);
  EXPECT_DOUBLE_EQ(servers.depreciation(5 * kYear, 7 * kYear), 0);
  EXPECT_DOUBLE_EQ(servers.depreciation(0, 10 * kYear), 1.2e6);  // never more than the price
}

// 100,000 at 12% a year, monthly over a year: r = 1%, payment = 100000 · 0.01 / (1 − 1.01^−12)
// = 8,884.88; the first payment's interest is 1% of 100,000; all interest = 12 payments − 100,000.
TEST(Finance, AnAnnuityLoan) {
  const Loan loan{100e3, 0.12, 1, 12};
  EXPECT_NEAR(loan.payment(), 8884.8789, 1e-3);
  EXPECT_NEAR(loan.interest_of_payment(1), 1000, 1e-9);
  const Loan::Flows year = loan.flows(0, kYear + 1);
  EXPECT_NEAR(year.paid, 12 * loan.payment(), 1e-6);
  EXPECT_NEAR(year.interest, 12 * loan.payment() - 100e3, 1e-6);
  EXPECT_NEAR(loan.interest_of_payment(12), loan.payment() - loan.payment() / 1.01, 1e-6);  // the last pays off B = A/(1+r)
  const Loan free{120e3, 0, 1, 12};
  EXPECT_DOUBLE_EQ(free.payment(), 10e3);
  EXPECT_DOUBLE_EQ(free.interest_of_payment(3), 0);
  EXPECT_DOUBLE_EQ(free.flows(0, kYear / 2 + 1).paid, 60e3);  // six payments in the first half year
}

// Time of use: 0.30 a kWh from 00:00 to 08:00, 0.60 after; a 50% subsidy halves the bill.
TEST(Finance, TariffsFlatTimeOfUseHourlyAndDiscounted) {
  Tariff tou;
  DailyProfile prices = DailyProfile::constant(0.60);
  for (std::size_t h = 0; h < 8; ++h) prices.values[h] = 0.30;
  tou.by_hour_of_day = prices;
  EXPECT_DOUBLE_EQ(tou.cost(kJoulesPerKwh, 3), 0.30);
  EXPECT_DOUBLE_EQ(tou.cost(kJoulesPerKwh, 24 + 6), 0.30);  // the next day's 06:00
  EXPECT_DOUBLE_EQ(tou.cost(2 * kJoulesPerKwh, 12), 1.20);
  tou.discount = 0.5;
  EXPECT_DOUBLE_EQ(tou.cost(kJoulesPerKwh, 12), 0.30);
  Tariff flat;
  flat.flat_per_kwh = 0.36;
  EXPECT_DOUBLE_EQ(flat.cost(1000 * kJoulesPerKwh, 5000), 360);
  Tariff hourly;
  hourly.by_hour_of_year = {0.1, 0.2, 0.3};
  EXPECT_DOUBLE_EQ(hourly.per_kwh(4), 0.2);  // repeats after its hours
}

// Kunming: 15% of investment, at most 50 M: 15 M on 100 M, 50 M (capped) on 500 M. Hunan: 10%
// for >= 50 PFLOPS and annual PUE <= 1.3: lost, with its reason, at PUE 1.35 or 40 PFLOPS.
TEST(Finance, InvestmentSubsidiesCappedAndConditional) {
  const InvestmentSubsidy kunming{0.15, 50e6};
  EXPECT_DOUBLE_EQ(investment_subsidy(kunming, 100e6, 1, 2).amount, 15e6);
  EXPECT_DOUBLE_EQ(investment_subsidy(kunming, 500e6, 1, 2).amount, 50e6);
  const InvestmentSubsidy hunan{0.10, std::numeric_limits<double>::infinity(), 50, 1.3};
  EXPECT_DOUBLE_EQ(investment_subsidy(hunan, 200e6, 60, 1.28).amount, 20e6);
  const SubsidyOutcome missed = investment_subsidy(hunan, 200e6, 60, 1.35);
  EXPECT_DOUBLE_EQ(missed.amount, 0);
  EXPECT_NE(missed.lost_because.find("PUE"), std::string::npos) << missed.lost_because;
  const SubsidyOutcome small = investment_subsidy(hunan, 200e6, 40, 1.2);
  EXPECT_DOUBLE_EQ(small.amount, 0);
  EXPECT_NE(small.lost_because.find("PFLOPS"), std::string::npos) << small.lost_because;
  const OpexMatching anhui{0.5, 10};
  EXPECT_DOUBLE_EQ(anhui.amount(30e6, 12), 15e6);
  EXPECT_DOUBLE_EQ(anhui.amount(30e6, 8), 0);
}

// A year costing 1 M with 100,000 accelerator-hours sold breaks even at 10 an hour; at 12 an
// hour, 1,000 accelerators must be sold 1e6 / (12 x 8.76e6) = 0.95% of their hours; and
// price x sold hours gives the cost back.
TEST(Finance, BreakEvenPriceAndUtilization) {
  EXPECT_DOUBLE_EQ(break_even_price(1e6, 1e5), 10);
  EXPECT_NEAR(break_even_utilization(1e6, 12, 1000 * 8760.0), 1e6 / (12 * 8.76e6), 1e-15);
  const double installed = 1000 * 8760.0, utilization = 0.3, cost = 5e7;
  const double price = break_even_price(cost, utilization * installed);
  EXPECT_NEAR(break_even_utilization(cost, price, installed), utilization, 1e-12);
  EXPECT_TRUE(std::isnan(break_even_price(1e6, 0)));
}

}  // namespace
}  // namespace dcsim

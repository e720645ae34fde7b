#include "dcsim/base/units.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <string>

namespace dcsim {

TEST(Units, Durations) {
  EXPECT_DOUBLE_EQ(*parse_quantity("1 h", Dimension::kTime), 3600.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("30 min", Dimension::kTime), 1800.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("1.5us", Dimension::kTime), 1.5e-6);
  EXPECT_DOUBLE_EQ(*parse_quantity(" 2 d ", Dimension::kTime), 172800.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("1 y", Dimension::kTime), 365 * 86400.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("1e3 ms", Dimension::kTime), 1.0);
}

TEST(Units, Rates) {
  EXPECT_DOUBLE_EQ(*parse_quantity("57.6 /h", Dimension::kRate), 57.6 / 3600.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("2 per s", Dimension::kRate), 2.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("10/min", Dimension::kRate), 10.0 / 60.0);
}

TEST(Units, MissingOrWrongUnitsAreRejected) {
  EXPECT_FALSE(parse_quantity("30", Dimension::kTime));
  EXPECT_FALSE(parse_quantity("30 hours", Dimension::kTime));
  EXPECT_FALSE(parse_quantity("57.6 h", Dimension::kRate));
  EXPECT_FALSE(parse_quantity("1 /h", Dimension::kTime));
  EXPECT_FALSE(parse_quantity("h", Dimension::kTime));
  EXPECT_FALSE(parse_quantity("", Dimension::kTime));
  EXPECT_FALSE(parse_quantity("nan h", Dimension::kTime));
}

}  // namespace dcsim

namespace dcsim {

TEST(Units, PowerEnergyDataBandwidthCompute) {
  EXPECT_DOUBLE_EQ(*parse_quantity("40 kW", Dimension::kPower), 40e3);
  EXPECT_DOUBLE_EQ(*parse_quantity("700 W", Dimension::kPower), 700.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("1 kWh", Dimension::kEnergy), 3.6e6);
  EXPECT_DOUBLE_EQ(*parse_quantity("80 GB", Dimension::kDataSize), 80e9);
  EXPECT_DOUBLE_EQ(*parse_quantity("1 GiB", Dimension::kDataSize), 1073741824.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("3.35 TB/s", Dimension::kBandwidth), 3.35e12);
  EXPECT_DOUBLE_EQ(*parse_quantity("400 Gbit/s", Dimension::kBandwidth), 50e9);
  EXPECT_DOUBLE_EQ(*parse_quantity("989 TFLOPS", Dimension::kCompute), 989e12);
  EXPECT_DOUBLE_EQ(*parse_quantity("1979 TOPS", Dimension::kCompute), 1979e12);
}

TEST(Units, UnitsOfAnotherDimensionAreRejected) {
  EXPECT_FALSE(parse_quantity("40 kWh", Dimension::kPower));
  EXPECT_FALSE(parse_quantity("40 kW", Dimension::kEnergy));
  EXPECT_FALSE(parse_quantity("80 GB/s", Dimension::kDataSize));
  EXPECT_FALSE(parse_quantity("80 gb", Dimension::kDataSize));  // units are case-sensitive: mW vs MW
  EXPECT_FALSE(parse_quantity("989", Dimension::kCompute));
}

TEST(Units, MoneyKeepsItsCurrency) {
  const auto price = parse_money("27500 USD", PricePer::kNothing);
  ASSERT_TRUE(price);
  EXPECT_DOUBLE_EQ(price->amount, 27500.0);
  EXPECT_EQ(price->currency, "USD");
  const auto tariff = parse_money("0.36 CNY/kWh", PricePer::kEnergy);
  ASSERT_TRUE(tariff);
  EXPECT_DOUBLE_EQ(tariff->amount * 3.6e6, 0.36);  // per joule
  EXPECT_EQ(tariff->currency, "CNY");
  EXPECT_DOUBLE_EQ(parse_money("2.5 CNY/h", PricePer::kTime)->amount * 3600, 2.5);
  EXPECT_FALSE(parse_money("27500", PricePer::kNothing));
  EXPECT_FALSE(parse_money("27500 usd", PricePer::kNothing));
  EXPECT_FALSE(parse_money("0.36 CNY/kWh", PricePer::kNothing));
  EXPECT_FALSE(parse_money("0.36 CNY", PricePer::kEnergy));
  EXPECT_FALSE(parse_money("0.36 CNY/kW", PricePer::kEnergy));
}

}  // namespace dcsim

namespace dcsim {

// Every row of the unit table (lib/base/units.cpp), one quantity each, against its SI value
// written out by hand: decimal prefixes are powers of 1000, binary ones of 1024, a bit is an
// eighth of a byte, an hour 3600 s, a (non-leap) year 365 days. A row read with the wrong
// factor or the wrong dimension fails here; the count keeps the list and the table in step.
TEST(Units, EveryRowOfTheTable) {
  struct Row {
    const char* text;
    Dimension dimension;
    double si;
  };
  const Row rows[] = {
      {"1 ns", Dimension::kTime, 1e-9},
      {"1 us", Dimension::kTime, 1e-6},
      {"1 ms", Dimension::kTime, 1e-3},
      {"1 s", Dimension::kTime, 1.0},
      {"1 min", Dimension::kTime, 60.0},
      {"1 h", Dimension::kTime, 3600.0},
      {"1 d", Dimension::kTime, 86400.0},
      {"1 w", Dimension::kTime, 604800.0},
      {"1 y", Dimension::kTime, 31536000.0},
      {"1 W", Dimension::kPower, 1.0},
      {"1 kW", Dimension::kPower, 1e3},
      {"1 MW", Dimension::kPower, 1e6},
      {"1 GW", Dimension::kPower, 1e9},
      {"1 J", Dimension::kEnergy, 1.0},
      {"1 kJ", Dimension::kEnergy, 1e3},
      {"1 MJ", Dimension::kEnergy, 1e6},
      {"1 Wh", Dimension::kEnergy, 3600.0},
      {"1 kWh", Dimension::kEnergy, 3.6e6},
      {"1 MWh", Dimension::kEnergy, 3.6e9},
      {"1 GWh", Dimension::kEnergy, 3.6e12},
      {"1 B", Dimension::kDataSize, 1.0},
      {"1 KB", Dimension::kDataSize, 1e3},
      {"1 MB", Dimension::kDataSize, 1e6},
      {"1 GB", Dimension::kDataSize, 1e9},
      {"1 TB", Dimension::kDataSize, 1e12},
      {"1 PB", Dimension::kDataSize, 1e15},
      {"1 EB", Dimension::kDataSize, 1e18},
      {"1 KiB", Dimension::kDataSize, 1024.0},
      {"1 MiB", Dimension::kDataSize, 1024.0 * 1024},
      {"1 GiB", Dimension::kDataSize, 1024.0 * 1024 * 1024},
      {"1 TiB", Dimension::kDataSize, 1024.0 * 1024 * 1024 * 1024},
      {"1 MB/s", Dimension::kBandwidth, 1e6},
      {"1 GB/s", Dimension::kBandwidth, 1e9},
      {"1 TB/s", Dimension::kBandwidth, 1e12},
      {"1 PB/s", Dimension::kBandwidth, 1e15},
      {"8 Mbit/s", Dimension::kBandwidth, 1e6},
      {"8 Gbit/s", Dimension::kBandwidth, 1e9},
      {"8 Tbit/s", Dimension::kBandwidth, 1e12},
      {"8 Mbps", Dimension::kBandwidth, 1e6},
      {"8 Gbps", Dimension::kBandwidth, 1e9},
      {"8 Tbps", Dimension::kBandwidth, 1e12},
      {"1 GFLOPS", Dimension::kCompute, 1e9},
      {"1 TFLOPS", Dimension::kCompute, 1e12},
      {"1 PFLOPS", Dimension::kCompute, 1e15},
      {"1 EFLOPS", Dimension::kCompute, 1e18},
      {"1 GOPS", Dimension::kCompute, 1e9},
      {"1 TOPS", Dimension::kCompute, 1e12},
      {"1 POPS", Dimension::kCompute, 1e15},
  };
  static_assert(std::size(rows) == 48, "one line per row of the unit table");
  const Dimension all[] = {Dimension::kTime,     Dimension::kPower,     Dimension::kEnergy, Dimension::kDataSize,
                           Dimension::kBandwidth, Dimension::kCompute};
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    const auto value = parse_quantity(row.text, row.dimension);
    ASSERT_TRUE(value.has_value());
    EXPECT_DOUBLE_EQ(*value, row.si);
    // its unit belongs to its own dimension only
    for (const Dimension other : all) {
      if (other == row.dimension) continue;
      EXPECT_FALSE(parse_quantity(row.text, other).has_value());
    }
  }
  // every time unit is also a rate's denominator: one per unit is 1 / (its seconds)
  for (const Row& row : rows) {
    if (row.dimension != Dimension::kTime) continue;
    SCOPED_TRACE(row.text);
    const std::string per = std::string("1 /") + (row.text + 2);
    EXPECT_DOUBLE_EQ(*parse_quantity(per, Dimension::kRate), 1.0 / row.si);
    EXPECT_DOUBLE_EQ(*time_unit_seconds(row.text + 2), row.si);
  }
}

}  // namespace dcsim

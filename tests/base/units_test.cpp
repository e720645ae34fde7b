#include "dcsim/base/units.hpp"

#include <gtest/gtest.h>

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

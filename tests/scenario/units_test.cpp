#include "dcsim/scenario/units.hpp"

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

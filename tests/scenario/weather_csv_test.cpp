#include "dcsim/scenario/weather_csv.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "dcsim/base/diagnostic.hpp"

namespace dcsim {
namespace {

namespace fs = std::filesystem;

std::string write(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "dcsim_weather_csv_test";
  fs::create_directories(dir);
  std::ofstream(dir / name) << text;
  return (dir / name).string();
}

TEST(WeatherCsv, ReadsHoursAndHumidity) {
  std::string text = "time,temperature_c,relative_humidity\n";
  for (int h = 0; h < 24; ++h) text += std::to_string(h) + ":00," + std::to_string(10 + h) + ",0.25\n";
  const Weather w = read_weather_csv(write("day.csv", text));
  ASSERT_EQ(w.hours(), 24u);
  EXPECT_DOUBLE_EQ(w.at_hour(3).dry_bulb_c, 13.0);
  EXPECT_DOUBLE_EQ(w.at_hour(27).dry_bulb_c, 13.0);  // repeats
  EXPECT_DOUBLE_EQ(w.at_hour(3).relative_humidity, 0.25);
  EXPECT_DOUBLE_EQ(w.mean_c(), 21.5);  // 10 ... 33
}

TEST(WeatherCsv, HumidityDefaultsWhenAbsent) {
  std::string text = "temperature_c\n";
  for (int h = 0; h < 48; ++h) text += "-5.5\n";
  const Weather w = read_weather_csv(write("cold.csv", text));
  EXPECT_EQ(w.hours(), 48u);
  EXPECT_DOUBLE_EQ(w.at_hour(47).dry_bulb_c, -5.5);
  EXPECT_DOUBLE_EQ(w.at_hour(47).relative_humidity, kDefaultRelativeHumidity);
}

std::string error_of(const std::string& file) {
  try {
    (void)read_weather_csv(file);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(WeatherCsv, ProblemsAreLocated) {
  EXPECT_NE(error_of(write("nocol.csv", "temp\n1\n")).find("temperature_c"), std::string::npos);
  EXPECT_NE(error_of(write("short.csv", "temperature_c\n1\n2\n")).find("expected whole days of hourly rows (a multiple of 24, 8760 for a year), found 2 rows"),
            std::string::npos);
  const std::string hot = error_of(write("hot.csv", "temperature_c\n20\n75\n"));
  EXPECT_NE(hot.find("hot.csv:3:"), std::string::npos) << hot;
  EXPECT_NE(hot.find("at most 60, found 75"), std::string::npos) << hot;
  const std::string pct = error_of(write("pct.csv", "temperature_c,relative_humidity\n20,55\n"));
  EXPECT_NE(pct.find("pct.csv:2:"), std::string::npos) << pct;
  EXPECT_NE(pct.find("(not percent), found 55"), std::string::npos) << pct;
  EXPECT_NE(error_of(write("text.csv", "temperature_c\nwarm\n")).find("text.csv:2:"), std::string::npos);
  EXPECT_NE(error_of("/nonexistent/weather.csv"), "(no error)");
}

}  // namespace
}  // namespace dcsim

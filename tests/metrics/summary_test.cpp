// summary.json as written by to_json: valid JSON whatever the input (NaN, invalid UTF-8), the
// shortest numbers that read back exactly, and the provenance fields (docs/summary-json.md).
#include "dcsim/metrics/summary.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <limits>

namespace dcsim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Summary small_summary() {
  Summary s;
  s.scenario = "tiny";
  s.file = "in/tiny.yaml";
  s.seed = 7;
  s.counts = {{"completions", 3}};
  s.metrics = {Metric{"utilization", 0.9, std::nullopt, std::nullopt, "", 0.9, "offered load"}};
  s.events = 10;
  s.wall_seconds = 0.5;
  s.dcsim_version = "0.1.0";
  s.commit = "abc123";
  s.date = "2026-11-25T10:00:00Z";
  s.command_line = {"dcsim", "run", "in/tiny.yaml"};
  return s;
}

TEST(SummaryJson, WritesTheDocumentedFieldsInOrderWithShortestNumbers) {
  EXPECT_EQ(to_json(small_summary()), R"({
  "scenario": "tiny",
  "file": "in/tiny.yaml",
  "seed": 7,
  "overrides": [],
  "dcsim_version": "0.1.0",
  "commit": "abc123",
  "date": "2026-11-25T10:00:00Z",
  "command_line": [
    "dcsim",
    "run",
    "in/tiny.yaml"
  ],
  "notes": [],
  "counts": {
    "completions": 3
  },
  "metrics": {
    "utilization": {
      "mean": 0.9,
      "theory": 0.9,
      "theory_source": "offered load"
    },
    "events": {
      "mean": 10
    },
    "wall_seconds": {
      "mean": 0.5,
      "unit": "s"
    },
    "events_per_second": {
      "mean": 20.0,
      "unit": "events/s"
    }
  }
}
)");
}

TEST(SummaryJson, NotANumberIsNullWithAReason) {
  Summary s = small_summary();
  s.counts = {{"completions", 0}};
  // utilization (finite) stays, to show it gets no reason: reading a key that is not there
  // through a const json is undefined (an assertion in a Debug build, make check-sanitize).
  s.metrics = {s.metrics.front(), Metric{"wait", kNaN, kNaN, kNaN, "h", std::nullopt, {}},
               Metric{"wait_p99", 2.5, kNaN, kNaN, "h", std::nullopt, {}},
               Metric{"served", std::numeric_limits<double>::infinity(), std::nullopt, std::nullopt, "%", std::nullopt, {},
                      "no demand in the window"}};
  const auto j = nlohmann::json::parse(to_json(s));
  EXPECT_TRUE(j["metrics"]["wait"]["mean"].is_null());
  EXPECT_TRUE(j["metrics"]["wait"]["ci95"].is_null());
  EXPECT_EQ(j["metrics"]["wait"]["reason"], "no completed jobs");
  EXPECT_EQ(j["metrics"]["wait_p99"]["mean"], 2.5);
  EXPECT_EQ(j["metrics"]["wait_p99"]["reason"], "no completed jobs");
  EXPECT_TRUE(j["metrics"]["served"]["mean"].is_null());
  EXPECT_EQ(j["metrics"]["served"]["reason"], "no demand in the window");  // the producer's own reason wins
  EXPECT_FALSE(j["metrics"]["utilization"].contains("reason"));

  s.counts = {{"completions", 5}};
  s.metrics = {Metric{"wait", 1.5, kNaN, kNaN, "h", std::nullopt, {}}};
  EXPECT_EQ(nlohmann::json::parse(to_json(s))["metrics"]["wait"]["reason"],
            "too few observations for a 95% interval (fewer than report.batches)");
}

TEST(SummaryJson, TextIsEscapedAndInvalidUtf8BecomesReplacementCharacters) {
  Summary s = small_summary();
  s.file = "in/m\xff\xfe" "c.yaml";
  s.overrides = {"name=\"quoted\"\\ \ttab\nnewline \x01", "ok=caf\xc3\xa9", "cut=\xe2\x82"};
  const std::string text = to_json(s);
  EXPECT_NE(text.find(R"("name=\"quoted\"\\ \ttab\nnewline \u0001")"), std::string::npos) << text;
  const auto j = nlohmann::json::parse(text);  // throws on invalid UTF-8
  EXPECT_EQ(j["file"], "in/m\xef\xbf\xbd\xef\xbf\xbd" "c.yaml");
  EXPECT_EQ(j["overrides"][1], "ok=caf\xc3\xa9");
  EXPECT_EQ(j["overrides"][2], "cut=\xef\xbf\xbd");
}

TEST(SummaryJson, NumbersReadBackExactly) {
  Summary s = small_summary();
  s.seed = 18446744073709551615u;
  s.metrics = {Metric{"a", 0.1 + 0.2, 1e-300, 1.7976931348623157e308, "", std::nullopt, {}}};
  const std::string text = to_json(s);
  EXPECT_NE(text.find("\"mean\": 0.30000000000000004"), std::string::npos) << text;
  EXPECT_NE(text.find("\"seed\": 18446744073709551615"), std::string::npos) << text;
  const auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["metrics"]["a"]["ci95"][0].get<double>(), 1e-300);
  EXPECT_EQ(j["metrics"]["a"]["ci95"][1].get<double>(), 1.7976931348623157e308);
}

TEST(SummaryJson, ProvenanceNotRecordedIsNull) {
  Summary s = small_summary();
  s.dcsim_version.clear();
  s.commit.clear();
  s.date.clear();
  s.command_line.clear();
  const auto j = nlohmann::json::parse(to_json(s));
  EXPECT_TRUE(j["dcsim_version"].is_null());
  EXPECT_TRUE(j["commit"].is_null());
  EXPECT_TRUE(j["date"].is_null());
  EXPECT_EQ(j["command_line"], nlohmann::json::array());
}

}  // namespace
}  // namespace dcsim

// The Azure LLM inference reader and TokenDemand against the facts in
// scenarios/traces/azure-llm-inference-2023/SOURCE.md, and the Philly run-time sample against
// scenarios/traces/alibaba-pai-v2020/SOURCE.md.
#include "dcsim/core/distributions.hpp"
#include "dcsim/workload/trace.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

namespace dcsim {
namespace {

namespace fs = std::filesystem;
const fs::path kTraces = fs::path(DCSIM_SOURCE_DIR) / "scenarios/traces";

std::string azure(const std::string& which) {
  return (kTraces / "azure-llm-inference-2023" / ("AzureLLMInferenceTrace_" + which + ".csv")).string();
}

double median(std::vector<std::int64_t> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? static_cast<double>(v[n / 2]) : 0.5 * static_cast<double>(v[n / 2 - 1] + v[n / 2]);
}

struct AzureFacts {
  const char* which;
  std::size_t requests;
  const char* first;
  std::int64_t span_ns;  ///< last - first, exact
  double rate;           ///< requests per second, as rounded in SOURCE.md
  double in_median, in_mean, in_max, out_median, out_mean, out_max;
  double mean_tolerance;
};

// SOURCE.md: "8819 | 18:17:03 .. 19:14:19 (3436 s) | 2.57 req/s | 1469 / 2048 / 7437 | 13 / 27.9 / 1899"
//            "19366 | 18:15:46 .. 19:14:08 (3502 s) | 5.53 req/s | 1020 / 1155 / 14050 | 129 / 211 / 1000"
// The spans to the 100 ns are read off the first and last rows.
const AzureFacts kCode{"code", 8819, "2023-11-16 18:17:03.9799600", 3'435'948'056'000, 2.57, 1469, 2048, 7437,
                       13, 27.9, 1899, 0.5};
const AzureFacts kConv{"conv", 19366, "2023-11-16 18:15:46.6805900", 3'501'721'937'000, 5.53, 1020, 1155, 14050,
                       129, 211, 1000, 0.5};

class AzureTraceFacts : public testing::TestWithParam<AzureFacts> {};

TEST_P(AzureTraceFacts, MatchesSourceMd) {
  const AzureFacts& f = GetParam();
  AzureLlmReader reader(azure(f.which));
  std::vector<std::int64_t> in, out;  // the test keeps the token counts for medians; the reader does not
  LlmRequest r;
  std::int64_t last_ns = -1;
  double last_s = 0;
  while (reader.next(r)) {
    ASSERT_GE(r.arrival_ns, last_ns);  // sorted ascending
    last_ns = r.arrival_ns;
    last_s = r.arrival_s;
    in.push_back(r.context_tokens);
    out.push_back(r.generated_tokens);
  }
  const TraceReadStats& stats = reader.stats();
  EXPECT_EQ(stats.skipped, 0u);
  EXPECT_TRUE(stats.unterminated_last_line);  // as published: CRLF, no final line break
  EXPECT_EQ(in.size(), f.requests);
  EXPECT_EQ(reader.origin(), f.first);
  EXPECT_EQ(last_ns, f.span_ns);
  EXPECT_EQ(last_s, static_cast<double>(f.span_ns) / 1e9);
  EXPECT_NEAR(last_s, std::round(last_s), 0.5);
  EXPECT_NEAR(static_cast<double>(in.size()) / last_s, f.rate, 0.005);
  const auto mean = [](const std::vector<std::int64_t>& v) {
    return static_cast<double>(std::accumulate(v.begin(), v.end(), std::int64_t{0})) / static_cast<double>(v.size());
  };
  EXPECT_EQ(median(in), f.in_median);
  EXPECT_NEAR(mean(in), f.in_mean, f.mean_tolerance);
  EXPECT_EQ(static_cast<double>(*std::max_element(in.begin(), in.end())), f.in_max);
  EXPECT_EQ(median(out), f.out_median);
  EXPECT_NEAR(mean(out), f.out_mean, f.which == std::string("code") ? 0.05 : 0.5);
  EXPECT_EQ(static_cast<double>(*std::max_element(out.begin(), out.end())), f.out_max);
}

INSTANTIATE_TEST_SUITE_P(Files, AzureTraceFacts, testing::Values(kCode, kConv),
                         [](const testing::TestParamInfo<AzureFacts>& p) { return std::string(p.param.which); });

TEST(AzureTrace, SubSecondTimesAreExact) {
  AzureLlmReader reader(azure("code"));
  LlmRequest r;
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.arrival_ns, 0);
  EXPECT_EQ(r.context_tokens, 4808);
  EXPECT_EQ(r.generated_tokens, 10);
  ASSERT_TRUE(reader.next(r));  // 18:17:04.0319600
  EXPECT_EQ(r.arrival_ns, 52'000'000);
  EXPECT_EQ(r.arrival_s, 0.052);
  ASSERT_TRUE(reader.next(r));  // 18:17:04.0781490
  EXPECT_EQ(r.arrival_ns, 98'189'000);
}

// ------------------------------------------------------------------ TokenDemand

LlmRequest at(double t, std::int64_t prompt, std::int64_t output) {
  LlmRequest r;
  r.arrival_s = t;
  r.arrival_ns = static_cast<std::int64_t>(std::llround(t * 1e9));
  r.context_tokens = prompt;
  r.generated_tokens = output;
  return r;
}

TEST(TokenDemand, PerIntervalRatesOverABoundedWindow) {
  const std::vector<LlmRequest> requests{at(0.5, 100, 10), at(1.5, 200, 20), at(1.9, 50, 5), at(3.2, 40, 4),
                                         at(3.5, 1000, 1000), at(-1, 7, 7)};
  const TokenDemand d = token_demand(requests, 1.0, 0.0, 3.5);  // [0, 3.5): the last two are outside
  ASSERT_EQ(d.intervals.size(), 4u);
  EXPECT_EQ(d.intervals[0].prompt_tokens_per_s, 100.0);
  EXPECT_EQ(d.intervals[1].requests, 2);
  EXPECT_EQ(d.intervals[1].prompt_tokens_per_s, 250.0);
  EXPECT_EQ(d.intervals[1].output_tokens_per_s, 25.0);
  EXPECT_EQ(d.intervals[2].requests, 0);  // an empty interval is still there
  EXPECT_EQ(d.intervals[2].prompt_tokens_per_s, 0.0);
  EXPECT_EQ(d.intervals[3].start_s, 3.0);
  EXPECT_EQ(d.intervals[3].length_s, 0.5);  // cut by the window's end
  EXPECT_EQ(d.intervals[3].prompt_tokens_per_s, 80.0);
  EXPECT_EQ(d.requests, 4);
  EXPECT_EQ(d.prompt_tokens, 390);
  EXPECT_EQ(d.output_tokens, 39);
  EXPECT_EQ(d.mean_prompt_tokens_per_s, 390.0 / 3.5);
  EXPECT_EQ(d.peak_prompt_tokens_per_s, 250.0);
  EXPECT_EQ(d.peak_output_tokens_per_s, 25.0);
}

TEST(TokenDemand, RejectsAnEmptyIntervalOrWindow) {
  EXPECT_THROW(TokenDemandBuilder(0.0), std::invalid_argument);
  EXPECT_THROW(TokenDemandBuilder(1.0, 5.0, 5.0), std::invalid_argument);
  EXPECT_THROW(TokenDemandBuilder(1e-9, 0.0, 1e6), std::invalid_argument);  // 1e15 intervals
  TokenDemandBuilder builder(60.0);
  EXPECT_FALSE(builder.add(at(std::nan(""), 1, 1)));
  EXPECT_THROW(builder.add(at(1e12, 1, 1)), std::length_error);
  const TokenDemand none = builder.result();
  EXPECT_TRUE(none.intervals.empty());
  EXPECT_EQ(none.mean_prompt_tokens_per_s, 0.0);
}

// Streaming the code trace into one-minute intervals: memory is 58 intervals, not 8819
// requests; the totals are the trace's (mean tokens x requests).
TEST(TokenDemand, CodeTracePerMinute) {
  AzureLlmReader reader(azure("code"));
  TokenDemandBuilder open_window(60.0);
  TokenDemandBuilder hour(60.0, 0.0, 3600.0);
  LlmRequest r;
  while (reader.next(r)) {
    EXPECT_TRUE(open_window.add(r));
    EXPECT_TRUE(hour.add(r));
  }
  const TokenDemand d = open_window.result();
  EXPECT_EQ(d.intervals.size(), 58u);  // the last request is at 3435.9 s, in minute 57
  EXPECT_EQ(d.requests, 8819);
  EXPECT_NEAR(static_cast<double>(d.prompt_tokens) / 8819.0, 2048, 0.5);
  EXPECT_NEAR(static_cast<double>(d.output_tokens) / 8819.0, 27.9, 0.05);
  EXPECT_EQ(d.intervals[0].requests, 63);
  EXPECT_EQ(d.intervals[0].prompt_tokens, 147'578);
  EXPECT_EQ(d.intervals[0].output_tokens, 1'478);
  EXPECT_NEAR(d.peak_prompt_tokens_per_s, 22'131.8, 0.1);
  EXPECT_NEAR(d.peak_output_tokens_per_s, 277.4, 0.1);
  EXPECT_DOUBLE_EQ(d.mean_prompt_tokens_per_s, static_cast<double>(d.prompt_tokens) / (58 * 60.0));

  const TokenDemand h = hour.result();
  ASSERT_EQ(h.intervals.size(), 60u);
  EXPECT_EQ(h.intervals[58].requests, 0);  // the trace ends at 57:16: two idle minutes
  EXPECT_EQ(h.intervals[59].requests, 0);
  EXPECT_DOUBLE_EQ(h.mean_prompt_tokens_per_s, static_cast<double>(d.prompt_tokens) / 3600.0);
}

// ------------------------------------------------------------------ Philly

TEST(PhillyRuntime, MatchesSourceMdAndBuildsAnEmpiricalCdf) {
  TraceReadStats stats;
  const std::vector<double> v =
      read_philly_runtimes((kTraces / "alibaba-pai-v2020/philly_runtime.csv").string(), {}, &stats);
  ASSERT_EQ(v.size(), 83'154u);
  EXPECT_EQ(stats.skipped, 0u);
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));  // published sorted: a sample, not a sequence
  const double sum = std::accumulate(v.begin(), v.end(), 0.0);
  EXPECT_NEAR(sum / static_cast<double>(v.size()), 14'613, 0.5);
  // SOURCE.md's quantiles are the sorted sample at index floor((n - 1) p) ("lower").
  const auto lower = [&](double p) { return v[static_cast<std::size_t>(std::floor((v.size() - 1) * p))]; };
  EXPECT_EQ(lower(0.5), 1'186);
  EXPECT_EQ(lower(0.9), 12'858);
  EXPECT_EQ(lower(0.99), 287'239);
  EXPECT_EQ(v.back(), 4'628'239);
  EXPECT_EQ(std::count(v.begin(), v.end(), 0.0), 2);

  const EmpiricalCdf cdf(v);
  // Piecewise-linear between sorted samples: mean = (sum - (min + max) / 2) / (n - 1).
  EXPECT_NEAR(cdf.mean(), (sum - 0.5 * (v.front() + v.back())) / static_cast<double>(v.size() - 1), 1e-6);
}

}  // namespace
}  // namespace dcsim

#pragma once
// Azure LLM inference trace 2023 (Patel et al., "Splitwise: Efficient generative LLM
// inference using phase splitting", ISCA'24): one request per row, with its arrival time and
// its prompt (context) and generated token counts; and TokenDemand, the tokens per second a
// window of such requests asks of a serving fleet.
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "dcsim/workload/trace/csv.hpp"

namespace dcsim {

struct LlmRequest {
  /// Nanoseconds after the first row's timestamp, exact: "18:17:03.9799600" is read as
  /// integers, never through a double, so gaps of 100 ns survive a trace of any length.
  std::int64_t arrival_ns = 0;
  double arrival_s = 0;  ///< the same, in seconds
  std::int64_t context_tokens = 0;    ///< prompt (input) tokens
  std::int64_t generated_tokens = 0;  ///< output tokens
};

/// Streams AzureLLMInferenceTrace_*.csv (columns TIMESTAMP, ContextTokens, GeneratedTokens).
/// TIMESTAMP is "YYYY-MM-DD HH:MM:SS" with up to 9 fractional digits. Bad rows besides
/// unreadable values: a time before the previous row's (the trace is a sequence of arrivals).
class AzureLlmReader {
 public:
  explicit AzureLlmReader(std::string path, TraceReadOptions options = {});

  bool next(LlmRequest& request);

  /// The timestamp text of the first request read: the origin of arrival_ns.
  [[nodiscard]] const std::string& origin() const { return origin_text_; }
  [[nodiscard]] const TraceReadStats& stats() const { return csv_.stats(); }
  [[nodiscard]] std::size_t buffered_bytes() const { return csv_.buffered_bytes(); }

 private:
  CsvReader csv_;
  std::size_t time_, context_, generated_;
  bool have_origin_ = false;
  std::int64_t origin_ns_ = 0;    ///< since 1970-01-01, as written (no time zone)
  std::int64_t previous_ns_ = 0;  ///< of the last accepted row
  std::string origin_text_;
  std::string previous_text_;
};

/// Requests and tokens arriving in one interval of a TokenDemand.
struct TokenDemandInterval {
  double start_s = 0;
  double length_s = 0;  ///< interval_s, except a last interval cut by the window's end
  std::int64_t requests = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t output_tokens = 0;
  double requests_per_s = 0;
  double prompt_tokens_per_s = 0;  ///< prefill demand
  double output_tokens_per_s = 0;  ///< decode demand
};

/// Token demand of a window [start_s, end_s) of requests, per interval of fixed length.
/// Every interval of the window is present, empty ones included (zero demand is demand).
struct TokenDemand {
  double interval_s = 0;
  double start_s = 0;
  double end_s = 0;  ///< the window's end (the last interval's end when none was given)
  std::vector<TokenDemandInterval> intervals;
  std::int64_t requests = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t output_tokens = 0;
  double mean_prompt_tokens_per_s = 0;  ///< over the whole window
  double mean_output_tokens_per_s = 0;
  double peak_prompt_tokens_per_s = 0;  ///< of the busiest interval
  double peak_output_tokens_per_s = 0;
};

/// Builds a TokenDemand from a stream of requests in arrival order (or any order): memory
/// grows with the number of intervals, not of requests.
class TokenDemandBuilder {
 public:
  /// A bound on memory (about 0.5 GB of intervals): a window needing more is a mistake
  /// in the interval length (std::invalid_argument; std::length_error from add()).
  static constexpr std::size_t kMaxIntervals = 10'000'000;

  /// Throws std::invalid_argument unless interval_s > 0 and start_s < end_s (both finite
  /// except end_s, which may be +infinity: the window then ends with the last interval that
  /// holds a request).
  explicit TokenDemandBuilder(double interval_s, double start_s = 0,
                              double end_s = std::numeric_limits<double>::infinity());

  /// Counts `request` if it arrives inside the window; returns whether it did.
  bool add(const LlmRequest& request);
  [[nodiscard]] TokenDemand result() const;

 private:
  double interval_s_;
  double start_s_;
  double end_s_;
  std::vector<TokenDemandInterval> intervals_;
};

[[nodiscard]] TokenDemand token_demand(std::span<const LlmRequest> requests, double interval_s,
                                       double start_s = 0,
                                       double end_s = std::numeric_limits<double>::infinity());

}  // namespace dcsim

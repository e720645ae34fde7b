#include "dcsim/workload/trace/azure_llm_2023.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <utility>

namespace dcsim {

namespace {

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2200;

/// Reads exactly `width` decimal digits at s[pos].
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

/// "YYYY-MM-DD HH:MM:SS[.f...]" (or 'T' between date and time, up to 9 fractional digits)
/// as nanoseconds since 1970-01-01 00:00:00 of the same, unnamed, time zone. Integer
/// arithmetic throughout, so the 100 ns digits of the Azure trace are kept exactly.
std::optional<std::int64_t> parse_timestamp(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' ||
      s[16] != ':') {
    return std::nullopt;
  }
  const auto year = digits(s, 0, 4);
  const auto month = digits(s, 5, 2);
  const auto day = digits(s, 8, 2);
  const auto hour = digits(s, 11, 2);
  const auto minute = digits(s, 14, 2);
  const auto second = digits(s, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  // Nanoseconds since 1970 fit an int64 from 1678 to 2262: a year outside the trace era is
  // refused rather than overflowed.
  if (*year < kFirstYear || *year > kLastYear) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  std::int64_t fraction_ns = 0;
  if (s.size() > 19) {
    const std::size_t n = s.size() - 20;
    if (s[19] != '.' || n == 0 || n > 9) return std::nullopt;
    const auto f = digits(s, 20, n);
    if (!f) return std::nullopt;
    fraction_ns = *f;
    for (std::size_t i = n; i < 9; ++i) fraction_ns *= 10;
  }
  const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  const std::int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second;
  return seconds * 1'000'000'000 + fraction_ns;
}

}  // namespace

AzureLlmReader::AzureLlmReader(std::string path, TraceReadOptions options)
    : csv_(std::move(path), options),
      time_(csv_.require_column("TIMESTAMP")),
      context_(csv_.require_column("ContextTokens")),
      generated_(csv_.require_column("GeneratedTokens")) {}

bool AzureLlmReader::next(LlmRequest& request) {
  while (csv_.next_row()) {
    const std::string_view text = csv_.text(time_);
    const auto ns = parse_timestamp(text);
    if (!ns) {
      csv_.fail(time_, fmt::format("expected a time such as \"2023-11-16 18:17:03.9799600\", found {}", quoted_excerpt(text)));
    } else if (have_origin_ && *ns < previous_ns_) {
      csv_.fail(time_, fmt::format("expected a time at or after the previous request's ({}), found {}",
                                   previous_text_, quoted_excerpt(text)));
    }
    request.context_tokens = csv_.integer(context_);
    request.generated_tokens = csv_.integer(generated_);
    if (!csv_.accept_row()) continue;
    if (!have_origin_) {
      have_origin_ = true;
      origin_ns_ = *ns;
      origin_text_ = text;
    }
    previous_ns_ = *ns;
    previous_text_ = text;
    request.arrival_ns = *ns - origin_ns_;
    request.arrival_s = static_cast<double>(request.arrival_ns) / 1e9;  // correctly rounded
    return true;
  }
  return false;
}

// ---------------------------------------------------------------- TokenDemand

TokenDemandBuilder::TokenDemandBuilder(double interval_s, double start_s, double end_s)
    : interval_s_(interval_s), start_s_(start_s), end_s_(end_s) {
  if (!(interval_s > 0) || !std::isfinite(interval_s)) {
    throw std::invalid_argument(fmt::format("token demand: expected an interval > 0 s, found {}", interval_s));
  }
  if (!std::isfinite(start_s) || std::isnan(end_s) || !(start_s < end_s)) {
    throw std::invalid_argument(
        fmt::format("token demand: expected a window start before its end, found [{}, {})", start_s, end_s));
  }
  if (std::isfinite(end_s)) {
    // Every interval of a bounded window exists, even with no request in it.
    const double n = std::ceil((end_s - start_s) / interval_s);
    if (n > static_cast<double>(kMaxIntervals)) {
      throw std::invalid_argument(fmt::format("token demand: expected at most {} intervals, found {} s / {} s",
                                              kMaxIntervals, end_s - start_s, interval_s));
    }
    intervals_.resize(static_cast<std::size_t>(n));
  }
}

bool TokenDemandBuilder::add(const LlmRequest& request) {
  const double t = request.arrival_s;
  if (!(t >= start_s_ && t < end_s_)) return false;  // NaN falls out here too
  auto k = static_cast<std::size_t>(std::floor((t - start_s_) / interval_s_));
  if (std::isfinite(end_s_) && k >= intervals_.size()) k = intervals_.size() - 1;  // rounding at the end
  if (k >= intervals_.size()) {
    if (k >= kMaxIntervals) {
      throw std::length_error(fmt::format("token demand: a request at {} s needs more than {} intervals of {} s",
                                          t, kMaxIntervals, interval_s_));
    }
    intervals_.resize(k + 1);
  }
  TokenDemandInterval& bin = intervals_[k];
  bin.requests += 1;
  bin.prompt_tokens += request.context_tokens;
  bin.output_tokens += request.generated_tokens;
  return true;
}

TokenDemand TokenDemandBuilder::result() const {
  TokenDemand d;
  d.interval_s = interval_s_;
  d.start_s = start_s_;
  d.end_s = std::isfinite(end_s_) ? end_s_ : start_s_ + static_cast<double>(intervals_.size()) * interval_s_;
  d.intervals = intervals_;
  for (std::size_t k = 0; k < d.intervals.size(); ++k) {
    TokenDemandInterval& bin = d.intervals[k];
    bin.start_s = start_s_ + static_cast<double>(k) * interval_s_;
    bin.length_s = std::min(interval_s_, d.end_s - bin.start_s);
    bin.requests_per_s = static_cast<double>(bin.requests) / bin.length_s;
    bin.prompt_tokens_per_s = static_cast<double>(bin.prompt_tokens) / bin.length_s;
    bin.output_tokens_per_s = static_cast<double>(bin.output_tokens) / bin.length_s;
    d.requests += bin.requests;
    d.prompt_tokens += bin.prompt_tokens;
    d.output_tokens += bin.output_tokens;
    d.peak_prompt_tokens_per_s = std::max(d.peak_prompt_tokens_per_s, bin.prompt_tokens_per_s);
    d.peak_output_tokens_per_s = std::max(d.peak_output_tokens_per_s, bin.output_tokens_per_s);
  }
  if (d.end_s > d.start_s && !d.intervals.empty()) {
    d.mean_prompt_tokens_per_s = static_cast<double>(d.prompt_tokens) / (d.end_s - d.start_s);
    d.mean_output_tokens_per_s = static_cast<double>(d.output_tokens) / (d.end_s - d.start_s);
  }
  return d;
}

TokenDemand token_demand(std::span<const LlmRequest> requests, double interval_s, double start_s, double end_s) {
  TokenDemandBuilder builder(interval_s, start_s, end_s);
  for (const LlmRequest& r : requests) builder.add(r);
  return builder.result();
}

}  // namespace dcsim

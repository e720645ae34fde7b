#pragma once
// The one rule for a run's seed, wherever it is written (`seed:` in a scenario, `--seed` on
// the command line), so both refuse the same text in the same words.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace dcsim {

/// What a seed must be, as an error message says it (followed by ", found \"...\"").
inline constexpr std::string_view kSeedExpected = "expected a non-negative integer (at most 18446744073709551615)";

/// The seed that `text` spells: decimal digits only, 0 to 2^64-1. Anything else ("-1", "+3",
/// "1e3", " 7", a number beyond 2^64-1) is std::nullopt, never wrapped around.
[[nodiscard]] inline std::optional<std::uint64_t> parse_seed(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace dcsim

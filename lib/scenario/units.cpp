#include "dcsim/scenario/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace dcsim {

namespace {
constexpr std::array<std::pair<std::string_view, double>, 9> kTimeUnits = {{
    {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1.0}, {"min", 60.0}, {"h", 3600.0},
    {"d", 86400.0}, {"w", 7 * 86400.0}, {"y", 365 * 86400.0},
}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace

std::optional<double> time_unit_seconds(std::string_view unit) {
  for (const auto& [name, seconds] : kTimeUnits) {
    if (name == unit) return seconds;
  }
  return std::nullopt;
}

std::optional<double> parse_quantity(std::string_view text, Dimension dimension) {
  text = trim(text);
  double number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || !std::isfinite(number)) return std::nullopt;
  std::string_view unit = trim(text.substr(static_cast<std::size_t>(end - text.data())));
  if (dimension == Dimension::kRate) {
    if (unit.starts_with("/")) {
      unit = trim(unit.substr(1));
    } else if (unit.starts_with("per ")) {
      unit = trim(unit.substr(4));
    } else {
      return std::nullopt;
    }
  }
  const auto seconds = time_unit_seconds(unit);
  if (!seconds) return std::nullopt;
  return dimension == Dimension::kTime ? number * *seconds : number / *seconds;
}

std::string describe(Dimension dimension) {
  switch (dimension) {
    case Dimension::kTime:
      return "a duration with a unit (ns, us, ms, s, min, h, d, w, y) such as \"30 min\"";
    case Dimension::kRate:
      return "a rate with a unit such as \"57.6 /h\" (per ns, us, ms, s, min, h, d, w, y)";
  }
  return {};
}

}  // namespace dcsim

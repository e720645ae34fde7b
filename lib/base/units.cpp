#include "dcsim/base/units.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace dcsim {

namespace {

struct Unit {
  std::string_view name;
  Dimension dimension;
  double si;  // SI value of one unit
};

constexpr double kHour = 3600.0;
constexpr std::array<Unit, 48> kUnits = {{
    {"ns", Dimension::kTime, 1e-9}, {"us", Dimension::kTime, 1e-6}, {"ms", Dimension::kTime, 1e-3},
    {"s", Dimension::kTime, 1.0}, {"min", Dimension::kTime, 60.0}, {"h", Dimension::kTime, kHour},
    {"d", Dimension::kTime, 24 * kHour}, {"w", Dimension::kTime, 7 * 24 * kHour}, {"y", Dimension::kTime, 365 * 24 * kHour},
    {"W", Dimension::kPower, 1.0}, {"kW", Dimension::kPower, 1e3}, {"MW", Dimension::kPower, 1e6},
    {"J", Dimension::kEnergy, 1.0}, {"kJ", Dimension::kEnergy, 1e3}, {"MJ", Dimension::kEnergy, 1e6},
    {"Wh", Dimension::kEnergy, kHour}, {"kWh", Dimension::kEnergy, 1e3 * kHour},
    {"MWh", Dimension::kEnergy, 1e6 * kHour}, {"GWh", Dimension::kEnergy, 1e9 * kHour},
    {"B", Dimension::kDataSize, 1.0}, {"KB", Dimension::kDataSize, 1e3}, {"MB", Dimension::kDataSize, 1e6},
    {"GB", Dimension::kDataSize, 1e9}, {"TB", Dimension::kDataSize, 1e12}, {"PB", Dimension::kDataSize, 1e15},
    {"KiB", Dimension::kDataSize, 1024.0}, {"MiB", Dimension::kDataSize, 1048576.0},
    {"GiB", Dimension::kDataSize, 1073741824.0}, {"TiB", Dimension::kDataSize, 1099511627776.0},
    {"MB/s", Dimension::kBandwidth, 1e6}, {"GB/s", Dimension::kBandwidth, 1e9}, {"TB/s", Dimension::kBandwidth, 1e12},
    {"Mbit/s", Dimension::kBandwidth, 1e6 / 8}, {"Gbit/s", Dimension::kBandwidth, 1e9 / 8},
    {"Tbit/s", Dimension::kBandwidth, 1e12 / 8}, {"Mbps", Dimension::kBandwidth, 1e6 / 8},
    {"Gbps", Dimension::kBandwidth, 1e9 / 8}, {"Tbps", Dimension::kBandwidth, 1e12 / 8},
    {"GFLOPS", Dimension::kCompute, 1e9}, {"TFLOPS", Dimension::kCompute, 1e12},
    {"PFLOPS", Dimension::kCompute, 1e15}, {"EFLOPS", Dimension::kCompute, 1e18},
    {"GOPS", Dimension::kCompute, 1e9}, {"TOPS", Dimension::kCompute, 1e12}, {"POPS", Dimension::kCompute, 1e15},
    {"GW", Dimension::kPower, 1e9}, {"EB", Dimension::kDataSize, 1e18}, {"PB/s", Dimension::kBandwidth, 1e15},
}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits "<number><spaces><rest>"; nullopt unless the number is finite.
std::optional<std::pair<double, std::string_view>> split_number(std::string_view text) {
  text = trim(text);
  double number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || !std::isfinite(number)) return std::nullopt;
  return std::pair{number, trim(text.substr(static_cast<std::size_t>(end - text.data())))};
}

std::optional<double> unit_si(std::string_view name, Dimension dimension) {
  for (const auto& u : kUnits) {
    if (u.name == name && u.dimension == dimension) return u.si;
  }
  return std::nullopt;
}

bool is_currency(std::string_view c) {
  return c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

}  // namespace

std::optional<double> time_unit_seconds(std::string_view unit) { return unit_si(unit, Dimension::kTime); }

std::optional<double> parse_quantity(std::string_view text, Dimension dimension) {
  const auto parts = split_number(text);
  if (!parts) return std::nullopt;
  auto [number, unit] = *parts;
  if (dimension == Dimension::kRate) {
    if (unit.starts_with("/")) {
      unit = trim(unit.substr(1));
    } else if (unit.starts_with("per ")) {
      unit = trim(unit.substr(4));
    } else {
      return std::nullopt;
    }
    const auto seconds = unit_si(unit, Dimension::kTime);
    return seconds ? std::optional(number / *seconds) : std::nullopt;
  }
  const auto si = unit_si(unit, dimension);
  return si ? std::optional(number * *si) : std::nullopt;
}

std::string describe(Dimension dimension) {
  switch (dimension) {
    case Dimension::kTime:
      return "a duration with a unit (ns, us, ms, s, min, h, d, w, y) such as \"30 min\"";
    case Dimension::kRate:
      return "a rate with a unit such as \"57.6 /h\" (per ns, us, ms, s, min, h, d, w, y)";
    case Dimension::kPower:
      return "a power with a unit (W, kW, MW, GW) such as \"40 kW\"";
    case Dimension::kEnergy:
      return "an energy with a unit (J, kJ, MJ, Wh, kWh, MWh, GWh) such as \"120 MWh\"";
    case Dimension::kDataSize:
      return "a size with a unit (B, KB, MB, GB, TB, PB, EB, KiB, MiB, GiB, TiB) such as \"80 GB\"";
    case Dimension::kBandwidth:
      return "a bandwidth with a unit (MB/s, GB/s, TB/s, PB/s, Mbit/s, Gbit/s, Tbit/s, Mbps, Gbps, Tbps) such as "
             "\"400 Gbit/s\"";
    case Dimension::kCompute:
      return "a throughput with a unit (GFLOPS, TFLOPS, PFLOPS, EFLOPS, GOPS, TOPS, POPS) such as \"989 TFLOPS\"";
  }
  return {};
}

std::optional<Money> parse_money(std::string_view text, PricePer per) {
  const auto parts = split_number(text);
  if (!parts) return std::nullopt;
  const auto [number, unit] = *parts;
  const auto slash = unit.find('/');
  const std::string_view currency = trim(unit.substr(0, slash));
  if (!is_currency(currency)) return std::nullopt;
  if (per == PricePer::kNothing) {
    if (slash != std::string_view::npos) return std::nullopt;
    return Money{number, std::string(currency)};
  }
  if (slash == std::string_view::npos) return std::nullopt;
  const auto si = unit_si(trim(unit.substr(slash + 1)), per == PricePer::kEnergy ? Dimension::kEnergy : Dimension::kTime);
  if (!si) return std::nullopt;
  return Money{number / *si, std::string(currency)};
}

std::string describe(PricePer per) {
  switch (per) {
    case PricePer::kNothing:
      return "an amount with a currency code such as \"27500 USD\"";
    case PricePer::kEnergy:
      return "a price per energy such as \"0.35 CNY/kWh\"";
    case PricePer::kTime:
      return "a price per time such as \"2.5 CNY/h\"";
  }
  return {};
}

}  // namespace dcsim

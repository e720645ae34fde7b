#pragma once
// Utilisation → power of one chip (accelerator or CPU package/host):
//
//   P(u) = P_idle + (P_max − P_idle) · f(u),   u ∈ [0, 1] the busy share,
//
// where f is the curve's shape, f(0) = 0 and f(1) = 1, so P_idle and P_max stay the chip's
// catalogue `idle_power` and `tdp` whatever the curve. The shapes are the ones open simulators
// implement (docs/power.md has the sources):
//   linear  f = u                    CloudSim PowerModelLinear, OpenDC LinearPowerModel, dslab
//   square  f = u²                   OpenDC, CloudSim
//   fan     f = 2u − u^r (r = 1.4)   Fan, Weber, Barroso, "Power provisioning for a
//                                    warehouse-sized computer", ISCA 2007 (OpenDC MsePowerModel)
//   table   11 points at u = 0, 0.1, …, 1, linear in between: SPECpower-style measurements
//           (CloudSim PowerModelSpecPower*), given here normalised, f_i = (P_i − P_0)/(P_10 − P_0)
// Linear is the default for accelerators: the A100 power distribution of AcmeTrace (Hu et al.,
// NSDI 2024) is bimodal (idle ~60 W, busy 290–440 W), so most of the energy error comes from how
// long a chip is idle, not from the curve's shape.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>

namespace dcsim {

enum class PowerCurveKind { kLinear, kSquare, kFan, kTable };
inline constexpr std::size_t kPowerCurveKindCount = 4;
inline constexpr std::array<std::string_view, kPowerCurveKindCount> kPowerCurveNames = {"linear", "square", "fan", "table"};
[[nodiscard]] constexpr std::string_view name(PowerCurveKind k) { return kPowerCurveNames[static_cast<std::size_t>(k)]; }

/// Points of a SPECpower-style table: u = 0, 0.1, ..., 1.0.
inline constexpr std::size_t kPowerTablePoints = 11;

/// Fan et al.'s exponent, fitted (minimum squared error) to Google's servers in ISCA 2007.
inline constexpr double kFanDefaultR = 1.4;

struct PowerCurve {
  PowerCurveKind kind = PowerCurveKind::kLinear;
  /// Fan et al.'s exponent; used by kFan only. 2u − u^r stays within [0, 1] and rises on [0, 1]
  /// for 1 ≤ r ≤ 2 (r = 1 is linear; r = 2 the steepest start), the range the reader accepts.
  double r = kFanDefaultR;
  /// kTable only: f at u = 0, 0.1, ..., 1; first 0, last 1, never decreasing (checked at load).
  std::array<double, kPowerTablePoints> table{};

  /// The shape f(u); u is clamped to [0, 1] (a busy share cannot leave it).
  [[nodiscard]] double fraction(double u) const {
    u = std::clamp(u, 0.0, 1.0);
    switch (kind) {
      case PowerCurveKind::kLinear:
        return u;
      case PowerCurveKind::kSquare:
        return u * u;
      case PowerCurveKind::kFan:
        return 2 * u - std::pow(u, r);
      case PowerCurveKind::kTable: {
        const double x = u * (kPowerTablePoints - 1);
        const auto i = std::min(static_cast<std::size_t>(x), kPowerTablePoints - 2);
        const double w = x - static_cast<double>(i);
        return table[i] + (table[i + 1] - table[i]) * w;
      }
    }
    return u;
  }

  /// Power at busy share u between `idle_w` (u = 0) and `max_w` (u = 1).
  [[nodiscard]] double power(double idle_w, double max_w, double u) const { return idle_w + (max_w - idle_w) * fraction(u); }
};

/// A SPECpower measurement in watts (11 points, u = 0 ... 1) as a normalised table curve: the
/// measured P_0 and P_10 are then the idle and maximum powers to use with it.
[[nodiscard]] inline PowerCurve table_curve_from_watts(const std::array<double, kPowerTablePoints>& watts) {
  PowerCurve c;
  c.kind = PowerCurveKind::kTable;
  const double span = watts.back() - watts.front();
  for (std::size_t i = 0; i < kPowerTablePoints; ++i) c.table[i] = span > 0 ? (watts[i] - watts.front()) / span : 0.0;
  c.table.back() = 1.0;
  return c;
}

}  // namespace dcsim

#pragma once
// Power capping by clock (DVFS): how far a capped rack's accelerators must slow down, and how
// much slower that makes a job. Standard CMOS/roofline approximations, to be calibrated against
// the published points listed in docs/power.md:
//
// * Power. A chip's draw splits into a static part that the clock does not touch (taken as its
//   idle power: 0.15 × TDP for NVIDIA parts, from AcmeTrace's A100 idle, Hu et al. NSDI 2024) and
//   a dynamic part ∝ f·V²; with V ∝ f in the DVFS range that is ∝ f³ (`exponent` = 3). Hence for
//   one chip at full load
//       f/f_max = ((P_cap − P_static) / (P_max − P_static))^(1/3).
//   The busy share u is not changed by the clock (the chip is as often busy, each step takes
//   longer), so at clock ratio x a chip draws P_idle + (P_max − P_idle)·f(u)·x³. A milder
//   voltage range (V less than ∝ f) is a smaller exponent; 2 is the pessimistic choice
//   (a 1/2 root: the same cap costs more clock).
// * Speed. A step's time is a memory-bound share m that does not scale with the clock and a
//   compute share 1 − m that does, so the speed factor is
//       s = 1 / (m + (1 − m) · f_max/f),
//   m ≈ 0.2 for dense training, ≈ 0.8 for LLM decode (estimates). Check: H100 700 W capped to
//   600 W with 105 W static: f/f_max = (495/595)^(1/3) = 0.9405, s(m = 0.2) = 0.9518 (−4.8%),
//   s(m = 0.8) = 0.9875. Milder than the −10–15% a blog reports for that cap (factryze.ai),
//   so a pessimistic scenario lowers m or the exponent.
// * A rack. All accelerators of a capped rack share one clock ratio (one PDU budget, the
//   simplest fair rule); host power and the chips' static power are not scaled.
#include <algorithm>
#include <cmath>
#include <span>

#include "dcsim/model/power_curve.hpp"

namespace dcsim {

struct DvfsModel {
  /// Dynamic power ∝ (f/f_max)^exponent: 3 for P ∝ f·V² with V ∝ f.
  double exponent = 3.0;
  /// The lowest clock ratio a chip runs at. EST: GPUs' lowest application clocks are a few
  /// hundred MHz of ~1.4–2 GHz; below the floor the budget is exceeded, not the clock lowered.
  double min_clock_ratio = 0.3;
  /// Clocks come in levels: GPUs' application clocks step by ~15 MHz of ~1.4–2 GHz, about 1%
  /// (EST). A capped clock is the highest level that fits (quantized_clock); 0 = continuous.
  /// Levels also keep a capped rack from changing its clock, and so every job's completion,
  /// at every start and end of a job in it.
  double clock_step = 0.01;
};

/// The highest clock level at or below `clock_ratio` (1 stays 1; never below the floor).
[[nodiscard]] inline double quantized_clock(double clock_ratio, const DvfsModel& m) {
  if (clock_ratio >= 1 || !(m.clock_step > 0)) return clock_ratio;
  const double level = std::floor(clock_ratio / m.clock_step + 1e-9) * m.clock_step;
  return std::max(m.min_clock_ratio, level);
}

/// f/f_max for one chip at full load held to `cap_w`: 1 when the cap is at or above `max_w`,
/// the floor when it is at or below `static_w`.
[[nodiscard]] inline double clock_ratio_for_cap(double cap_w, double static_w, double max_w, const DvfsModel& m = {}) {
  if (cap_w >= max_w) return 1.0;
  if (cap_w <= static_w) return m.min_clock_ratio;
  return std::clamp(std::pow((cap_w - static_w) / (max_w - static_w), 1.0 / m.exponent), m.min_clock_ratio, 1.0);
}

/// A job's speed at clock ratio `clock_ratio` (f/f_max) with memory-bound share m ∈ [0, 1]:
/// 1 / (m + (1 − m)/clock_ratio). 1 at full clock; equals the clock ratio when m = 0.
[[nodiscard]] inline double speed_factor(double clock_ratio, double memory_bound_share) {
  const double m = std::clamp(memory_bound_share, 0.0, 1.0);
  return 1.0 / (m + (1.0 - m) / clock_ratio);
}

/// A rack's draw at full clock, split into what the clock scales and what it does not. Kept as
/// two sums so an observer can update them per change (add the new chip state, subtract the old).
struct RackDraw {
  double fixed_w = 0;    ///< hosts plus the accelerators' idle (static) power
  double dynamic_w = 0;  ///< Σ (P_max − P_idle) · f(u) over the accelerators, at full clock

  void add_host(double watts) { fixed_w += watts; }
  /// One accelerator at busy share u.
  void add_chip(double idle_w, double max_w, const PowerCurve& curve, double u) {
    fixed_w += idle_w;
    dynamic_w += (max_w - idle_w) * curve.fraction(u);
  }
  /// The draw at clock ratio x.
  [[nodiscard]] double at(double clock_ratio, const DvfsModel& m = {}) const {
    return fixed_w + dynamic_w * std::pow(clock_ratio, m.exponent);
  }
};

struct CapResult {
  double clock_ratio = 1.0;  ///< common f/f_max of the rack's accelerators
  double draw_w = 0;         ///< the rack's draw at that clock
  bool capped = false;       ///< the clock was lowered
  bool fits = true;          ///< draw_w <= budget (false when even the floor does not fit)
};

/// The common clock ratio that keeps `draw` within `budget_w`:
///   x = ((budget − fixed) / dynamic)^(1/exponent), or 1 when the draw already fits.
[[nodiscard]] inline CapResult cap_rack(double budget_w, const RackDraw& draw, const DvfsModel& m = {}) {
  CapResult r;
  const double full = draw.at(1.0, m);
  if (full <= budget_w || draw.dynamic_w <= 0) {
    r.draw_w = full;
    r.fits = full <= budget_w;
    return r;
  }
  r.capped = true;
  const double room = budget_w - draw.fixed_w;
  r.clock_ratio = room > 0 ? std::max(m.min_clock_ratio, std::pow(room / draw.dynamic_w, 1.0 / m.exponent)) : m.min_clock_ratio;
  r.draw_w = draw.at(r.clock_ratio, m);
  r.fits = r.draw_w <= budget_w * (1 + 1e-12);
  return r;
}

/// cap_rack for a rack of one accelerator model: `host_w` of hosts and one accelerator per
/// entry of `busy` (its busy share).
[[nodiscard]] inline CapResult cap_rack(double budget_w, double host_w, double chip_idle_w, double chip_max_w, const PowerCurve& curve,
                                        std::span<const double> busy, const DvfsModel& m = {}) {
  RackDraw draw;
  draw.add_host(host_w);
  for (double u : busy) draw.add_chip(chip_idle_w, chip_max_w, curve, u);
  return cap_rack(budget_w, draw, m);
}

}  // namespace dcsim

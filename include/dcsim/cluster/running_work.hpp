#pragma once
// The work of the running jobs as a fluid: one entry per job slot, structure of arrays.
//
// A job's rate is the speed of its chips for its work (1 on the reference chip) times any
// slow-down imposed on it while it runs (a power cap lowering the clocks of its rack). Each
// entry keeps when the job ends at its present rate, that rate, and a version:
//   - a start sets end = begin + reference work / rate (rounded to the tick; exactly the
//     reference work at rate 1, so runs without slow-downs are unchanged to the last tick).
//     `begin` is when its work starts: now, or later when its servers must boot first
//     (SpeedGovernor::start_delay); until then no work is done;
//   - a rate change carries the remaining work over: remaining reference ticks =
//     (end - from) x old rate, new end = from + remaining / new rate (rounded to the tick),
//     from = the later of now and the work's start (a change before the start consumes none);
//   - the completion event a job was scheduled under carries its version, and every start,
//     rate change and stop bumps it. Events cannot be cancelled: a completion scheduled
//     before a rate change or a preemption still comes and is recognised as stale (its
//     version and its tick no longer match the slot's) and skipped. The tick check makes a
//     24-bit version wrapping round harmless.
// Rates of many jobs change at once (a cap on a rack, a facility cap) through one call over
// the arrays; no allocation per change once the slots exist. It runs job by job: the Eigen
// array forms beside it give the same ends to the bit but were slower at every size measured
// (kVectorRatesFrom).
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "dcsim/core/time.hpp"

namespace dcsim::cluster {

/// An event kind with the version of the slot it concerns in its upper bits.
inline constexpr std::uint32_t kKindBits = 8;
inline constexpr std::uint32_t kVersionMask = (1u << (32 - kKindBits)) - 1;
[[nodiscard]] constexpr std::uint32_t versioned(std::uint32_t kind, std::uint32_t version) {
  return kind | ((version & kVersionMask) << kKindBits);
}
[[nodiscard]] constexpr std::uint32_t kind_of(std::uint32_t kind) { return kind & ((1u << kKindBits) - 1); }
[[nodiscard]] constexpr std::uint32_t version_of(std::uint32_t kind) { return kind >> kKindBits; }

/// From this many slots on, change_rates takes the Eigen form: never. Measured 2026-12-03
/// (bench/RESULTS.md, running_work_bench, Release): the job-by-job loop was 1.2-1.9x as fast at
/// every size from 10^3 to 10^6 jobs, all jobs or a scattered eighth of them changing.
inline constexpr std::size_t kVectorRatesFrom = std::numeric_limits<std::size_t>::max();

class RunningWork {
 public:
  /// Slots 0 .. slots - 1 exist (grows only).
  void grow(std::size_t slots) {
    if (slots <= end_.size()) return;
    end_.resize(slots, kNever);
    rate_.resize(slots, 1.0);
    version_.resize(slots, 0);
    begin_.resize(slots, 0);
  }

  /// Starts a job of `reference` ticks of work on the reference chip at `rate`, its work
  /// beginning at `begin` (now, or when its servers have booted); returns its end (kNever for
  /// work that never ends or an end past the tick range).
  Tick start(std::uint32_t slot, Tick begin, Tick reference, double rate) {
    assert(rate > 0);
    rate_[slot] = rate;
    ++version_[slot];
    begin_[slot] = begin;
    end_[slot] = ends_by(begin, at_rate(reference, rate));
    return end_[slot];
  }
  /// The job leaves before its end (preempted, a replica stopped): what was scheduled for
  /// it becomes stale.
  void stop(std::uint32_t slot) {
    ++version_[slot];
    end_[slot] = kNever;
  }

  /// Whether an event for `slot` scheduled under `version` (versioned()) is still current.
  [[nodiscard]] bool current(std::uint32_t slot, std::uint32_t version) const { return (version_[slot] & kVersionMask) == version; }
  /// Whether a completion for `slot` under `version` arriving at `tick` is the job's end.
  [[nodiscard]] bool ends_at(std::uint32_t slot, std::uint32_t version, Tick tick) const { return current(slot, version) && end_[slot] == tick; }

  [[nodiscard]] Tick end(std::uint32_t slot) const { return end_[slot]; }
  [[nodiscard]] double rate(std::uint32_t slot) const { return rate_[slot]; }
  [[nodiscard]] std::uint32_t version(std::uint32_t slot) const { return version_[slot]; }
  /// Reference ticks of work left at `now` (+inf for work that never ends).
  [[nodiscard]] double remaining(std::uint32_t slot, Tick now) const {
    if (end_[slot] == kNever) return std::numeric_limits<double>::infinity();
    return static_cast<double>(end_[slot] - std::max(now, begin_[slot])) * rate_[slot];
  }
  /// When the work of `slot` started (or starts: after its servers boot).
  [[nodiscard]] Tick begin(std::uint32_t slot) const { return begin_[slot]; }

  /// New rates for running `slots` (distinct; rates[i] for slots[i], each > 0 and finite), at
  /// `now`: the remaining work of each is carried over and its end moves (end(slot) after).
  /// A refused rate changes nothing (all are checked first). Job by job below
  /// kVectorRatesFrom slots, else change_rates_vector (the same ends to the bit).
  void change_rates(std::span<const std::uint32_t> slots, std::span<const double> rates, Tick now) {
    if (slots.size() >= kVectorRatesFrom) {
      change_rates_vector(slots, rates, now);
    } else {
      change_rates_per_job(slots, rates, now);
    }
  }
  /// change_rates one job after the other.
  void change_rates_per_job(std::span<const std::uint32_t> slots, std::span<const double> rates, Tick now) {
    assert(slots.size() == rates.size());
    check_rates(rates);
    for (std::size_t i = 0; i < slots.size(); ++i) {
      const std::uint32_t s = slots[i];
      const double r = rates[i];
      const Tick from = std::max(now, begin_[s]);  // no work is done before it starts
      assert(end_[s] >= from);
      if (end_[s] != kNever) {
        const double left = static_cast<double>(end_[s] - from) * rate_[s] / r;
        end_[s] = left < static_cast<double>(kNever - from) ? from + static_cast<Tick>(left + 0.5) : kNever;
      }
      rate_[s] = r;
      ++version_[s];
    }
  }
  /// change_rates as a gather (remaining ticks and old rates into scratch arrays), the
  /// division as one Eigen array expression, and a scatter (rounding, saturation, versions).
  void change_rates_vector(std::span<const std::uint32_t> slots, std::span<const double> rates, Tick now) {
    assert(slots.size() == rates.size());
    check_rates(rates);
    const auto n = static_cast<Eigen::Index>(slots.size());
    if (left_.size() < n) left_.resize(n);
    if (old_rate_.size() < n) old_rate_.resize(n);
    auto d = left_.head(n);
    auto o = old_rate_.head(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const std::uint32_t s = slots[static_cast<std::size_t>(i)];
      const Tick from = std::max(now, begin_[s]);
      assert(end_[s] >= from);
      d[i] = static_cast<double>(end_[s] - from);
      o[i] = rate_[s];
    }
    const Eigen::Map<const Eigen::ArrayXd> r(rates.data(), n);
    d = d * o / r;
    for (Eigen::Index i = 0; i < n; ++i) {
      const std::uint32_t s = slots[static_cast<std::size_t>(i)];
      const Tick from = std::max(now, begin_[s]);
      if (end_[s] != kNever) end_[s] = d[i] < static_cast<double>(kNever - from) ? from + static_cast<Tick>(d[i] + 0.5) : kNever;
      rate_[s] = r[i];
      ++version_[s];
    }
  }
  /// change_rates for every slot 0 .. rates.size() - 1 (at most the slots that exist; an idle
  /// slot takes the rate too, harmlessly: a start sets its own), with no gather or scatter:
  /// the arrays themselves in two Eigen expressions. Measured, not used by the model.
  void change_all_rates(std::span<const double> rates, Tick now) {
    assert(rates.size() <= end_.size());
    check_rates(rates);
    const auto n = static_cast<Eigen::Index>(rates.size());
    if (left_.size() < n) left_.resize(n);
    Eigen::Map<Eigen::Array<Tick, Eigen::Dynamic, 1>> e(end_.data(), n);
    Eigen::Map<Eigen::ArrayXd> o(rate_.data(), n);
    const Eigen::Map<const Eigen::ArrayXd> r(rates.data(), n);
    const auto from = Eigen::Map<const Eigen::Array<Tick, Eigen::Dynamic, 1>>(begin_.data(), n).max(now);  // no work before its start
    auto left = left_.head(n);
    left = (e - from).cast<double>() * o / r;
    const auto fits = left < (kNever - from).cast<double>();  // what does not fit a Tick is kNever
    // (a left that does not fit is not cast: its cast would be undefined, though not taken)
    e = (e == kNever).select(e, fits.select((fits.select(left, 0.0) + 0.5).cast<Tick>() + from, kNever));
    o = r;
    Eigen::Map<Eigen::Array<std::uint32_t, Eigen::Dynamic, 1>>(version_.data(), n) += 1u;
  }

  /// Ticks `reference` ticks of reference work take at `rate` (saturating at kNever).
  [[nodiscard]] static Tick at_rate(Tick reference, double rate) {
    if (rate == 1.0 || reference == kNever) return reference;
    const double t = static_cast<double>(reference) / rate;
    return t < kTickLimit ? static_cast<Tick>(t + 0.5) : kNever;
  }
  [[nodiscard]] static Tick ends_by(Tick start, Tick length) { return length >= kNever - start ? kNever : start + length; }

 private:
  static void check_rates(std::span<const double> rates) {
    bool ok = true;  // one pass without a branch per rate; the message names the first refused
    for (const double r : rates) ok &= (r > 0) & (r < std::numeric_limits<double>::infinity());
    if (ok) return;
    for (const double r : rates) {
      if (!(r > 0) || !std::isfinite(r)) throw std::invalid_argument("a running job's rate must be a finite number > 0, got " + std::to_string(r));
    }
  }

  std::vector<Tick> end_;
  std::vector<double> rate_;
  std::vector<std::uint32_t> version_;
  std::vector<Tick> begin_;
  Eigen::ArrayXd left_, old_rate_;  // the array forms' scratch (grows only)
};

}  // namespace dcsim::cluster

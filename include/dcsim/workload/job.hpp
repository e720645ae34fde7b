#pragma once
// What a job asks for and how much work it carries.
//
// Work is either a fixed duration (trace replay: the job ran that long, whatever it ran on) or
// an amount of compute, written as hours on a reference accelerator at a precision
// ("8 H100-hours at bf16"): the same job then runs faster on a faster chip, at the rate the
// catalogue gives for the best precision the job accepts and the chip supports.
#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dcsim/model/chip.hpp"

namespace dcsim {

enum class JobKind { kTraining, kFineTuning, kInference, kGpuShare, kCpuBatch };

/// A set of precisions a job can run at.
using PrecisionSet = std::bitset<kPrecisionCount>;

[[nodiscard]] constexpr PrecisionSet precisions(std::initializer_list<Precision> list) {
  PrecisionSet s;
  for (Precision p : list) s.set(static_cast<std::size_t>(p));
  return s;
}

/// Training needs BF16/FP16 or a wider format; inference may also use FP8 and INT8.
[[nodiscard]] inline PrecisionSet default_precisions(JobKind kind) {
  using P = Precision;
  switch (kind) {
    case JobKind::kInference:
    case JobKind::kGpuShare:
      return precisions({P::kFp32, P::kTf32, P::kBf16, P::kFp16, P::kFp8, P::kInt8});
    case JobKind::kCpuBatch:
      return precisions({P::kFp64, P::kFp32});
    case JobKind::kTraining:
    case JobKind::kFineTuning:
      return precisions({P::kFp32, P::kTf32, P::kBf16, P::kFp16});
  }
  return {};
}

struct JobRequirements {
  std::uint32_t accelerators = 1;        ///< whole accelerators; more than a node's is a gang
  std::uint32_t accelerator_milli = 1000;  ///< share of one accelerator, < 1000 for GPU-sharing pods
  PrecisionSet precisions;               ///< precisions the job can run at
  double memory_per_accelerator = 0;     ///< bytes of accelerator memory it needs on each
  std::vector<std::string> allowed_chips;  ///< chip ids; empty = any accelerator
  bool within_one_pod = false;           ///< a gang that must stay under one pod switch
  double cpu_milli = 0;                  ///< host CPU, thousandths of a core
  double host_memory = 0;                ///< bytes
};

struct JobWork {
  std::optional<double> duration_s;      ///< fixed run time (trace replay)
  double reference_hours = 0;            ///< else: hours on `reference_ops_per_second` accelerators
  double reference_ops_per_second = 0;   ///< the reference chip's rate at the reference precision

  /// Total operations: reference accelerator-hours x reference rate (compute work only).
  [[nodiscard]] double operations() const { return reference_hours * 3600.0 * reference_ops_per_second; }
};

struct JobSpec {
  JobKind kind = JobKind::kTraining;
  std::uint32_t tenant = 0;
  JobRequirements needs;
  JobWork work;
};

/// Why a job can never run on a chip.
enum class Unfit { kNone, kNotAllowed, kNoSupportedPrecision, kNotEnoughMemory };

/// The fastest rate (ops/s per accelerator) at which `job` can run on `chip`, with the reason
/// when it cannot run there at all.
struct ChipFit {
  Unfit why = Unfit::kNone;
  Precision precision = Precision::kBf16;  ///< the precision chosen
  double ops_per_second = 0;
  [[nodiscard]] bool fits() const { return why == Unfit::kNone; }
};

[[nodiscard]] inline ChipFit fit(const JobSpec& job, const ChipSpec& chip) {
  const auto& allowed = job.needs.allowed_chips;
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), chip.id) == allowed.end()) return {Unfit::kNotAllowed};
  if (chip.memory_bytes > 0 && job.needs.memory_per_accelerator > chip.memory_bytes) return {Unfit::kNotEnoughMemory};
  ChipFit best{Unfit::kNoSupportedPrecision};
  for (std::size_t p = 0; p < kPrecisionCount; ++p) {
    if (job.needs.precisions.test(p) && chip.throughput[p] > best.ops_per_second) {
      best = {Unfit::kNone, static_cast<Precision>(p), chip.throughput[p]};
    }
  }
  return best;
}

/// Seconds `job` runs on `count` accelerators of `chip` (its share of one for GPU-sharing
/// pods), or nullopt when it cannot run there. A fixed duration ignores the chip; compute
/// work divides by the chip's rate, scaling linearly with accelerators (no communication
/// loss is modelled yet).
[[nodiscard]] inline std::optional<double> runtime_seconds(const JobSpec& job, const ChipSpec& chip) {
  const ChipFit f = fit(job, chip);
  if (!f.fits()) return std::nullopt;
  if (job.work.duration_s) return *job.work.duration_s;
  const double share = job.needs.accelerators * (job.needs.accelerator_milli / 1000.0);
  return job.work.operations() / (f.ops_per_second * share);
}

}  // namespace dcsim

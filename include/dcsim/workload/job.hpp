#pragma once
// What a job needs of the center it runs in, as a tenant class states it.
//
// A job asks for whole accelerators (k of them; more than one server holds is a gang of whole
// servers), for a share of one accelerator (a GPU-sharing pod), or for none (a CPU-only job),
// plus host CPU and memory on each server it uses. Its code runs at one precision, needs some
// accelerator memory, may be limited to some chips or vendors, needs a software stack
// (CUDA, CANN, ROCm, ...) that the chip must run, and may need dense racks (large training
// needs >= 40 kW racks). A chip that fails any of these can never serve the job; the first
// failed need, in the order of Unfit, is the reason given.
//
// Work: either a fixed run time (the job ran that long, whatever it ran on: traces, W2) or
// the run time on the reference chip at the job's precision; on another chip it then takes
// run time / that chip's relative throughput at that precision (x an efficiency the tenant
// may set per chip). The simulation applies it (cluster/center_model.hpp).
#include <bitset>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dcsim/model/chip.hpp"

namespace dcsim {

/// A set of precisions a job can run at.
using PrecisionSet = std::bitset<kPrecisionCount>;

[[nodiscard]] constexpr PrecisionSet precisions(std::initializer_list<Precision> list) {
  PrecisionSet s;
  for (Precision p : list) s.set(static_cast<std::size_t>(p));
  return s;
}

struct JobNeeds {
  /// 1 = whole accelerators; in (0, 1) = that share of one accelerator; 0 = CPU only.
  double accelerator_share = 1;
  double cpu_cores = 0;                 ///< host cores on each server it uses
  double host_memory_bytes = 0;         ///< host memory on each server it uses
  std::optional<Precision> precision;   ///< the precision its accelerator work runs at
  double accelerator_memory_bytes = 0;  ///< at least this on each accelerator
  std::vector<std::string> chips;       ///< allowed chip ids or vendors; empty = any
  std::string stack;                    ///< software stack its code needs; empty = any
  double min_rack_power_w = 0;          ///< least rack power budget (density) it needs

  [[nodiscard]] bool cpu_only() const { return accelerator_share == 0; }
};

/// Why a chip can never serve a job, in the order the needs are checked.
enum class Unfit : std::uint8_t { kNone, kNotAllowed, kNoStack, kNoPrecision, kNotEnoughMemory };

/// The first need of `needs` that `chip` fails (kNone when it can serve the job). A chip
/// whose memory is not published (0) is taken to have enough.
[[nodiscard]] Unfit chip_unfit(const JobNeeds& needs, const ChipSpec& chip);

/// A phrase for messages: "is not among the allowed chips", "does not run stack cuda", ...
[[nodiscard]] std::string describe(Unfit why, const JobNeeds& needs);

}  // namespace dcsim

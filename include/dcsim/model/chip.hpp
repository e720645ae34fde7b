#pragma once
// Accelerators and CPUs as the catalogue describes them (scenarios/catalog/chips.yaml).
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dcsim/base/units.hpp"
#include "dcsim/model/power_curve.hpp"

namespace dcsim {

enum class ChipKind { kGpu, kNpu, kCpu };

/// Numeric precisions, from widest to narrowest. A job asks for one; a chip may lack it.
enum class Precision { kFp64, kFp32, kTf32, kBf16, kFp16, kFp8, kInt8 };
inline constexpr std::size_t kPrecisionCount = 7;
inline constexpr std::array<std::string_view, kPrecisionCount> kPrecisionNames = {"fp64", "fp32", "tf32", "bf16",
                                                                                  "fp16", "fp8",  "int8"};
[[nodiscard]] constexpr std::string_view name(Precision p) { return kPrecisionNames[static_cast<std::size_t>(p)]; }
[[nodiscard]] std::string_view name(ChipKind k);

struct ChipSpec {
  std::string id;      ///< catalogue key, e.g. "h100-sxm"
  std::string vendor;
  std::string name;    ///< marketing name, e.g. "H100 SXM5 80 GB"
  ChipKind kind = ChipKind::kGpu;
  /// Dense operations per second for each precision; 0 = not supported.
  std::array<double, kPrecisionCount> throughput{};
  double memory_bytes = 0;              ///< 0 = not published
  double memory_bandwidth = 0;          ///< bytes/s; 0 = not published
  double tdp_w = 0;
  double idle_w = 0;
  /// How power rises from idle_w (busy share 0) to tdp_w (busy share 1): the catalogue's
  /// `power: {curve: ...}`, linear by default (model/power_curve.hpp).
  PowerCurve power;
  int cores = 0;                        ///< CPUs only
  /// Software stacks its code runs on (e.g. "cuda", "cann", "rocm"): a job that needs a
  /// stack runs only on chips that list it.
  std::vector<std::string> stacks;
  std::optional<Money> price;           ///< unit price, when known
  std::string source;                   ///< where the numbers come from

  [[nodiscard]] double ops_per_second(Precision p) const { return throughput[static_cast<std::size_t>(p)]; }
  [[nodiscard]] bool supports(Precision p) const { return ops_per_second(p) > 0; }
};

}  // namespace dcsim

// What a job needs of a chip (workload/job.hpp).
#include "dcsim/workload/job.hpp"

#include <algorithm>

namespace dcsim {

Unfit chip_unfit(const JobNeeds& needs, const ChipSpec& chip) {
  const auto& allowed = needs.chips;
  if (!allowed.empty() && std::none_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return a == chip.id || a == chip.vendor; })) {
    return Unfit::kNotAllowed;
  }
  if (!needs.stack.empty() && std::find(chip.stacks.begin(), chip.stacks.end(), needs.stack) == chip.stacks.end()) return Unfit::kNoStack;
  if (needs.precision && !chip.supports(*needs.precision)) return Unfit::kNoPrecision;
  if (chip.memory_bytes > 0 && needs.accelerator_memory_bytes > chip.memory_bytes) return Unfit::kNotEnoughMemory;
  return Unfit::kNone;
}

std::string describe(Unfit why, const JobNeeds& needs) {
  switch (why) {
    case Unfit::kNone: return "can serve it";
    case Unfit::kNotAllowed: return "is not among the allowed chips";
    case Unfit::kNoStack: return "does not run the " + needs.stack + " stack";
    case Unfit::kNoPrecision: return "has no " + std::string(name(*needs.precision)) + " throughput";
    case Unfit::kNotEnoughMemory: return "has less accelerator memory than the job needs";
  }
  return "cannot serve it";
}

}  // namespace dcsim

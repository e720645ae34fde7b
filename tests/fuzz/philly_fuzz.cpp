// The Philly job run times (a list of durations for an empirical distribution).
#include "dcsim/base/diagnostic.hpp"
#include "dcsim/workload/trace/philly_runtime.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)dcsim::read_philly_runtimes(dcsim::fuzz::input_file(data, size, ".csv"), {dcsim::OnBadRow::kSkip});
  } catch (const dcsim::ConfigError&) {
  }
  return 0;
}

// The Alibaba openb node list (packing: nodes:).
#include "dcsim/base/diagnostic.hpp"
#include "dcsim/workload/trace/alibaba_gpu_v2023.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)dcsim::read_alibaba_nodes(dcsim::fuzz::input_file(data, size, ".csv"), {dcsim::OnBadRow::kSkip});
  } catch (const dcsim::ConfigError&) {
  }
  return 0;
}

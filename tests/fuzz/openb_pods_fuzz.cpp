// The Alibaba openb pod list (packing: pods:), each pod also made a TraceJob.
#include "dcsim/base/diagnostic.hpp"
#include "dcsim/workload/trace/alibaba_gpu_v2023.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    dcsim::AlibabaPodReader reader(dcsim::fuzz::input_file(data, size, ".csv"), {dcsim::OnBadRow::kSkip});
    dcsim::PodRecord pod;
    while (reader.next(pod)) (void)dcsim::to_trace_job(pod);
  } catch (const dcsim::ConfigError&) {
  }
  return 0;
}

// The Alibaba DLRM instance trace (2025), each instance also made a TraceJob.
#include "dcsim/base/diagnostic.hpp"
#include "dcsim/workload/trace/alibaba_dlrm_v2025.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    dcsim::DlrmInstanceReader reader(dcsim::fuzz::input_file(data, size, ".csv"), {dcsim::OnBadRow::kSkip});
    dcsim::DlrmInstance instance;
    while (reader.next(instance)) (void)dcsim::to_trace_job(instance);
  } catch (const dcsim::ConfigError&) {
  }
  return 0;
}

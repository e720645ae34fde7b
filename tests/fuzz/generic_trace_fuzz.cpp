// The generic CSV job trace (a tenant's trace:), every row read under on_bad_row: skip:
// any bytes give jobs, skipped rows or a ConfigError about the file.
#include "dcsim/base/diagnostic.hpp"
#include "dcsim/workload/trace/trace_job.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dcsim::GenericTraceMapping mapping;
  mapping.arrival_column = "submit_min";
  mapping.duration_column = "runtime_min";
  mapping.accelerators_column = "gpus";
  mapping.cpu_column = "cores";
  mapping.memory_column = "mem_gb";
  mapping.gpu_milli_column = "share";
  mapping.time_unit_seconds = 60;
  mapping.cpu_unit_milli = 1000;
  mapping.memory_unit_bytes = 1e9;
  try {
    dcsim::GenericTraceReader reader(dcsim::fuzz::input_file(data, size, ".csv"), mapping, {dcsim::OnBadRow::kSkip});
    dcsim::TraceJob job;
    while (reader.next(job)) {
    }
  } catch (const dcsim::ConfigError&) {
  }
  return 0;
}

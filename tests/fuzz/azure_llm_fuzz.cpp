// The Azure LLM inference trace (a service's demand: azure_trace:), binned into token demand
// over a bounded window as a service reads it.
#include "dcsim/base/diagnostic.hpp"
#include "dcsim/workload/trace/azure_llm_2023.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    dcsim::AzureLlmReader reader(dcsim::fuzz::input_file(data, size, ".csv"), {dcsim::OnBadRow::kSkip});
    dcsim::TokenDemandBuilder demand(10, 0, 3600);
    dcsim::LlmRequest request;
    while (reader.next(request)) demand.add(request);
    (void)demand.result();
  } catch (const dcsim::ConfigError&) {
  }
  return 0;
}

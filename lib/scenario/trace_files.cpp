// Phase 2: every trace a scenario names is opened at load, its header and first row read by
// the reader the run uses, so `dcsim validate` reports what `dcsim run` would (a missing
// column, an empty or binary file, the pod list given as the node list) before any run.
#include <fmt/format.h>

#include <filesystem>

#include "dcsim/workload/trace/alibaba_gpu_v2023.hpp"
#include "dcsim/workload/trace/azure_llm_2023.hpp"
#include "dcsim/workload/trace/trace_job.hpp"
#include "workload_reader.hpp"

namespace dcsim::detail {

namespace {

// Runs `open_and_read_first_row`, recording its problems with the trace's own locations.
template <typename Read>
void read_first_row(YamlReader& r, Read open_and_read_first_row) {
  try {
    open_and_read_first_row();
  } catch (const ConfigError& e) {
    for (const Diagnostic& d : e.diagnostics()) r.add(d);
  }
}

}  // namespace

std::optional<std::string> file_problem(const std::string& path, std::string_view what) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  if (std::filesystem::exists(path, ec)) return fmt::format("{} \"{}\" is not a regular file", what, path);
  return fmt::format("no such {} \"{}\"", what, path);
}

void check_trace_files(YamlReader& r, const Scenario& s) {
  if (s.workload) {
    for (const TenantSpec& t : s.workload->tenants) {
      if (!t.trace) continue;
      read_first_row(r, [&] {
        TraceJob job;
        (void)GenericTraceReader(t.trace->file, t.trace->mapping, {t.trace->on_bad_row}).next(job);
      });
    }
  }
  if (s.packing) {
    const TraceReadOptions options{s.packing->on_bad_row};
    // A node list is small (one row per server): read whole, as the run does.
    if (!s.packing->nodes_from_centers) read_first_row(r, [&] { (void)read_alibaba_nodes(s.packing->nodes_file, options); });
    read_first_row(r, [&] {
      PodRecord pod;
      (void)AlibabaPodReader(s.packing->pods_file, options).next(pod);
    });
  }
  std::vector<const DemandSpec*> demands;
  if (s.inference) {
    for (const auto& service : s.inference->services) demands.push_back(&service.demand);
  }
  if (s.workload) {
    for (const TenantSpec& t : s.workload->tenants) {
      if (t.service) demands.push_back(&t.service->demand);
    }
  }
  for (const DemandSpec* d : demands) {
    if (d->azure_file.empty()) continue;
    read_first_row(r, [&] {
      LlmRequest request;
      (void)AzureLlmReader(d->azure_file).next(request);
    });
  }
}

}  // namespace dcsim::detail

#pragma once
// Job run times of Microsoft's Philly GPU cluster (2017), as published next to the Alibaba
// PAI 2020 trace analysis (cluster-trace-gpu-v2020/analysis/philly_runtime.csv): one column
// `runtime`, in seconds, one row per job, sorted ascending. A sample, not a sequence: the
// natural use is an empirical distribution of durations:
//   EmpiricalCdf durations(read_philly_runtimes(path));
#include <string>
#include <vector>

#include "dcsim/workload/trace/csv.hpp"

namespace dcsim {

/// Every run time in the file, in seconds (finite, >= 0), in file order. Small (83,154
/// values: 650 KiB as doubles), so it is read whole.
[[nodiscard]] std::vector<double> read_philly_runtimes(const std::string& path,
                                                       const TraceReadOptions& options = {},
                                                       TraceReadStats* stats = nullptr);

}  // namespace dcsim

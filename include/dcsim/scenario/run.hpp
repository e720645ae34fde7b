#pragma once
// Runs a loaded scenario once and summarises it.
#include <string>
#include <vector>

#include "dcsim/metrics/summary.hpp"
#include "dcsim/scenario/scenario.hpp"

namespace dcsim {

/// One replication with the scenario's seed. Times in the summary are in report.time_unit.
[[nodiscard]] Summary run_scenario(const Scenario& scenario);

/// For a workload on the centers, one line per tenant class saying which chips of the center
/// can serve it (with how many accelerators), or why none can: known before any run.
[[nodiscard]] std::vector<std::string> describe_tenants(const Scenario& scenario);

}  // namespace dcsim

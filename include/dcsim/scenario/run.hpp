#pragma once
// Runs a loaded scenario once and summarises it.
#include "dcsim/metrics/summary.hpp"
#include "dcsim/scenario/scenario.hpp"

namespace dcsim {

/// One replication with the scenario's seed. Times in the summary are in report.time_unit.
[[nodiscard]] Summary run_scenario(const Scenario& scenario);

}  // namespace dcsim

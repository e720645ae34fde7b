#pragma once
// A scenario's `power:` section as the center run's power model (cluster/center_power.hpp), and
// what it measured as summary metrics. Private to lib/scenario.
#include <string>
#include <vector>

#include "dcsim/cluster/center_config.hpp"
#include "dcsim/cluster/center_power.hpp"
#include "dcsim/metrics/summary.hpp"
#include "dcsim/policy/datacenter_nodes.hpp"
#include "dcsim/scenario/scenario.hpp"

namespace dcsim {

/// The power model's configuration for `s` (with a power section) on `nodes`' table, built for
/// `center` (its tenants). Notes on what was assumed (no weather given, the default grid) go
/// to `notes`. Throws ConfigError when a weather file cannot be read.
[[nodiscard]] cluster::CenterPowerConfig center_power_config(const Scenario& s, const policy::DatacenterNodes& nodes, const Inventory& inventory,
                                                             const cluster::CenterConfig& center, std::vector<std::string>& notes);

/// Appends energy, PUE, carbon, water, power and capping metrics of one replication.
void add_power_metrics(Summary& out, const Scenario& s, const cluster::PowerResult& p, const std::vector<std::string>& tenant_names,
                       const std::vector<std::string>& chip_models, double busy_accelerator_seconds);

}  // namespace dcsim

#pragma once
// A scenario's `power:` section as the center run's power model (cluster/center_power.hpp), and
// what it measured as summary metrics. Private to lib/scenario.
#include <cstddef>
#include <cstdint>
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

/// What a rack is called in racks.csv: its center, its rack type, its number in the center.
struct RackLabel {
  std::string center, rack_type;
  std::uint32_t number = 0;
};
[[nodiscard]] std::vector<RackLabel> rack_labels(const DatacenterSpec& dc, const Inventory& inventory);

/// racks.csv (per rack: budget, energy, peak and mean draw, time capped, work lost) and
/// power_hourly.csv (per center and hour of the measured time: IT and facility energy, PUE,
/// carbon) of replication `replication` (0-based; the seed is the scenario's + it).
void add_power_tables(Summary& out, const cluster::PowerResult& p, std::size_t replication, const std::vector<RackLabel>& racks);

}  // namespace dcsim

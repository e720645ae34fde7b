#pragma once
// Reading the physical sections of a scenario — chips, servers, racks, cooling_limits,
// centers, wan — in two phases: shape (each value on its own), then cross-references and the
// engineering checks a planner needs (rack power budget, cooling density, rack units).
#include "dcsim/model/datacenter.hpp"
#include "yaml_reader.hpp"

namespace dcsim::detail {

/// Phase 1: every section present in `root`, each value checked on its own.
void read_datacenter(YamlReader& r, const YAML::Node& root, DatacenterSpec& out);

/// Phase 2: ids that must exist, duplicates, and the engineering checks.
void check_datacenter(YamlReader& r, const YAML::Node& root, const DatacenterSpec& dc);

}  // namespace dcsim::detail

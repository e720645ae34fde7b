#pragma once
// Reading `workload:` (the jobs) and `scheduler:` (how they start).
#include "dcsim/scenario/scenario.hpp"
#include "yaml_reader.hpp"

namespace dcsim::detail {

void read_workload(YamlReader& r, const YAML::Node& node, Scenario& s);
void read_scheduler(YamlReader& r, const YAML::Node& node, Scenario& s);
/// Phase 2: the queue discipline and placement must be ones the scenario's model runs.
void check_scheduler(YamlReader& r, const YAML::Node& root, const Scenario& s);
/// The `packing:` section (a pod trace packed onto its nodes).
void read_packing(YamlReader& r, const YAML::Node& node, Scenario& s);
/// The `inference:` section (autoscaled inference services on a cluster).
void read_inference(YamlReader& r, const YAML::Node& node, Scenario& s);
/// Phase 2: the workload needs centers whose accelerator servers all have the same size.
void check_workload(YamlReader& r, const YAML::Node& root, const Scenario& s);

/// Accelerators per server of every populated server with accelerators (the cluster model's
/// nodes), in center, group, population order; 0 entries are CPU-only servers, skipped.
[[nodiscard]] std::vector<std::uint32_t> accelerator_nodes(const DatacenterSpec& dc);

}  // namespace dcsim::detail

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
/// A service's `demand:` (an Azure trace window or a constant tokens/s); `on_centers` allows
/// what a service on the centers may add (a day's profile, a repeating trace).
std::optional<DemandSpec> read_demand(YamlReader& r, const YAML::Node& node, const std::string& path, const std::string& scenario_file,
                                      bool on_centers);
/// The `inference:` section (autoscaled inference services on a cluster).
void read_inference(YamlReader& r, const YAML::Node& node, Scenario& s);
/// Phase 2: the workload needs populated racks, and the chips, vendors and stacks its tenants
/// name must be in the catalogue.
void check_workload(YamlReader& r, const YAML::Node& root, const Scenario& s);

/// Why `path` cannot be read ("no such trace file \"...\"", "trace file \"...\" is not a regular
/// file" for a folder or a device, with `what` = "trace file"), or nullopt for a regular file.
std::optional<std::string> file_problem(const std::string& path, std::string_view what);
/// Phase 2: opens every trace the scenario names and reads its header and first row
/// (lib/scenario/trace_files.cpp).
void check_trace_files(YamlReader& r, const Scenario& s);

}  // namespace dcsim::detail

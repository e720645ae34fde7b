#pragma once
// Reading `workload:` (the jobs) and `scheduler:` (how they start).
#include <fmt/format.h>

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
/// A number in (0, 1] (a share: of held time that is busy, of capacity to aim at), reported
/// with `meaning` when outside.
std::optional<double> read_share(YamlReader& r, const YAML::Node& node, const std::string& path, std::string_view meaning);

/// The autoscaler keys an inference service shares in both models (`inference:` services and
/// a tenant's `service:`): startup, window, scale_down_delay, target_utilization, min_replicas,
/// max_replicas, into the same-named fields of `out`.
template <class Autoscaled>
void read_autoscaler(YamlReader& r, const YAML::Node& node, const std::string& path, Autoscaled& out) {
  const auto key = [&](const char* k) { return YamlReader::join(path, k); };
  const auto duration = [&](const char* k, double& field, bool zero_allowed) {
    if (const auto n = node[k]; n.IsDefined()) field = r.quantity(n, key(k), Dimension::kTime, zero_allowed).value_or(field);
  };
  duration("startup", out.startup_s, true);
  duration("window", out.window_s, false);
  duration("scale_down_delay", out.scale_down_delay_s, true);
  if (const auto n = node["target_utilization"]; n.IsDefined()) {
    out.target_utilization = read_share(r, n, key("target_utilization"), "a share of a replica's capacity").value_or(out.target_utilization);
  }
  const auto count = [&](const char* k, std::uint32_t& field, std::int64_t min) {
    if (const auto n = node[k]; n.IsDefined()) field = static_cast<std::uint32_t>(r.integer(n, key(k), min, 1'000'000).value_or(min));
  };
  count("min_replicas", out.min_replicas, 0);
  count("max_replicas", out.max_replicas, 1);
  if (out.min_replicas > out.max_replicas) {
    r.error(node["min_replicas"], key("min_replicas"), fmt::format("expected at most max_replicas ({}), found {}", out.max_replicas, out.min_replicas));
  }
}

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

// The `inference:` section: services whose replicas follow a tokens/s demand on a shared
// cluster.
#include <fmt/format.h>

#include <filesystem>

#include "dcsim/workload/trace/azure_llm_2023.hpp"
#include "workload_reader.hpp"

namespace dcsim::detail {

std::optional<DemandSpec> read_demand(YamlReader& r, const YAML::Node& node, const std::string& path, const std::string& /*scenario_file*/,
                                      bool on_centers) {
  if (!r.expect_map(node, path)) return std::nullopt;
  if (on_centers) {
    r.allow_only(node, path, {"azure_trace", "constant", "step", "tokens", "scale", "from", "until", "hourly", "repeat"});
  } else {
    r.allow_only(node, path, {"azure_trace", "constant", "step", "tokens", "scale", "from", "until"});
  }
  DemandSpec d;
  const auto key = [&](const char* k) { return YamlReader::join(path, k); };
  const bool trace = node["azure_trace"].IsDefined();
  if (trace == node["constant"].IsDefined()) {
    r.error(node, path, "expected exactly one of azure_trace: (a CSV of the Azure LLM inference trace) or constant: (tokens/s)");
    return std::nullopt;
  }
  if (trace) {
    d.azure_file = r.input_file(node["azure_trace"], key("azure_trace"), "trace file").value_or("");
  } else if (const auto v = r.number(node["constant"], key("constant"), 0.0, true)) {
    d.constant_tokens_per_s = *v;
  }
  if (const auto n = node["step"]; n.IsDefined()) d.step_s = r.quantity(n, key("step"), Dimension::kTime, false).value_or(d.step_s);
  if (const auto n = node["tokens"]; n.IsDefined()) {
    const auto v = r.string(n, key("tokens"));
    if (v == "output") {
      d.tokens = cluster::DemandTokens::kOutput;
    } else if (v == "prompt") {
      d.tokens = cluster::DemandTokens::kPrompt;
    } else if (v == "total") {
      d.tokens = cluster::DemandTokens::kTotal;
    } else {
      r.error(n, key("tokens"), fmt::format("expected output, prompt or total, found {}", YamlReader::found(n)));
    }
  }
  if (const auto n = node["scale"]; n.IsDefined()) d.scale = r.number(n, key("scale"), 0.0, false).value_or(1);
  if (const auto n = node["from"]; n.IsDefined()) d.from_s = r.quantity(n, key("from"), Dimension::kTime, true).value_or(0);
  if (const auto n = node["until"]; n.IsDefined()) d.until_s = r.quantity(n, key("until"), Dimension::kTime, false);
  // The demand is binned into steps, all of the window held at once.
  if (d.until_s && *d.until_s > d.from_s && (*d.until_s - d.from_s) / d.step_s > static_cast<double>(TokenDemandBuilder::kMaxIntervals)) {
    r.error(node["step"].IsDefined() ? node["step"] : node, key("step"), fmt::format("expected at most {} steps from from: to until:, found {:.3g} of {:g} s",
                                                   TokenDemandBuilder::kMaxIntervals, (*d.until_s - d.from_s) / d.step_s, d.step_s));
  }
  if (const auto n = node["hourly"]; n.IsDefined()) {
    if (trace) {
      r.error(n, key("hourly"), "a day's profile shapes a constant demand; a trace has its own");
    } else if (r.expect_list(n, key("hourly"))) {
      if (n.size() != 24) r.error(n, key("hourly"), fmt::format("expected 24 factors (one per hour of the day), found {}", n.size()));
      for (std::size_t h = 0; h < n.size(); ++h) d.hourly.push_back(r.number(n[h], fmt::format("{}[{}]", key("hourly"), h), 0.0, true).value_or(0));
    }
  }
  if (const auto n = node["repeat"]; n.IsDefined()) d.repeat = r.boolean(n, key("repeat"), "true: the trace window replays again and again").value_or(false);
  // The inference model runs until its demand ends; on the centers a flat constant lasts for
  // the whole run unless until: ends it.
  if (!on_centers && !trace && !d.until_s) r.error(node, path, "a constant demand needs until: (how long it lasts)");
  return d;
}

namespace {

void read_service(YamlReader& r, const YAML::Node& node, const std::string& path, InferenceServiceSpec& s, const std::string& scenario_file) {
  r.allow_only(node, path, {"name", "demand", "gpus_per_replica", "tokens_per_second_per_replica", "startup", "window", "target_utilization",
                            "min_replicas", "max_replicas", "scale_down_delay", "priority"});
  cluster::InferenceServiceConfig& c = s.config;
  const auto key = [&](const char* k) { return YamlReader::join(path, k); };
  if (const auto n = r.required(node, path, "name")) c.name = r.string(*n, key("name")).value_or("");
  if (const auto n = r.required(node, path, "demand")) {
    if (auto d = read_demand(r, *n, key("demand"), scenario_file, false)) s.demand = std::move(*d);
  }
  if (const auto n = node["gpus_per_replica"]; n.IsDefined()) c.gpus_per_replica = static_cast<std::uint32_t>(r.integer(n, key("gpus_per_replica"), 1, 64).value_or(1));
  if (const auto n = node["tokens_per_second_per_replica"]; n.IsDefined()) {
    c.tokens_per_second_per_replica = r.number(n, key("tokens_per_second_per_replica"), 0.0, false).value_or(1);
  }
  read_autoscaler(r, node, path, c);
  if (const auto n = node["priority"]; n.IsDefined()) c.priority = static_cast<int>(r.integer(n, key("priority"), -1000, 1000).value_or(0));
}

}  // namespace

void read_inference(YamlReader& r, const YAML::Node& node, Scenario& s) {
  if (!r.expect_map(node, "inference")) return;
  r.allow_only(node, "inference", {"nodes", "gpus_per_node", "interval", "preemption", "services"});
  InferenceSpec spec;
  if (const auto n = r.required(node, "inference", "nodes")) spec.cluster.nodes = static_cast<std::uint32_t>(r.integer(*n, "inference.nodes", 1, 10'000'000).value_or(1));
  if (const auto n = node["gpus_per_node"]; n.IsDefined()) spec.cluster.gpus_per_node = static_cast<std::uint32_t>(r.integer(n, "inference.gpus_per_node", 1, 64).value_or(8));
  if (const auto n = node["interval"]; n.IsDefined()) spec.cluster.interval_s = r.quantity(n, "inference.interval", Dimension::kTime, false).value_or(15);
  if (const auto n = node["preemption"]; n.IsDefined()) spec.cluster.preemption = r.boolean(n, "inference.preemption").value_or(true);
  if (const auto list = r.required(node, "inference", "services")) {
    if (r.expect_list(*list, "inference.services")) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        const YAML::Node item = (*list)[i];
        const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
        const std::string path = name.IsDefined() && name.IsScalar() ? fmt::format("inference.services[{}]", name.Scalar())
                                                                     : fmt::format("inference.services[{}]", i);
        if (!r.expect_map(item, path)) continue;
        InferenceServiceSpec service;
        read_service(r, item, path, service, s.file);
        if (service.config.gpus_per_replica > spec.cluster.gpus_per_node) {
          r.error(item["gpus_per_replica"], YamlReader::join(path, "gpus_per_replica"),
                  fmt::format("expected at most inference.gpus_per_node ({}): a replica runs on one node", spec.cluster.gpus_per_node));
        }
        // One autoscaler recommendation per interval is kept for the scale-down delay.
        if (service.config.scale_down_delay_s / spec.cluster.interval_s > static_cast<double>(cluster::kMaxScaleDownHistory)) {
          r.error(item["scale_down_delay"].IsDefined() ? item["scale_down_delay"] : item, YamlReader::join(path, "scale_down_delay"),
                  fmt::format("expected at most {} autoscaler intervals (inference.interval, {:g} s), found {:.3g}",
                              cluster::kMaxScaleDownHistory, spec.cluster.interval_s,
                              service.config.scale_down_delay_s / spec.cluster.interval_s));
        }
        spec.services.push_back(std::move(service));
      }
    }
  }
  s.inference = std::move(spec);
}

}  // namespace dcsim::detail

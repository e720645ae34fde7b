// The `packing:` section: an openb-style node list and pod list, packed without time.
#include <fmt/format.h>

#include <filesystem>

#include "workload_reader.hpp"

namespace dcsim::detail {

void read_packing(YamlReader& r, const YAML::Node& node, Scenario& s) {
  if (!r.expect_map(node, "packing")) return;
  r.allow_only(node, "packing", {"nodes", "pods", "tune", "replications", "report_at", "on_bad_row", "mode", "arrival_speedup"});
  PackingSpec p;
  const auto file = [&](const char* key, std::string& out) {
    const std::string path = YamlReader::join("packing", key);
    const auto n = r.required(node, "packing", key);
    if (!n) return;
    out = r.input_file(*n, path, "file").value_or("");
  };
  if (const auto n = node["nodes"]; n.IsDefined() && n.IsScalar() && n.Scalar() == "centers") {
    p.nodes_from_centers = true;  // checked against the scenario's centers in phase 2
  } else {
    file("nodes", p.nodes_file);
  }
  file("pods", p.pods_file);
  if (const auto n = node["tune"]; n.IsDefined()) {
    // Tuned up, the pods asked for are tune x the GPU capacity, all held at once: bounded
    // so that a typo (1e9 for 1.3) is an error here, not an allocation failure mid-run.
    constexpr double kMaxTune = 100;
    if (const auto v = r.number(n, "packing.tune", 0, true); v && *v > kMaxTune) {
      r.error(n, "packing.tune", fmt::format("expected at most {:g} (pods asking for tune x the GPU capacity), found {}", kMaxTune,
                                             YamlReader::found(n)));
    } else if (v) {
      p.tune = *v;
    }
  }
  if (const auto n = node["replications"]; n.IsDefined()) {
    if (const auto v = r.integer(n, "packing.replications", 1, 10'000)) p.replications = static_cast<int>(*v);
  }
  if (const auto n = node["report_at"]; n.IsDefined()) {
    if (r.expect_list(n, "packing.report_at")) {
      p.report_at.clear();
      for (std::size_t i = 0; i < n.size(); ++i) {
        if (const auto v = r.integer(n[i], fmt::format("packing.report_at[{}]", i), 1, 1000)) p.report_at.push_back(static_cast<int>(*v));
      }
    }
  }
  if (const auto b = node["on_bad_row"]; b.IsDefined()) {
    const auto v = r.string(b, "packing.on_bad_row");
    if (v == "skip") {
      p.on_bad_row = OnBadRow::kSkip;
    } else if (v != "stop") {
      r.error(b, "packing.on_bad_row", fmt::format("expected stop or skip, found {}", YamlReader::found(b)));
    }
  }
  if (const auto m = node["mode"]; m.IsDefined()) {
    const auto v = r.string(m, "packing.mode");
    if (v == "timed") {
      p.timed = true;
    } else if (v != "timeless") {
      r.error(m, "packing.mode", fmt::format("expected timeless (pods never leave) or timed (creation and deletion times), found {}", YamlReader::found(m)));
    }
  }
  if (const auto n = node["arrival_speedup"]; n.IsDefined()) {
    if (const auto v = r.number(n, "packing.arrival_speedup", 1, true)) p.arrival_speedup = *v;
    if (!p.timed) r.error(n, "packing.arrival_speedup", "applies to mode: timed only");
  }
  if (p.timed && p.nodes_from_centers) {
    r.error(node["nodes"], "packing.nodes", "mode: timed reads a node list file for now; nodes: centers works in the timeless mode");
  }
  if (p.nodes_from_centers && s.datacenter.centers.empty()) {
    r.error(node["nodes"], "packing.nodes", "nodes: centers needs a centers: section (or an include: that has one)");
  }
  if (p.timed) {
    for (const char* key : {"tune", "replications", "report_at"}) {
      if (node[key].IsDefined()) r.error(node[key], YamlReader::join("packing", key), "applies to the timeless mode only (mode: timed replays the trace's own times)");
    }
  }
  s.packing = std::move(p);
}

}  // namespace dcsim::detail

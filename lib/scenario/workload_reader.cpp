#include "workload_reader.hpp"

#include <fmt/format.h>

#include <cmath>

#include "distribution_spec.hpp"

namespace dcsim::detail {

namespace {

// `accelerators: 8` or `accelerators: {values: [1, 2, 4], weights: [0.5, 0.3, 0.2]}`.
std::optional<Distribution> read_count(YamlReader& r, const YAML::Node& node, const std::string& path) {
  if (node.IsScalar()) {
    if (const auto n = r.integer(node, path, 1, 1'000'000)) return Distribution(Deterministic(double(*n)));
    return std::nullopt;
  }
  if (!r.expect_map(node, path)) return std::nullopt;
  r.allow_only(node, path, {"values", "weights"});
  const auto values_node = r.required(node, path, "values");
  const auto weights_node = r.required(node, path, "weights");
  if (!values_node || !weights_node) return std::nullopt;
  std::vector<double> values, weights;
  bool ok = r.expect_list(*values_node, YamlReader::join(path, "values")) &&
            r.expect_list(*weights_node, YamlReader::join(path, "weights"));
  if (!ok) return std::nullopt;
  for (std::size_t i = 0; i < values_node->size(); ++i) {
    const auto v = r.integer((*values_node)[i], fmt::format("{}.values[{}]", path, i), 1, 1'000'000);
    ok = ok && v.has_value();
    values.push_back(double(v.value_or(1)));
  }
  for (std::size_t i = 0; i < weights_node->size(); ++i) {
    const auto w = r.number((*weights_node)[i], fmt::format("{}.weights[{}]", path, i), 0.0, true);
    ok = ok && w.has_value();
    weights.push_back(w.value_or(0));
  }
  if (!ok) return std::nullopt;
  if (values.size() != weights.size()) {
    r.error(node, path, fmt::format("expected as many weights as values, found {} values and {} weights", values.size(), weights.size()));
    return std::nullopt;
  }
  try {
    return Distribution(DiscreteWeighted(values, weights));
  } catch (const std::invalid_argument& e) {
    r.error(node, path, e.what());
    return std::nullopt;
  }
}

}  // namespace

namespace {

void read_tenant(YamlReader& r, const YAML::Node& node, const std::string& path, TenantSpec& t) {
  r.allow_only(node, path, {"name", "arrivals", "accelerators", "duration", "patience", "price", "reference_price",
                            "elasticity"});
  if (const auto n = r.required(node, path, "name")) t.name = r.string(*n, YamlReader::join(path, "name")).value_or("");
  const std::string apath = YamlReader::join(path, "arrivals");
  if (const auto a = r.required(node, path, "arrivals"); a && r.expect_map(*a, apath)) {
    r.allow_only(*a, apath, {"process", "rate"});
    const auto process = r.required(*a, apath, "process");
    const auto rate = r.required(*a, apath, "rate");
    if (process) {
      if (const auto p = r.string(*process, YamlReader::join(apath, "process")); p && *p != "poisson") {
        r.error(*process, YamlReader::join(apath, "process"),
                fmt::format("expected poisson (other arrival processes come with the workload streams), found \"{}\"", *p));
      }
    }
    if (rate) t.base_rate = r.quantity(*rate, YamlReader::join(apath, "rate"), Dimension::kRate, false).value_or(0);
  }
  if (const auto a = r.required(node, path, "accelerators")) {
    if (auto d = read_count(r, *a, YamlReader::join(path, "accelerators"))) t.accelerators = std::move(*d);
  }
  if (const auto d = r.required(node, path, "duration")) {
    if (auto dist = read_duration_distribution(r, *d, YamlReader::join(path, "duration"))) t.duration = std::move(*dist);
  }
  if (const auto p = node["patience"]; p.IsDefined()) t.patience = read_duration_distribution(r, p, YamlReader::join(path, "patience"));
  // Price response: all three keys or none.
  const bool any = node["price"].IsDefined() || node["reference_price"].IsDefined() || node["elasticity"].IsDefined();
  if (!any) return;
  const auto money = [&](const char* key) -> std::optional<Money> {
    const auto n = r.required(node, path, key);
    if (!n) return std::nullopt;
    if (n->IsScalar()) {
      if (auto m = parse_money(n->Scalar(), PricePer::kTime); m && m->amount > 0) return m;
    }
    r.error(*n, YamlReader::join(path, key),
            fmt::format("expected {}, above zero; found {}", describe(PricePer::kTime), YamlReader::found(*n)));
    return std::nullopt;
  };
  t.price = money("price");
  t.reference_price = money("reference_price");
  if (const auto e = r.required(node, path, "elasticity")) {
    t.elasticity = r.number(*e, YamlReader::join(path, "elasticity"), 0.0, true).value_or(0);
  }
  if (t.price && t.reference_price && t.price->currency != t.reference_price->currency) {
    r.error(node["reference_price"], YamlReader::join(path, "reference_price"),
            fmt::format("expected the currency of price ({}), found {}", t.price->currency, t.reference_price->currency));
  }
}

}  // namespace

void read_workload(YamlReader& r, const YAML::Node& node, Scenario& s) {
  if (!r.expect_map(node, "workload")) return;
  r.allow_only(node, "workload", {"tenants"});
  WorkloadSpec w;
  if (const auto list = r.required(node, "workload", "tenants"); list && r.expect_list(*list, "workload.tenants")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const YAML::Node item = (*list)[i];
      const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
      const std::string path = name.IsDefined() && name.IsScalar() ? fmt::format("workload.tenants[{}]", name.Scalar())
                                                                   : fmt::format("workload.tenants[{}]", i);
      if (!r.expect_map(item, path)) continue;
      TenantSpec t;
      read_tenant(r, item, path, t);
      w.tenants.push_back(std::move(t));
    }
  }
  s.workload = std::move(w);
}

void read_scheduler(YamlReader& r, const YAML::Node& node, Scenario& s) {
  if (!r.expect_map(node, "scheduler")) return;
  r.allow_only(node, "scheduler", {"queue", "placement"});
  const auto only = [&](const char* key, const char* value, std::string& out) {
    const YAML::Node n = node[key];
    if (!n.IsDefined()) return;
    const std::string path = YamlReader::join("scheduler", key);
    if (const auto v = r.string(n, path)) {
      if (*v == value) {
        out = *v;
      } else {
        r.error(n, path, fmt::format("expected {} (the other policies come with the scheduling work), found \"{}\"", value, *v));
      }
    }
  };
  only("queue", "strict-fifo", s.scheduler.queue);
  only("placement", "first-fit", s.scheduler.placement);
}

std::vector<std::uint32_t> accelerator_nodes(const DatacenterSpec& dc) {
  std::vector<std::uint32_t> nodes;
  for (const auto& center : dc.centers) {
    for (const auto& group : center.rack_groups) {
      for (const auto& pop : group.populated) {
        for (int rack = 0; rack < pop.racks; ++rack) {
          for (const auto& [id, count] : pop.servers) {
            const ServerSpec* server = dc.server(id);
            if (server == nullptr || server->chips == 0) continue;
            nodes.insert(nodes.end(), static_cast<std::size_t>(count), static_cast<std::uint32_t>(server->chips));
          }
        }
      }
    }
  }
  return nodes;
}

void check_workload(YamlReader& r, const YAML::Node& root, const Scenario& s) {
  if (!s.workload) return;
  const std::vector<std::uint32_t> nodes = accelerator_nodes(s.datacenter);
  if (nodes.empty()) {
    r.error(root["workload"], "workload", "expected centers with servers that hold accelerators to run the jobs on; there are none");
    return;
  }
  for (std::uint32_t n : nodes) {
    if (n != nodes.front()) {
      r.error(root["workload"], "workload",
              fmt::format("the cluster model needs servers with the same number of accelerators; found {} and {}",
                          nodes.front(), n));
      return;
    }
  }
}

}  // namespace dcsim::detail

namespace dcsim {

double TenantSpec::rate() const {
  if (!price || !reference_price || elasticity == 0) return base_rate;
  return base_rate * std::pow(price->amount / reference_price->amount, -elasticity);
}

}  // namespace dcsim

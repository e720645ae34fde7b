// The placement registry: built-in policies, and any a program adds with register_placement.
#include <algorithm>
#include <cmath>
#include <deque>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "dcsim/policy/fragmentation.hpp"
#include "dcsim/policy/placement/basic.hpp"
#include "dcsim/policy/placement/fgd.hpp"
#include "dcsim/policy/placement/gpu_packing.hpp"
#include "dcsim/policy/placement_policy.hpp"
#include "shape_aware_policies.hpp"

namespace dcsim::policy {
namespace {

std::vector<PlacementEntry> built_in() {
  const ParamSpec cpu_weight{"cpu_weight", 0.5, 0.0, 1.0, "weight of CPU against GPU in the leftover (GPU gets 1 - cpu_weight)"};
  std::vector<PlacementEntry> entries;
  entries.push_back({"first-fit", "the lowest-numbered node that fits", {},
                     [](const PolicyParams&, const PolicyContext&) { return std::make_unique<FirstFit>(); }});
  entries.push_back({"random", "a node drawn uniformly among those that fit; a random GPU inside it", {},
                     [](const PolicyParams&, const PolicyContext& c) { return std::make_unique<RandomPlacement>(c.seed); }});
  const ParamSpec to_score{"nodes_to_score", 0, 0, 1e9,
                           "score at most this many fitting nodes per pod, from a rotating start (0 = all; as Kubernetes' "
                           "percentageOfNodesToScore)"};
  const auto sample = [](const PolicyParams& p) {
    const double k = param(p, "nodes_to_score");
    if (k != std::floor(k)) throw std::invalid_argument("nodes_to_score: expected a whole number of nodes");
    return static_cast<std::uint32_t>(k);
  };
  entries.push_back({"best-fit", "the node left fullest in CPU and GPU", {cpu_weight, to_score}, [=](const PolicyParams& p, const PolicyContext&) {
                       return std::make_unique<BestFit>(BestFitScore{param(p, "cpu_weight")}, sample(p));
                     }});
  entries.push_back({"worst-fit", "the node left emptiest in CPU and GPU (spreads load)", {cpu_weight, to_score},
                     [=](const PolicyParams& p, const PolicyContext&) { return std::make_unique<WorstFit>(WorstFitScore{param(p, "cpu_weight")}, sample(p)); }});
  entries.push_back({"dot-product", "the node whose free resources align least with the request (Tetris)", {to_score},
                     [=](const PolicyParams& p, const PolicyContext&) { return std::make_unique<DotProduct>(DotProductScore{}, sample(p)); }});
  entries.push_back({"gpu-packing", "partly used GPUs first, then used nodes, then empty nodes", {to_score},
                     [=](const PolicyParams& p, const PolicyContext&) { return std::make_unique<GpuPacking>(GpuPackingScore{}, sample(p)); }});
  entries.push_back({"gpu-clustering", "pods of one GPU class (a share, or k GPUs) together", {to_score},
                     [=](const PolicyParams& p, const PolicyContext&) { return std::make_unique<GpuClustering>(GpuClusteringScore{}, sample(p)); }});
  entries.push_back({"fgd", "fragmentation gradient descent (Weng et al., ATC 2023)",
                     {ParamSpec{"coverage", 0.95, 0.01, 1.0, "share of the workload's pods its typical pods cover"}, to_score},
                     [=](const PolicyParams& p, const PolicyContext& c) {
                       if (c.workload.empty()) throw std::invalid_argument("placement fgd: needs the workload's pods to learn its typical pods");
                       return std::make_unique<Fgd>(FgdScore{typical_pods(c.workload, param(p, "coverage"))}, sample(p));
                     }});
  // The policies that need the datacenter's shape (made in shape_aware_policies.cpp).
  entries.push_back({"topology-aware", "a gang from as few network pods, then racks, as possible (best fit of gangs into pods); one pod best-fit",
                     {cpu_weight}, [](const PolicyParams& p, const PolicyContext&) { return detail::make_topology_aware(p); }});
  entries.push_back({"heterogeneity-aware", "the GPU model fastest (or cheapest per unit of work) at the pod's precision, then best-fit",
                     {ParamSpec{"objective", 0, 0, 1, "0 = highest throughput, 1 = lowest price / throughput"},
                      ParamSpec{"precision", 3, 0, static_cast<double>(kPrecisionCount - 1),
                                "precision of pods that name none: 0 fp64, 1 fp32, 2 tf32, 3 bf16, 4 fp16, 5 fp8, 6 int8"},
                      cpu_weight},
                     [](const PolicyParams& p, const PolicyContext&) { return detail::make_heterogeneity_aware(p); }});
  entries.push_back({"power-aware", "within rack power budgets, the rack drawing the most above idle, then best-fit", {cpu_weight},
                     [](const PolicyParams& p, const PolicyContext&) { return detail::make_power_aware(p); }});
  return entries;
}

struct Registry {
  std::mutex mutex;
  std::deque<PlacementEntry> entries;  // a deque: adding an entry keeps pointers to the others valid
  Registry() {
    for (PlacementEntry& e : built_in()) entries.push_back(std::move(e));
  }
};

Registry& registry() {
  static Registry r;  // built on first use: no static-initialisation order to worry about
  return r;
}

std::string number(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

const ParamSpec* find_param(const PlacementEntry& e, std::string_view name) {
  for (const ParamSpec& p : e.params) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace

bool unregister_placement(std::string_view name) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  // Blanked, not erased: erasing from the middle of a deque would move the other entries and
  // invalidate the pointers find_placement handed out.
  for (PlacementEntry& e : r.entries) {
    if (e.name == name) {
      e = PlacementEntry{};
      return true;
    }
  }
  return false;
}

void register_placement(PlacementEntry entry) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  auto same = std::find_if(r.entries.begin(), r.entries.end(), [&](const PlacementEntry& e) { return e.name == entry.name; });
  if (same != r.entries.end()) {
    *same = std::move(entry);
  } else {
    r.entries.push_back(std::move(entry));
  }
}

const PlacementEntry* find_placement(std::string_view name) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  for (const PlacementEntry& e : r.entries) {
    if (!e.name.empty() && e.name == name) return &e;
  }
  return nullptr;
}

std::vector<const PlacementEntry*> placement_policies() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  std::vector<const PlacementEntry*> all;
  for (const PlacementEntry& e : r.entries) {
    if (!e.name.empty()) all.push_back(&e);  // blank: unregistered
  }
  std::sort(all.begin(), all.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
  return all;
}

std::string placement_names() {
  std::string names;
  for (const PlacementEntry* e : placement_policies()) {
    if (!names.empty()) names.append(", ");
    names.append(e->name);
  }
  return names;
}

std::unique_ptr<PlacementPolicy> make_placement(std::string_view name, const PolicyParams& params, const PolicyContext& context) {
  const PlacementEntry* entry = find_placement(name);
  if (!entry) throw std::invalid_argument("unknown placement policy '" + std::string(name) + "'; expected one of: " + placement_names());
  PolicyParams full;
  for (const ParamSpec& p : entry->params) full[p.name] = p.default_value;
  for (const auto& [key, value] : params) {
    const ParamSpec* spec = find_param(*entry, key);
    if (!spec) {
      std::string known;
      for (const ParamSpec& p : entry->params) known.append(known.empty() ? "" : ", ").append(p.name);
      throw std::invalid_argument("placement " + entry->name + ": unknown parameter '" + key + "'; expected " +
                                  (known.empty() ? std::string("none") : "one of: " + known));
    }
    if (!(value >= spec->min && value <= spec->max)) {
      throw std::invalid_argument("placement " + entry->name + ": " + key + " must be in [" + number(spec->min) + ", " + number(spec->max) +
                                  "], got " + number(value));
    }
    full[key] = value;
  }
  return entry->make(full, context);
}

double param(const PolicyParams& params, std::string_view name) {
  const auto it = params.find(name);
  if (it == params.end()) throw std::logic_error("placement parameter '" + std::string(name) + "' read but not declared");
  return it->second;
}

}  // namespace dcsim::policy

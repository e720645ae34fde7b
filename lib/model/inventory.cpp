#include "dcsim/model/inventory.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

namespace dcsim {

namespace {

// Indices are 32-bit to halve the arrays; a federation past 4 billion servers is a spec error.
std::uint32_t narrow(std::size_t n, const char* what) {
  if (n > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error(std::string("inventory: too many ") + what + " for 32-bit indices");
  }
  return static_cast<std::uint32_t>(n);
}

// Spec id → position, so numbering a million servers does not scan the type lists each time.
template <class T>
std::unordered_map<std::string_view, std::uint32_t> index_by_id(const std::vector<T>& items) {
  std::unordered_map<std::string_view, std::uint32_t> out;
  for (std::size_t i = 0; i < items.size(); ++i) out.emplace(items[i].id, narrow(i, "types"));
  return out;
}

std::uint32_t lookup(const std::unordered_map<std::string_view, std::uint32_t>& ids, std::string_view id) {
  const auto it = ids.find(id);
  if (it == ids.end()) throw std::invalid_argument("inventory: unknown id \"" + std::string(id) + "\" (spec not validated?)");
  return it->second;
}

}  // namespace

Inventory Inventory::build(const DatacenterSpec& dc) {
  const auto server_ids = index_by_id(dc.servers);
  const auto rack_ids = index_by_id(dc.racks);
  Inventory inv;

  // One rack's worth of work: number its servers and add up its peak power.
  const auto add_rack = [&](std::uint32_t rack_type, std::uint32_t center, const RackPopulation* pop) {
    const std::uint32_t rack = narrow(inv.rack_type_.size(), "racks");
    inv.rack_type_.push_back(rack_type);
    inv.rack_center_.push_back(center);
    const std::uint32_t first = narrow(inv.server_type_.size(), "servers");
    double peak = 0;
    if (pop != nullptr) {
      for (const auto& [id, count] : pop->servers) {
        const std::uint32_t type = lookup(server_ids, id);
        const ServerSpec& s = dc.servers[type];
        for (int k = 0; k < count; ++k) {
          inv.server_type_.push_back(type);
          inv.server_rack_.push_back(rack);
          inv.server_center_.push_back(center);
          peak += s.peak_w;
          if (!s.chip.empty() && s.chips > 0) inv.accelerators_[s.chip] += s.chips;
        }
      }
    }
    inv.rack_servers_.push_back({first, narrow(inv.server_type_.size(), "servers") - first});
    inv.rack_peak_w_.push_back(peak);
  };

  for (std::size_t c = 0; c < dc.centers.size(); ++c) {
    const CenterSpec& center = dc.centers[c];
    const std::uint32_t ci = narrow(c, "centers");
    const std::uint32_t first_rack = narrow(inv.rack_type_.size(), "racks");
    const std::uint32_t first_server = narrow(inv.server_type_.size(), "servers");
    for (const RackGroup& group : center.rack_groups) {
      const std::uint32_t type = lookup(rack_ids, group.rack_type);
      int populated = 0;
      for (const RackPopulation& pop : group.populated) {
        for (int k = 0; k < pop.racks; ++k) add_rack(type, ci, &pop);
        populated += std::max(pop.racks, 0);
      }
      inv.racks_populated_ += static_cast<std::size_t>(populated);
      for (int k = populated; k < group.built; ++k) add_rack(type, ci, nullptr);
    }
    const std::uint32_t racks = narrow(inv.rack_type_.size(), "racks") - first_rack;
    inv.center_racks_.push_back({first_rack, racks});
    inv.center_servers_.push_back({first_server, narrow(inv.server_type_.size(), "servers") - first_server});

    // Pods cut the center's racks into runs of racks_per_pod; the last run may be short.
    const std::uint32_t per_pod = static_cast<std::uint32_t>(std::max(center.network.racks_per_pod, 1));
    const std::uint32_t first_pod = narrow(inv.pod_center_.size(), "pods");
    for (std::uint32_t r = 0; r < racks; r += per_pod) {
      const std::uint32_t pod = narrow(inv.pod_center_.size(), "pods");
      const IndexRange pod_racks{first_rack + r, std::min(per_pod, racks - r)};
      inv.pod_center_.push_back(ci);
      inv.pod_racks_.push_back(pod_racks);
      // Racks' servers are contiguous and in rack order, so the pod's servers run from its
      // first rack's first server to its last rack's end.
      const std::uint32_t s0 = inv.rack_servers_[pod_racks.first].first;
      const std::uint32_t s1 = inv.rack_servers_[pod_racks.end() - 1].end();
      inv.pod_servers_.push_back({s0, s1 - s0});
      for (std::uint32_t k = pod_racks.first; k < pod_racks.end(); ++k) inv.rack_pod_.push_back(pod);
    }
    inv.center_pods_.push_back({first_pod, narrow(inv.pod_center_.size(), "pods") - first_pod});
  }

  inv.server_pod_.resize(inv.server_type_.size());
  for (std::size_t s = 0; s < inv.server_pod_.size(); ++s) inv.server_pod_[s] = inv.rack_pod_[inv.server_rack_[s]];
  return inv;
}

long Inventory::accelerator_count() const {
  long n = 0;
  for (const auto& [chip, count] : accelerators_) n += count;
  return n;
}

}  // namespace dcsim

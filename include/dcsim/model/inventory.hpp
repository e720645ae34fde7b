#pragma once
// The built federation as numbered things: every server, rack, pod and center gets a dense
// index, and each property is one array over those indices (structure of arrays), so that
// placement policies can scan a million servers without chasing pointers or strings.
//
// Numbering (deterministic, and the reason every range below is contiguous):
//   centers  in spec order;
//   racks    center by center; within a center, rack group by rack group; within a group, the
//            populated racks first (populations in order, `racks` copies of each), then the
//            group's empty racks (built - populated);
//   pods     center by center; rack i of a center (0-based, in the order above) is in the
//            center's pod i / racks_per_pod;
//   servers  rack by rack in rack order; within a rack, the population's `servers` list in
//            order, `count` copies of each type.
// Servers follow rack order and pods are runs of consecutive racks, so the servers of a rack,
// of a pod and of a center each form one index range.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dcsim/model/datacenter.hpp"

namespace dcsim {

/// The indices [first, first + count).
struct IndexRange {
  std::uint32_t first = 0;
  std::uint32_t count = 0;

  [[nodiscard]] constexpr std::uint32_t end() const { return first + count; }
  [[nodiscard]] constexpr bool empty() const { return count == 0; }
  [[nodiscard]] constexpr bool contains(std::uint32_t i) const { return i >= first && i - first < count; }
  friend constexpr bool operator==(const IndexRange&, const IndexRange&) = default;
};

class Inventory {
 public:
  /// Numbers everything `dc` builds. The spec must be validated (every referenced id exists,
  /// no group populates more racks than it builds); violations are clamped, never UB.
  [[nodiscard]] static Inventory build(const DatacenterSpec& dc);

  [[nodiscard]] std::size_t server_count() const { return server_type_.size(); }
  [[nodiscard]] std::size_t rack_count() const { return rack_type_.size(); }  ///< built racks, empty ones included
  [[nodiscard]] std::size_t pod_count() const { return pod_center_.size(); }
  [[nodiscard]] std::size_t center_count() const { return center_racks_.size(); }
  [[nodiscard]] std::size_t racks_populated() const { return racks_populated_; }

  // Per server. Indices are not range-checked: these sit in the policies' inner loops.
  [[nodiscard]] std::uint32_t server_type(std::uint32_t server) const { return server_type_[server]; }  ///< into spec.servers
  [[nodiscard]] std::uint32_t server_rack(std::uint32_t server) const { return server_rack_[server]; }
  [[nodiscard]] std::uint32_t server_pod(std::uint32_t server) const { return server_pod_[server]; }
  [[nodiscard]] std::uint32_t server_center(std::uint32_t server) const { return server_center_[server]; }

  // Per rack.
  [[nodiscard]] std::uint32_t rack_type(std::uint32_t rack) const { return rack_type_[rack]; }  ///< into spec.racks
  [[nodiscard]] std::uint32_t rack_center(std::uint32_t rack) const { return rack_center_[rack]; }
  [[nodiscard]] std::uint32_t rack_pod(std::uint32_t rack) const { return rack_pod_[rack]; }
  [[nodiscard]] IndexRange rack_servers(std::uint32_t rack) const { return rack_servers_[rack]; }
  /// Summed peak_w of the rack's servers (0 for an empty rack).
  [[nodiscard]] double rack_peak_w(std::uint32_t rack) const { return rack_peak_w_[rack]; }
  [[nodiscard]] const std::vector<double>& rack_peak_w() const { return rack_peak_w_; }

  // Per pod.
  [[nodiscard]] std::uint32_t pod_center(std::uint32_t pod) const { return pod_center_[pod]; }
  [[nodiscard]] IndexRange pod_racks(std::uint32_t pod) const { return pod_racks_[pod]; }
  [[nodiscard]] IndexRange pod_servers(std::uint32_t pod) const { return pod_servers_[pod]; }

  // Per center (index into spec.centers).
  [[nodiscard]] IndexRange center_racks(std::uint32_t center) const { return center_racks_[center]; }
  [[nodiscard]] IndexRange center_pods(std::uint32_t center) const { return center_pods_[center]; }
  [[nodiscard]] IndexRange center_servers(std::uint32_t center) const { return center_servers_[center]; }

  /// Accelerators of the whole federation, chip id → count (CPU-only servers add nothing).
  [[nodiscard]] const std::map<std::string, long>& accelerators() const { return accelerators_; }
  [[nodiscard]] long accelerator_count() const;

  // The arrays themselves, for bulk scans.
  [[nodiscard]] const std::vector<std::uint32_t>& server_types() const { return server_type_; }
  [[nodiscard]] const std::vector<std::uint32_t>& server_racks() const { return server_rack_; }
  [[nodiscard]] const std::vector<std::uint32_t>& server_pods() const { return server_pod_; }
  [[nodiscard]] const std::vector<std::uint32_t>& server_centers() const { return server_center_; }

 private:
  std::vector<std::uint32_t> server_type_, server_rack_, server_pod_, server_center_;
  std::vector<std::uint32_t> rack_type_, rack_center_, rack_pod_;
  std::vector<IndexRange> rack_servers_;
  std::vector<double> rack_peak_w_;
  std::vector<std::uint32_t> pod_center_;
  std::vector<IndexRange> pod_racks_, pod_servers_;
  std::vector<IndexRange> center_racks_, center_pods_, center_servers_;
  std::map<std::string, long> accelerators_;
  std::size_t racks_populated_ = 0;
};

}  // namespace dcsim

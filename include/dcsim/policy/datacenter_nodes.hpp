#pragma once
// A scenario's datacenter as placement policies see it: a node table with one node per
// populated accelerator server, where it sits, what it draws, and how fast and costly its
// chips are.
//
//   node          one per populated server with accelerators (CPU-only servers too, as
//                 nodes without GPUs, with cpu_servers_as_nodes), in Inventory server order; named "<center>/<server type>/<server
//                 index>"; CPU = cpus x the CPU's cores (milli-CPU), memory = host memory
//                 (MiB), GPUs = chips, GPU model = chip id;
//   place         rack, network pod and center = the server's Inventory indices (empty and
//                 CPU-only racks keep their numbers, so ids match Inventory and Network);
//   power         idle = the server's idle_w; a busy GPU adds (peak_w - idle_w) / chips, so a
//                 fully busy server draws its peak_w;
//   rack budget   the rack type's power_budget_w (0 = none); a rack's base draw is the idle
//                 draw of its CPU-only servers;
//   throughput    per precision, the chip's dense rate over the reference chip's (default
//                 h100-sxm: 1.0 = an H100 SXM5; it supports every precision, so every
//                 fleet's rates have a reference); 0 where the chip lacks the precision;
//   price         a chip's unit price (catalogue `price:`) spread straight-line over
//                 amortization_hours (default 5 years, DOMAIN.md 5.3) = price per GPU-hour,
//                 in the catalogue's currency (no exchange rate is ever assumed: chips priced
//                 in different currencies are an error).
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "dcsim/model/datacenter.hpp"
#include "dcsim/model/inventory.hpp"
#include "dcsim/policy/node_table.hpp"

namespace dcsim::policy {

struct DatacenterNodeOptions {
  std::string reference_chip = "h100-sxm";  ///< throughput 1.0 = this chip's rate at each precision
  double amortization_hours = 5 * 8760.0;   ///< a chip's unit price is spread over this many hours
  /// CPU-only servers become nodes without GPUs (CPU jobs run there) instead of their rack's
  /// base draw. Off for packing studies of GPU traces, whose node lists hold GPU servers only.
  bool cpu_servers_as_nodes = false;
};

struct DatacenterNodes {
  std::vector<NodeShape> nodes;       ///< one per populated accelerator server, in Inventory server order
  std::vector<std::uint32_t> server;  ///< each node's Inventory server index
  std::vector<RackPower> racks;       ///< per Inventory rack, empty racks included
  /// Per chip id on the nodes, in order of first appearance.
  std::vector<std::pair<std::string, ModelPerformance>> models;
  std::string reference_chip;
  std::string price_currency;         ///< of the prices per GPU-hour; empty when no chip on the nodes has a price
  std::size_t cpu_only_servers = 0;   ///< populated servers without accelerators (nodes only with cpu_servers_as_nodes)

  /// The node table, with rack power and model performance set.
  [[nodiscard]] NodeTable table() const;
};

/// Builds the nodes of `dc` (validated, as load_scenario leaves it); `inventory` must have
/// been built from `dc`. Throws std::invalid_argument when the reference chip is not in the
/// catalogue or lacks a precision a chip on the nodes has, or when prices mix currencies.
[[nodiscard]] DatacenterNodes datacenter_nodes(const DatacenterSpec& dc, const Inventory& inventory, const DatacenterNodeOptions& options = {});
[[nodiscard]] DatacenterNodes datacenter_nodes(const DatacenterSpec& dc, const DatacenterNodeOptions& options = {});

/// datacenter_nodes(dc, options).table().
[[nodiscard]] NodeTable datacenter_node_table(const DatacenterSpec& dc, const DatacenterNodeOptions& options = {});

}  // namespace dcsim::policy

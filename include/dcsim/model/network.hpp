#pragma once
// The federation's network: inside each center a three-level tree (server → rack switch → pod
// switch → spine, links from the center's CenterNetworkSpec), and the centers' spines joined
// by the WAN links. Traffic between centers takes the lowest-latency WAN route (fewer WAN hops
// on equal latency).
//
// Two views of the same topology. The fast one answers hops / latency / bandwidth between two
// servers by tree arithmetic plus a precomputed center-to-center table: O(1), because
// placement policies ask it for every candidate. The reference one is a Boost.Graph of every
// server, switch and link, searched breadth-first and by Dijkstra; it is slow, and exists so
// the tests can hold the arithmetic to it and so the topology can be drawn. Boost stays behind
// a pimpl: policies include this header without pulling in the graph library.
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <vector>

#include "dcsim/model/datacenter.hpp"
#include "dcsim/model/inventory.hpp"

namespace dcsim {

/// Returned by hops() for servers in centers with no WAN route between them.
inline constexpr int kNoRoute = -1;

/// A path between two servers as the full graph sees it.
struct Route {
  int hops = kNoRoute;          ///< links on the lowest-latency path (fewest links on ties)
  int fewest_hops = kNoRoute;   ///< links on a breadth-first shortest path (may be fewer than `hops`)
  double latency_s = 0;         ///< +inf when unreachable
  double bandwidth = 0;         ///< bottleneck of the lowest-latency path, bytes/s; 0 when unreachable
};

class Network {
 public:
  /// `inventory` must have been built from `dc`. The network keeps its own copy of what it
  /// needs, so neither argument has to outlive it.
  Network(const DatacenterSpec& dc, const Inventory& inventory);
  ~Network();
  Network(Network&&) noexcept;
  Network& operator=(Network&&) noexcept;
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // Between two servers (global indices), O(1). 0 / +inf / 0 s for a server and itself.
  /// Links on the path: 2 same rack, 4 same pod, 6 same center, 6 + WAN links across centers;
  /// kNoRoute when the centers are disconnected.
  [[nodiscard]] int hops(std::uint32_t a, std::uint32_t b) const;
  /// Slowest link on the path, bytes/s; 0 when the centers are disconnected.
  [[nodiscard]] double bottleneck_bandwidth(std::uint32_t a, std::uint32_t b) const;
  /// One-way latency summed along the path, seconds; +inf when the centers are disconnected.
  [[nodiscard]] double latency(std::uint32_t a, std::uint32_t b) const;

  [[nodiscard]] IndexRange servers_in_pod(std::uint32_t pod) const;
  [[nodiscard]] IndexRange servers_in_rack(std::uint32_t rack) const;

  // Between two centers' spines over the WAN, on the lowest-latency route, O(1).
  /// 0 for a center and itself; +inf when disconnected.
  [[nodiscard]] double center_latency(std::uint32_t c1, std::uint32_t c2) const;
  /// Bottleneck of the route; +inf for a center and itself; 0 when disconnected.
  [[nodiscard]] double center_bandwidth(std::uint32_t c1, std::uint32_t c2) const;
  /// WAN links on the route; 0 for a center and itself; kNoRoute when disconnected.
  [[nodiscard]] int center_hops(std::uint32_t c1, std::uint32_t c2) const;

  // The full graph: one vertex per server, rack switch, pod switch and center spine; one edge
  // per server, rack, pod and WAN link.
  [[nodiscard]] std::size_t vertex_count() const;
  [[nodiscard]] std::size_t edge_count() const;
  /// Routes from `server` to every server, found by Dijkstra (latency, then link count) and
  /// breadth-first search on the full graph: O(V log V). For tests and inspection only.
  [[nodiscard]] std::vector<Route> reference_routes(std::uint32_t server) const;
  /// The graph in Graphviz dot, vertices and links labelled.
  void write_graphviz(std::ostream& out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dcsim

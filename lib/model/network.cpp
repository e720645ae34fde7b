#include "dcsim/model/network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/visitors.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>

namespace dcsim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

enum class NodeKind { kServer, kRackSwitch, kPodSwitch, kSpine };
enum class LinkKind { kServer, kRack, kPod, kWan };

struct VertexProps {
  NodeKind kind = NodeKind::kServer;
  std::uint32_t index = 0;  ///< server, rack, pod or center index
};

struct EdgeProps {
  LinkKind kind = LinkKind::kServer;
  double bandwidth = 0;
  double latency_s = 0;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, VertexProps, EdgeProps>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

// What Dijkstra minimises, lexicographically: latency first; on equal latency the route with
// fewer links, then the wider bottleneck. Each of the three only worsens along a path (every
// link adds a hop), which is what Dijkstra needs, and the tie-breaks make the chosen route -
// and hence its hop count and bandwidth - independent of edge order.
struct Cost {
  double latency_s = 0;
  int hops = 0;
  double bandwidth = kInf;
};

constexpr Cost kZeroCost{0, 0, kInf};
constexpr Cost kNoCost{kInf, std::numeric_limits<int>::max(), 0};

struct CostLess {
  bool operator()(const Cost& a, const Cost& b) const {
    if (a.latency_s != b.latency_s) return a.latency_s < b.latency_s;
    if (a.hops != b.hops) return a.hops < b.hops;
    return a.bandwidth > b.bandwidth;
  }
};

struct CostPlus {
  Cost operator()(const Cost& a, const Cost& b) const {
    if (a.hops == kNoCost.hops || b.hops == kNoCost.hops) return kNoCost;  // saturate, no overflow
    return {a.latency_s + b.latency_s, a.hops + b.hops, std::min(a.bandwidth, b.bandwidth)};
  }
};

// Dijkstra from `source` with Cost as the distance; returns one Cost per vertex (kNoCost when
// unreachable). Works on any graph whose edge bundle has bandwidth and latency_s.
template <class G>
std::vector<Cost> cheapest_routes(const G& g, typename boost::graph_traits<G>::vertex_descriptor source) {
  using E = typename boost::graph_traits<G>::edge_descriptor;
  std::vector<Cost> dist(boost::num_vertices(g), kNoCost);
  const auto link_cost = [&g](E e) { return Cost{g[e].latency_s, 1, g[e].bandwidth}; };
  boost::dijkstra_shortest_paths(
      g, source, boost::dummy_property_map(),
      boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, g)),
      boost::make_function_property_map<E, Cost>(link_cost), boost::get(boost::vertex_index, g), CostLess(), CostPlus(),
      kNoCost, kZeroCost, boost::make_dijkstra_visitor(boost::null_visitor()));
  return dist;
}

// Graphviz wants labels in double quotes.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + '"';
}

std::string link_label(const EdgeProps& e) {
  return fmt::format("{:g} Gbit/s, {:g} us", e.bandwidth * 8 / 1e9, e.latency_s * 1e6);
}

}  // namespace

struct Network::Impl {
  Inventory inventory;
  // Per center: the tree's three link types, and a server's way up to its spine (the three
  // links in series), which is all a cross-center answer needs from each end.
  std::vector<CenterNetworkSpec> tree;
  std::vector<double> up_latency, up_bandwidth;
  // Center-to-center over the WAN, row-major center × center.
  std::size_t centers = 0;
  std::vector<double> wan_latency, wan_bandwidth;
  std::vector<int> wan_hops;
  // Names for the drawing.
  std::vector<std::string> server_types, rack_types, center_ids;
  Graph graph;

  [[nodiscard]] std::size_t pair(std::uint32_t c1, std::uint32_t c2) const { return std::size_t(c1) * centers + c2; }
  [[nodiscard]] Vertex server_vertex(std::uint32_t s) const { return s; }
  [[nodiscard]] Vertex rack_vertex(std::uint32_t r) const { return inventory.server_count() + r; }
  [[nodiscard]] Vertex pod_vertex(std::uint32_t p) const { return inventory.server_count() + inventory.rack_count() + p; }
  [[nodiscard]] Vertex spine_vertex(std::uint32_t c) const {
    return inventory.server_count() + inventory.rack_count() + inventory.pod_count() + c;
  }
};

Network::Network(const DatacenterSpec& dc, const Inventory& inventory) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.inventory = inventory;
  m.centers = dc.centers.size();
  for (const auto& s : dc.servers) m.server_types.push_back(s.id);
  for (const auto& r : dc.racks) m.rack_types.push_back(r.id);
  for (const auto& c : dc.centers) {
    m.center_ids.push_back(c.id);
    m.tree.push_back(c.network);
    const CenterNetworkSpec& n = c.network;
    m.up_latency.push_back(n.server_link.latency_s + n.rack_link.latency_s + n.pod_link.latency_s);
    m.up_bandwidth.push_back(std::min({n.server_link.bandwidth, n.rack_link.bandwidth, n.pod_link.bandwidth}));
  }

  // The full graph, vertices numbered servers, rack switches, pod switches, spines.
  const Inventory& inv = m.inventory;
  const std::size_t n_vertices = inv.server_count() + inv.rack_count() + inv.pod_count() + m.centers;
  m.graph = Graph(n_vertices);
  for (std::uint32_t s = 0; s < inv.server_count(); ++s) m.graph[m.server_vertex(s)] = {NodeKind::kServer, s};
  for (std::uint32_t r = 0; r < inv.rack_count(); ++r) m.graph[m.rack_vertex(r)] = {NodeKind::kRackSwitch, r};
  for (std::uint32_t p = 0; p < inv.pod_count(); ++p) m.graph[m.pod_vertex(p)] = {NodeKind::kPodSwitch, p};
  for (std::uint32_t c = 0; c < m.centers; ++c) m.graph[m.spine_vertex(c)] = {NodeKind::kSpine, c};

  const auto link = [&m](Vertex u, Vertex v, LinkKind kind, const LinkSpec& spec) {
    boost::add_edge(u, v, EdgeProps{kind, spec.bandwidth, spec.latency_s}, m.graph);
  };
  for (std::uint32_t s = 0; s < inv.server_count(); ++s) {
    link(m.server_vertex(s), m.rack_vertex(inv.server_rack(s)), LinkKind::kServer, m.tree[inv.server_center(s)].server_link);
  }
  for (std::uint32_t r = 0; r < inv.rack_count(); ++r) {
    link(m.rack_vertex(r), m.pod_vertex(inv.rack_pod(r)), LinkKind::kRack, m.tree[inv.rack_center(r)].rack_link);
  }
  for (std::uint32_t p = 0; p < inv.pod_count(); ++p) {
    link(m.pod_vertex(p), m.spine_vertex(inv.pod_center(p)), LinkKind::kPod, m.tree[inv.pod_center(p)].pod_link);
  }

  // The spines and WAN links alone: a small graph whose all-pairs routes are the table the
  // fast queries read.
  Graph spines(m.centers);
  const auto center_index = [&dc](const std::string& id) -> std::uint32_t {
    const CenterSpec* c = dc.center(id);
    if (c == nullptr) throw std::invalid_argument("network: WAN link to unknown center \"" + id + "\" (spec not validated?)");
    return static_cast<std::uint32_t>(c - dc.centers.data());
  };
  for (const WanLinkSpec& w : dc.wan) {
    const std::uint32_t a = center_index(w.from);
    const std::uint32_t b = center_index(w.to);
    link(m.spine_vertex(a), m.spine_vertex(b), LinkKind::kWan, w.link);
    boost::add_edge(a, b, EdgeProps{LinkKind::kWan, w.link.bandwidth, w.link.latency_s}, spines);
  }
  m.wan_latency.assign(m.centers * m.centers, kInf);
  m.wan_bandwidth.assign(m.centers * m.centers, 0.0);
  m.wan_hops.assign(m.centers * m.centers, kNoRoute);
  for (std::uint32_t c1 = 0; c1 < m.centers; ++c1) {
    const std::vector<Cost> dist = cheapest_routes(spines, c1);
    for (std::uint32_t c2 = 0; c2 < m.centers; ++c2) {
      if (dist[c2].hops == kNoCost.hops) continue;
      m.wan_latency[m.pair(c1, c2)] = dist[c2].latency_s;
      m.wan_bandwidth[m.pair(c1, c2)] = dist[c2].bandwidth;  // +inf for c1 == c2: no link crossed
      m.wan_hops[m.pair(c1, c2)] = dist[c2].hops;
    }
  }
}

Network::~Network() = default;
Network::Network(Network&&) noexcept = default;
Network& Network::operator=(Network&&) noexcept = default;

int Network::hops(std::uint32_t a, std::uint32_t b) const {
  const Inventory& inv = impl_->inventory;
  if (a == b) return 0;
  if (inv.server_rack(a) == inv.server_rack(b)) return 2;
  if (inv.server_pod(a) == inv.server_pod(b)) return 4;
  const std::uint32_t ca = inv.server_center(a);
  const std::uint32_t cb = inv.server_center(b);
  if (ca == cb) return 6;
  const int wan = impl_->wan_hops[impl_->pair(ca, cb)];
  return wan == kNoRoute ? kNoRoute : 6 + wan;
}

double Network::bottleneck_bandwidth(std::uint32_t a, std::uint32_t b) const {
  const Impl& m = *impl_;
  const Inventory& inv = m.inventory;
  if (a == b) return kInf;
  const std::uint32_t ca = inv.server_center(a);
  const std::uint32_t cb = inv.server_center(b);
  const CenterNetworkSpec& n = m.tree[ca];
  if (inv.server_rack(a) == inv.server_rack(b)) return n.server_link.bandwidth;
  if (inv.server_pod(a) == inv.server_pod(b)) return std::min(n.server_link.bandwidth, n.rack_link.bandwidth);
  if (ca == cb) return m.up_bandwidth[ca];
  return std::min({m.up_bandwidth[ca], m.wan_bandwidth[m.pair(ca, cb)], m.up_bandwidth[cb]});
}

double Network::latency(std::uint32_t a, std::uint32_t b) const {
  const Impl& m = *impl_;
  const Inventory& inv = m.inventory;
  if (a == b) return 0;
  const std::uint32_t ca = inv.server_center(a);
  const std::uint32_t cb = inv.server_center(b);
  const CenterNetworkSpec& n = m.tree[ca];
  if (inv.server_rack(a) == inv.server_rack(b)) return 2 * n.server_link.latency_s;
  if (inv.server_pod(a) == inv.server_pod(b)) return 2 * (n.server_link.latency_s + n.rack_link.latency_s);
  if (ca == cb) return 2 * m.up_latency[ca];
  return m.up_latency[ca] + m.wan_latency[m.pair(ca, cb)] + m.up_latency[cb];
}

IndexRange Network::servers_in_pod(std::uint32_t pod) const { return impl_->inventory.pod_servers(pod); }
IndexRange Network::servers_in_rack(std::uint32_t rack) const { return impl_->inventory.rack_servers(rack); }

double Network::center_latency(std::uint32_t c1, std::uint32_t c2) const { return impl_->wan_latency[impl_->pair(c1, c2)]; }
double Network::center_bandwidth(std::uint32_t c1, std::uint32_t c2) const {
  return impl_->wan_bandwidth[impl_->pair(c1, c2)];
}
int Network::center_hops(std::uint32_t c1, std::uint32_t c2) const { return impl_->wan_hops[impl_->pair(c1, c2)]; }

std::size_t Network::vertex_count() const { return boost::num_vertices(impl_->graph); }
std::size_t Network::edge_count() const { return boost::num_edges(impl_->graph); }

std::vector<Route> Network::reference_routes(std::uint32_t server) const {
  const Impl& m = *impl_;
  const Vertex source = m.server_vertex(server);
  const std::vector<Cost> cost = cheapest_routes(m.graph, source);

  std::vector<int> fewest(boost::num_vertices(m.graph), kNoRoute);
  fewest[source] = 0;
  boost::breadth_first_search(
      m.graph, source,
      boost::visitor(boost::make_bfs_visitor(boost::record_distances(
          boost::make_iterator_property_map(fewest.begin(), boost::get(boost::vertex_index, m.graph)), boost::on_tree_edge()))));

  std::vector<Route> routes(m.inventory.server_count());
  for (std::uint32_t s = 0; s < routes.size(); ++s) {
    const Vertex v = m.server_vertex(s);
    Route& r = routes[s];
    r.fewest_hops = fewest[v];
    if (cost[v].hops == kNoCost.hops) {
      r.latency_s = kInf;
      continue;
    }
    r.hops = cost[v].hops;
    r.latency_s = cost[v].latency_s;
    r.bandwidth = cost[v].bandwidth;
  }
  return routes;
}

void Network::write_graphviz(std::ostream& out) const {
  const Impl& m = *impl_;
  const auto vertex_writer = [&m](std::ostream& os, Vertex v) {
    const VertexProps& p = m.graph[v];
    std::string label;
    std::string shape = "box";
    switch (p.kind) {
      case NodeKind::kServer:
        label = fmt::format("server {} ({})", p.index, m.server_types[m.inventory.server_type(p.index)]);
        shape = "ellipse";
        break;
      case NodeKind::kRackSwitch: label = fmt::format("rack {} ({})", p.index, m.rack_types[m.inventory.rack_type(p.index)]); break;
      case NodeKind::kPodSwitch: label = fmt::format("pod {}", p.index); break;
      case NodeKind::kSpine:
        label = "spine " + m.center_ids[p.index];
        shape = "doubleoctagon";
        break;
    }
    os << "[label=" << quoted(label) << ", shape=" << shape << "]";
  };
  const auto edge_writer = [&m](std::ostream& os, Edge e) {
    const EdgeProps& p = m.graph[e];
    os << "[label=" << quoted(link_label(p)) << (p.kind == LinkKind::kWan ? ", style=dashed" : "") << "]";
  };
  boost::write_graphviz(out, m.graph, vertex_writer, edge_writer);
}

}  // namespace dcsim

#include "dcsim/model/network.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace dcsim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

DatacenterSpec types() {
  DatacenterSpec dc;
  ServerSpec s;
  s.id = "s1";
  s.chip = "gpu-a";
  s.chips = 8;
  s.peak_w = 10e3;
  dc.servers = {s};
  RackSpec r;
  r.id = "rA";
  r.power_budget_w = 40e3;
  dc.racks = {r};
  return dc;
}

// `populated` racks of `per_rack` s1 servers, out of `built`.
CenterSpec center(const char* id, int racks_per_pod, int built, int populated, int per_rack) {
  CenterSpec c;
  c.id = id;
  c.network.racks_per_pod = racks_per_pod;
  RackGroup g{"rA", built, {}};
  if (populated > 0) g.populated.push_back({populated, {{"s1", per_rack}}});
  c.rack_groups.push_back(g);
  return c;
}

// East: racks_per_pod 2, 4 racks built, 3 populated with 2 servers each. Servers 0-1 in rack 0,
// 2-3 in rack 1 (pod 0), 4-5 in rack 2 (pod 1 with the empty rack 3). Links chosen so every
// level has its own bottleneck and latency: server 50 GB/s 1 us, rack 20 GB/s 2 us, pod
// 10 GB/s 4 us.
CenterSpec east() {
  CenterSpec c = center("east", 2, 4, 3, 2);
  c.network.server_link = {50e9, 1e-6};
  c.network.rack_link = {20e9, 2e-6};
  c.network.pod_link = {10e9, 4e-6};
  return c;
}

// West: one rack of 2 servers; up to the spine 3 us, bottleneck the 8 GB/s pod link.
CenterSpec west() {
  CenterSpec c = center("west", 4, 1, 1, 2);
  c.network.server_link = {100e9, 1.5e-6};
  c.network.rack_link = {100e9, 1e-6};
  c.network.pod_link = {8e9, 0.5e-6};
  return c;
}

// One server in one rack, default links: up to the spine 2 + 2 + 5 = 9 us, 25 GB/s.
CenterSpec tiny(const char* id) { return center(id, 16, 1, 1, 1); }

WanLinkSpec wan(const char* from, const char* to, double bandwidth, double latency_s) {
  return {from, to, {bandwidth, latency_s}};
}

void expect_near_rel(double fast, double reference, const std::string& what) {
  if (std::isinf(reference)) {
    EXPECT_TRUE(std::isinf(fast)) << what;
  } else {
    EXPECT_NEAR(fast, reference, 1e-12 * std::abs(reference)) << what;
  }
}

// The tree arithmetic against Dijkstra and BFS on the full Boost graph, for every server pair.
// `unique_paths`: no WAN cycles, so the lowest-latency path is also a fewest-links one.
void expect_matches_graph(const Network& net, std::size_t servers, bool unique_paths) {
  for (std::uint32_t a = 0; a < servers; ++a) {
    const std::vector<Route> routes = net.reference_routes(a);
    ASSERT_EQ(routes.size(), servers);
    for (std::uint32_t b = 0; b < servers; ++b) {
      const std::string what = "servers " + std::to_string(a) + " -> " + std::to_string(b);
      EXPECT_EQ(net.hops(a, b), routes[b].hops) << what;
      if (unique_paths) {
        EXPECT_EQ(routes[b].hops, routes[b].fewest_hops) << what;
      }
      EXPECT_LE(routes[b].fewest_hops, routes[b].hops) << what;
      expect_near_rel(net.latency(a, b), routes[b].latency_s, what);
      EXPECT_EQ(net.bottleneck_bandwidth(a, b), routes[b].bandwidth) << what;
      // Links are undirected: every answer is symmetric.
      EXPECT_EQ(net.hops(a, b), net.hops(b, a)) << what;
      EXPECT_EQ(net.bottleneck_bandwidth(a, b), net.bottleneck_bandwidth(b, a)) << what;
      expect_near_rel(net.latency(a, b), net.latency(b, a), what);
    }
  }
}

struct Built {
  DatacenterSpec dc;
  Inventory inventory;
  Network network;
};

Built build(DatacenterSpec dc) {
  Inventory inv = Inventory::build(dc);
  Network net(dc, inv);
  return {std::move(dc), std::move(inv), std::move(net)};
}

}  // namespace

TEST(Network, OneCenterByHand) {
  DatacenterSpec dc = types();
  dc.centers = {east()};
  const Built b = build(dc);
  const Network& net = b.network;

  // The same server.
  EXPECT_EQ(net.hops(3, 3), 0);
  EXPECT_EQ(net.latency(3, 3), 0.0);
  EXPECT_EQ(net.bottleneck_bandwidth(3, 3), kInf);
  // Same rack: server link up and down.
  EXPECT_EQ(net.hops(0, 1), 2);
  EXPECT_DOUBLE_EQ(net.latency(0, 1), 2e-6);
  EXPECT_EQ(net.bottleneck_bandwidth(0, 1), 50e9);
  // Same pod: the rack links join in.
  EXPECT_EQ(net.hops(0, 2), 4);
  EXPECT_DOUBLE_EQ(net.latency(0, 2), 6e-6);
  EXPECT_EQ(net.bottleneck_bandwidth(0, 2), 20e9);
  // Different pods: through the spine.
  EXPECT_EQ(net.hops(1, 4), 6);
  EXPECT_DOUBLE_EQ(net.latency(1, 4), 14e-6);
  EXPECT_EQ(net.bottleneck_bandwidth(1, 4), 10e9);

  EXPECT_EQ(net.servers_in_rack(1), (IndexRange{2, 2}));
  EXPECT_EQ(net.servers_in_rack(3), (IndexRange{6, 0}));
  EXPECT_EQ(net.servers_in_pod(0), (IndexRange{0, 4}));
  EXPECT_EQ(net.servers_in_pod(1), (IndexRange{4, 2}));

  EXPECT_EQ(net.center_latency(0, 0), 0.0);
  EXPECT_EQ(net.center_bandwidth(0, 0), kInf);
  EXPECT_EQ(net.center_hops(0, 0), 0);

  // 6 servers + 4 rack switches + 2 pod switches + 1 spine; one uplink each below the spine.
  EXPECT_EQ(net.vertex_count(), 13u);
  EXPECT_EQ(net.edge_count(), 12u);
  expect_matches_graph(net, 6, true);
}

// East servers 0-5, west servers 6-7; WAN east-west 5 GB/s, 10 ms.
TEST(Network, TwoCentersByHand) {
  DatacenterSpec dc = types();
  dc.centers = {east(), west()};
  dc.wan = {wan("east", "west", 5e9, 10e-3)};
  const Built b = build(dc);
  const Network& net = b.network;

  EXPECT_EQ(net.hops(0, 6), 7);
  // 7 us up in east, 10 ms WAN, 3 us down in west.
  EXPECT_DOUBLE_EQ(net.latency(0, 6), 7e-6 + 10e-3 + 3e-6);
  EXPECT_EQ(net.bottleneck_bandwidth(0, 6), 5e9);
  // West's own tree: same rack.
  EXPECT_EQ(net.hops(6, 7), 2);
  EXPECT_DOUBLE_EQ(net.latency(6, 7), 3e-6);
  EXPECT_EQ(net.bottleneck_bandwidth(6, 7), 100e9);

  EXPECT_DOUBLE_EQ(net.center_latency(0, 1), 10e-3);
  EXPECT_DOUBLE_EQ(net.center_latency(1, 0), 10e-3);
  EXPECT_EQ(net.center_bandwidth(0, 1), 5e9);
  EXPECT_EQ(net.center_hops(0, 1), 1);

  // 13 from east + 2 servers, 1 rack, 1 pod, 1 spine; 12 + 4 tree links + 1 WAN link.
  EXPECT_EQ(net.vertex_count(), 18u);
  EXPECT_EQ(net.edge_count(), 17u);
  expect_matches_graph(net, 8, true);
}

// A wider WAN leaves the sending center's pod link (east 10 GB/s) as the bottleneck.
TEST(Network, CrossCenterBottleneckCanBeInsideACenter) {
  DatacenterSpec dc = types();
  dc.centers = {east(), west()};
  dc.wan = {wan("east", "west", 400e9, 1e-3)};
  const Built b = build(dc);
  EXPECT_EQ(b.network.bottleneck_bandwidth(0, 6), 8e9);  // west's pod link is narrower still
  dc.centers[1].network.pod_link.bandwidth = 100e9;
  const Built wide = build(dc);
  EXPECT_EQ(wide.network.bottleneck_bandwidth(0, 6), 10e9);
  expect_matches_graph(wide.network, 8, true);
}

// A - B - C with no A-C link: A to C goes through B. Server i is alone in center i.
TEST(Network, ThreeCentersInALineRouteThroughTheMiddle) {
  DatacenterSpec dc = types();
  dc.centers = {tiny("A"), tiny("B"), tiny("C")};
  dc.wan = {wan("A", "B", 10e9, 5e-3), wan("B", "C", 4e9, 7e-3)};
  const Built b = build(dc);
  const Network& net = b.network;

  EXPECT_DOUBLE_EQ(net.center_latency(0, 2), 12e-3);
  EXPECT_EQ(net.center_bandwidth(0, 2), 4e9);
  EXPECT_EQ(net.center_hops(0, 2), 2);
  EXPECT_DOUBLE_EQ(net.center_latency(0, 1), 5e-3);
  EXPECT_EQ(net.center_bandwidth(0, 1), 10e9);
  EXPECT_EQ(net.center_hops(2, 1), 1);

  EXPECT_EQ(net.hops(0, 2), 8);
  EXPECT_DOUBLE_EQ(net.latency(0, 2), 9e-6 + 12e-3 + 9e-6);
  EXPECT_EQ(net.bottleneck_bandwidth(0, 2), 4e9);

  // 3 × (server, rack, pod, spine); 3 × 3 tree links + 2 WAN links.
  EXPECT_EQ(net.vertex_count(), 12u);
  EXPECT_EQ(net.edge_count(), 11u);
  expect_matches_graph(net, 3, true);
}

// A direct A-C link slower than the detour: the detour wins on latency, so hops count its
// two WAN links although a breadth-first search finds a path with one.
TEST(Network, SlowDirectLinkLosesToTheDetour) {
  DatacenterSpec dc = types();
  dc.centers = {tiny("A"), tiny("B"), tiny("C")};
  dc.wan = {wan("A", "B", 10e9, 5e-3), wan("B", "C", 4e9, 7e-3), wan("A", "C", 100e9, 20e-3)};
  const Built b = build(dc);
  const Network& net = b.network;
  EXPECT_EQ(net.center_hops(0, 2), 2);
  EXPECT_DOUBLE_EQ(net.center_latency(0, 2), 12e-3);
  EXPECT_EQ(net.center_bandwidth(0, 2), 4e9);
  EXPECT_EQ(net.hops(0, 2), 8);
  EXPECT_EQ(net.reference_routes(0)[2].fewest_hops, 7);
  expect_matches_graph(net, 3, false);

  // Make the direct link the fast one: one WAN hop, and the server link is the bottleneck.
  dc.wan[2].link.latency_s = 10e-3;
  const Built direct = build(dc);
  EXPECT_EQ(direct.network.center_hops(0, 2), 1);
  EXPECT_EQ(direct.network.hops(0, 2), 7);
  EXPECT_DOUBLE_EQ(direct.network.latency(0, 2), 9e-6 + 10e-3 + 9e-6);
  EXPECT_EQ(direct.network.bottleneck_bandwidth(0, 2), 25e9);
  expect_matches_graph(direct.network, 3, false);
}

// Equal latencies are broken by fewer WAN links, then by the wider bottleneck. Latencies are
// powers of two so that the sums compare exactly equal in both the table and the full graph.
TEST(Network, TiesPreferFewerLinksThenMoreBandwidth) {
  DatacenterSpec dc = types();
  dc.centers = {tiny("A"), tiny("B"), tiny("C")};
  for (auto& c : dc.centers) {
    c.network.server_link.latency_s = std::ldexp(1.0, -20);
    c.network.rack_link.latency_s = std::ldexp(1.0, -20);
    c.network.pod_link.latency_s = std::ldexp(1.0, -19);
  }
  const double l = std::ldexp(1.0, -8);
  // A-B twice (parallel links, equal latency), B-C, and a direct A-C as long as the detour.
  dc.wan = {wan("A", "B", 1e9, l), wan("A", "B", 3e9, l), wan("B", "C", 9e9, 2 * l), wan("A", "C", 2e9, 3 * l)};
  const Built b = build(dc);
  const Network& net = b.network;
  EXPECT_EQ(net.center_bandwidth(0, 1), 3e9);  // the wider of the two parallel links
  EXPECT_EQ(net.center_hops(0, 2), 1);         // direct beats A-B-C at equal latency
  EXPECT_EQ(net.center_bandwidth(0, 2), 2e9);
  EXPECT_EQ(net.center_latency(0, 2), 3 * l);
  EXPECT_EQ(net.edge_count(), 3u * 3u + 4u);
  expect_matches_graph(net, 3, false);
}

// Center D has servers but no WAN link; center E has a link but nothing built. Neither may
// crash anything: D is unreachable, E is a spine alone.
TEST(Network, DisconnectedAndEmptyCenters) {
  DatacenterSpec dc = types();
  CenterSpec e;
  e.id = "E";
  dc.centers = {tiny("A"), tiny("B"), tiny("D"), e};
  dc.wan = {wan("A", "B", 10e9, 5e-3), wan("E", "B", 1e9, 1e-3)};
  const Built b = build(dc);
  const Network& net = b.network;

  EXPECT_EQ(net.center_latency(0, 2), kInf);
  EXPECT_EQ(net.center_bandwidth(0, 2), 0.0);
  EXPECT_EQ(net.center_hops(0, 2), kNoRoute);
  EXPECT_EQ(net.center_latency(2, 2), 0.0);
  EXPECT_EQ(net.hops(0, 2), kNoRoute);
  EXPECT_EQ(net.latency(0, 2), kInf);
  EXPECT_EQ(net.bottleneck_bandwidth(0, 2), 0.0);
  const Route to_d = net.reference_routes(0)[2];
  EXPECT_EQ(to_d.hops, kNoRoute);
  EXPECT_EQ(to_d.fewest_hops, kNoRoute);
  EXPECT_EQ(to_d.latency_s, kInf);
  EXPECT_EQ(to_d.bandwidth, 0.0);

  // E's spine routes like any other.
  EXPECT_DOUBLE_EQ(net.center_latency(0, 3), 6e-3);
  EXPECT_EQ(net.center_bandwidth(0, 3), 1e9);
  EXPECT_EQ(net.center_hops(3, 0), 2);

  // 3 × 4 + E's spine; 3 × 3 tree links + 2 WAN links.
  EXPECT_EQ(net.vertex_count(), 13u);
  EXPECT_EQ(net.edge_count(), 11u);
  expect_matches_graph(net, 3, true);
}

// A bigger, irregular federation: pods spanning rack groups, empty racks mid-pod, uneven last
// pods, per-center link specs, a WAN triangle with a slow side, and an island center.
TEST(Network, FastAnswersMatchTheFullGraphOnAnIrregularFederation) {
  DatacenterSpec dc = types();
  ServerSpec cpu;
  cpu.id = "cpu";
  cpu.peak_w = 800;
  dc.servers.push_back(cpu);
  const char* ids[] = {"c0", "c1", "c2", "island"};
  for (int c = 0; c < 4; ++c) {
    CenterSpec x;
    x.id = ids[c];
    x.network.racks_per_pod = 2 + c;
    x.network.server_link = {(25 + c) * 1e9, (2 + c) * 1e-6};
    x.network.rack_link = {(100 - 30 * c) * 1e9, 3e-6};
    x.network.pod_link = {(40 + c) * 1e9, (5 - c) * 1e-6};
    x.rack_groups.push_back({"rA", 3 + c, {{1 + c, {{"s1", 1 + c % 2}, {"cpu", 1}}}}});
    x.rack_groups.push_back({"rA", 3, {{1, {{"cpu", 2}}}}});
    dc.centers.push_back(x);
  }
  // WAN links wider than the trees, so the bottleneck is sometimes the receiving center's.
  dc.wan = {wan("c0", "c1", 30e9, 4e-3), wan("c1", "c2", 120e9, 3e-3), wan("c0", "c2", 500e9, 9e-3)};
  const Built b = build(dc);
  const Inventory& inv = b.inventory;
  ASSERT_GT(inv.server_count(), 20u);
  EXPECT_EQ(b.network.vertex_count(), inv.server_count() + inv.rack_count() + inv.pod_count() + 4);
  EXPECT_EQ(b.network.edge_count(), inv.server_count() + inv.rack_count() + inv.pod_count() + 3);
  EXPECT_EQ(b.network.center_hops(0, 2), 2);  // 7 ms via c1 beats the direct 9 ms
  expect_matches_graph(b.network, inv.server_count(), false);
}

TEST(Network, WritesALabelledGraphvizGraph) {
  DatacenterSpec dc = types();
  dc.centers = {east(), west()};
  dc.wan = {wan("east", "west", 5e9, 10e-3)};
  const Built b = build(dc);
  std::ostringstream out;
  b.network.write_graphviz(out);
  const std::string dot = out.str();
  EXPECT_EQ(dot.rfind("graph G {", 0), 0u) << dot;
  EXPECT_NE(dot.find("spine east"), std::string::npos);
  EXPECT_NE(dot.find("spine west"), std::string::npos);
  EXPECT_NE(dot.find("server 7 (s1)"), std::string::npos);
  EXPECT_NE(dot.find("rack 3 (rA)"), std::string::npos);
  EXPECT_NE(dot.find("pod 1"), std::string::npos);
  EXPECT_NE(dot.find("40 Gbit/s, 10000 us"), std::string::npos);  // the WAN link
  std::size_t links = 0, dashed = 0;
  for (std::size_t at = dot.find("--"); at != std::string::npos; at = dot.find("--", at + 2)) ++links;
  for (std::size_t at = dot.find("dashed"); at != std::string::npos; at = dot.find("dashed", at + 1)) ++dashed;
  EXPECT_EQ(links, b.network.edge_count());
  EXPECT_EQ(dashed, 1u);
}

TEST(Network, MovesKeepTheirAnswers) {
  DatacenterSpec dc = types();
  dc.centers = {east()};
  const Inventory inv = Inventory::build(dc);
  Network a(dc, inv);
  Network moved(std::move(a));
  EXPECT_EQ(moved.hops(0, 4), 6);
  Network assigned(types(), Inventory::build(types()));
  assigned = std::move(moved);
  EXPECT_EQ(assigned.hops(0, 2), 4);
  EXPECT_EQ(assigned.vertex_count(), 13u);
}

}  // namespace dcsim

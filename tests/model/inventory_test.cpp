#include "dcsim/model/inventory.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dcsim {

namespace {

ServerSpec server_type(const char* id, const char* chip, int chips, double peak_w) {
  ServerSpec s;
  s.id = id;
  s.chip = chip;
  s.chips = chips;
  s.peak_w = peak_w;
  s.idle_w = peak_w / 4;
  return s;
}

RackSpec rack_type(const char* id) {
  RackSpec r;
  r.id = id;
  r.power_budget_w = 40e3;
  return r;
}

// s1: 8 × gpu-a at 10 kW; s2: 4 × gpu-b at 5 kW; s3: CPU only at 800 W.
DatacenterSpec types() {
  DatacenterSpec dc;
  dc.servers = {server_type("s1", "gpu-a", 8, 10e3), server_type("s2", "gpu-b", 4, 5e3), server_type("s3", "", 0, 800)};
  dc.racks = {rack_type("rA"), rack_type("rB")};
  return dc;
}

// Group A: 5 built, 2 racks of {s1 ×2} then 1 rack of {s1, s2}, 2 empty. Group B: 2 built,
// none populated. racks_per_pod 3.
CenterSpec east() {
  CenterSpec c;
  c.id = "east";
  c.network.racks_per_pod = 3;
  c.rack_groups.push_back({"rA", 5, {{2, {{"s1", 2}}}, {1, {{"s1", 1}, {"s2", 1}}}}});
  c.rack_groups.push_back({"rB", 2, {}});
  return c;
}

// One group of 4 built: 1 rack of {s2 ×3}, 2 racks of {s3}, 1 empty. racks_per_pod 2.
CenterSpec west() {
  CenterSpec c;
  c.id = "west";
  c.network.racks_per_pod = 2;
  c.rack_groups.push_back({"rB", 4, {{1, {{"s2", 3}}}, {2, {{"s3", 1}}}}});
  return c;
}

using U = std::vector<std::uint32_t>;

// The numbering's promises, checked from the per-server arrays rather than by hand: ranges
// tile their parents in order and agree with each server's own rack, pod and center.
void expect_consistent(const Inventory& inv) {
  U rack_seen(inv.rack_count()), pod_seen(inv.pod_count()), center_seen(inv.center_count());
  for (std::uint32_t s = 0; s < inv.server_count(); ++s) {
    const std::uint32_t r = inv.server_rack(s);
    EXPECT_TRUE(inv.rack_servers(r).contains(s)) << "server " << s;
    EXPECT_TRUE(inv.pod_servers(inv.server_pod(s)).contains(s)) << "server " << s;
    EXPECT_TRUE(inv.center_servers(inv.server_center(s)).contains(s)) << "server " << s;
    EXPECT_EQ(inv.server_pod(s), inv.rack_pod(r));
    EXPECT_EQ(inv.server_center(s), inv.rack_center(r));
    ++rack_seen[r];
    ++pod_seen[inv.server_pod(s)];
    ++center_seen[inv.server_center(s)];
  }
  std::uint32_t next_rack = 0, next_server = 0, next_pod = 0;
  for (std::uint32_t r = 0; r < inv.rack_count(); ++r) {
    EXPECT_EQ(inv.rack_servers(r).first, next_server) << "rack " << r;
    EXPECT_EQ(inv.rack_servers(r).count, rack_seen[r]) << "rack " << r;
    EXPECT_TRUE(inv.pod_racks(inv.rack_pod(r)).contains(r)) << "rack " << r;
    EXPECT_EQ(inv.pod_center(inv.rack_pod(r)), inv.rack_center(r));
    next_server = inv.rack_servers(r).end();
  }
  next_server = 0;
  for (std::uint32_t p = 0; p < inv.pod_count(); ++p) {
    EXPECT_EQ(inv.pod_racks(p).first, next_rack) << "pod " << p;
    EXPECT_GT(inv.pod_racks(p).count, 0u) << "pod " << p;
    EXPECT_EQ(inv.pod_servers(p).first, next_server) << "pod " << p;
    EXPECT_EQ(inv.pod_servers(p).count, pod_seen[p]) << "pod " << p;
    EXPECT_TRUE(inv.center_pods(inv.pod_center(p)).contains(p)) << "pod " << p;
    next_rack = inv.pod_racks(p).end();
    next_server = inv.pod_servers(p).end();
  }
  EXPECT_EQ(next_rack, inv.rack_count());
  next_rack = next_server = 0;
  for (std::uint32_t c = 0; c < inv.center_count(); ++c) {
    EXPECT_EQ(inv.center_racks(c).first, next_rack);
    EXPECT_EQ(inv.center_pods(c).first, next_pod);
    EXPECT_EQ(inv.center_servers(c).first, next_server);
    EXPECT_EQ(inv.center_servers(c).count, center_seen[c]);
    next_rack = inv.center_racks(c).end();
    next_pod = inv.center_pods(c).end();
    next_server = inv.center_servers(c).end();
  }
  EXPECT_EQ(next_rack, inv.rack_count());
  EXPECT_EQ(next_pod, inv.pod_count());
  EXPECT_EQ(next_server, inv.server_count());
}

}  // namespace

TEST(IndexRange, ContainsItsHalfOpenInterval) {
  constexpr IndexRange r{4, 3};
  EXPECT_EQ(r.end(), 7u);
  EXPECT_FALSE(r.contains(3));
  EXPECT_TRUE(r.contains(4));
  EXPECT_TRUE(r.contains(6));
  EXPECT_FALSE(r.contains(7));
  EXPECT_TRUE((IndexRange{9, 0}).empty());
  EXPECT_FALSE((IndexRange{9, 0}).contains(9));
}

// Racks 0-1 {s1, s1}, rack 2 {s1, s2}, racks 3-4 empty (group A), racks 5-6 empty (group B).
// Pods of 3 racks: {0,1,2}, {3,4,5}, {6}.
TEST(Inventory, OneCenterNumberedByHand) {
  DatacenterSpec dc = types();
  dc.centers = {east()};
  const Inventory inv = Inventory::build(dc);

  EXPECT_EQ(inv.center_count(), 1u);
  EXPECT_EQ(inv.server_count(), 6u);
  EXPECT_EQ(inv.rack_count(), 7u);
  EXPECT_EQ(inv.racks_populated(), 3u);
  EXPECT_EQ(inv.pod_count(), 3u);

  EXPECT_EQ(inv.server_types(), (U{0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(inv.server_racks(), (U{0, 0, 1, 1, 2, 2}));
  EXPECT_EQ(inv.server_pods(), (U{0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(inv.server_centers(), (U{0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(inv.server_type(5), 1u);
  EXPECT_EQ(inv.server_rack(3), 1u);

  const U rack_types{0, 0, 0, 0, 0, 1, 1};
  const U rack_pods{0, 0, 0, 1, 1, 1, 2};
  const std::vector<IndexRange> rack_servers{{0, 2}, {2, 2}, {4, 2}, {6, 0}, {6, 0}, {6, 0}, {6, 0}};
  for (std::uint32_t r = 0; r < 7; ++r) {
    EXPECT_EQ(inv.rack_type(r), rack_types[r]) << "rack " << r;
    EXPECT_EQ(inv.rack_center(r), 0u) << "rack " << r;
    EXPECT_EQ(inv.rack_pod(r), rack_pods[r]) << "rack " << r;
    EXPECT_EQ(inv.rack_servers(r), rack_servers[r]) << "rack " << r;
  }
  EXPECT_EQ(inv.rack_peak_w(), (std::vector<double>{20e3, 20e3, 15e3, 0, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(inv.rack_peak_w(2), 15e3);

  EXPECT_EQ(inv.pod_racks(0), (IndexRange{0, 3}));
  EXPECT_EQ(inv.pod_racks(1), (IndexRange{3, 3}));
  EXPECT_EQ(inv.pod_racks(2), (IndexRange{6, 1}));
  EXPECT_EQ(inv.pod_servers(0), (IndexRange{0, 6}));
  EXPECT_EQ(inv.pod_servers(1), (IndexRange{6, 0}));
  EXPECT_EQ(inv.pod_servers(2), (IndexRange{6, 0}));
  for (std::uint32_t p = 0; p < 3; ++p) EXPECT_EQ(inv.pod_center(p), 0u);

  EXPECT_EQ(inv.center_racks(0), (IndexRange{0, 7}));
  EXPECT_EQ(inv.center_pods(0), (IndexRange{0, 3}));
  EXPECT_EQ(inv.center_servers(0), (IndexRange{0, 6}));

  // 5 × s1 × 8 gpu-a, 1 × s2 × 4 gpu-b.
  EXPECT_EQ(inv.accelerators(), (std::map<std::string, long>{{"gpu-a", 40}, {"gpu-b", 4}}));
  EXPECT_EQ(inv.accelerator_count(), 44);
  expect_consistent(inv);
}

// West follows east: its racks, pods and servers continue the global numbering. West: rack 7
// {s2 ×3} (servers 6-8), racks 8 and 9 {s3} (servers 9, 10), rack 10 empty; pods of 2 racks:
// pod 3 = racks 7-8, pod 4 = racks 9-10.
TEST(Inventory, SecondCenterContinuesTheNumbering) {
  DatacenterSpec dc = types();
  dc.centers = {east(), west()};
  const Inventory inv = Inventory::build(dc);

  EXPECT_EQ(inv.center_count(), 2u);
  EXPECT_EQ(inv.server_count(), 11u);
  EXPECT_EQ(inv.rack_count(), 11u);
  EXPECT_EQ(inv.racks_populated(), 6u);
  EXPECT_EQ(inv.pod_count(), 5u);

  EXPECT_EQ(inv.server_types(), (U{0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2}));
  EXPECT_EQ(inv.server_racks(), (U{0, 0, 1, 1, 2, 2, 7, 7, 7, 8, 9}));
  EXPECT_EQ(inv.server_pods(), (U{0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 4}));
  EXPECT_EQ(inv.server_centers(), (U{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));

  EXPECT_EQ(inv.rack_servers(7), (IndexRange{6, 3}));
  EXPECT_EQ(inv.rack_servers(8), (IndexRange{9, 1}));
  EXPECT_EQ(inv.rack_servers(9), (IndexRange{10, 1}));
  EXPECT_EQ(inv.rack_servers(10), (IndexRange{11, 0}));
  for (std::uint32_t r = 7; r < 11; ++r) {
    EXPECT_EQ(inv.rack_type(r), 1u);
    EXPECT_EQ(inv.rack_center(r), 1u);
  }
  EXPECT_EQ(inv.rack_pod(7), 3u);
  EXPECT_EQ(inv.rack_pod(8), 3u);
  EXPECT_EQ(inv.rack_pod(9), 4u);
  EXPECT_EQ(inv.rack_pod(10), 4u);
  EXPECT_EQ(inv.rack_peak_w(), (std::vector<double>{20e3, 20e3, 15e3, 0, 0, 0, 0, 15e3, 800, 800, 0}));

  EXPECT_EQ(inv.pod_center(3), 1u);
  EXPECT_EQ(inv.pod_center(4), 1u);
  EXPECT_EQ(inv.pod_racks(3), (IndexRange{7, 2}));
  EXPECT_EQ(inv.pod_racks(4), (IndexRange{9, 2}));
  EXPECT_EQ(inv.pod_servers(3), (IndexRange{6, 4}));
  EXPECT_EQ(inv.pod_servers(4), (IndexRange{10, 1}));

  EXPECT_EQ(inv.center_racks(1), (IndexRange{7, 4}));
  EXPECT_EQ(inv.center_pods(1), (IndexRange{3, 2}));
  EXPECT_EQ(inv.center_servers(1), (IndexRange{6, 5}));

  // The CPU-only s3 adds no accelerator; west adds 3 × 4 gpu-b.
  EXPECT_EQ(inv.accelerators(), (std::map<std::string, long>{{"gpu-a", 40}, {"gpu-b", 16}}));
  EXPECT_EQ(inv.accelerator_count(), 56);
  expect_consistent(inv);
}

// A center with nothing built still has an index, with empty ranges where it would start.
TEST(Inventory, EmptyCenterHasEmptyRanges) {
  DatacenterSpec dc = types();
  CenterSpec empty;
  empty.id = "greenfield";
  dc.centers = {east(), empty, west()};
  const Inventory inv = Inventory::build(dc);
  EXPECT_EQ(inv.center_count(), 3u);
  EXPECT_EQ(inv.center_racks(1), (IndexRange{7, 0}));
  EXPECT_EQ(inv.center_pods(1), (IndexRange{3, 0}));
  EXPECT_EQ(inv.center_servers(1), (IndexRange{6, 0}));
  EXPECT_EQ(inv.center_racks(2), (IndexRange{7, 4}));
  EXPECT_EQ(inv.server_center(6), 2u);
  expect_consistent(inv);
}

// Pods that cut across rack groups, uneven last pods, and many empty racks between populated
// ones: the ranges still tile.
TEST(Inventory, RangesTileInAnIrregularFederation) {
  DatacenterSpec dc = types();
  for (int c = 0; c < 3; ++c) {
    CenterSpec center;
    center.id = "c" + std::to_string(c);
    center.network.racks_per_pod = 2 + c;
    center.rack_groups.push_back({"rA", 3 + c, {{1 + c, {{"s1", 1 + c}, {"s3", 2}}}}});
    center.rack_groups.push_back({"rB", 4, {{1, {{"s2", 2}}}, {c, {{"s3", 3}}}}});
    center.rack_groups.push_back({"rA", 1, {}});
    dc.centers.push_back(center);
  }
  const Inventory inv = Inventory::build(dc);
  EXPECT_EQ(inv.rack_count(), 8u + 9u + 10u);
  EXPECT_EQ(inv.racks_populated(), 2u + 4u + 6u);
  // Pods: ceil(8 / 2) + ceil(9 / 3) + ceil(10 / 4).
  EXPECT_EQ(inv.pod_count(), 4u + 3u + 3u);
  expect_consistent(inv);
}

}  // namespace dcsim

#include "dcsim/model/totals.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "dcsim/scenario/scenario.hpp"

namespace dcsim {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = DCSIM_SOURCE_DIR;

Scenario shipped(const char* name) { return load_scenario((kSource / "scenarios" / name).string()); }

// The founding report's western center, by hand: 30 racks x 4 L20 boxes x 8 = 960 L20 and
// (2 x 2 + 1) Ascend servers x 8 = 40 910B; IT peak 120 x 3.2 + 5 x 5.2 = 410 kW; 33 of 66
// racks populated; 66 x 15 kW = 990 kW of rack budget; bf16 960 x 119.5 + 40 x 320 TFLOPS.
TEST(Totals, WesternHalfIdleCenterByHand) {
  const Scenario s = shipped("west-half-idle.yaml");
  const CenterTotals t = totals(s.datacenter);
  EXPECT_EQ(t.accelerator_count(), 1000);
  EXPECT_EQ(t.accelerators.at("l20"), 960);
  EXPECT_EQ(t.accelerators.at("ascend-910b"), 40);
  EXPECT_EQ(t.servers, 125);
  EXPECT_EQ(t.racks_built, 66);
  EXPECT_EQ(t.racks_populated, 33);
  EXPECT_DOUBLE_EQ(t.racked_ratio(), 0.5);
  EXPECT_NEAR(t.it_peak_w, 410e3, 1e-6);
  EXPECT_NEAR(t.it_idle_w, 120 * 736.0 + 5 * 1200.0, 1e-6);
  EXPECT_NEAR(t.facility_peak_w, 410e3 * 1.3, 1e-6);
  EXPECT_NEAR(t.rack_budget_w, 990e3, 1e-6);
  EXPECT_NEAR(t.densest_rack_w, 12.8e3, 1e-6);
  EXPECT_NEAR(t.peak_ops[static_cast<std::size_t>(Precision::kBf16)], (960 * 119.5 + 40 * 320) * 1e12, 1e3);
  EXPECT_EQ(t.peak_ops[static_cast<std::size_t>(Precision::kFp64)], 0.0);  // neither chip has published FP64
}

TEST(Totals, FederationIsTheSumOfItsCenters) {
  const Scenario fed = shipped("federation-west-east.yaml");
  ASSERT_EQ(fed.datacenter.centers.size(), 2u);
  ASSERT_EQ(fed.datacenter.wan.size(), 1u);
  EXPECT_EQ(fed.name, "federation-west-east");  // the including file wins
  const CenterTotals west = totals(fed.datacenter, *fed.datacenter.center("west-1"));
  const CenterTotals east = totals(fed.datacenter, *fed.datacenter.center("east-1"));
  const CenterTotals all = totals(fed.datacenter);
  EXPECT_EQ(all.accelerator_count(), west.accelerator_count() + east.accelerator_count());
  EXPECT_EQ(all.racks_built, west.racks_built + east.racks_built);
  EXPECT_DOUBLE_EQ(all.it_peak_w, west.it_peak_w + east.it_peak_w);
  EXPECT_DOUBLE_EQ(fed.datacenter.wan[0].link.latency_s, 0.012);
  EXPECT_DOUBLE_EQ(fed.datacenter.wan[0].link.bandwidth, 100e9 / 8);
  // 16 x 3 x 8 H800, 10 x 7 x 8 H20, 10 x 3 x 16 910B
  EXPECT_EQ(east.accelerators.at("h800-sxm"), 384);
  EXPECT_EQ(east.accelerators.at("h20"), 560);
  EXPECT_EQ(east.accelerators.at("ascend-910b"), 480);
}

// A user file includes the shipped catalogue and overrides one chip by id: the override wins,
// the other entries stay, a new chip is appended.
TEST(Include, OverridesCatalogueEntriesById) {
  const fs::path dir = fs::temp_directory_path() / "dcsim_include_test";
  fs::create_directories(dir);
  const fs::path file = dir / "mine.yaml";
  std::ofstream(file) << "include: " << (kSource / "scenarios/catalog/chips.yaml").string() << "\n"
                      << "chips:\n"
                         "  - {id: mlu590, vendor: Cambricon, name: MLU590 (our measurement), kind: npu,\n"
                         "     throughput: {bf16: 250 TFLOPS}, tdp: 350 W, idle_power: 80 W, source: our lab}\n"
                         "  - {id: my-chip, vendor: Us, name: Ours, kind: gpu, tdp: 100 W, idle_power: 10 W, source: us}\n";
  const Scenario s = load_catalog(file.string(), {(kSource / "scenarios/catalog").string()});  // an include outside its folder
  const Scenario shipped_catalog = load_catalog((kSource / "scenarios/catalog/chips.yaml").string());
  EXPECT_EQ(s.datacenter.chips.size(), shipped_catalog.datacenter.chips.size() + 1);
  ASSERT_NE(s.datacenter.chip("mlu590"), nullptr);
  EXPECT_EQ(s.datacenter.chip("mlu590")->source, "our lab");
  EXPECT_DOUBLE_EQ(s.datacenter.chip("mlu590")->ops_per_second(Precision::kBf16), 250e12);
  EXPECT_EQ(s.datacenter.chip("h100-sxm")->ops_per_second(Precision::kBf16), 989e12);
  EXPECT_NE(s.datacenter.chip("my-chip"), nullptr);
}

// Every entry of the shipped catalogue says where its numbers come from, and the chips the
// issue names are all there.
TEST(Catalogue, EveryChipHasASourceAndTheNamedChipsExist) {
  const Scenario s = load_catalog((kSource / "scenarios/catalog/chips.yaml").string());
  for (const auto& c : s.datacenter.chips) {
    EXPECT_FALSE(c.source.empty()) << c.id;
    EXPECT_GT(c.tdp_w, 0) << c.id;
    EXPECT_LE(c.idle_w, c.tdp_w) << c.id;
  }
  for (const char* id : {"h100-sxm", "h800-sxm", "h20", "a100-sxm-80gb", "a800-sxm-80gb", "l40s", "l20", "rtx-4090",
                         "ascend-910b", "mlu370-x8", "mlu590", "hygon-k100", "mi300x", "gaudi2", "xeon-8480plus",
                         "epyc-9654"}) {
    EXPECT_NE(s.datacenter.chip(id), nullptr) << id;
  }
  EXPECT_FALSE(s.datacenter.chip("a100-sxm-80gb")->supports(Precision::kFp8));  // Ampere has no FP8
  EXPECT_TRUE(s.datacenter.chip("h20")->supports(Precision::kFp8));
  EXPECT_EQ(s.datacenter.chip("epyc-9654")->kind, ChipKind::kCpu);
}

}  // namespace
}  // namespace dcsim

// The catalogue's `power:` key of a chip (the curve of P(u)) and the host checks of a server.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "dcsim/base/diagnostic.hpp"
#include "dcsim/model/server_power.hpp"
#include "dcsim/scenario/scenario.hpp"

namespace dcsim {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = DCSIM_SOURCE_DIR;

// A scenario file of the shipped western center plus `extra` YAML (chips or servers to add).
std::string write(const std::string& name, const std::string& extra) {
  const fs::path dir = fs::temp_directory_path() / "dcsim_power_keys_test";
  fs::create_directories(dir);
  const fs::path file = dir / name;
  std::ofstream(file) << "include: " << (kSource / "scenarios/west-half-idle.yaml").string() << "\n" << extra;
  return file.string();
}

std::string chip(const std::string& power) {
  return "chips:\n  - id: test-gpu\n    vendor: Us\n    name: Test\n    kind: gpu\n    throughput: {bf16: 100 TFLOPS}\n"
         "    tdp: 400 W\n    idle_power: 60 W\n    source: test\n" +
         (power.empty() ? std::string() : "    power: " + power + "\n");
}

std::string error_of(const std::string& file) {
  try {
    (void)load_scenario(file, {}, {DCSIM_SOURCE_DIR});
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(PowerKeys, CurvesAreReadPerChip) {
  const Scenario linear = load_scenario(write("linear.yaml", chip("")), {}, {DCSIM_SOURCE_DIR});
  EXPECT_EQ(linear.datacenter.chip("test-gpu")->power.kind, PowerCurveKind::kLinear);
  const Scenario fan = load_scenario(write("fan.yaml", chip("{curve: fan, r: 1.5}")), {}, {DCSIM_SOURCE_DIR});
  EXPECT_EQ(fan.datacenter.chip("test-gpu")->power.kind, PowerCurveKind::kFan);
  EXPECT_DOUBLE_EQ(fan.datacenter.chip("test-gpu")->power.r, 1.5);
  const Scenario square = load_scenario(write("square.yaml", chip("{curve: square}")), {}, {DCSIM_SOURCE_DIR});
  EXPECT_DOUBLE_EQ(square.datacenter.chip("test-gpu")->power.power(60, 400, 0.5), 145.0);
  const Scenario table = load_scenario(write("table.yaml", chip("{curve: table, table: [0, 0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1]}")), {}, {DCSIM_SOURCE_DIR});
  EXPECT_DOUBLE_EQ(table.datacenter.chip("test-gpu")->power.power(60, 400, 0.1), 60 + 340 * 0.3);
}

// The shipped CPUs use Fan et al.'s curve; accelerators stay linear.
TEST(PowerKeys, ShippedCatalogueCurves) {
  const Scenario s = load_scenario((kSource / "scenarios/west-half-idle.yaml").string());
  EXPECT_EQ(s.datacenter.chip("xeon-8480plus")->power.kind, PowerCurveKind::kFan);
  EXPECT_DOUBLE_EQ(s.datacenter.chip("xeon-8480plus")->power.r, 1.4);
  EXPECT_EQ(s.datacenter.chip("l20")->power.kind, PowerCurveKind::kLinear);
  // l20-8x-pcie: host 736 - 8 x 41.25 = 406 W idle, 3200 - 8 x 275 = 1000 W peak.
  const ServerPowerModel m = server_power_model(s.datacenter, *s.datacenter.server("l20-8x-pcie"));
  EXPECT_DOUBLE_EQ(m.host_idle_w, 406.0);
  EXPECT_DOUBLE_EQ(m.host_max_w, 1000.0);
}

TEST(PowerKeys, BadCurvesAreLocated) {
  EXPECT_NE(error_of(write("b1.yaml", chip("{curve: cubic}"))).find("chips[test-gpu].power.curve: expected linear, square, fan or table, found \"cubic\""),
            std::string::npos);
  EXPECT_NE(error_of(write("b2.yaml", chip("{curve: linear, r: 1.4}"))).find("chips[test-gpu].power.r: r is the exponent of the fan curve"),
            std::string::npos);
  EXPECT_NE(error_of(write("b3.yaml", chip("{curve: fan, r: 2.5}"))).find("expected 1 <= r <= 2"), std::string::npos);
  EXPECT_NE(error_of(write("b4.yaml", chip("{curve: table}"))).find("chips[test-gpu].power.table: missing required key"), std::string::npos);
  EXPECT_NE(error_of(write("b5.yaml", chip("{curve: table, table: [0, 0.5, 1]}"))).find("expected 11 values"), std::string::npos);
  EXPECT_NE(error_of(write("b6.yaml", chip("{curve: table, table: [0, 0.3, 0.2, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1]}")))
                .find("chips[test-gpu].power.table[2]: expected at least the value before it (0.3)"),
            std::string::npos);
  EXPECT_NE(error_of(write("b7.yaml", chip("{curve: table, table: [0.1, 0.3, 0.4, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1]}")))
                .find("expected 0 first (idle_power) and 1 last (tdp)"),
            std::string::npos);
  EXPECT_NE(error_of(write("b8.yaml", chip("{curve: square, table: [0, 1]}"))).find("a table belongs to curve: table"), std::string::npos);
  EXPECT_NE(error_of(write("b9.yaml", chip("{curv: fan}"))).find("chips[test-gpu].power"), std::string::npos);
  const std::string located = error_of(write("b1.yaml", chip("{curve: cubic}")));
  EXPECT_NE(located.find("b1.yaml:"), std::string::npos) << located;  // file:line:column
}

// A server cannot peak below its accelerators at tdp, nor idle below them at idle: the host
// would draw less than nothing.
TEST(PowerKeys, ServerBelowItsAcceleratorsIsRefused) {
  const std::string server =
      "servers:\n  - id: tiny\n    chip: l20\n    chips: 8\n    cpu: xeon-8480plus\n    cpus: 2\n    memory: 512 GB\n"
      "    peak_power: 2 kW\n    idle_power: 300 W\n    height_u: 4\n";
  const std::string e = error_of(write("tiny.yaml", server));
  EXPECT_NE(e.find("servers[tiny].peak_power: expected at least its 8 x l20 at tdp (2200 W), found 2000 W"), std::string::npos) << e;
  const std::string idle =
      "servers:\n  - id: tiny\n    chip: l20\n    chips: 8\n    cpu: xeon-8480plus\n    cpus: 2\n    memory: 512 GB\n"
      "    peak_power: 3 kW\n    idle_power: 300 W\n    height_u: 4\n";
  EXPECT_NE(error_of(write("idle.yaml", idle)).find("servers[tiny].idle_power: expected at least its 8 x l20 at idle_power (330 W), found 300 W"),
            std::string::npos);
}

}  // namespace
}  // namespace dcsim

// Power curves, server power and DVFS capping, by hand.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "dcsim/model/dvfs.hpp"
#include "dcsim/model/power_curve.hpp"
#include "dcsim/model/server_power.hpp"

namespace dcsim {
namespace {

PowerCurve curve(PowerCurveKind k) {
  PowerCurve c;
  c.kind = k;
  return c;
}

// An A100 (60 W idle, 400 W tdp) at half load: linear 60 + 340/2 = 230 W; square
// 60 + 340/4 = 145 W; Fan et al. (r = 1.4) f = 1 - 0.5^1.4 = 0.621071, 60 + 340 f = 271.164 W.
TEST(PowerCurve, EachShapeAtHalfLoad) {
  EXPECT_DOUBLE_EQ(curve(PowerCurveKind::kLinear).power(60, 400, 0.5), 230.0);
  EXPECT_DOUBLE_EQ(curve(PowerCurveKind::kSquare).power(60, 400, 0.5), 145.0);
  EXPECT_NEAR(curve(PowerCurveKind::kFan).power(60, 400, 0.5), 271.16409, 1e-5);
}

TEST(PowerCurve, EveryShapeRunsFromIdleToMaxAndClampsTheBusyShare) {
  PowerCurve table = curve(PowerCurveKind::kTable);
  table.table = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};
  for (const PowerCurve& c : {curve(PowerCurveKind::kLinear), curve(PowerCurveKind::kSquare), curve(PowerCurveKind::kFan), table}) {
    EXPECT_DOUBLE_EQ(c.power(60, 400, 0), 60.0) << name(c.kind);
    EXPECT_DOUBLE_EQ(c.power(60, 400, 1), 400.0) << name(c.kind);
    EXPECT_DOUBLE_EQ(c.power(60, 400, -0.5), 60.0) << name(c.kind);
    EXPECT_DOUBLE_EQ(c.power(60, 400, 1.5), 400.0) << name(c.kind);
  }
}

// CloudSim's SPECpower points of the HP ProLiant ML110 G4 (86, 89.4, ..., 117 W): at u = 0.5 the
// measured 102 W; at 0.55 halfway between 102 and 106 = 104 W; at 0.97 114 + 0.7 x 3 = 116.1 W.
TEST(PowerCurve, SpecPowerTableFromWatts) {
  const std::array<double, kPowerTablePoints> watts = {86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117};
  const PowerCurve c = table_curve_from_watts(watts);
  EXPECT_NEAR(c.power(86, 117, 0.5), 102.0, 1e-12);
  EXPECT_NEAR(c.power(86, 117, 0.55), 104.0, 1e-12);
  EXPECT_NEAR(c.power(86, 117, 0.97), 116.1, 1e-12);
  EXPECT_NEAR(c.power(86, 117, 0.1), 89.4, 1e-12);
}

// An 8 x L20 box as in the catalogue: 3.2 kW peak, 736 W idle, L20 275 W tdp, 41.25 W idle, so
// the host is 736 - 8 x 41.25 = 406 W idle and 3200 - 8 x 275 = 1000 W at full load. With 4
// chips busy, 4 idle and the host (Fan curve) at half load:
// 4 x 275 + 4 x 41.25 + 406 + 594 x 0.621071 = 2039.916 W.
TEST(ServerPower, HostIsTheServerMinusItsAccelerators) {
  DatacenterSpec dc;
  ChipSpec l20;
  l20.id = "l20";
  l20.tdp_w = 275;
  l20.idle_w = 41.25;
  ChipSpec cpu;
  cpu.id = "xeon";
  cpu.kind = ChipKind::kCpu;
  cpu.power.kind = PowerCurveKind::kFan;
  dc.chips = {l20, cpu};
  ServerSpec s;
  s.id = "box";
  s.chip = "l20";
  s.chips = 8;
  s.cpu = "xeon";
  s.cpus = 2;
  s.idle_w = 736;
  s.peak_w = 3200;
  const ServerPowerModel m = server_power_model(dc, s);
  EXPECT_DOUBLE_EQ(m.host_idle_w, 406.0);
  EXPECT_DOUBLE_EQ(m.host_max_w, 1000.0);
  EXPECT_DOUBLE_EQ(m.idle_w(), 736.0);
  EXPECT_DOUBLE_EQ(m.max_w(), 3200.0);
  EXPECT_DOUBLE_EQ(m.power(1.0, 1.0), 3200.0);
  const std::vector<double> busy = {1, 1, 1, 1};  // the other four idle
  EXPECT_NEAR(m.power(busy, 0.5), 2039.91609, 1e-5);

  // A CPU-only node is all host: 468 W idle, 960 W peak, linear at 0.25: 468 + 492/4 = 591 W.
  ServerSpec node;
  node.cpu = "none";
  node.idle_w = 468;
  node.peak_w = 960;
  const ServerPowerModel n = server_power_model(dc, node);
  EXPECT_EQ(n.chips, 0);
  EXPECT_DOUBLE_EQ(n.power(0.0, 0.25), 591.0);
}

// DOMAIN check of the capping formula: an H100 (700 W, static 0.15 x 700 = 105 W) capped to
// 600 W runs at f/f_max = (495/595)^(1/3) = 0.940509; a job with m = 0.2 at
// 1/(0.2 + 0.8/0.940509) = 0.951834 of full speed, one with m = 0.8 at 0.987507.
TEST(Dvfs, ClockRatioAndSpeedUnderAChipCap) {
  const double x = clock_ratio_for_cap(600, 105, 700);
  EXPECT_NEAR(x, 0.9405085, 1e-7);
  EXPECT_NEAR(speed_factor(x, 0.2), 0.9518337, 1e-7);
  EXPECT_NEAR(speed_factor(x, 0.8), 0.9875071, 1e-7);
  EXPECT_DOUBLE_EQ(speed_factor(x, 0.0), x);  // all compute: speed is the clock
  EXPECT_DOUBLE_EQ(speed_factor(x, 1.0), 1.0);  // all memory: the clock does not matter
  EXPECT_DOUBLE_EQ(clock_ratio_for_cap(800, 105, 700), 1.0);
  EXPECT_DOUBLE_EQ(clock_ratio_for_cap(100, 105, 700), DvfsModel{}.min_clock_ratio);
  // The pessimistic exponent 2 (a square root): (495/595)^(1/2) = 0.912103.
  EXPECT_NEAR(clock_ratio_for_cap(600, 105, 700, DvfsModel{2.0, 0.3}), 0.9121035, 1e-7);
}

// A 1.2 kW rack holding two busy H100s (1400 W at full clock) and two jobs, A with m = 0.2 and
// B with m = 0.8, each with 100 s of work left at full speed. The common clock:
// x^3 = (1200 - 2 x 105)/(2 x 595) = 990/1190, x = 0.940509, and the rack then draws exactly
// 1200 W. A's rate falls to 0.951834 and it ends 100/0.951834 = 105.0604 s later instead of
// 100; B's to 0.987507, ending after 101.2651 s.
TEST(Dvfs, CappedRackClockRatesAndCompletionsForTwoJobs) {
  RackDraw draw;
  const PowerCurve linear;
  draw.add_chip(105, 700, linear, 1.0);
  draw.add_chip(105, 700, linear, 1.0);
  EXPECT_DOUBLE_EQ(draw.fixed_w, 210.0);
  EXPECT_DOUBLE_EQ(draw.dynamic_w, 1190.0);
  const CapResult r = cap_rack(1200, draw);
  EXPECT_TRUE(r.capped);
  EXPECT_TRUE(r.fits);
  EXPECT_NEAR(r.clock_ratio, 0.9405085, 1e-7);
  EXPECT_NEAR(r.draw_w, 1200.0, 1e-9);
  const double rate_a = speed_factor(r.clock_ratio, 0.2);
  const double rate_b = speed_factor(r.clock_ratio, 0.8);
  EXPECT_NEAR(100 / rate_a, 105.06037, 1e-5);
  EXPECT_NEAR(100 / rate_b, 101.26509, 1e-5);
  // The same rack from its busy shares directly.
  const std::vector<double> busy = {1.0, 1.0};
  EXPECT_DOUBLE_EQ(cap_rack(1200, 0, 105, 700, linear, busy).clock_ratio, r.clock_ratio);
}

// With a 400 W host and one chip at half load (linear): fixed 400 + 210 = 610 W, dynamic
// 595 + 297.5 = 892.5 W, 1502.5 W at full clock; a 1.4 kW budget gives
// x = (790/892.5)^(1/3) = 0.960151. A 2 kW budget fits (x = 1); 600 W is below the fixed part:
// the floor, and it does not fit.
TEST(Dvfs, RackWithHostAndPartialLoad) {
  RackDraw draw;
  draw.add_host(400);
  draw.add_chip(105, 700, PowerCurve{}, 1.0);
  draw.add_chip(105, 700, PowerCurve{}, 0.5);
  EXPECT_DOUBLE_EQ(draw.at(1.0), 1502.5);
  EXPECT_NEAR(cap_rack(1400, draw).clock_ratio, 0.9601512, 1e-7);
  const CapResult fits = cap_rack(2000, draw);
  EXPECT_FALSE(fits.capped);
  EXPECT_DOUBLE_EQ(fits.clock_ratio, 1.0);
  EXPECT_DOUBLE_EQ(fits.draw_w, 1502.5);
  const CapResult floor = cap_rack(600, draw);
  EXPECT_TRUE(floor.capped);
  EXPECT_FALSE(floor.fits);
  EXPECT_DOUBLE_EQ(floor.clock_ratio, 0.3);
  EXPECT_NEAR(floor.draw_w, 610 + 892.5 * 0.027, 1e-9);
}

}  // namespace
}  // namespace dcsim

// The power model of a center run: hand-computed energy, facility integration over the
// weather's hours, a capped rack's clock and completions, a center cap that binds one hour a
// day, conservation against the center model's own allocated and busy time, and servers
// that switch off when empty and boot before they take work.
#include "dcsim/cluster/center_power.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "dcsim/cluster/center_model.hpp"

namespace dcsim::cluster {
namespace {

constexpr double kHour = 3600.0;
constexpr double kWh = 3600.0;  // joules per watt-hour

// One accelerator per server: idle 100 W, peak 400 W, linear; a host of constant `host_w`.
ServerPowerModel one_chip_server(double host_w = 0) {
  ServerPowerModel m;
  m.chips = 1;
  m.chip_idle_w = 100;
  m.chip_max_w = 400;
  m.host_idle_w = host_w;
  m.host_max_w = host_w;
  return m;
}

// `nodes` servers of `gpus` accelerators, `per_rack` to a rack.
policy::NodeTable racks_of(std::uint32_t nodes, std::uint32_t gpus, std::uint32_t per_rack) {
  std::vector<policy::NodeShape> shapes;
  for (std::uint32_t n = 0; n < nodes; ++n) {
    policy::NodeShape shape{"n" + std::to_string(n), 0, 0, gpus, "g"};
    shape.rack = n / per_rack;
    shapes.push_back(shape);
  }
  return policy::NodeTable(shapes);
}
policy::NodeTable one_rack(std::uint32_t nodes, std::uint32_t gpus = 1) { return racks_of(nodes, gpus, nodes); }

CenterPowerConfig power_config(const policy::NodeTable& table, const ServerPowerModel& server, std::size_t tenants) {
  CenterPowerConfig c;
  c.node_power.assign(table.size(), server);
  c.rack_base_w.assign(table.rack_count(), 0);
  c.rack_budget_w.assign(table.rack_count(), std::numeric_limits<double>::infinity());
  c.rack_site.assign(table.rack_count(), 0);
  FacilitySite site;
  site.name = "c";
  site.facility.design_it_w = 1000;
  c.sites = {site};
  c.memory_bound.assign(tenants, 0.2);
  c.cpu_milli.assign(tenants, 0);
  c.dvfs.clock_step = 0;  // continuous clocks: the formulas exactly (ClockLevels tests the steps)
  return c;
}

// Jobs given one by one (arrival, accelerators, duration), as a trace would.
class GivenJobs final : public JobSource {
 public:
  explicit GivenJobs(std::vector<TraceJob> jobs) : jobs_(std::move(jobs)) {}
  bool next(TraceJob& job) override {
    if (at_ == jobs_.size()) return false;
    job = jobs_[at_++];
    return true;
  }

 private:
  std::vector<TraceJob> jobs_;
  std::size_t at_ = 0;
};

// A tenant that sends `count` jobs of one accelerator at `at_h`, each of `hours` reference work.
TenantClass jobs_at(const std::string& name, double at_h, double hours, int count = 1) {
  std::vector<TraceJob> jobs(static_cast<std::size_t>(count), TraceJob{at_h * kHour, hours * kHour, 1});
  return TenantClass{.name = name, .replay = [jobs] { return std::make_unique<GivenJobs>(jobs); }};
}

// A service of `replicas` one-accelerator replicas of 1,000 tokens/s, never scaled, asked for
// 3,000 tokens/s for 10 h: busy whenever ready.
ServiceClass busy_replicas(std::uint32_t replicas) {
  ServiceClass chat;
  chat.demand.curve = DemandCurve::constant(3000, 0, 10 * kHour);
  chat.accelerators = 1;
  chat.tokens_per_s = {1000.0};
  chat.min_replicas = chat.max_replicas = replicas;
  return chat;
}

struct Outcome {
  CenterResult center;
  PowerResult power;
};

Outcome run(CenterConfig config, CenterPower& power) {
  config.governor = &power;
  CenterModel model(config);
  Engine<CenterModel> engine(model);
  model.start(engine);
  engine.run();
  return Outcome{model.result(engine.now(), engine.events_executed()), power.result(engine.now())};
}

// Two one-accelerator servers, no cap: a job busy 1 h of the 3 h run on server 0, server 1 idle.
// Chips: 100 W x 2 x 3 h idle + 300 W x 1 h busy = 900 Wh; hosts 50 W x 2 x 3 h = 300 Wh.
TEST(CenterPower, EnergyOfAKnownSchedule) {
  const policy::NodeTable table = one_rack(2);
  CenterPower power(power_config(table, one_chip_server(50), 1), table);
  CenterConfig c{.tenants = {jobs_at("a", 1, 1)}, .completions = ~std::uint64_t{0}, .stop_s = 3 * kHour};
  c.node_table = table;
  const Outcome r = run(c, power);
  EXPECT_NEAR(r.power.chip_j[0], 900 * kWh, 1e-6);
  EXPECT_NEAR(r.power.host_j, 300 * kWh, 1e-6);
  EXPECT_NEAR(r.power.tenant_j[0], 300 * kWh, 1e-6);
  EXPECT_NEAR(r.power.kind_j[static_cast<std::size_t>(JobShape::kNode)], 300 * kWh, 1e-6);
  EXPECT_NEAR(r.power.it_j(), 1200 * kWh, 1e-6);
  EXPECT_NEAR(r.power.racks[0].energy_j, 1200 * kWh, 1e-6);
  EXPECT_DOUBLE_EQ(r.power.racks[0].peak_w, 100 + 100 + 300 + 100);  // both idle chips, one busy, two hosts
  EXPECT_NEAR(r.power.sites[0].it_peak_w, 600, 1e-9);
}

// The same job on a chip that draws twice the dynamic power for half the time: the same
// dynamic energy, and a job that runs at speed 2 ends in half the time.
TEST(CenterPower, TheSameJobOnTwoChips) {
  std::vector<policy::NodeShape> shapes = {policy::NodeShape{"slow", 0, 0, 1, "slow"}, policy::NodeShape{"fast", 0, 0, 1, "fast"}};
  policy::NodeTable table(shapes);
  policy::ModelPerformance fast;
  fast.throughput.fill(2.0);
  table.set_model_performance("fast", fast);
  CenterPowerConfig pc = power_config(table, one_chip_server(), 2);
  pc.node_power[1].chip_max_w = 700;  // 600 W above idle
  CenterPower power(pc, table);
  TenantClass slow = jobs_at("on-slow", 0, 2);
  slow.request.models = 1u << 0;
  slow.request.precision = Precision::kBf16;
  slow.scales_with_chip = true;
  TenantClass quick = jobs_at("on-fast", 0, 2);
  quick.request.models = 1u << 1;
  quick.request.precision = Precision::kBf16;
  quick.scales_with_chip = true;
  CenterConfig c{.tenants = {slow, quick}, .completions = ~std::uint64_t{0}, .stop_s = 4 * kHour};
  c.node_table = table;
  const Outcome r = run(c, power);
  EXPECT_NEAR(r.power.tenant_j[0], 300 * 2 * kWh, 1e-6);  // 300 W for 2 h
  EXPECT_NEAR(r.power.tenant_j[1], 600 * 1 * kWh, 1e-6);  // 600 W for 1 h
  EXPECT_NEAR(r.power.chip_j[0], (100 * 4 + 300 * 2) * kWh, 1e-6);
  EXPECT_NEAR(r.power.chip_j[1], (100 * 4 + 600 * 1) * kWh, 1e-6);
}

// Facility power is integrated hour by hour of the weather: 1 kW of IT for 2 h, 10 °C in the
// first hour and 30 °C in the second.
TEST(CenterPower, FacilityEnergyFollowsTheWeatherHourByHour) {
  const policy::NodeTable table = one_rack(1);
  CenterPowerConfig pc = power_config(table, one_chip_server(900), 1);  // 100 W idle chip + 900 W host = 1 kW
  pc.sites[0].facility.plant = default_plant(CoolingType::kWatersideEconomiser);
  pc.sites[0].weather = Weather::from_hourly({10.0, 30.0}, {0.5});
  CenterPower power(pc, table);
  CenterConfig c{.tenants = {jobs_at("a", 100, 0.5)}, .completions = ~std::uint64_t{0}, .stop_s = 2 * kHour};  // no job within the run
  c.node_table = table;
  const Outcome r = run(c, power);
  const FacilityModel& f = pc.sites[0].facility;
  const FacilityPower cold = f.at(1000, Outdoor{10, 0.5});
  const FacilityPower warm = f.at(1000, Outdoor{30, 0.5});
  ASSERT_LT(cold.facility_w(), warm.facility_w());  // the economiser helps in the cold hour
  const SitePowerResult& s = r.power.sites[0];
  EXPECT_NEAR(s.it_j, 2000 * kWh, 1e-6);
  EXPECT_NEAR(s.facility_j, (cold.facility_w() + warm.facility_w()) * kHour, 1e-6);
  EXPECT_NEAR(s.chiller_j, (cold.chiller_w + warm.chiller_w) * kHour, 1e-6);
  EXPECT_NEAR(s.pue(), (cold.facility_w() + warm.facility_w()) / 2000, 1e-12);
  ASSERT_EQ(s.facility_hour_j.size(), 2u);
  EXPECT_NEAR(s.facility_hour_j[1], warm.facility_w() * kHour, 1e-6);
  EXPECT_NEAR(s.carbon_kg, s.facility_j / 3.6e6 * kChinaGrid2022KgPerKwh, 1e-9);
}

// A capped rack (DOMAIN §3.3). Two servers of one accelerator (100 W static, 400 W at full
// load) in a rack with a 600 W budget; both busy from t = 1 h draw 800 W, so the common clock
// is x = ((600 − 200)/600)^(1/3) and the jobs run at s = 1/(m + (1 − m)/x): m = 0.2 and 0.8.
// The m = 0.8 job (faster under the cap) ends first; the other then runs alone (500 W, fits)
// at full speed.
TEST(CenterPower, ACappedRacksClockRatesAndCompletions) {
  const policy::NodeTable table = one_rack(2);
  CenterPowerConfig pc = power_config(table, one_chip_server(), 2);
  pc.rack_budget_w = {600};
  pc.cap_racks = true;
  pc.memory_bound = {0.2, 0.8};
  CenterPower power(pc, table);
  CenterConfig c{.tenants = {jobs_at("compute", 50, 1), jobs_at("memory", 50, 1)}, .completions = 2};
  c.node_table = table;
  const Outcome r = run(c, power);
  const double x = std::cbrt(400.0 / 600.0);
  const double s_compute = 1 / (0.2 + 0.8 / x);
  const double s_memory = 1 / (0.8 + 0.2 / x);
  const double capped = kHour / s_memory;                  // until the memory-bound job ends
  const double left = kHour - s_compute * capped;          // the compute-bound job's work then
  const double end = 50 * kHour + capped + left;
  EXPECT_NEAR(r.center.end_seconds, end, 2e-6);
  EXPECT_EQ(r.center.completions, 2u);
  const RackPowerResult& rack = r.power.racks[0];
  EXPECT_NEAR(rack.capped_s, capped, 2e-6);
  EXPECT_NEAR(rack.lost_accelerator_s, ((1 - s_compute) + (1 - s_memory)) * capped, 1e-4);
  EXPECT_NEAR(rack.peak_w, 600, 1e-6);  // held at the budget, not 800
  // 200 W idle for 50 h; 600 W while capped; 500 W after; the draw at the budget exactly
  EXPECT_NEAR(rack.energy_j, 200 * 50 * kHour + 600 * capped + 500 * left, 1.0);
}

// With clock levels of 1%, the same rack runs at the highest level that fits, floor(100 x)/100
// = 0.87, and draws less than its budget: 200 + 600 x 0.87^3 W.
TEST(CenterPower, ClockLevels) {
  const policy::NodeTable table = one_rack(2);
  CenterPowerConfig pc = power_config(table, one_chip_server(), 2);
  pc.rack_budget_w = {600};
  pc.cap_racks = true;
  pc.dvfs.clock_step = 0.01;
  CenterPower power(pc, table);
  CenterConfig c{.tenants = {jobs_at("a", 1, 1), jobs_at("b", 1, 1)}, .completions = 2};
  c.node_table = table;
  const Outcome r = run(c, power);
  const double x = 0.87;
  ASSERT_LT(x, std::cbrt(400.0 / 600.0));
  ASSERT_GT(x + 0.01, std::cbrt(400.0 / 600.0));
  const double s = 1 / (0.2 + 0.8 / x);
  EXPECT_NEAR(r.center.end_seconds, kHour + kHour / s, 2e-6);  // both capped all along, ending together
  EXPECT_NEAR(r.power.racks[0].peak_w, 200 + 600 * x * x * x, 1e-6);
}

// A capped replica serves less: two replicas of one accelerator, always fully loaded (demand
// 3,000 tokens/s for 2 x 1,000), in a rack of 500 W: x = ((500 − 200)/600)^(1/3) and each
// serves 1,000 x s(x, 0.8) tokens/s.
TEST(CenterPower, ACappedReplicaServesLess) {
  const policy::NodeTable table = one_rack(2);
  CenterPowerConfig pc = power_config(table, one_chip_server(), 1);
  pc.rack_budget_w = {500};
  pc.cap_racks = true;
  pc.memory_bound = {0.8};
  CenterPower power(pc, table);
  const ServiceClass chat = busy_replicas(2);
  CenterConfig c{.tenants = {{.name = "chat", .service = chat}}, .completions = ~std::uint64_t{0}, .stop_s = 10 * kHour};
  c.node_table = table;
  const Outcome r = run(c, power);
  const double x = std::cbrt(300.0 / 600.0);
  const double s = 1 / (0.8 + 0.2 / x);
  EXPECT_NEAR(r.center.services[0].served_tokens, 2 * 1000 * s * 10 * kHour, 1e-3);
  EXPECT_NEAR(r.power.racks[0].peak_w, 500, 1e-6);
  EXPECT_NEAR(r.power.racks[0].capped_s, 10 * kHour, 1e-6);
  EXPECT_NEAR(r.power.lost_accelerator_s, 2 * (1 - s) * 10 * kHour, 1e-3);  // what the two replicas did not serve
}

// A center cap that binds one hour a day: 4 servers fully busy draw 1,600 W; the cap is
// 2,000 W, halved in hour 12 of each day. Outside hour 12 nothing is capped; in it the clock
// is x = ((1000 − 400)/1200)^(1/3) and IT energy in that hour is exactly 1,000 Wh.
TEST(CenterPower, ACenterCapThatBindsOneHourADay) {
  const policy::NodeTable table = one_rack(4);
  CenterPowerConfig pc = power_config(table, one_chip_server(), 1);
  pc.sites[0].it_cap_w = 2000;
  DailyProfile factor = DailyProfile::constant(1.0);
  factor.values[12] = 0.5;
  pc.sites[0].cap_factor = factor;
  CenterPower power(pc, table);
  // four jobs at t = 0 that would run (at full speed) for 100 h
  CenterConfig c{.tenants = {jobs_at("long", 0, 100, 4)}, .completions = ~std::uint64_t{0}, .stop_s = 24 * kHour};
  c.node_table = table;
  const Outcome r = run(c, power);
  const SitePowerResult& s = r.power.sites[0];
  ASSERT_EQ(s.it_hour_j.size(), 24u);
  EXPECT_NEAR(s.it_hour_j[11], 1600 * kWh, 1e-3);
  EXPECT_NEAR(s.it_hour_j[12], 1000 * kWh, 1e-3);
  EXPECT_NEAR(s.it_hour_j[13], 1600 * kWh, 1e-3);
  EXPECT_NEAR(s.capped_s, kHour, 1e-6);
  // each job lost (1 − s) of the hour at the capped clock
  const double x = std::cbrt(600.0 / 1200.0);
  const double speed = 1 / (0.2 + 0.8 / x);
  EXPECT_NEAR(r.power.lost_accelerator_s, 4 * (1 - speed) * kHour, 1e-3);
}

// Conservation against the center model: with linear curves, the accelerators' dynamic energy
// is (P_max − P_idle) x the busy accelerator-time the model reports, jobs and replicas alike,
// and the idle part is P_idle x installed accelerator-time.
TEST(CenterPower, DynamicEnergyIsTheModelsBusyTimeTimesThePowerSwing) {
  const policy::NodeTable table = racks_of(16, 8, 2);  // replicas spread over racks: one service load, several cells
  CenterPowerConfig pc = power_config(table, one_chip_server(), 3);
  for (ServerPowerModel& m : pc.node_power) m.chips = 8;
  pc.measured_from_s = 5 * kHour;
  CenterPower power(pc, table);
  CenterConfig c{.tenants = {{.name = "train", .arrivals = PoissonArrivals(4.0 / kHour), .demand = DiscreteWeighted({1, 8, 16}, {0.5, 0.4, 0.1}),
                              .duration = Exponential(2 * kHour), .busy_share = 0.9},
                             {.name = "batch", .arrivals = PoissonArrivals(6.0 / kHour), .demand = Deterministic(2),
                              .duration = Exponential(kHour), .guaranteed = false, .busy_share = 0.5}},
                 .completions = ~std::uint64_t{0},
                 .warmup_s = 5 * kHour,
                 .stop_s = 200 * kHour};
  ServiceClass chat;
  chat.demand.curve = DemandCurve::sample([](double t) { return t < 43200 ? 3000.0 : 800.0; }, 0, 86400, 1800);
  chat.demand.period_s = 86400;
  chat.accelerators = 2;
  chat.tokens_per_s = {1000.0};
  chat.startup_s = 120;
  c.tenants.push_back({.name = "chat", .service = chat});
  c.node_table = table;
  const Outcome r = run(c, power);
  ASSERT_GT(r.center.preemptions, 0u);
  for (std::size_t t = 0; t < 3; ++t) {
    EXPECT_NEAR(r.power.tenant_j[t], 300 * r.center.busy_by_cell[t], 1e-6 * r.power.tenant_j[t]) << c.tenants[t].name;
  }
  const double installed_s = 16 * 8 * r.center.measured_seconds;
  EXPECT_NEAR(r.power.chip_j[0] - r.power.tenant_j[0] - r.power.tenant_j[1] - r.power.tenant_j[2], 100 * installed_s, 1e-6 * 100 * installed_s);
}

// ---- Servers that switch off when empty ------------------------------------------------------

// A tenant that sends one job of `accelerators` at `at_h`, of `hours` reference work.
TenantClass job_at(const std::string& name, double at_h, double hours, std::uint32_t accelerators = 1) {
  std::vector<TraceJob> jobs{TraceJob{at_h * kHour, hours * kHour, accelerators}};
  return TenantClass{.name = name, .replay = [jobs] { return std::make_unique<GivenJobs>(jobs); }};
}

// The check. Two one-accelerator servers (idle 100 W chip + 50 W host), a job of 1 h
// at 1 h and one at 8 h, both on server 0 (first fit); the run ends at 10 h; empty servers
// switch off after 2 h and boot in 0.1 h.
//   Server 1 never holds a job: off from 2 h to 10 h (8 h).
//   Server 0: the first job from 1 h to 2 h; empty from 2 h, off at 4 h. The second job
//   lands on it off at 8 h: it boots until 8.1 h (at idle), the job works 8.1 h to 9.1 h
//   (its completion moves by the boot), and the server is empty again from 9.1 h (off at
//   11.1 h, after the end). Off 4 h to 8 h (4 h).
// Always on: 150 W x 2 x 10 h idle + 300 W x 2 h busy = 3,600 Wh. Switching off saves the
// idle power over the time the servers are off until work starts there again (8 h + 4.1 h),
// minus the boot energy (150 W x 0.1 h): 150 W x 12 h = 1,800 Wh, which is exactly their idle
// power x the time they were off.
TEST(CenterPower, SwitchingEmptyServersOffSavesTheirIdlePowerTimesTimeMinusTheBoot) {
  const policy::NodeTable table = one_rack(2);
  CenterConfig c{.tenants = {job_at("a", 1, 1), job_at("b", 8, 1)}, .completions = ~std::uint64_t{0}, .stop_s = 10 * kHour};
  c.node_table = table;
  CenterPower always_on(power_config(table, one_chip_server(50), 2), table);
  const Outcome on = run(c, always_on);
  CenterPowerConfig pc = power_config(table, one_chip_server(50), 2);
  pc.switch_off = SwitchOffConfig{.after_s = 2 * kHour, .boot_s = 0.1 * kHour};
  CenterPower switching(pc, table);
  const Outcome off = run(c, switching);
  EXPECT_NEAR(on.power.it_j(), 3600 * kWh, 1e-6);
  EXPECT_DOUBLE_EQ(on.power.switched_off_s, 0);
  EXPECT_EQ(on.power.boots, 0u);
  const double idle_w = 150, boot_s = 0.1 * kHour;
  const double off_until_work_s = 8 * kHour + 4.1 * kHour;
  EXPECT_NEAR(off.power.switched_off_s, 12 * kHour, 1e-6);
  EXPECT_EQ(off.power.boots, 1u);
  EXPECT_EQ(off.power.servers, 2u);
  EXPECT_NEAR(on.power.it_j() - off.power.it_j(), idle_w * off_until_work_s - idle_w * boot_s, 1e-6);
  EXPECT_NEAR(on.power.it_j() - off.power.it_j(), idle_w * off.power.switched_off_s, 1e-6);
  EXPECT_NEAR(off.power.it_j(), 1800 * kWh, 1e-6);
  EXPECT_NEAR(off.power.chip_j[0], (100 * 8 + 300 * 2) * kWh, 1e-6);  // idle while on (boot included), busy 2 h
  EXPECT_NEAR(off.power.host_j, 50 * 8 * kWh, 1e-6);
  EXPECT_NEAR(off.power.tenant_j[1], 300 * kWh, 1e-6);  // the second job's work: all of it, after the boot
  // Facility power over the hours sees the drops at the instants they happen.
  const SitePowerResult& site = off.power.sites[0];
  ASSERT_EQ(site.it_hour_j.size(), 10u);
  EXPECT_NEAR(site.it_hour_j[1], 600 * kWh, 1e-6);  // both on, one busy
  EXPECT_NEAR(site.it_hour_j[2], 150 * kWh, 1e-6);  // server 1 off, server 0 idle
  EXPECT_NEAR(site.it_hour_j[4], 0, 1e-6);          // both off
  EXPECT_NEAR(site.it_hour_j[8], (150 * 0.1 + 450 * 0.9) * kWh, 1e-6);  // the boot, then the work
  EXPECT_NEAR(site.it_hour_j[9], (450 * 0.1 + 150 * 0.9) * kWh, 1e-6);

  // The second job's completion moved by exactly the boot; its wait stays placement − arrival.
  CenterConfig until_done = c;
  until_done.completions = 2;
  until_done.stop_s = std::numeric_limits<double>::infinity();
  CenterPower again(pc, table);
  const Outcome done = run(until_done, again);
  EXPECT_NEAR(done.center.end_seconds, 9.1 * kHour, 1e-6);
  EXPECT_DOUBLE_EQ(done.center.tenants[1].wait_sum, 0);
  // to 9.1 h: server 1 idle 2 h, server 0 idle 4 h + 1.1 h (the boot and the work), 2 busy hours
  EXPECT_NEAR(done.power.it_j(), (150 * 2 + 150 * 4 + 150 * 1.1 + 300 * 2) * kWh, 1e-6);
}

// A gang across an on and an off server starts when the off one has booted. Servers switch off
// after 1 h and boot in 0.5 h. A job of 1.5 h at 0 on server 0; server 1 is off from 1 h. A
// gang of both at 2 h: server 0 is on (empty since 1.5 h), server 1 boots until 2.5 h, so the
// gang works 2.5 h to 3.5 h. Until then both draw their idle.
//   Energy to 3.5 h: server 0 idle 3.5 h (525 Wh) + 1.5 h + 1 h busy (750 Wh); server 1 idle
//   for 2.5 h (375 Wh) + 1 h busy (300 Wh) = 1,950 Wh; server 1 was off 1 h.
TEST(CenterPower, AGangAcrossAnOffAndAnOnServerStartsAfterTheBoot) {
  const policy::NodeTable table = one_rack(2);
  CenterPowerConfig pc = power_config(table, one_chip_server(50), 2);
  pc.switch_off = SwitchOffConfig{.after_s = 1 * kHour, .boot_s = 0.5 * kHour};
  CenterPower power(pc, table);
  CenterConfig c{.tenants = {job_at("first", 0, 1.5), job_at("gang", 2, 1, 2)}, .completions = 2};
  c.node_table = table;
  const Outcome r = run(c, power);
  EXPECT_EQ(r.center.completions, 2u);
  EXPECT_NEAR(r.center.end_seconds, 3.5 * kHour, 1e-6);
  EXPECT_NEAR(r.power.it_j(), 1950 * kWh, 1e-6);
  EXPECT_NEAR(r.power.tenant_j[1], 600 * kWh, 1e-6);
  EXPECT_NEAR(r.power.switched_off_s, kHour, 1e-6);
  EXPECT_EQ(r.power.boots, 1u);
}

// A job that boots is not capped before its work starts. Two one-accelerator servers, no
// hosts, in a rack of 600 W (dvfs). A long job on server 0 from 0 (400 W); server 1 is off
// from 1 h; a job placed on it at 2 h boots until 2.5 h (500 W: fits), then both are busy
// (800 W: capped at the common clock x = (400/600)^(1/3)) until the end at 4 h.
//   Rack energy: 500 Wh (0–1 h) + 400 Wh (1–2 h) + 250 Wh (2–2.5 h) + 600 W x 1.5 h = 2,050 Wh.
TEST(CenterPower, ABootingJobIsCappedOnlyFromItsWorksStart) {
  const policy::NodeTable table = one_rack(2);
  CenterPowerConfig pc = power_config(table, one_chip_server(), 2);
  pc.rack_budget_w = {600};
  pc.cap_racks = true;
  pc.switch_off = SwitchOffConfig{.after_s = 1 * kHour, .boot_s = 0.5 * kHour};
  CenterPower power(pc, table);
  CenterConfig c{.tenants = {job_at("long", 0, 100), job_at("late", 2, 100)}, .completions = ~std::uint64_t{0}, .stop_s = 4 * kHour};
  c.node_table = table;
  const Outcome r = run(c, power);
  const double s = 1 / (0.2 + 0.8 / std::cbrt(400.0 / 600.0));
  const RackPowerResult& rack = r.power.racks[0];
  EXPECT_NEAR(rack.capped_s, 1.5 * kHour, 1e-6);
  EXPECT_NEAR(rack.lost_accelerator_s, 2 * (1 - s) * 1.5 * kHour, 1e-3);
  EXPECT_NEAR(rack.energy_j, 2050 * kWh, 1.0);
  EXPECT_NEAR(rack.peak_w, 600, 1e-6);
}

// A replica placed on an off server is ready `boot` later: `after: 0` switches every server
// off from the start; the one replica (always fully loaded) boots 0.5 h, then serves.
TEST(CenterPower, AReplicaOnAnOffServerIsReadyAfterTheBoot) {
  const policy::NodeTable table = one_rack(2);
  CenterPowerConfig pc = power_config(table, one_chip_server(), 1);
  pc.switch_off = SwitchOffConfig{.after_s = 0, .boot_s = 0.5 * kHour};
  CenterPower power(pc, table);
  const ServiceClass chat = busy_replicas(1);
  CenterConfig c{.tenants = {{.name = "chat", .service = chat}}, .completions = ~std::uint64_t{0}, .stop_s = 2 * kHour};
  c.node_table = table;
  const Outcome r = run(c, power);
  EXPECT_NEAR(r.center.services[0].served_tokens, 1000 * 1.5 * kHour, 1e-3);
  EXPECT_NEAR(r.power.switched_off_s, 2 * kHour, 1e-6);  // server 1 all along; server 0 for no time
  EXPECT_EQ(r.power.boots, 1u);
  EXPECT_NEAR(r.power.it_j(), (100 * 2 + 300 * 1.5) * kWh, 1e-6);  // one chip on: idle 2 h, busy 1.5 h
}

}  // namespace
}  // namespace dcsim::cluster

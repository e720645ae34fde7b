// Cooling, PUE, weather, grid carbon and the energy ledger, by hand.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "dcsim/model/cooling.hpp"
#include "dcsim/model/energy_ledger.hpp"
#include "dcsim/model/grid.hpp"
#include "dcsim/model/weather.hpp"

namespace dcsim {
namespace {

namespace fs = std::filesystem;

// Stull (2011)'s own check: 20 °C at 50% RH has a 13.7 °C wet bulb.
TEST(Cooling, WetBulbMatchesStullsExample) {
  EXPECT_NEAR(wet_bulb_c(20, 0.5), 13.7, 0.05);
  EXPECT_NEAR(wet_bulb_c(25, 1.5), wet_bulb_c(25, 0.99), 1e-12);  // RH clamped to the fitted range
}

// Lei & Masanet's chiller regression at points of the table derived from it: COP(0.5, 25 °C) =
// 7.18, COP(1.0, 15 °C) = 10.00, COP(0.2, 35 °C) = 3.23, COP(0.8, 30 °C) = 6.42.
TEST(Cooling, ChillerCopRegression) {
  EXPECT_NEAR(chiller_cop(0.5, 25), 7.18, 0.005);
  EXPECT_NEAR(chiller_cop(1.0, 15), 10.00, 0.005);
  EXPECT_NEAR(chiller_cop(0.2, 35), 3.23, 0.005);
  EXPECT_NEAR(chiller_cop(0.8, 30), 6.42, 0.005);
  EXPECT_DOUBLE_EQ(chiller_cop(0.05, 25), chiller_cop(0.2, 25));  // clamped to the table's range
  EXPECT_DOUBLE_EQ(chiller_cop(1.0, 45), chiller_cop(1.0, 35));
}

// WP113's form with the estimated defaults F = 0.10, P = 0.15, S = 0.05: 1.30 at full load,
// 1 + (0.1 + 0.12 + 0.032)/0.8 = 1.315 at 80%, 1.375 at 50%, 1 + 0.1495/0.3 = 1.4983 at 30%,
// 1.66 at 20%, 2.155 at 10%.
TEST(Cooling, PartialLoadPueOfTheWp113Form) {
  EXPECT_DOUBLE_EQ(partial_load_pue(1.0, 0.10, 0.15, 0.05), 1.30);
  EXPECT_NEAR(partial_load_pue(0.8, 0.10, 0.15, 0.05), 1.315, 1e-12);
  EXPECT_NEAR(partial_load_pue(0.5, 0.10, 0.15, 0.05), 1.375, 1e-12);
  EXPECT_NEAR(partial_load_pue(0.3, 0.10, 0.15, 0.05), 1.4983333, 1e-7);
  EXPECT_NEAR(partial_load_pue(0.2, 0.10, 0.15, 0.05), 1.66, 1e-12);
  EXPECT_NEAR(partial_load_pue(0.1, 0.10, 0.15, 0.05), 2.155, 1e-12);
}

FacilityModel model(CoolingType type) {
  FacilityModel m;
  m.design_it_w = 1e6;
  m.electrical = {0.10, 0.02, 0.05};  // round numbers for the hand sums
  m.plant = default_plant(type);
  return m;
}

// A 1 MW waterside-economiser center at full load, 5 °C / 50% RH (wet bulb 0.8 °C: all free).
// Heat 1.02 MW; fixed 100 kW; distribution 0.02 + 0.05 -> 70 kW; fans 0.04 x 1.02 = 40.8 kW;
// pumps 0.025 x 1.02 = 25.5 kW; tower 10.2 kW; no chiller: PUE 1.2465.
TEST(Cooling, WatersideEconomiserInTheCold) {
  const FacilityPower p = model(CoolingType::kWatersideEconomiser).at(1e6, {5, 0.5});
  EXPECT_DOUBLE_EQ(p.free_share, 1.0);
  EXPECT_NEAR(p.fixed_w, 100e3, 1e-6);
  EXPECT_NEAR(p.distribution_w, 70e3, 1e-6);
  EXPECT_NEAR(p.fan_w, 40.8e3, 1e-6);
  EXPECT_NEAR(p.pump_w, 25.5e3, 1e-6);
  EXPECT_NEAR(p.tower_w, 10.2e3, 1e-6);
  EXPECT_DOUBLE_EQ(p.chiller_w, 0.0);
  EXPECT_NEAR(p.pue(), 1.2465, 1e-9);
  // 1 MW for an hour = 1000 kWh of IT, x 1.8 L/kWh (a tower evaporates all year) = 1800 L.
  EXPECT_NEAR(p.water_l_per_s * 3600, 1800.0, 1e-9);
}

// The same at 35 °C / 60% RH: wet bulb 28.49 °C, past 23 °C, so no free cooling; the chiller at
// PLR 1 and t = 28.49 + 4 = 32.49 °C has COP 5.5234 and draws 1.02 MW / 5.5234 = 184.67 kW:
// PUE 1.2465 + 0.18467 = 1.4312.
TEST(Cooling, WatersideEconomiserInHotHumidWeather) {
  const FacilityPower p = model(CoolingType::kWatersideEconomiser).at(1e6, {35, 0.6});
  EXPECT_DOUBLE_EQ(p.free_share, 0.0);
  EXPECT_NEAR(chiller_cop(1.0, wet_bulb_c(35, 0.6) + 4), 5.52336, 1e-5);
  EXPECT_NEAR(p.chiller_w, 184670.3, 0.1);
  EXPECT_NEAR(p.pue(), 1.43117, 1e-5);
}

// An airside economiser at 31 °C, halfway between 27 (all free) and 35 (none): free share 0.5.
// Fans 40.8 kW, pumps 5.1 kW, tower only for the chiller's half: 5.1 kW; chiller at PLR 0.5 and
// t = 19.12 (wet bulb at 30% RH) + 4: COP 7.7259, 0.5 x 1.02 MW / 7.7259 = 66.01 kW; PUE 1.2870.
// Water follows the tower: half of 1800 L in the hour.
TEST(Cooling, AirsideEconomiserHalfFree) {
  const FacilityPower p = model(CoolingType::kAirsideEconomiser).at(1e6, {31, 0.3});
  EXPECT_DOUBLE_EQ(p.free_share, 0.5);
  EXPECT_NEAR(p.pump_w, 5.1e3, 1e-6);
  EXPECT_NEAR(p.tower_w, 5.1e3, 1e-6);
  EXPECT_NEAR(p.chiller_w, 66011.5, 0.1);
  EXPECT_NEAR(p.pue(), 1.28701, 1e-5);
  EXPECT_NEAR(p.water_l_per_s * 3600, 900.0, 1e-9);
}

// Direct liquid with dry coolers at 20 °C: all free, fans 0.01 x 1.02 = 10.2 kW, pumps 25.5 kW,
// tower 10.2 kW; PUE 1 + 0.1 + 0.07 + 0.0459 = 1.2159, and no water.
TEST(Cooling, DirectLiquidIsFreeAtTwentyDegreesAndDry) {
  const FacilityPower p = model(CoolingType::kDirectLiquid).at(1e6, {20, 0.5});
  EXPECT_DOUBLE_EQ(p.free_share, 1.0);
  EXPECT_NEAR(p.pue(), 1.2159, 1e-9);
  EXPECT_DOUBLE_EQ(p.water_l_per_s, 0.0);
}

// Partial load: at 30% of design the no-load part is the same 100 kW over a third of the IT, so
// PUE rises. Waterside, all free, 300 kW: fixed 100, distribution 6 + 0.05 x 0.09 x 1000 = 10.5,
// fans/pumps/tower 0.075 x 306 = 22.95 kW: PUE 1 + 133.45/300 = 1.444833.
TEST(Cooling, PueRisesAtLowLoad) {
  const FacilityPower p = model(CoolingType::kWatersideEconomiser).at(0.3e6, {5, 0.5});
  EXPECT_NEAR(p.pue(), 1.4448333, 1e-7);
}

// A center rated PUE 1.3 at full load (design 25 °C / 50%) shows about 1.5 at 30% load: the
// rating scales the model's overhead (air-chiller: 0.38571 -> 0.3, scale 0.77779), the no-load
// part then weighs 1/0.3 as much: 1.4611. Waterside: 1.5037. The default electrical losses
// (UPS 98%, distribution 0.56%, lighting 0.18%) are used here.
TEST(Cooling, RatedPueOfOnePointThreeShowsAboutOnePointFiveAtThirtyPercent) {
  const Outdoor design{25, 0.5};
  for (auto [type, expected] : {std::pair{CoolingType::kAirChiller, 1.46113}, std::pair{CoolingType::kWatersideEconomiser, 1.50370}}) {
    FacilityModel m;
    m.design_it_w = 1e6;
    m.plant = default_plant(type);
    const FacilityModel rated = m.scaled_to_rated(1.3, design);
    EXPECT_NEAR(rated.at(1e6, design).pue(), 1.3, 1e-12) << name(type);
    EXPECT_NEAR(rated.at(0.3e6, design).pue(), expected, 1e-5) << name(type);
  }
  FacilityModel none;
  EXPECT_THROW((void)none.scaled_to_rated(1.3, design), std::invalid_argument);  // no design IT power
  none.design_it_w = 1e6;
  EXPECT_THROW((void)none.scaled_to_rated(1.0, design), std::invalid_argument);
}

// A rating as an annual PUE: over two hours, 5 °C / 50% (overhead 0.2465 of IT, see above) and
// 35 °C / 60% (0.43117), the mean overhead is 0.338835; an annual 1.3 scales it by
// 0.3/0.338835 = 0.885386, so the cold hour shows 1 + 0.2465 x 0.885386 = 1.218248 and the hot
// one 1.381752.
TEST(Cooling, RatingAsAnAnnualPue) {
  const Weather two = Weather::from_hourly({5, 35}, {0.5, 0.6});
  const FacilityModel m = scaled_to_annual_pue(model(CoolingType::kWatersideEconomiser), 1.3, two);
  EXPECT_NEAR(m.scale, 0.8853863, 1e-7);
  EXPECT_NEAR(m.at(1e6, two.at_hour(0)).pue(), 1.218248, 1e-6);
  EXPECT_NEAR(m.at(1e6, two.at_hour(1)).pue(), 1.381752, 1e-6);
  EXPECT_THROW((void)scaled_to_annual_pue(m, 0.9, two), std::invalid_argument);
}

// 12 monthly means with an 8 °C swing peaking at 15:00: 1 January 15:00 is 3.8 + 4 = 7.8 °C,
// 03:00 is -0.2 °C, 09:00 (a quarter day from the peak) the mean; hour 744 is 1 February.
TEST(Weather, MonthlyMeansPlusADailySinusoid) {
  MonthlyClimate c;
  c.mean_c = {3.8, 10.4, 11.3, 14.5, 18.6, 21.5, 22.7, 23.6, 21.5, 15.8, 9.3, 5.5};
  c.daily_swing_c = 8;
  EXPECT_NEAR(c.temperature_c(15), 7.8, 1e-12);
  EXPECT_NEAR(c.temperature_c(3), -0.2, 1e-12);
  EXPECT_NEAR(c.temperature_c(9), 3.8, 1e-12);
  EXPECT_EQ(month_of_hour(743), 0u);
  EXPECT_EQ(month_of_hour(744), 1u);
  EXPECT_EQ(month_of_hour(8759), 11u);
  EXPECT_EQ(month_of_hour(8760), 0u);  // the year repeats
  EXPECT_NEAR(c.temperature_c(744 + 15), 14.4, 1e-12);

  const Weather w = Weather::from_monthly(c);
  ASSERT_EQ(w.hours(), kHoursPerYear);
  double january = 0;
  for (std::size_t h = 0; h < 744; ++h) january += w.at_hour(h).dry_bulb_c;
  EXPECT_NEAR(january / 744, 3.8, 1e-12);  // each month's mean is exact
  // The year's mean is the day-weighted mean of the months: 14.891781 °C.
  EXPECT_NEAR(w.mean_c(), 14.8917808, 1e-7);
  EXPECT_DOUBLE_EQ(w.at(15.5 * 3600).dry_bulb_c, w.at_hour(15).dry_bulb_c);
  EXPECT_DOUBLE_EQ(w.at_hour(8760 + 15).dry_bulb_c, w.at_hour(15).dry_bulb_c);
}

TEST(Weather, HourlyValuesWrapAndAreChecked) {
  const Weather w = Weather::from_hourly({10, 20, 30}, {0.4});
  EXPECT_DOUBLE_EQ(w.at_hour(4).dry_bulb_c, 20.0);
  EXPECT_DOUBLE_EQ(w.at_hour(4).relative_humidity, 0.4);
  EXPECT_DOUBLE_EQ(w.mean_c(), 20.0);
  EXPECT_THROW((void)Weather::from_hourly({}, {0.5}), std::invalid_argument);
  EXPECT_THROW((void)Weather::from_hourly({1, 2}, {0.5, 0.5, 0.5}), std::invalid_argument);
  EXPECT_DOUBLE_EQ(Weather::constant({25, 0.5}).at_hour(1234).dry_bulb_c, 25.0);
}

// The shipped monthly means (scenarios/climate/, NBS yearbook 2010 table 12-13): each row's
// twelve months average to its published annual value, to the published 0.1 °C.
TEST(Weather, ShippedMonthlyMeansMatchTheirPublishedAnnualMeans) {
  std::ifstream in(fs::path(DCSIM_SOURCE_DIR) / "scenarios/climate/monthly-mean-temperature.csv");
  ASSERT_TRUE(in);
  std::string line;
  std::getline(in, line);  // header
  int rows = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string field;
    for (int i = 0; i < 4; ++i) std::getline(ss, field, ',');
    MonthlyClimate c;
    double sum = 0;
    for (double& m : c.mean_c) {
      std::getline(ss, field, ',');
      m = std::stod(field);
      sum += m;
    }
    std::getline(ss, field, ',');
    EXPECT_NEAR(sum / 12, std::stod(field), 0.05 + 1e-9) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 2);
}

// 1 MWh at China's 2022 average 0.5366 kg/kWh is 536.6 kg; an hourly profile is looked up by
// the hour of day.
TEST(Grid, CarbonConstantAndHourly) {
  const CarbonIntensity china;
  EXPECT_NEAR(china.kg(3.6e9, 0), 536.6, 1e-9);
  CarbonIntensity solar;
  solar.kg_per_kwh = DailyProfile::constant(0.6);
  solar.kg_per_kwh.values[12] = 0.3;  // midday dip
  EXPECT_NEAR(solar.kg(3.6e9, 24 + 12), 300.0, 1e-9);
  EXPECT_NEAR(solar.kg(3.6e9, 24 + 13), 600.0, 1e-9);
  EXPECT_NEAR(solar.kg_per_kwh.mean(), (23 * 0.6 + 0.3) / 24, 1e-12);
  EXPECT_DOUBLE_EQ(solar.kg_per_kwh.at(12.5 * 3600), 0.3);
}

// The energy of a known schedule on two chips in one rack: chip 0 (tenant 0, training) draws
// 400 W on [0, 10) s and 60 W on [10, 30): 4000 + 1200 = 5200 J; chip 1 (tenant 1, inference)
// draws 275 W on [5, 25) and nothing after: 5500 J. The rack peaks at 675 W on [5, 10).
TEST(EnergyLedger, KnownScheduleOnTwoChips) {
  EnergyLedger ledger;
  const auto a = ledger.cell({0, 0, 0, 0});
  const auto b = ledger.cell({0, 1, 1, 1});
  EXPECT_EQ(ledger.cell({0, 0, 0, 0}), a);  // the same key is the same cell
  ledger.set_power(a, 0, 400);
  ledger.set_power(b, 5, 275);
  ledger.set_power(a, 10, 60);
  EXPECT_NEAR(ledger.energy_j(a, 20), 4600.0, 1e-12);  // mid-interval, without closing it
  ledger.add_power(b, 25, -275);
  EXPECT_DOUBLE_EQ(ledger.energy_j(a, 30), 5200.0);
  EXPECT_DOUBLE_EQ(ledger.energy_j(b, 30), 5500.0);
  EXPECT_DOUBLE_EQ(ledger.total_energy_j(30), 10700.0);
  EXPECT_DOUBLE_EQ(ledger.rack_peak_w(0), 675.0);
  EXPECT_DOUBLE_EQ(ledger.rack_power_w(0), 60.0);
  EXPECT_DOUBLE_EQ(ledger.total_peak_w(), 675.0);
  const std::vector<double> by_tenant = ledger.energy_by(&EnergyKey::tenant, 30);
  ASSERT_EQ(by_tenant.size(), 2u);
  EXPECT_DOUBLE_EQ(by_tenant[0], 5200.0);
  EXPECT_DOUBLE_EQ(by_tenant[1], 5500.0);
  EXPECT_EQ(ledger.energy_by(&EnergyKey::rack, 30), std::vector<double>{10700.0});
  EXPECT_THROW(ledger.set_power(a, 5, 0), std::invalid_argument);  // before its last change (10 s)
}

// Host power belongs to a rack but no chip, tenant or kind: it counts in the rack, not in the
// per-tenant sums. Two racks: 500 W host on rack 1 for an hour is 1.8 MJ.
TEST(EnergyLedger, CellsWithoutTenantCountInTheirRackOnly) {
  EnergyLedger ledger;
  const auto host = ledger.cell({1});
  const auto job = ledger.cell({0, 0, 0, 0});
  ledger.set_power(host, 0, 500);
  ledger.set_power(job, 0, 100);
  EXPECT_EQ(ledger.energy_by(&EnergyKey::rack, 3600), (std::vector<double>{360e3, 1.8e6}));
  EXPECT_EQ(ledger.energy_by(&EnergyKey::tenant, 3600), std::vector<double>{360e3});
  EXPECT_THROW((void)ledger.cell({EnergyKey::kNone}), std::invalid_argument);
}

}  // namespace
}  // namespace dcsim

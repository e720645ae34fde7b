// The scenario loader, with its units: any bytes as a scenario file (and as a quantity of
// every dimension) must give a Scenario or a ConfigError, never a crash, a hang or another
// exception.
#include "dcsim/base/diagnostic.hpp"
#include "dcsim/scenario/scenario.hpp"
#include "dcsim/base/units.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto dimension : {dcsim::Dimension::kTime, dcsim::Dimension::kRate, dcsim::Dimension::kPower,
                               dcsim::Dimension::kEnergy, dcsim::Dimension::kDataSize, dcsim::Dimension::kBandwidth,
                               dcsim::Dimension::kCompute}) {
    (void)dcsim::parse_quantity(text, dimension);
  }
  for (const auto per : {dcsim::PricePer::kNothing, dcsim::PricePer::kEnergy, dcsim::PricePer::kTime}) (void)dcsim::parse_money(text, per);
  try {
    (void)dcsim::load_scenario(dcsim::fuzz::input_file(data, size, ".yaml"));
  } catch (const dcsim::ConfigError&) {
    // the expected outcome for most inputs
  }
  return 0;
}

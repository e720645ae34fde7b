#pragma once
// Quantities with units, as written in scenario files: "30 min", "57.6 /h", "40 kW",
// "80 GB", "3.35 TB/s", "989 TFLOPS", "27500 USD", "0.35 CNY/kWh". A value is converted once,
// at load time, to SI (seconds, watts, joules, bytes, bytes/s, operations/s); the unit is
// mandatory wherever the quantity has a dimension, so "30" for a duration is an error.
// Money keeps its currency: no exchange rate is ever assumed.
#include <optional>
#include <string>
#include <string_view>

namespace dcsim {

enum class Dimension {
  kTime,       ///< seconds: ns us ms s min h d w y
  kRate,       ///< per second: "57.6 /h", "2 per s"
  kPower,      ///< watts: W kW MW
  kEnergy,     ///< joules: J kJ MJ Wh kWh MWh GWh
  kDataSize,   ///< bytes: B KB MB GB TB PB (decimal), KiB MiB GiB TiB (binary)
  kBandwidth,  ///< bytes per second: MB/s GB/s TB/s, Mbit/s Gbit/s Tbit/s (also Gbps)
  kCompute,    ///< operations per second: GFLOPS TFLOPS PFLOPS EFLOPS, GOPS TOPS POPS
};

/// Seconds in one time unit: s, ms, us, ns, min, h, d, w (week), y (365 days); nullopt if unknown.
[[nodiscard]] std::optional<double> time_unit_seconds(std::string_view unit);

/// Parses "<number> <unit>" of `dimension` into SI. Returns nullopt when the text is not a
/// finite number followed by a known unit of that dimension.
[[nodiscard]] std::optional<double> parse_quantity(std::string_view text, Dimension dimension);

/// What a quantity of `dimension` looks like, for error messages: `a power such as "40 kW"`.
[[nodiscard]] std::string describe(Dimension dimension);

/// An amount of money in a named currency ("27500 USD"), or a price per unit of something
/// ("0.35 CNY/kWh" is 0.35 CNY per kWh; `amount` is then per SI unit: per joule).
struct Money {
  double amount = 0;
  std::string currency;  ///< ISO 4217 code as written: CNY, USD, EUR, ...
};

/// What a price is counted per.
enum class PricePer {
  kNothing,  ///< "27500 USD"
  kEnergy,   ///< "0.35 CNY/kWh": amount per joule
  kTime,     ///< "2.5 CNY/h": amount per second (e.g. per accelerator-hour)
};

/// Parses "<number> <CUR>" or "<number> <CUR>/<unit>"; the currency is three capital letters.
[[nodiscard]] std::optional<Money> parse_money(std::string_view text, PricePer per);
[[nodiscard]] std::string describe(PricePer per);

}  // namespace dcsim

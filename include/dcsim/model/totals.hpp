#pragma once
// What a center (or a federation) adds up to: the numbers a planner reads first.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "dcsim/model/datacenter.hpp"

namespace dcsim {

struct CenterTotals {
  std::string center;                          ///< center id, or "all" for the sum
  std::map<std::string, long> accelerators;    ///< chip id → count
  long servers = 0;
  long racks_built = 0;
  long racks_populated = 0;
  double it_peak_w = 0;                        ///< servers' summed peak power
  double it_idle_w = 0;                        ///< servers' summed idle power
  double facility_peak_w = 0;                  ///< it_peak_w × PUE
  double rack_budget_w = 0;                    ///< summed budgets of the built racks
  double densest_rack_w = 0;                   ///< highest peak of one populated rack
  std::array<double, kPrecisionCount> peak_ops{};  ///< accelerators only, ops/s per precision

  [[nodiscard]] long accelerator_count() const;
  /// Populated racks / built racks (the founding report's "racked ratio").
  [[nodiscard]] double racked_ratio() const { return racks_built ? double(racks_populated) / racks_built : 0.0; }
  /// Mean peak power of a populated rack.
  [[nodiscard]] double mean_populated_rack_w() const { return racks_populated ? it_peak_w / racks_populated : 0.0; }
};

/// Totals of one center (the spec must be validated: every referenced id exists).
[[nodiscard]] CenterTotals totals(const DatacenterSpec& dc, const CenterSpec& center);
/// Totals over every center of the scenario.
[[nodiscard]] CenterTotals totals(const DatacenterSpec& dc);

/// A one-screen description of the centers: accelerators by chip, peak PFLOPS per precision,
/// IT power, racks built and populated, kW per rack, WAN links.
[[nodiscard]] std::string describe(const DatacenterSpec& dc);

/// The chip catalogue as a table.
[[nodiscard]] std::string describe_chips(const std::vector<ChipSpec>& chips);

}  // namespace dcsim

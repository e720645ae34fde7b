#include "dcsim/model/server_power.hpp"

#include <algorithm>

namespace dcsim {

ServerPowerModel server_power_model(const DatacenterSpec& dc, const ServerSpec& server) {
  ServerPowerModel m;
  if (const ChipSpec* chip = server.chip.empty() ? nullptr : dc.chip(server.chip); chip != nullptr && server.chips > 0) {
    m.chips = server.chips;
    m.chip_idle_w = chip->idle_w;
    m.chip_max_w = chip->tdp_w;
    m.chip_curve = chip->power;
  }
  if (const ChipSpec* cpu = server.cpu.empty() ? nullptr : dc.chip(server.cpu)) m.host_curve = cpu->power;
  m.host_idle_w = std::max(0.0, server.idle_w - m.chips * m.chip_idle_w);
  m.host_max_w = std::max(m.host_idle_w, server.peak_w - m.chips * m.chip_max_w);
  return m;
}

}  // namespace dcsim

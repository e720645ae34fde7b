// A tenant class's needs as a node-table request (cluster/tenant_needs.hpp).
#include "dcsim/cluster/tenant_needs.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace dcsim::cluster {

TenantRequest tenant_request(const JobNeeds& needs, const policy::NodeTable& nodes, const DatacenterSpec& dc) {
  TenantRequest out;
  policy::PodRequest& r = out.request;
  r.cpu_milli = static_cast<std::int64_t>(std::llround(needs.cpu_cores * 1000.0));
  r.memory_mib = static_cast<std::int64_t>(std::ceil(needs.host_memory_bytes / (1024.0 * 1024.0)));
  r.gpu_milli = needs.cpu_only() ? 0 : static_cast<std::uint32_t>(std::llround(needs.accelerator_share * policy::kMilliPerGpu));
  r.precision = needs.precision;
  r.min_rack_budget_mw = static_cast<std::int64_t>(std::llround(needs.min_rack_power_w * 1000.0));

  // Which GPU models may serve it, and the reasons of those that may not.
  const auto& models = nodes.models();
  policy::ModelMask allowed = 0;
  std::map<std::string, std::string> refused;  // chip id -> why (ordered: stable messages)
  for (std::size_t m = 0; m < models.size(); ++m) {
    const ChipSpec* chip = dc.chip(models[m]);
    const Unfit why = chip ? chip_unfit(needs, *chip) : Unfit::kNone;
    if (why == Unfit::kNone) {
      allowed |= policy::ModelMask{1} << m;
    } else {
      refused[models[m]] = describe(why, needs);
    }
  }
  if (!needs.cpu_only()) r.models = refused.empty() ? 0 : (allowed != 0 ? allowed : policy::kModelNotInTable);

  // Then what must hold on some node: a chip it may use, in a rack dense enough, with room.
  bool chip_ok = false, rack_ok = false, room_ok = false;
  for (std::uint32_t n = 0; n < nodes.size(); ++n) {
    const bool has_chip = needs.cpu_only() ? true : nodes.gpu_count(n) > 0 && ((allowed >> nodes.model(n)) & 1u);
    if (!has_chip) continue;
    chip_ok = true;
    const std::int64_t budget = nodes.rack_budget_mw(nodes.rack(n));
    if (!needs.cpu_only() && r.min_rack_budget_mw > 0 && budget < r.min_rack_budget_mw) continue;
    rack_ok = true;
    if (nodes.cpu_capacity(n) < r.cpu_milli || nodes.memory_capacity(n) < r.memory_mib) continue;
    room_ok = true;
    break;
  }
  if (!chip_ok) {
    if (needs.cpu_only() || models.empty()) {
      out.unservable = "the center has no servers";
    } else {
      std::string reasons;
      for (const auto& [chip, why] : refused) reasons += fmt::format("{}{} {}", reasons.empty() ? "" : "; ", chip, why);
      out.unservable = "no chip of the center can serve it: " + reasons;
    }
  } else if (!rack_ok) {
    out.unservable = fmt::format("no rack of at least {:g} kW holds a chip it can use", needs.min_rack_power_w / 1000.0);
  } else if (!room_ok) {
    out.unservable = fmt::format("no server with {:g} cores and {:g} GB of host memory holds a chip it can use", needs.cpu_cores,
                                 needs.host_memory_bytes / 1e9);
  }
  return out;
}

}  // namespace dcsim::cluster

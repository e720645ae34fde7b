// The node table of a scenario's datacenter (policy/datacenter_nodes.hpp).
#include "dcsim/policy/datacenter_nodes.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace dcsim::policy {
namespace {

std::string message(std::string_view first, std::string_view second = {}, std::string_view third = {}) {
  std::string out(first);
  out.append(second).append(third);
  return out;
}

ModelPerformance performance_of(const ChipSpec& chip, const ChipSpec& reference, const DatacenterNodeOptions& options) {
  ModelPerformance perf;
  for (std::size_t p = 0; p < kPrecisionCount; ++p) {
    const double rate = chip.throughput[p];
    if (!(rate > 0)) continue;
    const double ref = reference.throughput[p];
    if (!(ref > 0)) {
      throw std::invalid_argument(message("datacenter nodes: reference chip ", reference.id,
                                          message(" has no ", kPrecisionNames[p], message(" rate, which chip ", chip.id, " has; choose a reference that supports every precision of the fleet"))));
    }
    perf.throughput[p] = rate / ref;
  }
  if (chip.price) perf.price_per_gpu_hour = chip.price->amount / options.amortization_hours;
  return perf;
}

}  // namespace

NodeTable DatacenterNodes::table() const {
  NodeTable t(nodes);
  t.set_rack_power(racks);
  for (const auto& [model, perf] : models) t.set_model_performance(model, perf);
  return t;
}

DatacenterNodes datacenter_nodes(const DatacenterSpec& dc, const Inventory& inventory, const DatacenterNodeOptions& options) {
  if (!(options.amortization_hours > 0) || !std::isfinite(options.amortization_hours)) {
    throw std::invalid_argument("datacenter nodes: amortization_hours must be positive");
  }
  const ChipSpec* reference = dc.chip(options.reference_chip);
  if (reference == nullptr) throw std::invalid_argument(message("datacenter nodes: reference chip '", options.reference_chip, "' is not in the catalogue"));

  DatacenterNodes out;
  out.reference_chip = options.reference_chip;
  out.racks.resize(inventory.rack_count());
  for (std::uint32_t r = 0; r < inventory.rack_count(); ++r) out.racks[r].budget_w = dc.racks.at(inventory.rack_type(r)).power_budget_w;

  std::vector<const ChipSpec*> chips;  // per entry of out.models
  for (std::uint32_t s = 0; s < inventory.server_count(); ++s) {
    const ServerSpec& server = dc.servers.at(inventory.server_type(s));
    const std::uint32_t rack = inventory.server_rack(s);
    const bool cpu_only = server.chip.empty() || server.chips <= 0;
    if (cpu_only) ++out.cpu_only_servers;
    if (cpu_only && !options.cpu_servers_as_nodes) {
      out.racks[rack].base_w += server.idle_w;
      continue;
    }
    const ChipSpec* chip = cpu_only ? nullptr : dc.chip(server.chip);
    if (!cpu_only && chip == nullptr) throw std::invalid_argument(message("datacenter nodes: server ", server.id, message(" has unknown chip ", server.chip)));
    const ChipSpec* cpu = server.cpu.empty() ? nullptr : dc.chip(server.cpu);
    const CenterSpec& center = dc.centers.at(inventory.server_center(s));

    NodeShape node;
    node.name = center.id;
    node.name.append("/").append(server.id).append("/").append(std::to_string(s));
    node.cpu_milli = std::int64_t{std::max(server.cpus, 0)} * (cpu ? cpu->cores : 0) * 1000;
    node.memory_mib = static_cast<std::int64_t>(server.memory_bytes / (1024.0 * 1024.0));
    node.gpus = cpu_only ? 0 : static_cast<std::uint32_t>(server.chips);
    node.model = cpu_only ? "" : chip->id;
    node.rack = rack;
    node.pod = inventory.server_pod(s);
    node.center = inventory.server_center(s);
    node.idle_w = server.idle_w;
    node.gpu_busy_w = cpu_only ? 0.0 : std::max(server.peak_w - server.idle_w, 0.0) / server.chips;
    out.nodes.push_back(std::move(node));
    out.server.push_back(s);
    if (cpu_only) continue;

    const bool known = std::any_of(chips.begin(), chips.end(), [&](const ChipSpec* c) { return c == chip; });
    if (!known) {
      chips.push_back(chip);
      out.models.emplace_back(chip->id, performance_of(*chip, *reference, options));
      if (chip->price) {
        if (out.price_currency.empty()) {
          out.price_currency = chip->price->currency;
        } else if (out.price_currency != chip->price->currency) {
          throw std::invalid_argument(message("datacenter nodes: chip prices in ", out.price_currency,
                                              message(" and ", chip->price->currency, "; no exchange rate is assumed")));
        }
      }
    }
  }
  return out;
}

DatacenterNodes datacenter_nodes(const DatacenterSpec& dc, const DatacenterNodeOptions& options) {
  return datacenter_nodes(dc, Inventory::build(dc), options);
}

NodeTable datacenter_node_table(const DatacenterSpec& dc, const DatacenterNodeOptions& options) { return datacenter_nodes(dc, options).table(); }

}  // namespace dcsim::policy

#pragma once
// Power of one server from the busy shares of its parts. A server's catalogue entry gives the
// whole box at idle and at peak (`idle_power`, `peak_power`); its accelerators have their own
// `idle_power`, `tdp` and curve. What is left is the host (CPUs, memory, NICs, fans, switches):
//
//   host_idle = server idle − n · chip idle,   host_max = server peak − n · chip tdp,
//   P_server  = Σ_i P_chip(u_i) + P_host(u_host)
//
// with the host following its CPU's curve (catalogue `power:` of the cpu chip; the shipped CPUs
// use Fan et al.'s, fitted to whole servers). A CPU-only node is all host. This is the GPUCloudSim
// structure (GpuHostPowerModelLinear: a host that is not power-gated plus its GPUs) and the
// planner's node = Σ accelerators + host. What u_host is — the share of its CPU cores allocated,
// or its accelerators' mean busy share for an accelerator server — is the observer's choice.
#include <span>

#include "dcsim/model/datacenter.hpp"
#include "dcsim/model/power_curve.hpp"

namespace dcsim {

struct ServerPowerModel {
  int chips = 0;             ///< accelerators in the server
  double chip_idle_w = 0;    ///< one accelerator at busy share 0
  double chip_max_w = 0;     ///< one accelerator at busy share 1 (its tdp)
  PowerCurve chip_curve;
  double host_idle_w = 0;    ///< everything but the accelerators, at idle
  double host_max_w = 0;     ///< ... at full load
  PowerCurve host_curve;

  [[nodiscard]] double chip_power(double u) const { return chip_curve.power(chip_idle_w, chip_max_w, u); }
  [[nodiscard]] double host_power(double u) const { return host_curve.power(host_idle_w, host_max_w, u); }
  /// Each accelerator at its own busy share (one entry per accelerator; missing ones idle).
  [[nodiscard]] double power(std::span<const double> chip_busy, double host_busy) const {
    double p = host_power(host_busy);
    int i = 0;
    for (; i < chips && i < static_cast<int>(chip_busy.size()); ++i) p += chip_power(chip_busy[static_cast<std::size_t>(i)]);
    return p + (chips - i) * chip_idle_w;
  }
  /// Every accelerator at the same busy share.
  [[nodiscard]] double power(double chip_busy, double host_busy) const { return chips * chip_power(chip_busy) + host_power(host_busy); }
  [[nodiscard]] double idle_w() const { return chips * chip_idle_w + host_idle_w; }
  [[nodiscard]] double max_w() const { return chips * chip_max_w + host_max_w; }
};

/// The model of `server` from its catalogue entry and its chips' (the spec must be validated:
/// its chip and cpu ids exist). A host share below zero (a server whose idle or peak is below
/// its accelerators' — load refuses it for accelerators) is clamped to 0.
[[nodiscard]] ServerPowerModel server_power_model(const DatacenterSpec& dc, const ServerSpec& server);

}  // namespace dcsim

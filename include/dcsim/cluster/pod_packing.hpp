#pragma once
// Packing without time, as in the FGD paper's experiments: pods arrive one after another and
// never leave; each is placed by the policy or fails for good (no queue, no retry). After
// every pod the run records how much GPU has arrived, how much is allocated and, if a
// fragmentation measure is given, the cluster's fragmentation — the curves of "unallocated
// GPU % against arrived %".
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dcsim/core/interrupt.hpp"
#include "dcsim/policy/fragmentation.hpp"
#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement_policy.hpp"

namespace dcsim::cluster {

/// Why a pod could not be placed: room now, or a reason that no wait would cure.
enum class PodFailure : std::uint8_t {
  kNoRoomNow,        ///< it fits an empty node, but every node was too full when it came
  kNoAllowedGpu,     ///< no node has a GPU model the pod accepts
  kNoPrecision,      ///< no allowed chip supports the pod's precision
  kLargerThanNodes,  ///< no node, even empty, has the CPU or GPUs it asks for
  kNotEnoughMemory,  ///< no node that could hold it otherwise has its memory
  kRackPower,        ///< a node has room for it, but its draw exceeds what that node's rack budget leaves (now, or even idle)
};
inline constexpr std::size_t kPodFailureKinds = 6;
inline constexpr std::string_view kPodFailureNames[kPodFailureKinds] = {
    "no room when it arrived", "no node with an allowed GPU model", "no chip supports its precision",
    "larger than any node",    "more memory than any node",         "more power than a rack's budget leaves"};
/// snake_case keys for summaries, in PodFailure order.
inline constexpr std::string_view kPodFailureKeys[kPodFailureKinds] = {"no_room",         "no_allowed_gpu",  "no_precision",
                                                                       "larger_than_any_node", "not_enough_memory", "rack_power"};
using PodFailureCounts = std::array<std::uint64_t, kPodFailureKinds>;

/// Why `pod` cannot run on `nodes` even when they are all empty; kNoRoomNow if it could. The
/// reasons are checked in the order a planner would fix them: model, precision, size,
/// memory, power.
[[nodiscard]] inline PodFailure classify_failure(const policy::PodRequest& pod, const policy::NodeTable& nodes) {
  bool model = false, precision = false, size = false, memory = false;
  for (std::uint32_t n = 0; n < nodes.size(); ++n) {
    if (!nodes.model_allowed(pod, n)) continue;
    model = true;
    if (!nodes.precision_allowed(pod, n)) continue;
    precision = true;
    const bool gpus_ok = !pod.needs_gpu() || nodes.gpu_count(n) >= pod.gpus;
    if (!gpus_ok || nodes.cpu_capacity(n) < pod.cpu_milli) continue;
    size = true;
    if (nodes.memory_capacity(n) < pod.memory_mib) continue;
    memory = true;
    const std::uint32_t r = nodes.rack(n);
    const std::int64_t budget = nodes.rack_budget_mw(r);
    if (budget == policy::NodeTable::kNoBudget || nodes.pod_power_mw(pod, n) <= budget - nodes.rack_idle_mw(r)) return PodFailure::kNoRoomNow;
  }
  if (!model) return PodFailure::kNoAllowedGpu;
  if (!precision) return PodFailure::kNoPrecision;
  if (!size) return PodFailure::kLargerThanNodes;
  if (!memory) return PodFailure::kNotEnoughMemory;
  return PodFailure::kRackPower;
}

/// Why `pod` found no place now: classify_failure's reason, except that a pod for which some
/// node has room but whose rack's budget is spent counts as kRackPower (accelerators stranded
/// by rack power), not as no room.
[[nodiscard]] inline PodFailure classify_failure_now(const policy::PodRequest& pod, const policy::NodeTable& nodes) {
  const PodFailure why = classify_failure(pod, nodes);
  if (why != PodFailure::kNoRoomNow || !nodes.power_limited()) return why;
  for (std::uint32_t n = 0; n < nodes.size(); ++n) {
    if (nodes.fits_but_for_power(pod, n)) return PodFailure::kRackPower;
  }
  return why;
}

struct PackingSample {
  std::int64_t arrived_milli = 0;    ///< GPU asked for by the pods so far, placed or not
  std::int64_t allocated_milli = 0;  ///< GPU held by placed pods
  double fragmentation_milli = 0;    ///< the cluster's fragmentation after this pod (0 without a measure)
};

struct PackingOutcome {
  std::uint64_t pods = 0;
  std::uint64_t placed = 0;
  PodFailureCounts failed{};           ///< by PodFailure
  std::vector<PackingSample> samples;  ///< one after every pod
  [[nodiscard]] std::uint64_t failed_total() const {
    std::uint64_t total = 0;
    for (auto f : failed) total += f;
    return total;
  }
};

/// Places `pods` in order on `nodes` (which it changes) with `policy`. With a non-empty
/// `measure`, the fragmentation is tracked node by node (only the changed node is
/// re-measured after a placement).
inline PackingOutcome pack_pods(policy::NodeTable& nodes, std::span<const policy::PodRequest> pods, policy::PlacementPolicy& policy,
                                std::span<const policy::TypicalPod> measure = {}) {
  PackingOutcome out;
  out.samples.reserve(pods.size());
  std::vector<double> node_fragmentation;
  double fragmentation = 0;
  if (!measure.empty()) {
    node_fragmentation.resize(nodes.size());
    for (std::uint32_t n = 0; n < nodes.size(); ++n) {
      node_fragmentation[n] = policy::node_fragmentation(measure, nodes, n);
      fragmentation += node_fragmentation[n];
    }
  }
  std::int64_t arrived = 0;
  for (const policy::PodRequest& pod : pods) {
    ++out.pods;
    if ((out.pods & (kInterruptCheckEvents - 1)) == 0 && interrupt_requested()) throw_interrupted();  // core/interrupt.hpp
    arrived += pod.gpu_demand_milli();
    if (const auto where = policy.place(pod, nodes)) {
      nodes.bind(pod, *where);
      ++out.placed;
      if (!measure.empty()) {
        const double now = policy::node_fragmentation(measure, nodes, where->node);
        fragmentation += now - node_fragmentation[where->node];
        node_fragmentation[where->node] = now;
      }
    } else {
      ++out.failed[static_cast<int>(classify_failure_now(pod, nodes))];
    }
    out.samples.push_back(PackingSample{arrived, nodes.gpu_allocated_milli(), fragmentation});
  }
  return out;
}

}  // namespace dcsim::cluster

#pragma once
// The one interface every placement policy implements, and the registry that lets a
// scenario name a policy ("fgd", "best-fit", ...) and set its parameters.
//
// A policy is asked once per scheduling attempt — never per event — where one pod should
// run, given the node table; it answers with a node and the GPUs to use there, or no.
// Applying the answer (NodeTable::bind) is the caller's job, so a policy cannot corrupt
// the cluster state and the same policy serves a timeless packing run and a timed model.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement/rack_power_ledger.hpp"

namespace dcsim::policy {

/// A gang: `nodes` distinct nodes that each take `per_node` and start together (training
/// across nodes).
struct GangRequest {
  std::uint32_t nodes = 1;
  PodRequest per_node;
};

class PlacementPolicy {
 public:
  virtual ~PlacementPolicy() = default;
  /// Where `pod` should run now, or nullopt when no node fits it. Only nodes for which
  /// nodes.fits(pod, node) holds may be returned, with GPUs that hold the pod.
  virtual std::optional<Placement> place(const PodRequest& pod, const NodeTable& nodes) = 0;

  /// Chooses gang.nodes distinct nodes that each fit gang.per_node, into `chosen` (cleared
  /// first); false, with `chosen` unspecified, when there are not enough. The default takes
  /// the lowest-numbered fitting nodes; topology-aware policies override it.
  virtual bool place_gang(const GangRequest& gang, const NodeTable& nodes, std::vector<std::uint32_t>& chosen) {
    chosen.clear();
    gang_power_.clear();
    nodes.for_each_candidate_until(gang.per_node, [&](std::uint32_t n) {
      // Members sharing a rack must fit its power budget together, not one by one.
      if (nodes.fits(gang.per_node, n) && gang_power_.admit(gang.per_node, nodes, n)) chosen.push_back(n);
      return chosen.size() == gang.nodes;
    });
    return chosen.size() == gang.nodes;
  }

 private:
  RackPowerLedger gang_power_;  // reused: no allocation per gang once grown
};

/// What a policy may know when it is made: the run's seed (for its own random stream) and
/// the workload's pods (FGD learns its "typical pods" from them). `workload` may be empty.
struct PolicyContext {
  std::uint64_t seed = 1;
  std::span<const PodRequest> workload = {};
};

/// Numeric parameters by name, already checked against the policy's ParamSpec list.
using PolicyParams = std::map<std::string, double, std::less<>>;

/// One parameter a policy accepts, with its default and valid range (inclusive).
struct ParamSpec {
  std::string name;
  double default_value = 0;
  double min = 0;
  double max = 0;
  std::string meaning;
};

using PlacementFactory = std::function<std::unique_ptr<PlacementPolicy>(const PolicyParams&, const PolicyContext&)>;

struct PlacementEntry {
  std::string name;
  std::string summary;
  std::vector<ParamSpec> params;
  PlacementFactory make;
};

/// Adds a policy to the registry (replacing one of the same name). The built-in policies
/// are registered before the first lookup.
void register_placement(PlacementEntry entry);

/// Removes a policy from the registry; false when there is none of that name.
bool unregister_placement(std::string_view name);

/// The registered policy of that name, or nullptr.
[[nodiscard]] const PlacementEntry* find_placement(std::string_view name);

/// Every registered policy, in name order.
[[nodiscard]] std::vector<const PlacementEntry*> placement_policies();

/// The registered names, comma-separated (for messages).
[[nodiscard]] std::string placement_names();

/// Makes a policy: unknown names, unknown parameters and values out of range throw
/// std::invalid_argument naming what was expected; missing parameters take their defaults.
[[nodiscard]] std::unique_ptr<PlacementPolicy> make_placement(std::string_view name, const PolicyParams& params = {},
                                                              const PolicyContext& context = {});

/// A parameter's value with defaults applied (for factories).
[[nodiscard]] double param(const PolicyParams& params, std::string_view name);

}  // namespace dcsim::policy

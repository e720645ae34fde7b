#pragma once
// Factories of the placement policies that need the datacenter's shape (topology-aware,
// heterogeneity-aware, power-aware), for the registry. They are compiled in their own file:
// instantiating them inside registry.cpp changed how GCC inlined the classic policies there
// and cost the FGD reproduction about 5% of its time.
#include <memory>

#include "dcsim/policy/placement_policy.hpp"

namespace dcsim::policy::detail {

[[nodiscard]] std::unique_ptr<PlacementPolicy> make_topology_aware(const PolicyParams& params);
[[nodiscard]] std::unique_ptr<PlacementPolicy> make_heterogeneity_aware(const PolicyParams& params);
[[nodiscard]] std::unique_ptr<PlacementPolicy> make_power_aware(const PolicyParams& params);

}  // namespace dcsim::policy::detail

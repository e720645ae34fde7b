// The shape-aware placement policies, made from checked parameters (shape_aware_policies.hpp).
#include "shape_aware_policies.hpp"

#include <cmath>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "dcsim/policy/placement/heterogeneity_aware.hpp"
#include "dcsim/policy/placement/power_aware.hpp"
#include "dcsim/policy/placement/topology_aware.hpp"

namespace dcsim::policy::detail {
namespace {

// A parameter that must be a whole number (the registry checks only the range).
std::uint32_t whole_param(const PolicyParams& p, std::string_view name, const char* policy) {
  const double x = param(p, name);
  if (x != std::floor(x)) {
    std::string message("placement ");
    message.append(policy).append(": ").append(name).append(" must be a whole number");
    throw std::invalid_argument(message);
  }
  return static_cast<std::uint32_t>(x);
}

}  // namespace

std::unique_ptr<PlacementPolicy> make_topology_aware(const PolicyParams& params) {
  return std::make_unique<TopologyAware>(BestFitScore{param(params, "cpu_weight")});
}

std::unique_ptr<PlacementPolicy> make_heterogeneity_aware(const PolicyParams& params) {
  const auto objective = static_cast<HeterogeneityAware::Objective>(whole_param(params, "objective", "heterogeneity-aware"));
  const auto precision = static_cast<Precision>(whole_param(params, "precision", "heterogeneity-aware"));
  return std::make_unique<HeterogeneityAware>(objective, precision, BestFitScore{param(params, "cpu_weight")});
}

std::unique_ptr<PlacementPolicy> make_power_aware(const PolicyParams& params) {
  return std::make_unique<PowerAware>(BestFitScore{param(params, "cpu_weight")});
}

}  // namespace dcsim::policy::detail

#pragma once
// Reading a distribution of durations from YAML, e.g.
//   {distribution: exponential, mean: 1 h}    {distribution: lognormal, median: 30 min, sigma: 1.5}
#include <optional>
#include <string_view>

#include "dcsim/core/distributions.hpp"
#include "yaml_reader.hpp"

namespace dcsim::detail {

/// The keys each distribution takes, for the scenario reference and error messages.
std::optional<Distribution> read_duration_distribution(YamlReader& reader, const YAML::Node& node, std::string_view path);

}  // namespace dcsim::detail

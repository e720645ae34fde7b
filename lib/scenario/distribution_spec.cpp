#include "distribution_spec.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace dcsim::detail {

namespace {

constexpr std::string_view kKinds =
    "deterministic, uniform, exponential, lognormal, gamma, weibull, pareto, discrete, empirical";

// A list of durations, each with its unit.
std::optional<std::vector<double>> durations(YamlReader& r, const YAML::Node& list, std::string_view path) {
  if (!r.expect_list(list, path)) return std::nullopt;
  std::vector<double> out;
  bool ok = true;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto v = r.quantity(list[i], fmt::format("{}[{}]", path, i), Dimension::kTime, true);
    ok = ok && v.has_value();
    if (v) out.push_back(*v);
  }
  return ok ? std::optional(std::move(out)) : std::nullopt;
}

std::optional<std::vector<double>> numbers(YamlReader& r, const YAML::Node& list, std::string_view path) {
  if (!r.expect_list(list, path)) return std::nullopt;
  std::vector<double> out;
  bool ok = true;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto v = r.number(list[i], fmt::format("{}[{}]", path, i), 0.0, true);
    ok = ok && v.has_value();
    if (v) out.push_back(*v);
  }
  return ok ? std::optional(std::move(out)) : std::nullopt;
}

// Why a distribution's mean cannot be simulated, or nullopt: it is infinite (heavy tails whose
// parameters say so) or beyond the tick range.
std::optional<std::string> mean_problem(const YamlReader& r, const Distribution& d, std::string_view kind) {
  const double m = mean(d);
  if (!std::isfinite(m)) {
    const std::string_view hint = kind == "pareto"      ? "a Pareto shape above 1"
                                  : kind == "lognormal" ? "a smaller lognormal sigma: the mean is median x exp(sigma^2 / 2)"
                                  : kind == "weibull"   ? "a larger Weibull shape"
                                                        : "finite parameters";
    return fmt::format("expected a distribution with a finite mean ({}), found an infinite mean", hint);
  }
  const double ticks = m * r.time_scale().ticks_per_second();
  if (!(ticks < kTickLimit)) {
    return fmt::format("expected a mean within the tick range ({}), found a mean of {:.3g} s", r.tick_range(), m);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Distribution> read_duration_distribution(YamlReader& r, const YAML::Node& node, std::string_view path) {
  if (!r.expect_map(node, path)) return std::nullopt;
  const auto kind_node = r.required(node, path, "distribution");
  if (!kind_node) return std::nullopt;
  const std::string kind_path = YamlReader::join(path, "distribution");
  const auto kind = r.string(*kind_node, kind_path);
  if (!kind) return std::nullopt;

  auto key = [&](std::string_view k) { return YamlReader::join(path, k); };
  auto duration = [&](std::string_view k, bool zero_allowed) -> std::optional<double> {
    const auto n = r.required(node, path, k);
    return n ? r.quantity(*n, key(k), Dimension::kTime, zero_allowed) : std::nullopt;
  };
  auto positive = [&](std::string_view k) -> std::optional<double> {
    const auto n = r.required(node, path, k);
    return n ? r.number(*n, key(k), 0.0, false) : std::nullopt;
  };
  // Builds the distribution; a parameter combination the type rejects becomes a diagnostic,
  // and so does a mean no run can reach (its offered load would be infinite).
  auto build = [&](auto make) -> std::optional<Distribution> {
    try {
      Distribution d(make());
      if (const auto problem = mean_problem(r, d, *kind)) {
        r.error(node, path, *problem);
        return std::nullopt;
      }
      return d;
    } catch (const std::invalid_argument& e) {
      r.error(node, path, e.what());
      return std::nullopt;
    }
  };

  if (*kind == "deterministic") {
    r.allow_only(node, path, {"distribution", "value"});
    const auto v = duration("value", true);
    if (v) return build([&] { return Deterministic(*v); });
  } else if (*kind == "uniform") {
    r.allow_only(node, path, {"distribution", "min", "max"});
    const auto lo = duration("min", true), hi = duration("max", false);
    if (lo && hi) {
      if (*lo < *hi) return build([&] { return Uniform(*lo, *hi); });
      r.error(node, path, "expected min < max");
    }
  } else if (*kind == "exponential") {
    r.allow_only(node, path, {"distribution", "mean", "rate"});
    const bool has_mean = node["mean"].IsDefined(), has_rate = node["rate"].IsDefined();
    if (has_mean == has_rate) {
      r.error(node, path, "expected exactly one of \"mean\" (a duration) or \"rate\" (such as \"57.6 /h\")");
    } else if (has_mean) {
      if (const auto m = duration("mean", false)) return build([&] { return Exponential(*m); });
    } else {
      const auto rate = r.quantity(node["rate"], key("rate"), Dimension::kRate, false);
      if (rate) return build([&] { return Exponential::from_rate(*rate); });
    }
  } else if (*kind == "lognormal") {
    r.allow_only(node, path, {"distribution", "median", "sigma"});
    const auto median = duration("median", false);
    const auto sigma = positive("sigma");
    if (median && sigma) return build([&] { return Lognormal::from_median(*median, *sigma); });
  } else if (*kind == "gamma") {
    r.allow_only(node, path, {"distribution", "shape", "mean"});
    const auto shape = positive("shape");
    const auto m = duration("mean", false);
    if (shape && m) return build([&] { return Gamma(*shape, *m / *shape); });
  } else if (*kind == "weibull" || *kind == "pareto") {
    r.allow_only(node, path, {"distribution", "shape", "scale"});
    const auto shape = positive("shape");
    const auto scale = duration("scale", false);
    if (shape && scale) {
      if (*kind == "weibull") return build([&] { return Weibull(*shape, *scale); });
      return build([&] { return Pareto(*shape, *scale); });
    }
  } else if (*kind == "discrete") {
    r.allow_only(node, path, {"distribution", "values", "weights"});
    const auto values_node = r.required(node, path, "values");
    const auto weights_node = r.required(node, path, "weights");
    const auto values = values_node ? durations(r, *values_node, key("values")) : std::nullopt;
    const auto weights = weights_node ? numbers(r, *weights_node, key("weights")) : std::nullopt;
    if (values && weights) {
      if (values->size() == weights->size()) return build([&] { return DiscreteWeighted(*values, *weights); });
      r.error(node, path, fmt::format("expected as many weights as values, found {} values and {} weights",
                                      values->size(), weights->size()));
    }
  } else if (*kind == "empirical") {
    r.allow_only(node, path, {"distribution", "samples"});
    const auto samples_node = r.required(node, path, "samples");
    if (const auto samples = samples_node ? durations(r, *samples_node, key("samples")) : std::nullopt) {
      return build([&] { return EmpiricalCdf(*samples); });
    }
  } else if (*kind == "normal") {
    r.error(*kind_node, kind_path,
            "a normal distribution can draw negative durations; use lognormal, gamma or weibull");
  } else {
    r.error(*kind_node, kind_path, fmt::format("expected one of: {}; found {}", kKinds, quoted_excerpt(*kind)));
  }
  return std::nullopt;
}

}  // namespace dcsim::detail

#include "dcsim/scenario/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <variant>

#include "workload_reader.hpp"
#include "dcsim/cluster/gang_cluster.hpp"
#include "dcsim/cluster/trace_source.hpp"
#include "dcsim/queueing/closed_forms.hpp"
#include "dcsim/queueing/multi_server_queue.hpp"
#include "dcsim/scenario/error.hpp"

namespace dcsim {

namespace {

bool is_exponential(const Distribution& d) { return std::holds_alternative<Exponential>(d); }

// The mean wait in queue from queueing theory, when the queue's assumptions allow one:
// Erlang C for M/M/c, Pollaczek–Khinchine for M/G/1.
std::optional<std::pair<double, std::string>> theoretical_wait(const QueueSpec& q) {
  if (!is_exponential(q.interarrival)) return std::nullopt;
  const double lambda = 1.0 / mean(q.interarrival);
  if (is_exponential(q.service)) {
    return std::pair{queueing::mmc_wait_in_queue(q.servers, lambda, 1.0 / mean(q.service)), std::string("Erlang C")};
  }
  if (q.servers == 1 && std::isfinite(variance(q.service))) {
    return std::pair{queueing::mg1_wait_in_queue(lambda, mean(q.service), variance(q.service)),
                     std::string("Pollaczek-Khinchine")};
  }
  return std::nullopt;
}

Metric time_metric(std::string name, const MeanEstimate& e, const ReportSpec& report) {
  const double k = 1.0 / report.time_unit_seconds;
  return {std::move(name), e.mean * k, e.lo() * k, e.hi() * k, report.time_unit, std::nullopt, {}};
}

}  // namespace

namespace {

// Runs `simulate` and measures its wall time only (loading and writing excluded).
template <class Simulate>
auto timed(Simulate simulate) {
  const auto t0 = std::chrono::steady_clock::now();
  auto result = simulate();
  return std::pair{std::move(result), std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
}

Summary summary_of(const Scenario& s, std::uint64_t events, double wall) {
  Summary out;
  out.scenario = s.name;
  out.file = s.file;
  out.seed = s.seed;
  out.events = events;
  out.wall_seconds = wall;
  return out;
}

// W2-style runs: the scenario's accelerator servers as the nodes of a gang cluster.
Summary run_cluster(const Scenario& s) {
  const WorkloadSpec& w = *s.workload;
  const std::vector<std::uint32_t> nodes = detail::accelerator_nodes(s.datacenter);
  cluster::GangClusterConfig config{.nodes = static_cast<std::uint32_t>(nodes.size()),
                                    .accelerators_per_node = nodes.front(),
                                    .tenants = {},
                                    .completions = s.stop.completions,
                                    .batches = s.report.batches,
                                    .seed = s.seed,
                                    .time = s.time};
  for (const TenantSpec& t : w.tenants) {
    cluster::TenantClass c{.name = t.name,
                           .arrivals = t.arrivals,
                           .demand = t.accelerators,
                           .duration = t.duration,
                           .patience = t.patience};
    if (t.trace) {
      c.replay = [trace = *t.trace] {
        return std::make_unique<cluster::CsvJobSource>(trace.file, trace.mapping, TraceReadOptions{trace.on_bad_row});
      };
    }
    config.tenants.push_back(std::move(c));
  }
  const auto [r, wall] = timed([&] { return cluster::simulate(config); });
  Summary out = summary_of(s, r.events, wall);
  out.counts = {{"completions", r.completions},   {"arrivals", r.arrivals},
                {"rejected", r.rejected},         {"withdrawn", r.withdrawn},
                {"queued_at_stop", r.queued_at_stop},
                {"running_at_stop", r.running_at_stop}};
  const double k = 1.0 / s.report.time_unit_seconds;
  const double capacity = double(config.nodes) * config.accelerators_per_node;
  double offered = 0;  // accelerator-seconds asked per second, over the capacity
  for (const TenantSpec& t : w.tenants) {  // a replayed trace's load is what it turns out to be
    if (!t.trace) offered += t.rate() * mean(t.accelerators) * mean(t.duration) / capacity;
  }
  const bool all_replayed = std::all_of(w.tenants.begin(), w.tenants.end(), [](const TenantSpec& t) { return bool(t.trace); });
  out.metrics = {
      time_metric("wait", r.wait, s.report),
      Metric{"wait_p99", r.wait_p99 * k, std::nullopt, std::nullopt, s.report.time_unit, std::nullopt, {}},
      Metric{"utilization", r.utilization, std::nullopt, std::nullopt, "", all_replayed ? std::nullopt : std::optional(offered),
             all_replayed ? "" : "offered load"},
      Metric{"simulated_time", r.end_seconds * k, std::nullopt, std::nullopt, s.report.time_unit, std::nullopt, {}}};
  if (r.tenants.size() > 1) {
    for (const auto& t : r.tenants) {
      out.counts.emplace_back(t.name + ".arrivals", t.arrivals);
      out.counts.emplace_back(t.name + ".completions", t.completions);
      out.counts.emplace_back(t.name + ".withdrawn", t.withdrawn);
      out.metrics.push_back(Metric{t.name + ".wait", t.mean_wait() * k, std::nullopt, std::nullopt, s.report.time_unit,
                                   std::nullopt, {}});
    }
  }
  const auto g = [](double x) { return fmt::format("{:.9g}", x); };
  out.peer_keys = {{"n", std::to_string(r.completions)}, {"wait_mean", g(r.wait.mean * k)},
                   {"wait_ci95_lo", g(r.wait.lo() * k)}, {"wait_ci95_hi", g(r.wait.hi() * k)},
                   {"wait_p99", g(r.wait_p99 * k)},    {"load", g(offered)}};
  return out;
}

}  // namespace

Summary run_scenario(const Scenario& s) {
  if (s.workload) return run_cluster(s);
  if (!s.queue) {
    throw ConfigError(Diagnostic{{s.file}, "", "this scenario describes centers but no workload yet: nothing to run "
                                               "(use `dcsim validate` to check and describe it)"});
  }
  const QueueSpec& q = *s.queue;
  queueing::MultiServerQueueConfig config;
  config.servers = q.servers;
  config.interarrival = q.interarrival;
  config.service = q.service;
  config.completions = s.stop.completions;
  config.batches = s.report.batches;
  config.seed = s.seed;
  config.time = s.time;

  const auto [r, wall] = timed([&] { return queueing::simulate(config); });
  Summary out = summary_of(s, r.events, wall);
  out.counts = {{"completions", r.completions},
                {"arrivals", r.arrivals},
                {"waiting_at_stop", r.waiting_at_stop},
                {"in_service_at_stop", r.in_service_at_stop}};
  Metric wait = time_metric("wait_in_queue", r.wait_in_queue, s.report);
  Metric system = time_metric("time_in_system", r.time_in_system, s.report);
  if (const auto theory = theoretical_wait(q)) {
    const double k = 1.0 / s.report.time_unit_seconds;
    wait.theory = theory->first * k;
    wait.theory_source = theory->second;
    system.theory = (theory->first + mean(q.service)) * k;
    system.theory_source = theory->second;
  }
  const double offered = mean(q.service) / (mean(q.interarrival) * q.servers);
  out.metrics = {std::move(wait), std::move(system),
                 Metric{"utilization", r.utilization, std::nullopt, std::nullopt, "", offered, "offered load"},
                 Metric{"mean_in_system", r.mean_in_system, std::nullopt, std::nullopt, "jobs", std::nullopt, {}},
                 Metric{"simulated_time", r.end_seconds / s.report.time_unit_seconds, std::nullopt, std::nullopt,
                        s.report.time_unit, std::nullopt, {}}};
  const auto g = [](double x) { return fmt::format("{:.9g}", x); };
  const double k = 1.0 / s.report.time_unit_seconds;
  out.peer_keys = {{"n", std::to_string(r.completions)},         {"wq", g(r.wait_in_queue.mean * k)},
                   {"wq_ci95_lo", g(r.wait_in_queue.lo() * k)}, {"wq_ci95_hi", g(r.wait_in_queue.hi() * k)},
                   {"w", g(r.time_in_system.mean * k)}};
  return out;
}

}  // namespace dcsim

#include "dcsim/scenario/run.hpp"

#include <chrono>
#include <variant>

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

Summary run_scenario(const Scenario& s) {
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

  const auto t0 = std::chrono::steady_clock::now();
  const queueing::MultiServerQueueResult r = queueing::simulate(config);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  Summary out;
  out.scenario = s.name;
  out.file = s.file;
  out.seed = s.seed;
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
  out.events = r.events;
  out.wall_seconds = wall;
  return out;
}

}  // namespace dcsim

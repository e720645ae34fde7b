#include "dcsim/scenario/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>
#include <variant>

#include "dcsim/cluster/fragmentation_study.hpp"
#include "dcsim/cluster/center_model.hpp"
#include "dcsim/cluster/center_power.hpp"
#include "dcsim/cluster/pod_replay.hpp"
#include "dcsim/policy/datacenter_nodes.hpp"
#include "dcsim/cluster/tenant_needs.hpp"
#include "dcsim/cluster/trace_source.hpp"
#include "dcsim/experiment/parallel_runs.hpp"
#include "dcsim/metrics/student_t.hpp"
#include "dcsim/queueing/closed_forms.hpp"
#include "dcsim/queueing/multi_server_queue.hpp"
#include "dcsim/base/diagnostic.hpp"
#include "dcsim/model/inventory.hpp"
#include "center_power_setup.hpp"

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

// A mean time with its batch-means interval (none when too few samples gave no interval).
Metric time_metric(std::string name, const MeanEstimate& e, const ReportSpec& report) {
  const double k = 1.0 / report.time_unit_seconds;
  Metric m{std::move(name), e.mean * k, std::nullopt, std::nullopt, report.time_unit, std::nullopt, {}};
  if (std::isfinite(e.lo()) && std::isfinite(e.hi())) {
    m.ci95_lo = e.lo() * k;
    m.ci95_hi = e.hi() * k;
  }
  return m;
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

// Mean over replications with a Student-t 95% interval (none from a single replication).
Metric replication_metric(std::string name, const std::vector<double>& values, std::string unit) {
  const auto n = static_cast<double>(values.size());
  double sum = 0;
  for (double v : values) sum += v;
  const double m = sum / n;
  Metric out{std::move(name), m, std::nullopt, std::nullopt, std::move(unit), std::nullopt, {}};
  if (values.size() > 1) {
    double ss = 0;
    for (double v : values) ss += (v - m) * (v - m);
    const double half = student_t_975(static_cast<int>(values.size()) - 1) * std::sqrt(ss / (n - 1) / n);
    out.ci95_lo = m - half;
    out.ci95_hi = m + half;
  }
  return out;
}

// The chip `work:` is measured on: the workload's reference_chip, else the H100 SXM when the
// scenario's catalogue has it, else the chip of its first accelerator server (a scenario with
// its own abstract chips, such as W2's).
std::string reference_chip(const DatacenterSpec& dc, const std::string& asked) {
  if (!asked.empty()) return asked;
  if (dc.chip("h100-sxm")) return "h100-sxm";
  for (const auto& center : dc.centers) {
    for (const auto& group : center.rack_groups) {
      for (const auto& pop : group.populated) {
        for (const auto& [id, count] : pop.servers) {
          const ServerSpec* server = dc.server(id);
          if (server && server->chips > 0) return server->chip;
        }
      }
    }
  }
  return "h100-sxm";
}

policy::DatacenterNodeOptions node_options(const DatacenterSpec& dc, const std::string& reference, bool cpu_servers) {
  policy::DatacenterNodeOptions options;
  options.reference_chip = reference_chip(dc, reference);
  options.cpu_servers_as_nodes = cpu_servers;
  return options;
}

// The node table of a scenario's centers, speeds relative to the reference chip.
policy::NodeTable centers_node_table(const DatacenterSpec& dc, const std::string& reference = {}, bool cpu_servers = false) {
  return policy::datacenter_node_table(dc, node_options(dc, reference, cpu_servers));
}

// A service's demand as the center model replays it: a trace window (shifted to start at 0,
// repeating when asked) or a constant, flat or shaped by a day's profile.
cluster::RepeatingDemand service_demand(const DemandSpec& d) {
  cluster::RepeatingDemand out;
  if (!d.azure_file.empty()) {
    cluster::DemandCurve c = cluster::read_azure_demand(d.azure_file, d.step_s, d.tokens, d.from_s,
                                                        d.until_s.value_or(std::numeric_limits<double>::infinity()))
                                 .scaled(d.scale);
    const double origin = c.steps.empty() ? 0.0 : c.steps.front().start_s;
    for (auto& step : c.steps) step.start_s -= origin;
    c.end_s -= origin;
    out.curve = std::move(c);
    out.period_s = d.repeat ? out.curve.end_s : 0.0;
  } else if (!d.hourly.empty()) {
    out.curve = cluster::DemandCurve::sample([&](double t) { return d.constant_tokens_per_s * d.hourly[static_cast<std::size_t>(t / 3600.0)]; }, 0.0,
                                             86400.0, 3600.0);
    out.period_s = 86400;
  } else {
    out.curve = cluster::DemandCurve::constant(d.constant_tokens_per_s, 0.0, d.until_s.value_or(std::numeric_limits<double>::infinity()));
  }
  return out;
}

// One replica's tokens/s on each GPU model of the table: the stated rate, or the estimate
// from the chip at the service's precision (cluster/inference_service.hpp).
std::vector<double> replica_rates(const ServiceSpec& svc, const TenantSpec& t, const policy::NodeTable& table, const DatacenterSpec& dc) {
  std::vector<double> rates;
  cluster::ReplicaThroughputReference reference;
  if (t.needs.precision) reference.precisions = precisions({*t.needs.precision});
  const auto accelerators = static_cast<std::uint32_t>(mean(t.accelerators));
  for (const std::string& model : table.models()) {
    const ChipSpec* chip = dc.chip(model);
    rates.push_back(svc.tokens_per_s ? *svc.tokens_per_s : chip ? cluster::estimate_replica_tokens_per_second(*chip, accelerators, reference) : 0.0);
  }
  return rates;
}

// The placement policy of the replication with `seed` (a fresh one per run).
std::function<std::unique_ptr<policy::PlacementPolicy>()> placement_for(const Scenario& s, std::uint64_t seed) {
  return [p = s.scheduler.placement, seed] { return policy::make_placement(p.name, p.params, policy::PolicyContext{seed, {}}); };
}

// The cluster model's configuration of a workload scenario, built once (traces read, needs
// resolved); a replication changes only its seed and its placement policy's.
cluster::CenterConfig center_config(const Scenario& s, const policy::NodeTable& table) {
  const WorkloadSpec& w = *s.workload;
  cluster::CenterConfig config{.nodes = table.size(),
                                    .accelerators_per_node = table.max_gpus_per_node(),
                                    .tenants = {},
                                    .completions = s.stop.completions ? s.stop.completions : ~std::uint64_t{0},
                                    .batches = s.report.batches,
                                    .seed = s.seed,
                                    .time = s.time,
                                    .discipline = *cluster::queue_discipline_from_string(s.scheduler.queue)};
  config.placement = placement_for(s, s.seed);
  config.node_table = table;
  config.warmup_s = s.warmup_s;
  if (s.stop.time_s) config.stop_s = *s.stop.time_s;
  for (const TenantSpec& t : w.tenants) {
    const cluster::TenantRequest needs = cluster::tenant_request(t.needs, table, s.datacenter);
    cluster::TenantClass c{.name = t.name,
                           .arrivals = t.arrivals,
                           .demand = t.accelerators,
                           .duration = t.duration,
                           .patience = t.patience,
                           .replay = nullptr,
                           .estimate_factor = t.estimate_factor,
                           .priority = t.priority,
                           .share = t.share,
                           .guaranteed = t.guaranteed,
                           .request = needs.request,
                           .scales_with_chip = t.work_on_reference,
                           .efficiency = {},
                           .busy_share = t.busy,
                           .unservable = needs.unservable};
    if (!t.efficiency.empty()) {
      c.efficiency.assign(table.models().size(), 1.0);
      for (const auto& [chip, factor] : t.efficiency) {
        const auto& models = table.models();
        const auto at = std::find(models.begin(), models.end(), chip);
        if (at != models.end()) c.efficiency[static_cast<std::size_t>(at - models.begin())] = factor;
      }
    }
    if (t.service) {
      const ServiceSpec& svc = *t.service;
      c.service = cluster::ServiceClass{.demand = service_demand(svc.demand),
                                        .accelerators = static_cast<std::uint32_t>(mean(t.accelerators)),
                                        .tokens_per_s = replica_rates(svc, t, table, s.datacenter),
                                        .startup_s = svc.startup_s,
                                        .interval_s = svc.interval_s,
                                        .window_s = svc.window_s,
                                        .target_utilization = svc.target_utilization,
                                        .min_replicas = svc.min_replicas,
                                        .max_replicas = svc.max_replicas,
                                        .scale_down_delay_s = svc.scale_down_delay_s};
    }
    if (t.trace) {
      c.replay = [trace = *t.trace] {
        return std::make_unique<cluster::CsvJobSource>(trace.file, trace.mapping, TraceReadOptions{trace.on_bad_row});
      };
    }
    config.tenants.push_back(std::move(c));
  }
  return config;
}

// Allocated (held by jobs) and busy (useful work) accelerator time as shares of the installed
// accelerator time, for the whole center, per chip model and per tenant class.
struct Occupancy {
  double allocated = 0, busy = 0;
  std::vector<std::pair<std::string, std::pair<double, double>>> by_chip, by_tenant;
};
Occupancy occupancy(const cluster::CenterResult& r) {
  Occupancy o;
  const std::size_t tenants = r.tenants.size();
  const double seconds = r.measured_seconds;
  double installed = 0;
  for (double a : r.model_accelerators) installed += a;
  std::vector<double> tenant_alloc(tenants, 0), tenant_busy(tenants, 0);
  for (std::size_t m = 0; m < r.models.size(); ++m) {
    double alloc = 0, busy = 0;
    for (std::size_t t = 0; t < tenants; ++t) {
      const double a = r.allocated_by_cell[m * tenants + t];
      const double b = r.busy_by_cell[m * tenants + t];
      alloc += a;
      busy += b;
      tenant_alloc[t] += a;
      tenant_busy[t] += b;
    }
    o.allocated += alloc;
    o.busy += busy;
    const double cap = r.model_accelerators[m] * seconds;
    o.by_chip.push_back({r.models[m], {cap > 0 ? alloc / cap : 0.0, cap > 0 ? busy / cap : 0.0}});
  }
  const double cap = installed * seconds;
  for (std::size_t t = 0; t < tenants; ++t) {
    o.by_tenant.push_back({r.tenants[t].name, {cap > 0 ? tenant_alloc[t] / cap : 0.0, cap > 0 ? tenant_busy[t] / cap : 0.0}});
  }
  o.allocated = cap > 0 ? o.allocated / cap : 0.0;
  o.busy = cap > 0 ? o.busy / cap : 0.0;
  return o;
}

// The counts and metrics of one replication (its wait interval by batch means).
Summary cluster_summary(const Scenario& s, const cluster::CenterResult& r, double capacity) {
  const WorkloadSpec& w = *s.workload;
  Summary out = summary_of(s, r.events, 0);
  out.counts = {{"completions", r.completions},   {"arrivals", r.arrivals},
                {"rejected", r.rejected},         {"withdrawn", r.withdrawn},
                {"queued_at_stop", r.queued_at_stop},
                {"running_at_stop", r.running_at_stop}};
  const bool preemptive = std::any_of(w.tenants.begin(), w.tenants.end(), [](const TenantSpec& t) { return !t.guaranteed; });
  if (preemptive) out.counts.emplace_back("preemptions", r.preemptions);
  std::size_t shapes_seen = 0;
  for (const auto& f : r.shapes) shapes_seen += f.arrivals > 0 ? 1 : 0;
  if (shapes_seen > 1) {  // jobs of several shapes: each one's fate
    for (std::size_t k = 0; k < cluster::kJobShapeCount; ++k) {
      const cluster::JobFates& f = r.shapes[k];
      if (f.arrivals == 0) continue;
      const std::string n(cluster::kJobShapeNames[k]);
      out.counts.emplace_back(n + "_jobs.arrivals", f.arrivals);
      out.counts.emplace_back(n + "_jobs.completions", f.completions);
      out.counts.emplace_back(n + "_jobs.rejected", f.rejected);
      out.counts.emplace_back(n + "_jobs.withdrawn", f.withdrawn);
      out.counts.emplace_back(n + "_jobs.queued_at_stop", f.queued);
      out.counts.emplace_back(n + "_jobs.running_at_stop", f.running);
    }
  }
  const double k = 1.0 / s.report.time_unit_seconds;
  // Offered load is known in advance only for drawn jobs whose run time is the same on
  // every chip; a replayed trace's, or chip-dependent work's, is what it turns out to be.
  double offered = 0;
  bool offered_known = true;
  for (const TenantSpec& t : w.tenants) {
    if (t.service || t.trace || t.work_on_reference || t.needs.accelerator_share != 1) {
      offered_known = false;
    } else {
      offered += t.rate() * mean(t.accelerators) * mean(t.duration) / capacity;
    }
  }
  const Occupancy o = occupancy(r);
  const auto plain = [](std::string name, double v, std::string unit) {
    return Metric{std::move(name), v, std::nullopt, std::nullopt, std::move(unit), std::nullopt, {}};
  };
  out.metrics = {time_metric("wait", r.wait, s.report),
                 plain("wait_p99", r.wait_p99 * k, s.report.time_unit),
                 Metric{"allocated", o.allocated, std::nullopt, std::nullopt, "", offered_known ? std::optional(offered) : std::nullopt,
                        offered_known ? "offered load" : ""},
                 plain("busy", o.busy, ""),
                 plain("simulated_time", r.end_seconds * k, s.report.time_unit)};
  if (preemptive) out.metrics.push_back(plain("lost_accelerator_time", r.lost_accelerator_seconds * k, "accelerator-" + s.report.time_unit));
  // Listed when some class asks for CPU (known from the scenario, so every replication lists it).
  const bool asks_cpu = std::any_of(w.tenants.begin(), w.tenants.end(), [](const TenantSpec& t) { return t.needs.cpu_cores > 0; });
  if (asks_cpu && r.cpu_capacity_milli > 0 && r.measured_seconds > 0) {
    out.metrics.push_back(plain("cpu_allocated", r.cpu_allocated_milli_seconds / (r.cpu_capacity_milli * r.measured_seconds), ""));
  }
  if (o.by_chip.size() > 1) {
    for (const auto& [chip, ab] : o.by_chip) {
      out.metrics.push_back(plain("chip." + chip + ".allocated", ab.first, "of its installed time"));
      out.metrics.push_back(plain("chip." + chip + ".busy", ab.second, "of its installed time"));
    }
  }
  const bool services = std::any_of(w.tenants.begin(), w.tenants.end(), [](const TenantSpec& t) { return t.service.has_value(); });
  if (r.tenants.size() > 1 || !r.tenants.front().unservable.empty() || services) {
    for (std::size_t i = 0; i < r.tenants.size(); ++i) {
      const auto& t = r.tenants[i];
      if (!w.tenants[i].service) {  // a service has replicas, not arriving jobs
        out.counts.emplace_back(t.name + ".arrivals", t.arrivals);
        out.counts.emplace_back(t.name + ".completions", t.completions);
        out.counts.emplace_back(t.name + ".withdrawn", t.withdrawn);
        out.counts.emplace_back(t.name + ".rejected", t.rejected);
        out.counts.emplace_back(t.name + ".queued_at_stop", r.tenant_fates[i].queued);
        out.counts.emplace_back(t.name + ".running_at_stop", r.tenant_fates[i].running);
        out.metrics.push_back(plain(t.name + ".wait", t.mean_wait() * k, s.report.time_unit));
      }
      out.metrics.push_back(plain(t.name + ".allocated", o.by_tenant[i].second.first, ""));
      out.metrics.push_back(plain(t.name + ".busy", o.by_tenant[i].second.second, ""));
      if (w.tenants[i].service) {
        const cluster::ServiceResult& sr = r.services[i];
        out.metrics.push_back(plain(t.name + ".served", 100 * sr.served_fraction(), "% of demanded tokens"));
        out.metrics.push_back(plain(t.name + ".mean_replicas", r.measured_seconds > 0 ? sr.replica_seconds / r.measured_seconds : 0.0, ""));
        out.metrics.push_back(plain(t.name + ".time_below_demand", r.measured_seconds > 0 ? 100 * sr.below_demand_s / r.measured_seconds : 0.0, "%"));
        out.counts.emplace_back(t.name + ".replicas_started", sr.replicas_started);
        out.counts.emplace_back(t.name + ".replicas_stopped", sr.replicas_stopped);
        out.metrics.push_back(plain(t.name + ".peak_replicas", sr.peak_replicas, ""));
        out.counts.emplace_back(t.name + ".capacity_limited_evaluations", sr.capacity_limited);
      }
    }
  }
  for (const cluster::TenantResult& t : r.tenants) {  // why jobs were rejected, whatever else is listed
    if (!t.unservable.empty()) out.notes.push_back(fmt::format("tenant {}: every job rejected: {}", t.name, t.unservable));
    if (t.rejected_on_empty_center > 0) {
      out.notes.push_back(fmt::format("tenant {}: {} jobs rejected because they did not fit even the empty center (its servers "
                                      "are enough in number, but not together: e.g. a gang beyond its racks' power budgets)",
                                      t.name, t.rejected_on_empty_center));
    }
  }
  if (s.stop.completions > 0 && r.completions < s.stop.completions && s.stop.time_s && r.end_seconds >= *s.stop.time_s) {
    out.notes.push_back(fmt::format("stopped at stop.time with {} of {} completions", r.completions, s.stop.completions));
  } else if (s.stop.completions > 0) {  // ended with no event left before its stop: replayed traces ran out
    std::uint64_t measured = 0;
    std::string traces;
    for (std::size_t i = 0; i < r.tenants.size(); ++i) {
      measured += r.tenants[i].measured_completions;
      if (w.tenants[i].trace) traces += fmt::format("{}{} gave {}", traces.empty() ? "" : ", ", r.tenants[i].name, r.tenants[i].arrivals);
    }
    if (measured < s.stop.completions) {
      out.notes.push_back(fmt::format("stop.completions is {}, but the run ran out of jobs after {} completions{}", s.stop.completions, measured,
                                      traces.empty() ? "" : fmt::format(": the replayed traces hold fewer jobs ({})", traces)));
    }
  }
  const auto g = [](double x) { return fmt::format("{:.9g}", x); };
  out.peer_keys = {{"n", std::to_string(r.completions)}, {"wait_mean", g(r.wait.mean * k)},
                   {"wait_ci95_lo", g(r.wait.lo() * k)}, {"wait_ci95_hi", g(r.wait.hi() * k)},
                   {"wait_p99", g(r.wait_p99 * k)},    {"load", g(offered)}};
  return out;
}

// Several replications as one summary: every metric is the mean over replications with a
// Student-t 95% interval across them (not the batch-means interval of one run), every count
// the sum over replications.
Summary combine_replications(const std::vector<Summary>& runs) {
  Summary out = runs.front();
  out.peer_keys.clear();
  out.events = 0;
  for (const Summary& r : runs) out.events += r.events;
  // By name: runs may list different counts (a job shape that arrived in one run only).
  out.counts.clear();
  for (const Summary& r : runs) {
    for (const auto& count : r.counts) {  // (not a structured binding: clang 14 cannot capture one)
      const auto at = std::find_if(out.counts.begin(), out.counts.end(), [&](const auto& c) { return c.first == count.first; });
      if (at == out.counts.end()) {
        out.counts.push_back(count);
      } else {
        at->second += count.second;
      }
    }
  }
  out.counts.insert(out.counts.begin(), {"replications", runs.size()});
  for (std::size_t i = 1; i < runs.size(); ++i) {  // tables: every replication's rows, in order
    for (const Table& t : runs[i].tables) {
      const auto at = std::find_if(out.tables.begin(), out.tables.end(), [&](const Table& x) { return x.file == t.file; });
      if (at == out.tables.end()) {
        out.tables.push_back(t);
      } else {
        at->rows.insert(at->rows.end(), t.rows.begin(), t.rows.end());
      }
    }
  }
  for (Metric& m : out.metrics) {
    std::vector<double> values;
    for (const Summary& r : runs) {
      if (const Metric* x = r.find(m.name)) values.push_back(x->value);
    }
    Metric combined = replication_metric(m.name, values, m.unit);
    combined.theory = m.theory;
    combined.theory_source = m.theory_source;
    m = std::move(combined);
  }
  return out;
}

// Jobs on the scenario's centers: one model of every server (accelerator and CPU-only), all
// tenant classes, replications in parallel.
Summary run_cluster(const Scenario& s) {
  const Inventory inventory = Inventory::build(s.datacenter);
  const policy::DatacenterNodes nodes = policy::datacenter_nodes(s.datacenter, inventory, node_options(s.datacenter, s.workload->reference_chip, true));
  policy::NodeTable table = nodes.table();
  if (s.power && s.power->dvfs_capping) table.set_power_admission(false);  // racks are capped instead
  const cluster::CenterConfig config = center_config(s, table);
  std::vector<std::string> power_notes;
  std::optional<cluster::CenterPowerConfig> power_config;
  if (s.power) power_config = center_power_config(s, nodes, inventory, config, power_notes);
  // A run that stops at its N-th completion only never ends when no class can complete a job
  // here: only services, or classes no server of the center can serve.
  if (!s.stop.time_s) {
    std::string why;
    bool some_job_can_run = false;
    for (const cluster::TenantClass& t : config.tenants) {
      if (t.service) continue;
      if (t.unservable.empty()) some_job_can_run = true;
      why += fmt::format("; tenant {}: {}", t.name, t.unservable);
    }
    if (!some_job_can_run) {
      throw ConfigError(Diagnostic{{s.file}, "stop.completions",
                                   fmt::format("no job can ever complete on these centers{}: stop.completions would never be reached; "
                                               "add a stop.time",
                                               why.empty() ? " (only inference services)" : why)});
    }
  }
  const double capacity = static_cast<double>(table.gpu_capacity_milli()) / policy::kMilliPerGpu;
  const auto replications = static_cast<std::size_t>(s.replications);
  struct Replication {
    cluster::CenterResult center;
    std::optional<cluster::PowerResult> power;
  };
  const auto [runs, wall] = timed([&] {
    return experiment::parallel_runs(replications, experiment::threads_for(replications), [&](std::size_t i) {
      cluster::CenterConfig run = config;
      run.seed = s.seed + i;
      run.placement = placement_for(s, run.seed);
      std::optional<cluster::CenterPower> power;
      if (power_config) {
        power.emplace(*power_config, table);
        run.governor = &*power;
      }
      Replication out{cluster::simulate(run), std::nullopt};
      if (power) out.power = power->result_at(out.center.end_seconds);
      return out;
    });
  });
  std::vector<Summary> summaries;
  const std::vector<RackLabel> racks = rack_labels(s.datacenter, inventory);
  for (const auto& r : runs) {
    summaries.push_back(cluster_summary(s, r.center, capacity));
    if (r.power) {
      std::vector<std::string> tenants;
      for (const auto& t : r.center.tenants) tenants.push_back(t.name);
      double busy = 0;
      for (double b : r.center.busy_by_cell) busy += b;
      add_power_metrics(summaries.back(), s, *r.power, tenants, r.center.models, busy);
      add_power_tables(summaries.back(), *r.power, summaries.size() - 1, racks);
      summaries.back().notes.insert(summaries.back().notes.end(), power_notes.begin(), power_notes.end());
    }
  }
  Summary out = replications == 1 ? summaries.front() : combine_replications(summaries);
  out.wall_seconds = wall;
  return out;
}

// The same pod trace with its own times: pods arrive at creation, leave at deletion, wait
// when they do not fit.
Summary run_timed_packing(const Scenario& s) {
  const PackingSpec& p = *s.packing;
  cluster::TimedPodTrace trace = cluster::read_timed_pod_trace(p.nodes_file, p.pods_file, TraceReadOptions{p.on_bad_row});
  for (auto& pod : trace.pods) {
    const double run = pod.departure_s ? *pod.departure_s - pod.arrival_s : 0.0;
    pod.arrival_s /= p.arrival_speedup;
    if (pod.departure_s) pod.departure_s = pod.arrival_s + run;
  }
  std::vector<policy::PodRequest> workload;
  for (const auto& pod : trace.pods) workload.push_back(pod.pod);
  auto placement = policy::make_placement(s.scheduler.placement.name, s.scheduler.placement.params, policy::PolicyContext{s.seed, workload});
  cluster::PodReplayOptions options;
  options.time = s.time;
  // Measured while demand arrives: a few pods run for months after the last arrival, and
  // averaging over that tail would dilute every figure.
  double last_arrival = 0;
  for (const auto& pod : trace.pods) last_arrival = std::max(last_arrival, pod.arrival_s);
  options.until_s = last_arrival;
  const auto [r, wall] = timed([&] { return cluster::replay_pods(trace.nodes, trace.pods, *placement, options); });
  Summary out = summary_of(s, r.events, wall);
  out.counts = {{"pods_arrived", r.arrived},
                {"pods_placed_at_once", r.placed_at_once},
                {"pods_placed_after_waiting", r.placed_after_wait},
                {"pods_finished", r.finished},
                {"pods_running_at_end", r.running_at_end},
                {"pods_pending_at_end", r.pending_at_end}};
  for (std::size_t why = 1; why < cluster::kPodFailureKinds; ++why) {  // 0, no room now: such a pod waits
    out.counts.emplace_back("pods_rejected_" + std::string(cluster::kPodFailureKeys[why]), r.rejected[why]);
  }
  const double k = 1.0 / s.report.time_unit_seconds;
  const auto plain = [](std::string name, double v, std::string unit) {
    return Metric{std::move(name), v, std::nullopt, std::nullopt, std::move(unit), std::nullopt, {}};
  };
  out.metrics = {plain("allocated_gpu", r.allocated_pct_mean, "% (time average)"),
                 plain("allocated_gpu_peak", r.allocated_pct_peak, "%"),
                 plain("fragmentation", r.fragmentation_pct_mean, "% (time average)"),
                 plain("time_with_pods_pending", r.pending_time_pct, "%"),
                 plain("unallocated_gpu_while_pending", r.unallocated_pct_while_pending, "%"),
                 plain("wait_of_pods_that_waited", r.mean_wait_s * k, s.report.time_unit),
                 plain("wait_max", r.max_wait_s * k, s.report.time_unit),
                 plain("simulated_time", (r.end_s - r.start_s) * k, s.report.time_unit)};
  return out;
}

// W3-style runs: a pod trace packed onto its nodes, once per replication seed.
Summary run_packing(const Scenario& s) {
  const PackingSpec& p = *s.packing;
  if (p.timed) return run_timed_packing(s);
  const cluster::PodTrace trace = p.nodes_from_centers
                                      ? cluster::read_pods_for_table(centers_node_table(s.datacenter), p.pods_file, TraceReadOptions{p.on_bad_row})
                                      : cluster::read_pod_trace(p.nodes_file, p.pods_file, TraceReadOptions{p.on_bad_row});
  cluster::FragmentationStudySpec spec;
  spec.policies = {s.scheduler.placement.name};
  spec.params = {s.scheduler.placement.params};
  spec.seeds.clear();
  for (int i = 0; i < p.replications; ++i) spec.seeds.push_back(s.seed + static_cast<std::uint64_t>(i));
  spec.tune = p.tune;
  spec.threads = std::max(1u, std::thread::hardware_concurrency());  // results do not depend on it
  const auto [runs, wall] = timed([&] { return cluster::run_fragmentation_study(trace, spec); });
  std::uint64_t pods = 0, placed = 0;
  cluster::PodFailureCounts failed{};
  for (const auto& run : runs) {
    pods += run.pods;
    placed += run.placed;
    for (std::size_t i = 0; i < failed.size(); ++i) failed[i] += run.failed[i];
  }
  Summary out = summary_of(s, pods, wall);
  const policy::NodeTable nodes = trace.table ? *trace.table : policy::NodeTable(trace.nodes);
  out.counts = {{"replications", runs.size()},
                {"nodes", nodes.size()},
                {"gpus", static_cast<std::uint64_t>(nodes.gpu_capacity_milli() / policy::kMilliPerGpu)},
                {"pods_arrived", pods},
                {"pods_placed", placed}};
  for (std::size_t why = 0; why < cluster::kPodFailureKinds; ++why) {
    out.counts.emplace_back("pods_failed_" + std::string(cluster::kPodFailureKeys[why]), failed[why]);
  }
  for (int k : p.report_at) {
    std::vector<double> unallocated, fragmentation, rate;
    for (const auto& run : runs) {
      const auto at = static_cast<std::size_t>(k);
      if (at >= run.curve.unallocated_pct.size() || std::isnan(run.curve.unallocated_pct[at])) {
        throw ConfigError(Diagnostic{{s.file}, "packing.report_at",
                                     fmt::format("expected arrived levels the run reaches: seed {} stops at {}% arrived, asked for {}%",
                                                 run.seed, run.curve.unallocated_pct.size() - 1, k)});
      }
      unallocated.push_back(run.curve.unallocated_pct[at]);
      fragmentation.push_back(run.curve.fragmentation_pct[at]);
      rate.push_back(run.curve.unallocated_pct[at] > 0 ? 100 * run.curve.fragmentation_pct[at] / run.curve.unallocated_pct[at] : 0.0);
    }
    out.metrics.push_back(replication_metric(fmt::format("unallocated_gpu_at_{}pct_arrived", k), unallocated, "%"));
    out.metrics.push_back(replication_metric(fmt::format("fragmentation_at_{}pct_arrived", k), fragmentation, "%"));
    out.metrics.push_back(replication_metric(fmt::format("fragmentation_rate_at_{}pct_arrived", k), rate, "% of idle"));
  }
  return out;
}

// Inference services: each one's demand curve, then the autoscaled cluster run.
Summary run_inference(const Scenario& s) {
  const InferenceSpec& spec = *s.inference;
  cluster::InferenceClusterConfig config = spec.cluster;
  config.time = s.time;
  config.services.clear();
  for (const InferenceServiceSpec& service : spec.services) {
    cluster::InferenceServiceConfig c = service.config;
    const DemandSpec& d = service.demand;
    if (d.azure_file.empty()) {
      c.demand = cluster::DemandCurve::constant(d.constant_tokens_per_s, d.from_s, *d.until_s);
    } else {
      c.demand = cluster::read_azure_demand(d.azure_file, d.step_s, d.tokens, d.from_s, d.until_s.value_or(std::numeric_limits<double>::infinity()))
                     .scaled(d.scale);
    }
    config.services.push_back(std::move(c));
  }
  const auto [r, wall] = timed([&] { return cluster::run_inference_services(config); });
  Summary out = summary_of(s, r.events, wall);
  const double k = 1.0 / s.report.time_unit_seconds;
  const auto plain = [](std::string name, double v, std::string unit) {
    return Metric{std::move(name), v, std::nullopt, std::nullopt, std::move(unit), std::nullopt, {}};
  };
  out.metrics = {plain("allocated_gpu", r.allocated_pct_mean, "% (time average)"), plain("allocated_gpu_peak", r.allocated_pct_peak, "%"),
                 plain("simulated_time", (r.end_s - r.start_s) * k, s.report.time_unit)};
  out.counts = {{"gpus", r.gpus}, {"evaluations", r.evaluations}};
  for (const auto& sr : r.services) {
    const std::string n = sr.name;
    out.metrics.push_back(plain(n + ".served", 100 * sr.served_fraction(), "% of demanded tokens"));
    out.metrics.push_back(plain(n + ".replica_utilization", 100 * sr.utilization(), "% of ready capacity"));
    out.metrics.push_back(plain(n + ".mean_replicas", sr.mean_replicas, ""));
    out.metrics.push_back(plain(n + ".gpu_time", sr.gpu_hours * 3600 * k, "GPU-" + s.report.time_unit));
    out.metrics.push_back(plain(n + ".time_below_demand", 100 * sr.below_demand_fraction, "%"));
    out.counts.emplace_back(n + ".peak_replicas", sr.peak_replicas);
    out.counts.emplace_back(n + ".scale_ups", sr.scale_ups);
    out.counts.emplace_back(n + ".scale_downs", sr.scale_downs);
    out.counts.emplace_back(n + ".replicas_preempted", sr.replicas_preempted);
  }
  return out;
}

}  // namespace

std::vector<std::string> describe_tenants(const Scenario& s) {
  std::vector<std::string> lines;
  if (!s.workload) return lines;
  const policy::NodeTable table = centers_node_table(s.datacenter, s.workload->reference_chip, true);
  for (const TenantSpec& t : s.workload->tenants) {
    const cluster::TenantRequest needs = cluster::tenant_request(t.needs, table, s.datacenter);
    if (!needs.unservable.empty()) {
      lines.push_back(fmt::format("tenant {}: every job will be rejected: {}", t.name, needs.unservable));
      continue;
    }
    if (t.needs.cpu_only()) {
      lines.push_back(fmt::format("tenant {}: CPU-only jobs", t.name));
      continue;
    }
    policy::PodRequest one = needs.request;  // the per-job accelerator count does not matter here
    one.gpus = 1;
    std::vector<double> accelerators(table.models().size(), 0);
    for (std::uint32_t n = 0; n < table.size(); ++n) {
      if (table.gpu_count(n) > 0 && table.could_ever_fit(one, n)) accelerators[table.model(n)] += table.gpu_count(n);
    }
    std::string chips;
    for (std::size_t m = 0; m < accelerators.size(); ++m) {
      if (accelerators[m] > 0) chips += fmt::format("{}{:g} {}", chips.empty() ? "" : ", ", accelerators[m], table.models()[m]);
    }
    lines.push_back(fmt::format("tenant {}: can run on {}", t.name, chips));
  }
  return lines;
}

namespace {
Summary run_model(const Scenario& s);
}  // namespace

// What loading noted (an override the model does not use) comes first.
Summary run_scenario(const Scenario& s) {
  Summary out = run_model(s);
  out.notes.insert(out.notes.begin(), s.notes.begin(), s.notes.end());
  return out;
}

namespace {
Summary run_model(const Scenario& s) {
  if (s.inference) return run_inference(s);
  if (s.packing) return run_packing(s);
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
}  // namespace

}  // namespace dcsim

#pragma once
// A scenario as plain, validated values: what a YAML file (plus --set overrides) describes.
// No yaml-cpp type appears here; loading and validation live in lib/scenario/.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dcsim/cluster/inference_service.hpp"
#include "dcsim/core/distributions.hpp"
#include "dcsim/core/time.hpp"
#include "dcsim/model/datacenter.hpp"
#include "dcsim/model/dvfs.hpp"
#include "dcsim/policy/placement_policy.hpp"
#include "dcsim/workload/arrivals.hpp"
#include "dcsim/workload/job.hpp"
#include "dcsim/workload/trace/trace_job.hpp"

namespace dcsim {

/// A multi-server FIFO queue (the `queue:` section): W1 `mmc` and its variants.
struct QueueSpec {
  int servers = 1;
  Distribution interarrival = Exponential(1.0);  ///< seconds
  Distribution service = Exponential(1.0);       ///< seconds
};

/// Jobs replayed from a CSV trace (a tenant's `trace:`), streamed row by row.
struct TraceReplaySpec {
  std::string file;             ///< resolved against the scenario file's folder
  GenericTraceMapping mapping;
  OnBadRow on_bad_row = OnBadRow::kStop;
};

/// Where an inference service's demand (tokens/s) comes from: an Azure LLM inference trace
/// (binned into steps, scaled), or a constant rate.
struct DemandSpec {
  std::string azure_file;  ///< resolved against the scenario file's folder; empty = constant
  double constant_tokens_per_s = 0;
  double step_s = 10;      ///< trace binning
  cluster::DemandTokens tokens = cluster::DemandTokens::kOutput;
  double scale = 1;        ///< demand multiplier (a larger user base than the trace's)
  double from_s = 0;       ///< trace window, seconds from its start
  std::optional<double> until_s;
  /// A day's profile: the constant demand times hourly[h] in hour h of each day (24 factors;
  /// empty = flat). Only for a constant demand; it repeats every day.
  std::vector<double> hourly;
  bool repeat = false;     ///< a trace window replayed again and again (a center's service runs all year)
};

/// An inference service on the centers (a tenant's `service:`): replicas of the tenant's
/// `accelerators`, placed like its jobs, autoscaled on the demand (cluster/service_replicas.hpp).
struct ServiceSpec {
  DemandSpec demand;
  std::optional<double> tokens_per_s;  ///< one replica's rate on every chip; unset = estimated from each chip
  double startup_s = 60;
  double interval_s = 15;
  double window_s = 60;
  double target_utilization = 0.8;
  std::uint32_t min_replicas = 1;
  std::uint32_t max_replicas = 1'000'000;
  double scale_down_delay_s = 300;
};

/// One tenant class of a workload: who sends jobs, how often, of what size, how patiently.
struct TenantSpec {
  std::string name;
  /// When jobs arrive, with the price response already applied: every rate of the stream is
  /// multiplied by price_factor = (price / reference_price)^-elasticity (1 when unset).
  ArrivalStream arrivals = PoissonArrivals(1.0);
  std::optional<Money> price;                    ///< per accelerator-second (written per hour)
  std::optional<Money> reference_price;
  double elasticity = 0;
  double price_factor = 1;
  Distribution accelerators = Deterministic(1);  ///< accelerators per job (whole ones)
  Distribution duration = Exponential(1.0);      ///< seconds of run time (or, with work_on_reference, on the reference chip)
  /// `work:` instead of `duration:`: the duration is the run time on the reference chip at
  /// needs.precision, and a job runs it / its chip's relative throughput there.
  bool work_on_reference = false;
  JobNeeds needs;                                ///< what its jobs need of a server and its chips
  /// Per chip id: a factor on the chip's speed for this class's jobs (a less mature stack).
  std::vector<std::pair<std::string, double>> efficiency;
  double busy = 1;                               ///< useful share of the accelerator time its jobs hold
  /// Share of a step's time bound by memory, not by the clock (`memory_bound:` 0..1): how
  /// much a capped clock slows its jobs (model/dvfs.hpp). Unset: 0.2 for jobs (dense
  /// training), 0.8 for services (LLM decode), both estimates.
  std::optional<double> memory_bound;
  std::optional<ServiceSpec> service;            ///< an inference service instead of arriving jobs
  std::optional<Distribution> patience;          ///< seconds a job waits before leaving
  std::optional<TraceReplaySpec> trace;          ///< replaces arrivals, accelerators and duration
  int priority = 0;                              ///< higher first (scheduler.queue: priority); bounds preemption
  double share = 1;                              ///< fair-share weight within its priority level
  bool guaranteed = true;                        ///< false: best-effort, its running jobs may be preempted
  Distribution estimate_factor = Deterministic(1);  ///< run-time estimate / actual (shortest-first, easy-backfill)

  /// Long-run arrivals per second after the price response (un-ramped for a growing profile).
  [[nodiscard]] double rate() const { return mean_rate(arrivals); }
};

/// Jobs asking for accelerators on the scenario's centers (the `workload:` section).
struct WorkloadSpec {
  std::vector<TenantSpec> tenants;
  /// The chip whose speed `work:` is given on (relative throughput 1); empty = h100-sxm when
  /// the catalogue has it, else the chip of the first accelerator server.
  std::string reference_chip;
};

/// A placement policy by its registry name, with its parameters (`scheduler.placement`,
/// either a name or a map {name: ..., <parameter>: <number>}).
struct PlacementSpec {
  std::string name = "first-fit";
  policy::PolicyParams params;
};

/// How queued jobs are started and where they run (the `scheduler:` section).
struct SchedulerSpec {
  std::string queue = "strict-fifo";
  PlacementSpec placement;
};

/// Pods of an Alibaba-openb-style trace packed onto its nodes, without time: they arrive in
/// a per-seed shuffled order, never leave, and a pod that does not fit fails (the `packing:`
/// section; W3, the experiment of "Beware of Fragmentation").
struct PackingSpec {
  std::string nodes_file;  ///< node list (sn, cpu_milli, memory_mib, gpu, model); empty with nodes_from_centers
  /// `nodes: centers`: pack onto the scenario's own centers (their accelerator servers, rack
  /// power budgets and chip speeds) instead of a node list.
  bool nodes_from_centers = false;
  std::string pods_file;   ///< pod list (name, cpu_milli, memory_mib, num_gpu, gpu_milli, [gpu_spec], ...)
  double tune = 0;         ///< pods are added or removed until GPU asked = tune x capacity; 0 = the trace as is
  int replications = 1;    ///< seeds seed, seed + 1, ...
  std::vector<int> report_at = {100};  ///< arrived GPU, % of capacity, where the curves are read
  OnBadRow on_bad_row = OnBadRow::kStop;
  /// Timed: pods arrive at their creation time and leave at their deletion time (pods that
  /// do not fit wait), instead of the timeless experiment. tune, replications and report_at
  /// do not apply; the run is deterministic.
  bool timed = false;
  double arrival_speedup = 1;  ///< timed: creation times divided by this (run times kept): denser demand
};

/// One inference service: its autoscaling settings (the config's demand is filled at run
/// time from `demand`).
struct InferenceServiceSpec {
  cluster::InferenceServiceConfig config;
  DemandSpec demand;
};

/// Inference services sharing a cluster (the `inference:` section).
struct InferenceSpec {
  cluster::InferenceClusterConfig cluster;  ///< nodes, GPUs per node, autoscaler period, preemption
  std::vector<InferenceServiceSpec> services;
};

/// The power model of a run on the centers (the `power:` section; absent = no power model,
/// and no per-event cost): each accelerator's P(u) from its busy share, hosts, racks, the
/// facility overhead from cooling and weather, energy, PUE and carbon (cluster/center_power.hpp).
struct PowerSpec {
  /// `capping: admission` (default): a rack's budget keeps a job off it when the job's peak
  /// would exceed it (as without a power section), so racks are never capped. `capping: dvfs`:
  /// racks take jobs up to their installed servers (oversubscription) and, when their draw
  /// exceeds the budget, their accelerators' clock falls until it fits (model/dvfs.hpp).
  bool dvfs_capping = false;
  DvfsModel dvfs;  ///< `dvfs: {exponent: 3, min_clock: 0.3}`
  /// `switch_off: {after: 30 min, boot: 5 min}`: a server that holds no job for `after`
  /// switches off (draws 0 W); a job placed on it starts `boot` later. Absent: always on.
  struct SwitchOff {
    double after_s = 0;
    double boot_s = 0;
  };
  std::optional<SwitchOff> switch_off;
};

struct StopSpec {
  std::uint64_t completions = 0;  ///< stop at the instant the N-th job completes (after the warm-up); 0 = no such stop
  std::optional<double> time_s;   ///< stop at this simulated time (seconds); the earlier of the two
};

struct ReportSpec {
  std::string time_unit = "h";     ///< unit of the times in the summary
  double time_unit_seconds = 3600;
  int batches = 20;                ///< batch means for the 95% intervals
};

struct Scenario {
  std::string name;
  std::string file;  ///< where it was loaded from
  std::uint64_t seed = 1;
  TimeScale time;    ///< engine.resolution
  std::optional<QueueSpec> queue;  ///< a queueing model (`queue:`), e.g. W1
  DatacenterSpec datacenter;       ///< chips, servers, racks, centers (may be empty)
  std::optional<WorkloadSpec> workload;  ///< jobs run on the centers
  std::optional<PackingSpec> packing;    ///< a pod-trace packing study
  std::optional<InferenceSpec> inference;  ///< autoscaled inference services
  SchedulerSpec scheduler;
  StopSpec stop;
  double warmup_s = 0;   ///< statistics start here (`warmup:`); counts of jobs cover the whole run
  int replications = 1;  ///< independent runs with seeds seed, seed + 1, ... (`replications:`), in parallel
  ReportSpec report;
  std::optional<PowerSpec> power;  ///< `power:`; runs on centers only

  /// What a reader of the results must know about how the scenario was read (a `--set` of a
  /// key the model does not use); a run puts them first in its summary's notes.
  std::vector<std::string> notes;
  /// The scenario as YAML that loads alone to this one: includes merged, `--set` applied,
  /// paths of the files it reads absolute, `name:` written (the output folder's scenario.yaml).
  std::string resolved_yaml;
  /// The files read or named: the scenario, its includes, traces (as resolved, not absolute).
  std::vector<std::string> input_files;
  /// The allowed folders holding the traces it reads (the scenario's own folder and
  /// --allow-path ones, absolute): what loading resolved_yaml from elsewhere must allow.
  std::vector<std::string> input_folders;
};

/// One `--set key.path=value` from the command line.
struct Override {
  std::string key_path;
  std::string value;
  [[nodiscard]] std::string text() const { return "--set " + key_path + "=" + value; }
};

/// Parses "key.path=value"; throws ConfigError when there is no '=' or the path is empty.
[[nodiscard]] Override parse_override(std::string_view argument);

/// Reads, overrides and validates a scenario file. Throws ConfigError naming
/// file:line:column, the key path, what was expected and what was found (every problem
/// found, up to 20).
///
/// Files it names (include:, traces, node and pod lists) must lie inside the scenario file's
/// folder tree or one of `allowed_folders` (`--allow-path`), symbolic links resolved; nothing
/// under /proc, /sys or /dev is ever read.
[[nodiscard]] Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {},
                                     const std::vector<std::string>& allowed_folders = {});

/// Reads a file of definitions only (a chip catalogue, server and rack types): the same
/// language and checks as load_scenario, but nothing to simulate is required.
[[nodiscard]] Scenario load_catalog(const std::string& path, const std::vector<std::string>& allowed_folders = {});

}  // namespace dcsim

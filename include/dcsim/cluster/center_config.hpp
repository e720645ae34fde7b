#pragma once
// The center model's configuration and results (cluster/center_model.hpp runs them): queue
// disciplines by name, tenant classes with their arrivals, job mix, needs and services, the
// shapes a job can take, and what a run reports.
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dcsim/cluster/service_replicas.hpp"
#include "dcsim/core/distributions.hpp"
#include "dcsim/core/time.hpp"
#include "dcsim/metrics/batch_means.hpp"
#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement_policy.hpp"
#include "dcsim/workload/arrivals.hpp"
#include "dcsim/workload/trace/trace_job.hpp"

namespace dcsim::cluster {

class CenterObserver;  // center_signals.hpp
class SpeedGovernor;

/// Which waiting jobs may start (see the file comment for each rule).
enum class QueueDiscipline : std::uint8_t { kStrictFifo, kFirstFit, kShortestFirst, kEasyBackfill, kPriority };

inline constexpr std::array<std::pair<QueueDiscipline, std::string_view>, 5> kQueueDisciplineNames{{
    {QueueDiscipline::kStrictFifo, "strict-fifo"},
    {QueueDiscipline::kFirstFit, "first-fit"},
    {QueueDiscipline::kShortestFirst, "shortest-first"},
    {QueueDiscipline::kEasyBackfill, "easy-backfill"},
    {QueueDiscipline::kPriority, "priority"},
}};

/// The name a scenario file uses: "strict-fifo", "first-fit", "shortest-first",
/// "easy-backfill", "priority".
[[nodiscard]] constexpr std::string_view to_string(QueueDiscipline d) {
  for (const auto& [discipline, name] : kQueueDisciplineNames) {
    if (discipline == d) return name;
  }
  return "unknown";
}

/// The discipline of that name, or nullopt.
[[nodiscard]] constexpr std::optional<QueueDiscipline> queue_discipline_from_string(std::string_view name) {
  for (const auto& [discipline, n] : kQueueDisciplineNames) {
    if (n == name) return discipline;
  }
  return std::nullopt;
}

/// Jobs replayed from a trace, read one at a time (the whole trace is never in memory or in
/// the event queue). `next` fills the next job in arrival order and returns false at the end.
class JobSource {
 public:
  virtual ~JobSource() = default;
  virtual bool next(TraceJob& job) = 0;
};

/// One class of tenants: its own arrivals, job mix and patience, each from its own named
/// random streams, so adding a class never changes another class's draws. With `replay`, its
/// jobs (arrival, accelerators, duration) come from a trace instead of the three
/// distributions; patience and estimates still apply.
struct TenantClass {
  std::string name = "jobs";
  ArrivalStream arrivals = PoissonArrivals(1.0);  ///< when its jobs arrive (seconds)
  Distribution demand = Deterministic(1.0);      ///< accelerators per job (rounded, >= 1)
  Distribution duration = Exponential(1.0);      ///< seconds of run time
  std::optional<Distribution> patience = std::nullopt;  ///< seconds a job waits before leaving; none = forever
  std::function<std::unique_ptr<JobSource>()> replay = nullptr;  ///< opens the trace, once per run
  /// Estimated run time / actual run time: one draw per job from the stream "<name>/estimate"
  /// (shortest-first and easy-backfill only; kept across preemptions; a negative draw counts
  /// as 0). Deterministic(1): exact estimates.
  Distribution estimate_factor = Deterministic(1.0);
  /// `priority` discipline: higher goes first. Under any discipline a guaranteed job
  /// preempts only best-effort jobs of a priority <= its own.
  int priority = 0;
  double share = 1.0;      ///< `priority` discipline: fair-share weight within its level (> 0)
  bool guaranteed = true;  ///< false = best-effort: its running jobs may be preempted by guaranteed ones

  // ---- What its jobs need of the center (see JobShape below) ----
  /// Everything a job asks of a node besides how many accelerators: host CPU and memory (per
  /// node), allowed GPU models of the table, the precision it runs at, the least rack power
  /// budget. gpu_milli: 1000 = whole accelerators (a job of `demand` of them), below 1000 = a
  /// share of one accelerator (GPU-sharing pod, demand ignored), 0 = a CPU-only job. `gpus`
  /// and `node_gpus` are set per job.
  policy::PodRequest request{0, 0, 0, policy::kMilliPerGpu};
  /// The duration is the run time on the reference chip (speed 1 in the node table) and a job
  /// runs duration / speed on the chips it gets, speed = throughput at request.precision x
  /// efficiency; false: the duration is the run time wherever it runs (traces, W2).
  bool scales_with_chip = false;
  /// Per GPU model of the node table: a factor on its speed for this class's jobs (a
  /// software stack that reaches less of the peak); empty = 1 everywhere.
  std::vector<double> efficiency = {};
  /// Share of the accelerator time its jobs hold that is useful work (0..1]: training keeps
  /// its accelerators ~fully busy; a job stalled on data or a leased box at night does not.
  double busy_share = 1.0;
  /// Non-empty when no node of the center can ever serve this class (no chip with its
  /// precision, stack, memory; no rack dense enough): every job is rejected at arrival,
  /// counted as rejected for this reason.
  std::string unservable = {};
  /// An inference service instead of a stream of jobs (cluster/service_replicas.hpp): no
  /// arrivals; replicas of `service->accelerators` held while the autoscaler wants them.
  std::optional<ServiceClass> service = std::nullopt;
};

/// How a job runs, decided at arrival from its tenant's request and its demand: on one node
/// (CPU only, a share of one accelerator, or k whole accelerators when some eligible node has
/// k), or as a gang of whole nodes of the largest eligible size.
enum class JobShape : std::uint8_t { kCpu, kShare, kNode, kGang };
inline constexpr std::size_t kJobShapeCount = 4;
inline constexpr std::array<std::string_view, kJobShapeCount> kJobShapeNames{"cpu", "gpu_share", "node", "gang"};

/// What happened to the jobs of one tenant class or of one shape; at the stop,
/// arrivals = completions + rejected + withdrawn + queued + running.
struct JobFates {
  std::uint64_t arrivals = 0, completions = 0, rejected = 0, withdrawn = 0, queued = 0, running = 0;
  friend bool operator==(const JobFates&, const JobFates&) = default;
};

struct TenantResult {
  std::string name;
  std::string unservable;          ///< why every job was rejected, when that is so
  std::uint64_t arrivals = 0;
  std::uint64_t completions = 0;   ///< every completion, the warm-up's included
  std::uint64_t measured_completions = 0;  ///< those after the warm-up (the waits' sample)
  std::uint64_t withdrawn = 0;     ///< lost demand: left the queue out of patience
  std::uint64_t rejected = 0;      ///< can never run here (larger than the center, or no chip it can use)
  std::uint64_t rejected_on_empty_center = 0;  ///< of those: found only when it did not fit the empty center
  std::uint64_t preemptions = 0;   ///< its running jobs preempted (a job may be preempted several times)
  double lost_accelerator_seconds = 0;  ///< work thrown away by those preemptions (accelerators held x time run)
  double wait_sum = 0;             ///< seconds, over its measured completions
  [[nodiscard]] double mean_wait() const { return measured_completions ? wait_sum / double(measured_completions) : 0.0; }
};

struct CenterConfig {
  std::uint32_t nodes = 1;
  std::uint32_t accelerators_per_node = 8;
  std::vector<TenantClass> tenants = {TenantClass{}};
  std::uint64_t completions = 1000;              ///< stop at the instant of the N-th completion
  int batches = 20;
  std::uint64_t seed = 1;
  TimeScale time{1e-6};
  QueueDiscipline discipline = QueueDiscipline::kStrictFifo;
  /// Placement through a policy of policy/placement_policy.hpp instead of the built-in first
  /// fit: `placement` makes this run's policy (a fresh one per model, so runs are
  /// independent). A job of at most one node's accelerators is a pod of that many whole
  /// GPUs; a larger one is a gang of whole nodes (PlacementPolicy::place_gang).
  std::function<std::unique_ptr<policy::PlacementPolicy>()> placement = nullptr;
  /// The nodes (racks, network pods, rack power, chip speeds; see policy/datacenter_nodes.hpp):
  /// servers of any size and chip, CPU-only ones included. Unset = `nodes` plain nodes with
  /// `accelerators_per_node` GPUs each.
  std::optional<policy::NodeTable> node_table = std::nullopt;
  /// Statistics (waits, allocation) start here; jobs and counts are kept from tick 0. The N
  /// completions of `completions` are counted from here.
  double warmup_s = 0;
  /// Stop at this simulated time as well (the earlier of the two); infinite = none.
  double stop_s = std::numeric_limits<double>::infinity();
  /// Told of every job start and end and of time advancing (center_signals.hpp); not owned,
  /// they must outlive the run.
  std::vector<CenterObserver*> observers = {};
  /// Sets running jobs' speeds (a power cap; center_signals.hpp); also told what observers
  /// are. Not owned; null = none.
  SpeedGovernor* governor = nullptr;
};

struct CenterResult {
  std::uint64_t completions = 0;
  std::uint64_t arrivals = 0;
  std::uint64_t rejected = 0;        ///< can never run here: at arrival, or on the empty center (TenantResult)
  std::uint64_t withdrawn = 0;       ///< left the queue out of patience
  std::uint64_t queued_at_stop = 0;
  std::uint64_t running_at_stop = 0;
  std::uint64_t preemptions = 0;     ///< running best-effort jobs sent back to the queue
  double lost_accelerator_seconds = 0;  ///< their work thrown away (part of allocated_accelerator_seconds)
  std::uint64_t events = 0;
  double end_seconds = 0;
  MeanEstimate wait;                 ///< seconds, (last) start - arrival
  double wait_p99 = 0;               ///< nearest rank over the N completed jobs
  double utilization = 0;            ///< allocated accelerator-time / (capacity x measured time), lost work included
  double allocated_accelerator_seconds = 0;  ///< held by jobs and replicas over the measured time (a share counts its fraction)
  double measured_seconds = 0;       ///< from the end of the warm-up to the stop
  std::vector<TenantResult> tenants;
  // Allocated and busy accelerator time by GPU model of the table and tenant class.
  std::vector<std::string> models;         ///< the table's GPU models
  std::vector<double> model_accelerators;  ///< installed accelerators of each
  /// Accelerator-seconds held, [model * tenants + tenant], over the measured time (a GPU
  /// share counts its fraction).
  std::vector<double> allocated_by_cell;
  double cpu_capacity_milli = 0;
  double cpu_allocated_milli_seconds = 0;  ///< CPU held by jobs, over the measured time
  std::array<JobFates, kJobShapeCount> shapes{};  ///< per job shape
  std::vector<JobFates> tenant_fates;      ///< per tenant
  /// Busy (useful) accelerator-seconds, [model * tenants + tenant]: allocated x busy_share for
  /// job tenants, served / ready capacity of the ready replicas' time for services.
  std::vector<double> busy_by_cell;
  std::vector<ServiceResult> services;     ///< per tenant (meaningful for service tenants)
};

}  // namespace dcsim::cluster

#pragma once
// Jobs that ask for N accelerators on a cluster of nodes, first-fit placement — W2
// `gpu-cluster` of the reference workloads (shared/bench/WORKLOADS.md):
//   - a job of at most one node's accelerators runs on one node: the lowest-id node with
//     enough free accelerators;
//   - a larger job is a gang: it needs ceil(demand / per-node) whole free nodes at once, the
//     lowest-id ones, and starts on all of them together;
//   - a job larger than the whole cluster is rejected at arrival (counted, never queued);
//   - jobs come from one or more tenant classes, each with its own arrival stream, job mix and
//     patience: a job still waiting when its patience runs out is withdrawn (lost demand) and
//     is never started.
// Same conventions as W1: uncapped arrivals, stop at the N-th completion, statistics over
// those N jobs in completion order.
//
// Queue disciplines (GangClusterConfig::discipline) decide which waiting jobs may start:
//   strict-fifo     only the earliest arrival may start; it blocks everything behind it (W2).
//   first-fit       the waiting jobs in arrival order; every one that fits now starts.
//   shortest-first  smallest estimated run time first (ties: arrival order). The job of
//                   smallest estimate blocks like a FIFO head: nothing may pass it. Letting
//                   others pass would be first-fit by estimate and starve large gangs with
//                   short estimates; blocking keeps SJF a pure change of order.
//   easy-backfill   EASY backfilling (Lifka 1995; Mu'alem & Feitelson 2001). The earliest
//                   arrival blocked is the head and gets a reservation: its shadow time is
//                   found by walking the running jobs in order of estimated end (start +
//                   estimate), handing their accelerators back to the free state (then
//                   undone), until the head fits with first fit; the nodes it would then take
//                   are reserved. A later job (in arrival order) starts now if it fits now and
//                   either its estimated end <= the shadow time (it is placed by plain first
//                   fit, reserved nodes included: it will be gone by then), or it fits by
//                   first fit over the unreserved nodes only (it never touches the head's).
//                   With exact estimates the head starts at its shadow time at the latest: a
//                   backfilled job never delays it. With underestimates (estimate_factor < 1)
//                   a job still runs after its estimated end, so the head can start later
//                   than its shadow time; with overestimates fewer jobs backfill.
//   priority        tenant classes by `priority` (higher first). Within one priority level
//                   the tenant using least (accelerators its running jobs hold / `share`)
//                   goes first (ties: the earlier head arrival); within a tenant, FIFO. A
//                   tenant's head that does not fit blocks its own tenant only: other tenants
//                   of the same level may still start (so a tenant with large jobs can wait
//                   long), but a level in which any head is blocked blocks every lower level.
// Estimates: a job's estimated run time is its actual duration times a factor drawn from its
// tenant's `estimate_factor` on the stream "<tenant>/estimate" (only shortest-first and
// easy-backfill draw it, so the other streams never change).
//
// Preemption is not a discipline of its own: it happens under any discipline as soon as a
// tenant class is best-effort (`guaranteed = false`). When the job the discipline waits for
// (the FIFO head under strict-fifo, first-fit and easy-backfill, the smallest estimate under
// shortest-first, each tenant head the priority order reaches) is guaranteed and does not
// fit, running best-effort jobs of no higher priority than its own are given back, the most
// recently started first (least progress lost), until it fits; if giving back all of them
// would not make it fit, nothing is preempted. Of the jobs so walked, only those on the nodes
// the guaranteed job then takes are actually preempted (the others were not in its way). A
// preempted job loses its progress, goes back to the queue at its original arrival position
// with its full duration, and draws a fresh patience (it waits again, from the preemption).
// Its wait, when it finally completes, is its last start minus its first arrival.
//
// Strict FIFO with no best-effort tenant is the reference W2 workload and the hot path: it
// keeps a ring buffer of waiting jobs and touches none of the bookkeeping above. Every other
// configuration goes through WaitingJobs, whose strict-FIFO rule gives the same results (a
// test checks it).
#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "dcsim/cluster/indexed_min_heap.hpp"
#include "dcsim/cluster/waiting_jobs.hpp"
#include "dcsim/core/distributions.hpp"
#include "dcsim/core/engine.hpp"
#include "dcsim/core/random.hpp"
#include "dcsim/core/ring_queue.hpp"
#include "dcsim/core/time.hpp"
#include "dcsim/metrics/batch_means.hpp"
#include "dcsim/metrics/time_average.hpp"
#include "dcsim/policy/free_capacity_index.hpp"
#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement_policy.hpp"
#include "dcsim/workload/arrivals.hpp"
#include "dcsim/workload/trace/trace_job.hpp"

namespace dcsim::cluster {

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
};

struct TenantResult {
  std::string name;
  std::uint64_t arrivals = 0;
  std::uint64_t completions = 0;   ///< of the N counted
  std::uint64_t withdrawn = 0;     ///< lost demand: left the queue out of patience
  std::uint64_t rejected = 0;
  std::uint64_t preemptions = 0;   ///< its running jobs preempted (a job may be preempted several times)
  double lost_accelerator_seconds = 0;  ///< work thrown away by those preemptions (accelerators held x time run)
  double wait_sum = 0;             ///< seconds, over its completed jobs
  [[nodiscard]] double mean_wait() const { return completions ? wait_sum / double(completions) : 0.0; }
};

struct GangClusterConfig {
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
  /// The nodes as the policy sees them (racks, network pods, rack power, chip speeds; see
  /// policy/datacenter_nodes.hpp), `nodes` of them with `accelerators_per_node` GPUs each;
  /// unset = plain nodes. Used only with `placement`.
  std::optional<policy::NodeTable> node_table = std::nullopt;
};

struct GangClusterResult {
  std::uint64_t completions = 0;
  std::uint64_t arrivals = 0;
  std::uint64_t rejected = 0;        ///< larger than the whole cluster
  std::uint64_t withdrawn = 0;       ///< left the queue out of patience
  std::uint64_t queued_at_stop = 0;
  std::uint64_t running_at_stop = 0;
  std::uint64_t preemptions = 0;     ///< running best-effort jobs sent back to the queue
  double lost_accelerator_seconds = 0;  ///< their work thrown away (part of busy_accelerator_seconds)
  std::uint64_t events = 0;
  double end_seconds = 0;
  MeanEstimate wait;                 ///< seconds, (last) start - arrival
  double wait_p99 = 0;               ///< nearest rank over the N completed jobs
  double utilization = 0;            ///< busy accelerator-time / (capacity x T_stop), lost work included
  double busy_accelerator_seconds = 0;
  std::vector<TenantResult> tenants;
};

class GangCluster {
 public:
  enum Kind : std::uint32_t { kArrival = 0, kCompletion = 1, kPatienceOut = 2 };

  /// Every job's fate so far: arrivals = completions + running + queued + withdrawn + rejected.
  struct Counts {
    std::uint64_t arrivals = 0, completions = 0, running = 0, queued = 0, withdrawn = 0, rejected = 0, preemptions = 0;
  };
  /// EASY's reservation for the blocked head: when it will have room at the latest, if the
  /// running jobs end when estimated.
  struct Reservation {
    std::uint64_t head_seq;  ///< the head's arrival order
    Tick shadow;
  };

  explicit GangCluster(const GangClusterConfig& c)
      : config_(c),
        free_(c.nodes, c.accelerators_per_node),
        general_(c.discipline != QueueDiscipline::kStrictFifo ||
                 std::any_of(c.tenants.begin(), c.tenants.end(), [](const TenantClass& t) { return !t.guaranteed; })),
        preemption_(std::any_of(c.tenants.begin(), c.tenants.end(), [](const TenantClass& t) { return !t.guaranteed; })),
        uses_estimates_(c.discipline == QueueDiscipline::kShortestFirst || c.discipline == QueueDiscipline::kEasyBackfill),
        tracks_estimated_ends_(c.discipline == QueueDiscipline::kEasyBackfill),
        waiting_(c.tenants.size(), c.discipline == QueueDiscipline::kShortestFirst) {
    for (const auto& t : c.tenants) {
      if (!(t.share > 0) || !std::isfinite(t.share)) {
        throw std::invalid_argument("tenant class '" + t.name + "': share must be a finite number > 0, got " +
                                    std::to_string(t.share));
      }
      const std::string base = t.name;
      streams_.push_back(Streams{RandomStream::derive(c.seed, base + "/arrivals"), RandomStream::derive(c.seed, base + "/demand"),
                                 RandomStream::derive(c.seed, base + "/duration"), RandomStream::derive(c.seed, base + "/patience"),
                                 RandomStream::derive(c.seed, base + "/estimate")});
      tenant_results_.push_back(TenantResult{t.name});
      replays_.push_back(t.replay ? t.replay() : nullptr);
    }
    replay_next_.resize(c.tenants.size());
    waits_.reserve(c.completions);
    chosen_.resize(c.nodes);
    held_.assign(c.tenants.size(), 0);
    tried_.assign(c.tenants.size(), 0);
    reserved_.assign(c.nodes, 0);
    if (c.placement) {
      placement_ = c.placement();
      if (c.node_table) {
        table_ = *c.node_table;
      } else {
        table_ = policy::NodeTable(std::vector<policy::NodeShape>(c.nodes, policy::NodeShape{"node", 0, 0, c.accelerators_per_node, "gpu"}));
      }
      if (table_->size() != c.nodes) throw std::invalid_argument("gang cluster: the node table has a different number of nodes");
      for (std::uint32_t n = 0; n < c.nodes; ++n) {
        if (table_->gpu_count(n) != c.accelerators_per_node) {
          throw std::invalid_argument("gang cluster: every node of the table needs accelerators_per_node GPUs");
        }
      }
    }
    victim_nodes_.assign(c.nodes, 0);
    // priority levels: tenant ids by decreasing priority, ties in configuration order
    for (std::uint32_t t = 0; t < c.tenants.size(); ++t) level_tenants_.push_back(t);
    std::stable_sort(level_tenants_.begin(), level_tenants_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return c.tenants[a].priority > c.tenants[b].priority; });
    for (std::uint32_t i = 0; i < level_tenants_.size(); ++i) {
      if (i == 0 || c.tenants[level_tenants_[i]].priority != c.tenants[level_tenants_[i - 1]].priority) level_begin_.push_back(i);
    }
    level_begin_.push_back(static_cast<std::uint32_t>(level_tenants_.size()));
  }

  template <class Sim>
  void start(Sim& sim) {
    for (std::uint32_t t = 0; t < config_.tenants.size(); ++t) schedule_next_arrival(t, sim);
  }

  template <class Sim>
  void handle(const Event& e, Sim& sim) {
    switch (e.kind) {
      case kArrival: arrive(e.target, sim); break;
      case kCompletion: complete(e.target, sim); break;
      default: run_out_of_patience(e.target, sim); break;
    }
  }

  [[nodiscard]] GangClusterResult result(Tick now, std::uint64_t events) const {
    GangClusterResult r;
    r.completions = completions_;
    r.arrivals = arrivals_;
    r.rejected = rejected_;
    r.withdrawn = withdrawn_;
    r.preemptions = preemptions_;
    r.lost_accelerator_seconds = lost_accelerator_seconds_;
    r.tenants = tenant_results_;
    r.queued_at_stop = queued();
    r.running_at_stop = running_;
    r.events = events;
    r.end_seconds = config_.time.seconds(now);
    r.wait = batch_means(waits_, config_.batches);
    if (!waits_.empty()) {
      std::vector<double> sorted = waits_;
      const auto rank = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(sorted.size()))) - 1;
      std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank), sorted.end());
      r.wait_p99 = sorted[rank];
    }
    const double capacity = double(config_.nodes) * config_.accelerators_per_node;
    r.busy_accelerator_seconds = config_.time.seconds(1) * busy_.integral(now);
    r.utilization = busy_.mean(now) / capacity;
    return r;
  }

  /// Per tenant class so far (usable before the run ends, unlike result()).
  [[nodiscard]] const std::vector<TenantResult>& tenants() const { return tenant_results_; }

  /// Counts so far, cheap enough to check after every event.
  [[nodiscard]] Counts counts() const {
    return Counts{arrivals_, completions_, running_, queued(), withdrawn_, rejected_, preemptions_};
  }

  /// Calls f(nodes, count) for every running job with the list of its nodes (tests, reports).
  template <class F>
  void for_each_running_job(F f) const {
    for (std::uint32_t slot = 0; slot < jobs_.size(); ++slot) {
      if (jobs_[slot].state == SlotState::kRunning) f(gang_nodes_.data() + jobs_[slot].first_node, jobs_[slot].node_count);
    }
  }

  /// Accelerators in use now (for tests: never above capacity).
  [[nodiscard]] std::int64_t busy_accelerators() const { return busy_.level(); }
  [[nodiscard]] const FreeCapacityIndex& free_capacity() const { return free_; }

  /// Calls f(node, accelerators) for every node every running job holds (for tests: the
  /// free-capacity index must agree with it).
  template <class F>
  void for_each_held_node(F f) const {
    for (std::uint32_t slot = 0; slot < jobs_.size(); ++slot) {
      const Job& job = jobs_[slot];
      if (job.state != SlotState::kRunning) continue;
      for (std::uint32_t i = 0; i < job.node_count; ++i) f(gang_nodes_[job.first_node + i], held_per_node(job));
    }
  }

  /// Under easy-backfill: the reservation the blocked head would get now; nullopt when no
  /// job waits or under another discipline. (Walks the running jobs: for tests and reports,
  /// not per event.)
  [[nodiscard]] std::optional<Reservation> head_reservation(Tick now) {
    if (config_.discipline != QueueDiscipline::kEasyBackfill || waiting_.empty()) return std::nullopt;
    const WaitingJob head = waiting_[waiting_.first()];
    if (first_fit(head.demand, kExcludeNone)) return Reservation{head.seq, now};
    return Reservation{head.seq, reserve_for(head)};
  }

 private:
  // Strict FIFO's ring entry (the hot path: small, and no order but arrival).
  struct Waiting {
    Tick arrival;
    Tick duration;
    std::uint32_t demand;
    std::uint32_t tenant;
    bool withdrawn;  // left out of patience; dropped when it reaches the head
  };
  struct Streams {
    RandomStream arrivals, demand, duration, patience, estimate;
  };
  enum class SlotState : std::uint8_t { kFree, kRunning, kPreempted };
  struct Job {
    Tick arrival = 0;
    Tick start = 0;
    Tick duration = 0;       // the general path only: a preempted job is queued again with it
    Tick estimate = 0;       // the general path only
    std::uint64_t seq = 0;   // the general path only: arrival order
    std::uint32_t demand = 0;
    std::uint32_t tenant = 0;
    std::uint32_t busy = 0;        // accelerators held (a gang holds whole nodes)
    std::uint32_t first_node = 0;  // into gang_nodes_
    std::uint32_t node_count = 0;
    std::uint32_t newer = kNoSlot;  // running best-effort jobs, linked in start order: the preemption order
    std::uint32_t older = kNoSlot;
    SlotState state = SlotState::kFree;
  };

  static constexpr std::uint32_t kNoSlot = ~std::uint32_t{0};
  static constexpr std::uint32_t kNone = WaitingJobs::kNone;
  static constexpr auto kExcludeNone = [](std::uint32_t) { return false; };

  // ---- Arrivals -----------------------------------------------------------------------

  // Streams give absolute times; a stream whose rate fell to zero for good returns +inf
  // (kNever in ticks) and simply stops.
  template <class Sim>
  void schedule_next_arrival(std::uint32_t tenant, Sim& sim) {
    if (replays_[tenant]) {  // the trace's next job, read one ahead
      if (replays_[tenant]->next(replay_next_[tenant])) {
        sim.schedule_at(std::max(config_.time.ticks(replay_next_[tenant].arrival_s), sim.now()), kArrival, tenant);
      }
      return;
    }
    const Tick at = config_.time.ticks(next_arrival(config_.tenants[tenant].arrivals, streams_[tenant].arrivals));
    if (at != kNever) sim.schedule_at(std::max(at, sim.now()), kArrival, tenant);
  }

  [[nodiscard]] std::uint32_t nodes_for(std::uint32_t demand) const {
    return (demand + config_.accelerators_per_node - 1) / config_.accelerators_per_node;
  }

  template <class Sim>
  void arrive(std::uint32_t tenant, Sim& sim) {
    ++arrivals_;
    TenantClass& t = config_.tenants[tenant];
    Streams& rng = streams_[tenant];
    ++tenant_results_[tenant].arrivals;
    std::uint32_t demand;
    Tick duration;
    if (replays_[tenant]) {
      const TraceJob& job = replay_next_[tenant];
      demand = static_cast<std::uint32_t>(std::max(1, job.accelerators));
      duration = config_.time.ticks(job.duration_s);
    } else {
      demand = static_cast<std::uint32_t>(std::max(1.0, std::round(sample(t.demand, rng.demand))));
      duration = config_.time.ticks(sample(t.duration, rng.duration));
    }
    schedule_next_arrival(tenant, sim);  // after reading this job: the replay reads the next one
    if (demand > std::uint64_t{config_.nodes} * config_.accelerators_per_node) {
      ++rejected_;
      ++tenant_results_[tenant].rejected;
      return;
    }
    if (general_) {
      arrive_general(tenant, demand, duration, sim);
      return;
    }
    const std::uint32_t id = tail_id_++;
    queue_.push(Waiting{sim.now(), duration, demand, tenant, false});
    if (queue_.size() == 1) start_fifo_heads(sim);  // otherwise the head is unchanged and still blocked
    // Patience only matters to a job that has to wait: its deadline is scheduled then.
    if (t.patience && std::uint32_t(id - head_id_) < queue_.size()) {  // still waiting
      sim.schedule_after(config_.time.ticks(sample(*t.patience, rng.patience)), kPatienceOut, id);
    }
  }

  template <class Sim>
  void run_out_of_patience(std::uint32_t id, Sim& sim) {
    if (general_) {
      withdraw_general(id, sim);
      return;
    }
    // A waiting job's patience ran out: it leaves (lazily: marked, dropped at the head).
    const std::uint32_t offset = id - head_id_;  // ids wrap; offsets past the queue = already started
    if (offset >= queue_.size() || queue_[offset].withdrawn) return;
    queue_[offset].withdrawn = true;
    ++withdrawn_;
    ++withdrawn_in_queue_;
    ++tenant_results_[queue_[offset].tenant].withdrawn;
    if (offset == 0) start_fifo_heads(sim);  // the head left: the next may fit
  }

  template <class Sim>
  void complete(std::uint32_t slot, Sim& sim) {
    Job& job = jobs_[slot];
    if (job.state == SlotState::kPreempted) {  // the end of a run thrown away: only the slot was kept
      release_slot(slot);
      return;
    }
    const double wait = config_.time.seconds(job.start - job.arrival);
    waits_.push_back(wait);
    ++tenant_results_[job.tenant].completions;
    tenant_results_[job.tenant].wait_sum += wait;
    release_nodes(job);
    busy_.set(sim.now(), busy_.level() - job.busy);
    --running_;
    if (general_) forget_running(slot);
    release_slot(slot);
    if (++completions_ == config_.completions) {
      sim.stop();
      return;
    }
    if (general_) {
      run_queue(sim);
    } else {
      start_fifo_heads(sim);
    }
  }

  // ---- Strict FIFO, no preemption: the ring buffer -----------------------------------------

  // Start heads while the head fits; stop at the first that does not.
  template <class Sim>
  void start_fifo_heads(Sim& sim) {
    while (!queue_.empty()) {
      const Waiting head = queue_.front();
      if (head.withdrawn) {
        queue_.pop();
        ++head_id_;
        --withdrawn_in_queue_;
        continue;
      }
      const std::uint32_t slot = place(head.demand);
      if (slot == kNoSlot) return;
      queue_.pop();
      ++head_id_;
      launch(slot, head.arrival, head.demand, head.tenant, head.duration, sim);
    }
  }

  // The bookkeeping every start shares.
  template <class Sim>
  Job& launch(std::uint32_t slot, Tick arrival, std::uint32_t demand, std::uint32_t tenant, Tick duration, Sim& sim) {
    Job& job = jobs_[slot];
    job.arrival = arrival;
    job.start = sim.now();
    job.demand = demand;
    job.tenant = tenant;
    job.busy = job.node_count == 1 ? demand : job.node_count * config_.accelerators_per_node;
    job.state = SlotState::kRunning;
    busy_.set(sim.now(), busy_.level() + job.busy);
    ++running_;
    sim.schedule_after(duration, kCompletion, slot);
    return job;
  }

  // ---- Every other discipline, and preemption: WaitingJobs -------------------------------

  [[nodiscard]] std::uint64_t queued() const { return general_ ? waiting_.size() : queue_.size() - withdrawn_in_queue_; }

  template <class Sim>
  void arrive_general(std::uint32_t tenant, std::uint32_t demand, Tick duration, Sim& sim) {
    const Tick estimate =
        uses_estimates_ ? estimate_of(duration, sample(config_.tenants[tenant].estimate_factor, streams_[tenant].estimate)) : duration;
    const std::uint64_t seq = next_seq_++;
    const std::uint32_t id = waiting_.add(WaitingJob{sim.now(), duration, estimate, seq, demand, tenant});
    // Only what the arrival changed is looked at: every job already waiting was found unable
    // to start by the last pass, and capacity has not grown since.
    switch (config_.discipline) {
      case QueueDiscipline::kStrictFifo:
        if (waiting_.first() == id) run_queue(sim);
        break;
      case QueueDiscipline::kFirstFit:  // a newcomer is last in arrival order; first only if alone
        if (waiting_.first() == id) {
          run_queue(sim);
        } else {
          start_if_fits(id, sim);
        }
        break;
      case QueueDiscipline::kShortestFirst:
        if (waiting_.shortest() == id) run_queue(sim);
        break;
      case QueueDiscipline::kEasyBackfill:
        if (waiting_.first() == id) {
          run_queue(sim);
        } else {
          backfill(waiting_.first(), id, sim);
        }
        break;
      case QueueDiscipline::kPriority:
        if (waiting_.tenant_first(tenant) == id) run_queue(sim);
        break;
    }
    // Still waiting since its arrival? (If it started, the entry may already hold a preempted
    // job — even this one, preempted in the same pass, which then drew its own patience.)
    if (waiting_.waiting(id) && waiting_[id].seq == seq && !waiting_.held(id)) wait_with_patience(id, sim);
  }

  // Patience only matters to a job that has to wait: its deadline is scheduled then (again
  // after a preemption, from a fresh draw).
  template <class Sim>
  void wait_with_patience(std::uint32_t id, Sim& sim) {
    const std::uint32_t tenant = waiting_[id].tenant;
    const TenantClass& t = config_.tenants[tenant];
    if (!t.patience) return;
    waiting_.hold(id);
    sim.schedule_after(config_.time.ticks(sample(*t.patience, streams_[tenant].patience)), kPatienceOut, id);
  }

  template <class Sim>
  void withdraw_general(std::uint32_t id, Sim& sim) {
    if (!waiting_.drop_hold(id)) return;  // it had started (a preempted job waits again under a new id)
    const WaitingJob job = waiting_[id];
    // Only the job the discipline was waiting for can unblock others by leaving.
    bool was_blocking = false;
    switch (config_.discipline) {
      case QueueDiscipline::kShortestFirst: was_blocking = waiting_.shortest() == id; break;
      case QueueDiscipline::kPriority: was_blocking = waiting_.tenant_first(job.tenant) == id; break;
      default: was_blocking = waiting_.first() == id; break;
    }
    waiting_.remove(id);
    ++withdrawn_;
    ++tenant_results_[job.tenant].withdrawn;
    if (was_blocking) run_queue(sim);
  }

  // One scheduling pass: start what the discipline allows now.
  template <class Sim>
  void run_queue(Sim& sim) {
    switch (config_.discipline) {
      case QueueDiscipline::kStrictFifo: {
        std::uint32_t head;
        while ((head = waiting_.first()) != kNone && start_or_preempt(head, sim)) {
        }
        break;
      }
      case QueueDiscipline::kFirstFit: first_fit_pass(sim); break;
      case QueueDiscipline::kShortestFirst: {
        std::uint32_t shortest;
        while ((shortest = waiting_.shortest()) != kNone && start_or_preempt(shortest, sim)) {
        }
        break;
      }
      case QueueDiscipline::kEasyBackfill: {
        std::uint32_t head;
        while ((head = waiting_.first()) != kNone && start_or_preempt(head, sim)) {
        }
        if (head != kNone) backfill(head, waiting_.next(head), sim);
        break;
      }
      case QueueDiscipline::kPriority: priority_pass(sim); break;
    }
  }

  // Whether a job fits now is monotone in its demand within a pass (capacity only shrinks as
  // jobs start; no node has d free => none has more, and none is whole): once a demand d is
  // found not to fit, every later job asking d or more is skipped without a look, and a
  // blocked demand of 1 ends the scan.
  static constexpr std::uint32_t kNothingBlocked = ~std::uint32_t{0};

  template <class Sim>
  void first_fit_pass(Sim& sim) {
    // The earliest arrival is the one first-fit waits for: only it may preempt. Victims come
    // back at their arrival positions, possibly first: look at the first again.
    std::uint32_t first;
    while ((first = waiting_.first()) != kNone && start_or_preempt(first, sim)) {
    }
    if (first == kNone) return;
    std::uint32_t smallest_blocked = waiting_[first].demand;
    for (std::uint32_t id = waiting_.next(first), next; id != kNone && smallest_blocked > 1; id = next) {
      next = waiting_.next(id);
      if (waiting_[id].demand < smallest_blocked && !start_if_fits(id, sim)) smallest_blocked = waiting_[id].demand;
    }
  }

  // EASY: jobs from `from` on (arrival order) that may start now beside the blocked `head`
  // without delaying it (see the file comment). The reservation is computed once, and only
  // if some job fits now: a backfilled job leaves it valid (it ends by the shadow time, or
  // it holds no reserved node, so the walk reaches the same point with the same nodes).
  template <class Sim>
  void backfill(std::uint32_t head, std::uint32_t from, Sim& sim) {
    const WaitingJob head_job = waiting_[head];
    std::optional<Tick> shadow;
    std::uint32_t smallest_blocked = head_job.demand;
    for (std::uint32_t id = from, next; id != kNone && smallest_blocked > 1; id = next) {
      next = waiting_.next(id);
      const WaitingJob job = waiting_[id];
      if (job.demand >= smallest_blocked) continue;
      if (!first_fit(job.demand, kExcludeNone)) {
        smallest_blocked = job.demand;
        continue;
      }
      if (!shadow) shadow = reserve_for(head_job);
      std::uint32_t count;
      if (ends_by(sim.now(), job.estimate) <= *shadow) {
        count = first_fit(job.demand, kExcludeNone);
      } else {
        count = first_fit_off_reserved(job.demand);
      }
      if (count) start_waiting(id, occupy_chosen(job.demand, count), sim);
    }
  }

  // EASY's shadow time for `head`, with its nodes marked in reserved_ (see the file comment).
  // The running jobs' accelerators are given back to the real index and taken again after:
  // exact (integer counts), and no copy of the index per pass.
  Tick reserve_for(const WaitingJob& head) {
    walked_.clear();
    Tick shadow = kNever;
    std::uint32_t count = 0;
    by_estimated_end_.visit_in_order([&](std::uint32_t slot, const EndKey& key) {
      release_nodes(jobs_[slot]);
      walked_.push_back(slot);
      count = first_fit(head.demand, kExcludeNone);
      if (count == 0) return true;
      shadow = key.end;
      return false;
    });
    ++reservation_;
    reserved_nodes_.assign(chosen_.begin(), chosen_.begin() + count);
    for (std::uint32_t i = 0; i < count; ++i) reserved_[chosen_[i]] = reservation_;
    for (const std::uint32_t slot : walked_) occupy_nodes(jobs_[slot]);
    return shadow;
  }

  // Within each priority level, highest first: start the ranked tenant heads while they fit;
  // a blocked head marks its tenant as tried for this pass and the level as blocked.
  template <class Sim>
  void priority_pass(Sim& sim) {
    for (std::size_t level = 0; level + 1 < level_begin_.size(); ++level) {
      bool blocked = false;
      std::uint64_t stamp = ++pass_;
      for (;;) {
        const std::uint32_t tenant = ranked_tenant(level_begin_[level], level_begin_[level + 1], stamp);
        if (tenant == kNone) break;
        const std::uint32_t head = waiting_.tenant_first(tenant);
        if (start_if_fits(head, sim)) continue;
        if (preemption_ && preempt_for(waiting_[head], sim)) {
          start_if_fits(head, sim);
          // victims (this level or lower) are queued again: their tenants' heads changed
          stamp = ++pass_;
          blocked = false;
          continue;
        }
        tried_[tenant] = stamp;
        blocked = true;
      }
      if (blocked) return;
    }
  }

  // The tenant of [begin, end) of level_tenants_ with a waiting job, not tried in this pass,
  // using least per unit of share (ties: the earlier head arrival); kNone if none.
  [[nodiscard]] std::uint32_t ranked_tenant(std::uint32_t begin, std::uint32_t end, std::uint64_t stamp) const {
    std::uint32_t best = kNone;
    double best_use = 0;
    std::uint64_t best_seq = 0;
    for (std::uint32_t i = begin; i < end; ++i) {
      const std::uint32_t t = level_tenants_[i];
      const std::uint32_t head = waiting_.tenant_first(t);
      if (head == kNone || tried_[t] == stamp) continue;
      const double use = double(held_[t]) / config_.tenants[t].share;
      const std::uint64_t seq = waiting_[head].seq;
      if (best == kNone || use < best_use || (use == best_use && seq < best_seq)) {
        best = t;
        best_use = use;
        best_seq = seq;
      }
    }
    return best;
  }

  // Starts `id` if it fits now; else, when preempting best-effort work makes room for it, does
  // that and starts it.
  template <class Sim>
  bool start_or_preempt(std::uint32_t id, Sim& sim) {
    if (start_if_fits(id, sim)) return true;
    if (!preemption_ || !preempt_for(waiting_[id], sim)) return false;
    [[maybe_unused]] const bool started = start_if_fits(id, sim);
    assert(started && "preempt_for frees nodes the job fits on; a policy finds a placement when one exists");
    return true;
  }

  template <class Sim>
  bool start_if_fits(std::uint32_t id, Sim& sim) {
    const std::uint32_t slot = place(waiting_[id].demand);
    if (slot == kNoSlot) return false;
    start_waiting(id, slot, sim);
    return true;
  }

  // Starts waiting job `id` on the nodes already taken for `slot`.
  template <class Sim>
  void start_waiting(std::uint32_t id, std::uint32_t slot, Sim& sim) {
    const WaitingJob w = waiting_[id];
    waiting_.remove(id);
    Job& job = launch(slot, w.arrival, w.demand, w.tenant, w.duration, sim);
    job.duration = w.duration;
    job.estimate = w.estimate;
    job.seq = w.seq;
    held_[w.tenant] += job.busy;
    if (tracks_estimated_ends_) by_estimated_end_.push(slot, EndKey{ends_by(job.start, job.estimate), slot});
    if (!config_.tenants[w.tenant].guaranteed) {  // newest best-effort job: first in line to be preempted
      job.older = newest_best_effort_;
      job.newer = kNoSlot;
      if (newest_best_effort_ != kNoSlot) jobs_[newest_best_effort_].newer = slot;
      newest_best_effort_ = slot;
    }
  }

  // A running job leaves (completed or preempted): out of the orders start_waiting put it in.
  void forget_running(std::uint32_t slot) {
    Job& job = jobs_[slot];
    held_[job.tenant] -= job.busy;
    if (tracks_estimated_ends_) by_estimated_end_.erase(slot);
    if (!config_.tenants[job.tenant].guaranteed) {
      if (job.newer != kNoSlot) {
        jobs_[job.newer].older = job.older;
      } else {
        newest_best_effort_ = job.older;
      }
      if (job.older != kNoSlot) jobs_[job.older].newer = job.newer;
    }
  }

  // For guaranteed `job`, which does not fit: walks the running best-effort jobs of no higher
  // priority, newest first, handing their accelerators back (then undone) until it fits. If it
  // never does, nothing happens; otherwise the walked jobs on the nodes first fit then chooses
  // are preempted — exactly those nodes are freed, so first fit makes the same choice after,
  // and the walked jobs elsewhere were not in the way. Returns whether it made room.
  template <class Sim>
  bool preempt_for(const WaitingJob job, Sim& sim) {  // a copy: preemption queues jobs, moving entries
    const TenantClass& tenant = config_.tenants[job.tenant];
    if (!tenant.guaranteed || newest_best_effort_ == kNoSlot) return false;
    walked_.clear();
    std::uint32_t count = 0;
    for (std::uint32_t slot = newest_best_effort_; slot != kNoSlot && count == 0; slot = jobs_[slot].older) {
      if (config_.tenants[jobs_[slot].tenant].priority > tenant.priority) continue;
      release_nodes(jobs_[slot]);
      walked_.push_back(slot);
      count = first_fit(job.demand, kExcludeNone);
    }
    for (const std::uint32_t slot : walked_) occupy_nodes(jobs_[slot]);
    if (count == 0) return false;
    ++victim_mark_;
    for (std::uint32_t i = 0; i < count; ++i) victim_nodes_[chosen_[i]] = victim_mark_;
    for (const std::uint32_t slot : walked_) {
      const Job& victim = jobs_[slot];
      for (std::uint32_t i = 0; i < victim.node_count; ++i) {
        if (victim_nodes_[gang_nodes_[victim.first_node + i]] == victim_mark_) {
          preempt(slot, sim);
          break;
        }
      }
    }
    return true;
  }

  // Sends running job `slot` back to the queue; its pending completion event is kept and
  // recycles the slot when it comes (events cannot be cancelled).
  template <class Sim>
  void preempt(std::uint32_t slot, Sim& sim) {
    Job& job = jobs_[slot];
    const double lost = config_.time.seconds(sim.now() - job.start) * job.busy;
    ++preemptions_;
    lost_accelerator_seconds_ += lost;
    ++tenant_results_[job.tenant].preemptions;
    tenant_results_[job.tenant].lost_accelerator_seconds += lost;
    release_nodes(job);
    busy_.set(sim.now(), busy_.level() - job.busy);
    --running_;
    forget_running(slot);
    job.state = SlotState::kPreempted;
    const std::uint32_t id = waiting_.add(WaitingJob{job.arrival, job.duration, job.estimate, job.seq, job.demand, job.tenant});
    wait_with_patience(id, sim);
  }

  [[nodiscard]] static Tick ends_by(Tick start, Tick length) { return length >= kNever - start ? kNever : start + length; }

  // Estimated run time in ticks: the duration scaled by the drawn factor (>= 0), saturating.
  [[nodiscard]] static Tick estimate_of(Tick duration, double factor) {
    if (duration == kNever) return kNever;
    const double e = static_cast<double>(duration) * std::max(0.0, factor);
    return e < kTickLimit ? static_cast<Tick>(e + 0.5) : kNever;
  }

  // ---- Placement: first fit on the free-capacity index -----------------------------------
  // The placement policy, kept in these three functions: first_fit() chooses (no change to
  // the state), occupy_chosen() takes what it chose, place() is both.

  // The nodes first fit gives `demand` accelerators, passing over nodes for which
  // excluded(node): the lowest-id node with room for a job of at most one node, else the
  // lowest-id whole free nodes. Fills chosen_; returns how many nodes, 0 when it does not fit.
  template <class Excluded>
  std::uint32_t first_fit(std::uint32_t demand, Excluded excluded) {
    if (placement_) {  // a policy sees no predicate: exclusions become cordons (first_fit_off_reserved)
      assert((std::is_same_v<std::remove_cvref_t<Excluded>, std::remove_cvref_t<decltype(kExcludeNone)>>));
      return policy_choice(demand);
    }
    const std::uint32_t per_node = config_.accelerators_per_node;
    if (demand <= per_node) {
      std::uint32_t node = free_.first_with(demand);
      while (node != FreeCapacityIndex::kNone && excluded(node)) node = next_with(demand, node);
      if (node == FreeCapacityIndex::kNone) return 0;
      chosen_[0] = node;
      return 1;
    }
    const std::uint32_t needed = nodes_for(demand);
    std::uint32_t count = 0;
    for (std::uint32_t node = free_.first_with(per_node); node != FreeCapacityIndex::kNone && count < needed;
         node = next_with(per_node, node)) {
      if (!excluded(node)) chosen_[count++] = node;
    }
    return count == needed ? count : 0;
  }
  [[nodiscard]] std::uint32_t next_with(std::uint32_t k, std::uint32_t node) const {
    return node + 1 < config_.nodes ? free_.first_with(k, node + 1) : FreeCapacityIndex::kNone;
  }

  // EASY's backfill test: a placement that keeps off the head's reserved nodes.
  std::uint32_t first_fit_off_reserved(std::uint32_t demand) {
    if (!placement_) return first_fit(demand, [this](std::uint32_t node) { return reserved_[node] == reservation_; });
    for (const std::uint32_t n : reserved_nodes_) table_->cordon(n);
    const std::uint32_t count = policy_choice(demand);
    for (const std::uint32_t n : reserved_nodes_) table_->uncordon(n);
    return count;
  }

  // The policy's choice for `demand` accelerators, into chosen_ (no change to the state).
  std::uint32_t policy_choice(std::uint32_t demand) {
    const std::uint32_t per_node = config_.accelerators_per_node;
    if (demand <= per_node) {
      const auto where = placement_->place(policy::PodRequest{0, 0, demand, policy::kMilliPerGpu, 0}, *table_);
      if (!where) return 0;
      chosen_[0] = where->node;
      return 1;
    }
    const policy::GangRequest gang{nodes_for(demand), policy::PodRequest{0, 0, per_node, policy::kMilliPerGpu, 0}};
    if (!placement_->place_gang(gang, *table_, gang_choice_)) return 0;
    std::copy(gang_choice_.begin(), gang_choice_.end(), chosen_.begin());
    return static_cast<std::uint32_t>(gang_choice_.size());
  }

  // The node table follows the index when a policy places: the same accelerators, as whole GPUs.
  void bind_in_table(std::uint32_t node, std::uint32_t gpus, std::uint32_t& mask) {
    mask = table_->lowest_free_gpus(node, gpus);
    table_->bind(policy::PodRequest{0, 0, gpus, policy::kMilliPerGpu, 0}, policy::Placement{node, mask});
  }
  void unbind_in_table(std::uint32_t node, std::uint32_t gpus, std::uint32_t mask) {
    table_->unbind(policy::PodRequest{0, 0, gpus, policy::kMilliPerGpu, 0}, policy::Placement{node, mask});
  }

  // First fit. Returns the job slot holding the chosen nodes, or kNoSlot when it does not fit.
  std::uint32_t place(std::uint32_t demand) {
    const std::uint32_t count = first_fit(demand, kExcludeNone);
    return count ? occupy_chosen(demand, count) : kNoSlot;
  }

  // Takes the `count` nodes first_fit() chose for `demand` into a new job slot.
  std::uint32_t occupy_chosen(std::uint32_t demand, std::uint32_t count) {
    const std::uint32_t slot = acquire_slot(count);
    const std::uint32_t each = count == 1 ? demand : config_.accelerators_per_node;  // gangs hold whole nodes
    for (std::uint32_t i = 0; i < count; ++i) {
      free_.take(chosen_[i], each);
      gang_nodes_[jobs_[slot].first_node + i] = chosen_[i];
      if (table_) bind_in_table(chosen_[i], each, gang_gpus_[jobs_[slot].first_node + i]);
    }
    return slot;
  }

  // ---- Job slots ---------------------------------------------------------------------------

  [[nodiscard]] std::uint32_t held_per_node(const Job& job) const {
    return job.node_count == 1 ? job.demand : config_.accelerators_per_node;
  }
  void release_nodes(const Job& job) {
    for (std::uint32_t i = 0; i < job.node_count; ++i) {
      free_.give(gang_nodes_[job.first_node + i], held_per_node(job));
      if (table_) unbind_in_table(gang_nodes_[job.first_node + i], held_per_node(job), gang_gpus_[job.first_node + i]);
    }
  }
  void occupy_nodes(const Job& job) {  // takes back exactly the GPUs release_nodes gave
    for (std::uint32_t i = 0; i < job.node_count; ++i) {
      free_.take(gang_nodes_[job.first_node + i], held_per_node(job));
      if (table_) {
        table_->bind(policy::PodRequest{0, 0, held_per_node(job), policy::kMilliPerGpu, 0},
                     policy::Placement{gang_nodes_[job.first_node + i], gang_gpus_[job.first_node + i]});
      }
    }
  }

  // Job slots are recycled through a free list; each slot owns a fixed stretch of
  // gang_nodes_ big enough for the largest gang seen so far (regrown when a larger one comes).
  std::uint32_t acquire_slot(std::uint32_t node_count) {
    if (node_count > stride_) regrow(node_count);
    std::uint32_t slot;
    if (!free_slots_.empty()) {
      slot = free_slots_.back();
      free_slots_.pop_back();
    } else {
      slot = static_cast<std::uint32_t>(jobs_.size());
      jobs_.push_back(Job{});
      jobs_.back().first_node = slot * stride_;
      gang_nodes_.resize(gang_nodes_.size() + stride_);
      if (table_) gang_gpus_.resize(gang_nodes_.size());
    }
    jobs_[slot].node_count = node_count;
    return slot;
  }
  void release_slot(std::uint32_t slot) {
    jobs_[slot].state = SlotState::kFree;
    free_slots_.push_back(slot);
  }
  void regrow(std::uint32_t new_stride) {
    std::vector<std::uint32_t> bigger(jobs_.size() * new_stride);
    std::vector<std::uint32_t> bigger_gpus(table_ ? bigger.size() : 0);
    for (std::uint32_t s = 0; s < jobs_.size(); ++s) {
      std::copy_n(gang_nodes_.begin() + jobs_[s].first_node, jobs_[s].node_count, bigger.begin() + s * new_stride);
      if (table_) std::copy_n(gang_gpus_.begin() + jobs_[s].first_node, jobs_[s].node_count, bigger_gpus.begin() + s * new_stride);
      jobs_[s].first_node = s * new_stride;
    }
    gang_nodes_.swap(bigger);
    gang_gpus_.swap(bigger_gpus);
    stride_ = new_stride;
  }

  struct EndKey {  // running jobs by estimated end; the slot makes keys distinct
    Tick end;
    std::uint32_t slot;
    bool operator<(const EndKey& o) const { return end < o.end || (end == o.end && slot < o.slot); }
  };

  GangClusterConfig config_;
  std::vector<Streams> streams_;
  std::vector<TenantResult> tenant_results_;
  std::vector<std::unique_ptr<JobSource>> replays_;  // per tenant; null when it draws its jobs
  std::vector<TraceJob> replay_next_;               // per replayed tenant: the job read ahead
  FreeCapacityIndex free_;
  const bool general_;         // WaitingJobs instead of the strict-FIFO ring
  const bool preemption_;      // some tenant class is best-effort
  const bool uses_estimates_;  // shortest-first, easy-backfill
  const bool tracks_estimated_ends_;  // easy-backfill: running jobs in by_estimated_end_
  // strict FIFO's ring
  RingQueue<Waiting> queue_;
  std::uint32_t head_id_ = 0;  // arrival id of queue_.front(); ids count queued arrivals
  std::uint32_t tail_id_ = 0;
  std::uint64_t withdrawn_in_queue_ = 0;
  // the general path
  WaitingJobs waiting_;
  std::uint64_t next_seq_ = 0;
  std::vector<std::int64_t> held_;          // per tenant: accelerators its running jobs hold
  std::vector<std::uint32_t> level_tenants_;  // tenant ids by decreasing priority
  std::vector<std::uint32_t> level_begin_;    // where each priority level starts in it, then the end
  std::vector<std::uint64_t> tried_;          // per tenant: the pass stamp when its head was found blocked
  std::uint64_t pass_ = 0;
  IndexedMinHeap<EndKey> by_estimated_end_;   // running jobs by estimated end (easy-backfill)
  std::vector<std::uint64_t> reserved_;       // per node: == reservation_ when reserved for the EASY head
  std::uint64_t reservation_ = 0;
  std::vector<std::uint64_t> victim_nodes_;   // per node: == victim_mark_ when a preempting job takes it
  std::uint64_t victim_mark_ = 0;
  std::vector<std::uint32_t> walked_;         // running job slots handed back by a walk, to undo
  std::uint32_t newest_best_effort_ = kNoSlot;
  // jobs and placement
  std::vector<Job> jobs_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<std::uint32_t> gang_nodes_;
  // With a placement policy: the policy, the node table it reads (kept in step with free_),
  // the GPUs each job holds on each of its nodes (parallel to gang_nodes_), and scratch.
  std::unique_ptr<policy::PlacementPolicy> placement_;
  std::optional<policy::NodeTable> table_;
  std::vector<std::uint32_t> gang_gpus_;
  std::vector<std::uint32_t> gang_choice_;
  std::vector<std::uint32_t> reserved_nodes_;  // EASY: the head's reserved nodes, as a list
  std::vector<std::uint32_t> chosen_;  // first_fit's answer, one entry per node at most
  std::uint32_t stride_ = 1;
  TimeAverage busy_;
  std::vector<double> waits_;  // in completion order: batch means and the p99 at the end
  std::uint64_t arrivals_ = 0;
  std::uint64_t completions_ = 0;
  std::uint64_t rejected_ = 0;
  std::uint64_t withdrawn_ = 0;
  std::uint64_t running_ = 0;
  std::uint64_t preemptions_ = 0;
  double lost_accelerator_seconds_ = 0;
};

/// Runs one replication to the configured number of completions.
template <EventQueue Queue = DefaultEventQueue>
[[nodiscard]] GangClusterResult simulate(const GangClusterConfig& config) {
  GangCluster model(config);
  return run_to_stop<Queue>(model, 1024);
}

}  // namespace dcsim::cluster

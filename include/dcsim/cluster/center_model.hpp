#pragma once
// The center model: every kind of job of a scenario's tenant classes on one fleet of servers
// (the node table: servers of any chip and size, CPU-only ones included, in racks with power
// budgets). W2 `gpu-cluster` of the reference workloads is one configuration of it.
//   - Every job binds and unbinds through the node table and the placement policy (first fit
//     by default), so rack budgets, chip models and precisions hold for every policy.
//   - A job's shape is decided at arrival (JobShape, center_config.hpp): CPU only, a share of
//     one accelerator, k accelerators on one server when some eligible server has k, else a
//     gang of whole servers of the largest eligible size, started together.
//   - A job that no server can ever serve (its class's needs, or more than the eligible
//     servers hold) is rejected at arrival, counted, never queued. A job that passes those
//     counts but still finds no room on the empty center (a gang whose racks' power budgets
//     cannot hold it all at once) is rejected then, when the job the discipline waits for
//     does not fit while nothing runs: it never could, and it would block the queue forever.
//   - Run time: the duration as drawn, or, for classes whose work is given on the reference
//     chip, duration / speed of the chips it gets (a gang: its slowest chip's).
//   - Inference services hold autoscaled replicas placed like jobs (service_replicas.hpp).
//   - Each class has its own arrival stream, job mix and patience: a job still waiting when
//     its patience runs out is withdrawn (lost demand) and is never started.
// Stop at the N-th completion after the warm-up, at a simulated time, or the earlier of the
// two; statistics (waits in completion order, allocated and busy time) start at the warm-up.
//
// Queue disciplines (CenterConfig::discipline) decide which waiting jobs may start:
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
//                   undone), until the head fits (by the placement policy); the nodes it
//                   would then take are reserved. A later job (in arrival order) starts now if
//                   it fits now and either its estimated end on the chips it would get <= the
//                   shadow time (placed anywhere, reserved nodes included: it will be gone by
//                   then), or it fits with the reserved nodes cordoned off (it never touches
//                   the head's). Service replicas never end by estimate: they are not walked.
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
// Servers that boot (a speed governor's start_delay: a power model that switches empty
// servers off). A job placed on a server that is off holds it from its placement, and its
// work starts when its servers are up: its completion (and a replica's readiness) moves by
// the boot. Its start, for its wait and for preemption's lost time, is still its placement;
// EASY's estimated ends count from its work's start (a backfill candidate's own estimate
// does not know whether it would pay a boot).
//
// Strict FIFO with no best-effort tenant is the reference W2 workload and the hot path: it
// keeps a ring buffer of waiting jobs and touches none of the discipline bookkeeping above. Every other
// configuration goes through WaitingJobs, whose strict-FIFO rule gives the same results (a
// test checks it).
#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "dcsim/cluster/center_signals.hpp"
#include "dcsim/cluster/center_config.hpp"
#include "dcsim/cluster/indexed_min_heap.hpp"
#include "dcsim/cluster/running_work.hpp"
#include "dcsim/cluster/service_replicas.hpp"
#include "dcsim/cluster/waiting_jobs.hpp"
#include "dcsim/core/distributions.hpp"
#include "dcsim/core/engine.hpp"
#include "dcsim/core/random.hpp"
#include "dcsim/core/ring_queue.hpp"
#include "dcsim/core/time.hpp"
#include "dcsim/metrics/batch_means.hpp"
#include "dcsim/metrics/time_average.hpp"
#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement/basic.hpp"
#include "dcsim/policy/placement_policy.hpp"
#include "dcsim/workload/arrivals.hpp"
#include "dcsim/workload/trace/trace_job.hpp"

namespace dcsim::cluster {

class CenterModel {
 public:
  enum Kind : std::uint32_t {
    kArrival = 0, kCompletion = 1, kPatienceOut = 2, kWarmupEnd = 3, kStopTime = 4, kEvaluate = 5, kReplicaReady = 6,
    kDemandStep = 7,    // a service's demand may change (only for observers that want service loads)
    kGovernorWake = 8,  // the speed governor asked to be woken
  };

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

  explicit CenterModel(const CenterConfig& c)
      : config_(c),
        table_(c.node_table ? *c.node_table : plain_table(c.nodes, c.accelerators_per_node)),
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
      tenant_results_.push_back(TenantResult{t.name, t.unservable});
      replays_.push_back(t.replay ? t.replay() : nullptr);
    }
    replay_next_.resize(c.tenants.size());
    waits_.reserve(std::min<std::uint64_t>(c.completions, std::uint64_t{1} << 24));
    const std::uint32_t nodes = table_.size();
    chosen_.resize(nodes);
    chosen_gpus_.resize(nodes);
    held_.assign(c.tenants.size(), 0);
    tried_.assign(c.tenants.size(), 0);
    reserved_.assign(nodes, 0);
    victim_nodes_.assign(nodes, 0);
    placement_ = c.placement ? c.placement() : std::make_unique<policy::FirstFit>();
    first_fit_ = dynamic_cast<const policy::FirstFit*>(placement_.get()) != nullptr;
    fit_tenants_to_nodes();
    warmup_ = config_.time.ticks(c.warmup_s);
    cells_.assign(table_.models().size() * c.tenants.size(), TimeAverage(0));
    services_.resize(c.tenants.size());
    for (std::uint32_t t = 0; t < c.tenants.size(); ++t) {
      if (!c.tenants[t].service) continue;
      const ServiceClass& svc = *c.tenants[t].service;
      if (svc.tokens_per_s.size() != table_.models().size()) throw std::invalid_argument("service '" + c.tenants[t].name + "': one replica rate per GPU model of the table");
      if (!(svc.interval_s > 0) || !(svc.window_s > 0) || !(svc.target_utilization > 0) || svc.accelerators == 0) {
        throw std::invalid_argument("service '" + c.tenants[t].name + "': interval, window, target utilization and accelerators must be > 0");
      }
      services_[t].ready_accelerators.assign(table_.models().size(), 0.0);
      services_[t].busy_seconds.assign(table_.models().size(), 0.0);
    }
    // priority levels: tenant ids by decreasing priority, ties in configuration order
    for (std::uint32_t t = 0; t < c.tenants.size(); ++t) level_tenants_.push_back(t);
    std::stable_sort(level_tenants_.begin(), level_tenants_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return c.tenants[a].priority > c.tenants[b].priority; });
    for (std::uint32_t i = 0; i < level_tenants_.size(); ++i) {
      if (i == 0 || c.tenants[level_tenants_[i]].priority != c.tenants[level_tenants_[i - 1]].priority) level_begin_.push_back(i);
    }
    level_begin_.push_back(static_cast<std::uint32_t>(level_tenants_.size()));
    if (config_.governor) config_.observers.push_back(config_.governor);
    signal_service_load_ = std::any_of(config_.observers.begin(), config_.observers.end(), [](const CenterObserver* o) { return o->wants_service_load(); });
    demand_step_s_.assign(c.tenants.size(), 0.0);
  }

  template <class Sim>
  void start(Sim& sim) {
    if (warmup_ > 0) sim.schedule_at(warmup_, kWarmupEnd, 0);
    if (std::isfinite(config_.stop_s)) sim.schedule_at(config_.time.ticks(config_.stop_s), kStopTime, 0);
    for (std::uint32_t t = 0; t < config_.tenants.size(); ++t) {
      if (config_.tenants[t].service) {
        start_service(t, sim);
        if (signal_service_load_) {
          signal_service_load(t, 0);
          schedule_demand_step(t, 0.0, sim);
        }
      } else {
        schedule_next_arrival(t, sim);
      }
    }
    if (config_.governor) {
      settle_speeds(sim);
      schedule_wake(sim);
    }
  }

  template <class Sim>
  void handle(const Event& e, Sim& sim) {
    if (!config_.observers.empty() && sim.now() > observed_to_) {
      for (CenterObserver* o : config_.observers) o->time_advanced(observed_to_, sim.now());
      observed_to_ = sim.now();
    }
    switch (kind_of(e.kind)) {
      case kArrival: arrive(e.target, sim); break;
      case kCompletion:
        if (work_.ends_at(e.target, version_of(e.kind), sim.now())) complete(e.target, sim);  // else stale: preempted or rate changed
        break;
      case kPatienceOut: run_out_of_patience(e.target, sim); break;
      case kWarmupEnd: end_warmup(sim.now()); break;
      case kEvaluate: evaluate_service(e.target, sim); break;
      case kReplicaReady:
        if (work_.current(e.target, version_of(e.kind))) replica_ready(e.target, sim.now());  // else stopped while starting
        break;
      case kDemandStep: demand_step(e.target, sim); break;
      case kGovernorWake:
        if (sim.now() >= wake_at_) wake_at_ = kNever;
        config_.governor->wake(sim.now());
        break;
      default: sim.stop(); break;
    }
    if (config_.governor) {
      settle_speeds(sim);
      schedule_wake(sim);
    }
  }

  [[nodiscard]] CenterResult result(Tick now, std::uint64_t events) const {
    CenterResult r;
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
    // Allocation is kept in milli-accelerators (a GPU share holds a fraction of one).
    const double milli = policy::kMilliPerGpu;
    const double capacity = static_cast<double>(table_.gpu_capacity_milli());
    const double tick_s = config_.time.seconds(1);
    r.allocated_accelerator_seconds = tick_s * allocated_.integral(now) / milli;
    r.utilization = capacity > 0 ? allocated_.mean(now) / capacity : 0.0;
    r.measured_seconds = config_.time.seconds(now - std::min(now, measured_from_));
    r.models = table_.models();
    r.model_accelerators.assign(r.models.size(), 0);
    for (std::uint32_t n = 0; n < table_.size(); ++n) {
      if (table_.gpu_count(n) > 0) r.model_accelerators[table_.model(n)] += table_.gpu_count(n);
    }
    for (const TimeAverage& cell : cells_) r.allocated_by_cell.push_back(tick_s * cell.integral(now) / milli);
    for (std::uint32_t n = 0; n < table_.size(); ++n) r.cpu_capacity_milli += static_cast<double>(table_.cpu_capacity(n));
    r.cpu_allocated_milli_seconds = tick_s * cpu_held_.integral(now);
    // Busy: a share of the allocation for job tenants; what the ready replicas served for
    // services, integrated up to now.
    const std::size_t tenants = config_.tenants.size();
    r.busy_by_cell.resize(cells_.size());
    for (std::size_t c = 0; c < cells_.size(); ++c) {
      r.busy_by_cell[c] = r.allocated_by_cell[c] * config_.tenants[c % tenants].busy_share;
    }
    r.services.resize(tenants);
    for (std::uint32_t t = 0; t < tenants; ++t) {
      if (!config_.tenants[t].service) continue;
      const ServiceState& st = services_[t];
      ServiceResult acc = st.result;
      std::vector<double> busy = st.busy_seconds;
      integrate_service(t, st.integrated_to, now, acc, busy);
      acc.replica_seconds = 0;
      for (std::size_t m = 0; m < busy.size(); ++m) {
        r.busy_by_cell[m * tenants + t] = busy[m];
        acc.replica_seconds += r.allocated_by_cell[m * tenants + t] / config_.tenants[t].service->accelerators;
      }
      r.services[t] = acc;
    }
    r.shapes = shape_fates_;
    for (const TenantResult& t : tenant_results_) {
      r.tenant_fates.push_back(JobFates{t.arrivals, t.completions, t.rejected, t.withdrawn, 0, 0});
    }
    for_each_waiting([&](std::uint32_t tenant, JobShape shape) {
      ++r.tenant_fates[tenant].queued;
      ++r.shapes[static_cast<std::size_t>(shape)].queued;
    });
    for (const Job& job : jobs_) {
      if (job.state != SlotState::kRunning) continue;
      ++r.tenant_fates[job.tenant].running;
      ++r.shapes[static_cast<std::size_t>(job.shape)].running;
    }
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
      if (holds_nodes(jobs_[slot].state)) f(gang_nodes_.data() + jobs_[slot].first_node, jobs_[slot].node_count);
    }
  }

  /// Accelerators held by running jobs now (for tests: never above capacity); a GPU share
  /// counts its fraction.
  [[nodiscard]] double allocated_accelerators() const { return static_cast<double>(allocated_.level()) / policy::kMilliPerGpu; }
  /// The cluster state: every node's free capacity as the placement policy sees it.
  [[nodiscard]] const policy::NodeTable& nodes() const { return table_; }

  /// Calls f(node, accelerators) for every node every running job holds (for tests: the
  /// free-capacity index must agree with it).
  template <class F>
  void for_each_held_node(F f) const {
    for (std::uint32_t slot = 0; slot < jobs_.size(); ++slot) {
      const Job& job = jobs_[slot];
      if (!holds_nodes(job.state)) continue;
      for (std::uint32_t i = 0; i < job.node_count; ++i) f(gang_nodes_[job.first_node + i], job.per_node);
    }
  }

  /// Under easy-backfill: the reservation the blocked head would get now; nullopt when no
  /// job waits or under another discipline. (Walks the running jobs: for tests and reports,
  /// not per event.)
  [[nodiscard]] std::optional<Reservation> head_reservation(Tick now) {
    if (config_.discipline != QueueDiscipline::kEasyBackfill || waiting_.empty()) return std::nullopt;
    const WaitingJob head = waiting_[waiting_.first()];
    if (choose(head.tenant, head.demand)) return Reservation{head.seq, now};
    return Reservation{head.seq, reserve_for(head)};
  }

  /// Slows running jobs down (or back up): job slots[i] (JobView::slot) runs at its chips'
  /// speed x factors[i] from now on (1 = no slow-down; each factor > 0). Its remaining work
  /// carries over and its completion moves (running_work.hpp); observers are told. A service
  /// replica serves its chip's tokens/s x its factor (a starting one, once ready). For the
  /// power model's caps.
  template <class Sim>
  void slow_down(std::span<const std::uint32_t> slots, std::span<const double> factors, Sim& sim) {
    if (slots.size() != factors.size()) throw std::invalid_argument("slow_down: one factor per job");
    rates_.clear();
    job_slots_.clear();
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (slots[i] >= jobs_.size() || !holds_nodes(jobs_[slots[i]].state)) {
        throw std::invalid_argument("slow_down: slot " + std::to_string(slots[i]) + " holds no running job");
      }
      if (!(factors[i] > 0) || !std::isfinite(factors[i])) throw std::invalid_argument("slow_down: a factor must be a finite number > 0");
      Job& job = jobs_[slots[i]];
      if (job.state == SlotState::kRunning) {
        job_slots_.push_back(slots[i]);
        rates_.push_back(job.speed * factors[i]);
        continue;
      }
      if (job.state == SlotState::kReplicaReady) {  // what it served so far at its old rate, then its new one
        advance_service(job.tenant, sim.now());
        set_ready(job, -1);
        job.serve_factor = factors[i];
        set_ready(job, +1);
        signal_service_load(job.tenant, sim.now());
      } else {
        job.serve_factor = factors[i];
      }
    }
    work_.change_rates(job_slots_, rates_, sim.now());
    for (const std::uint32_t slot : job_slots_) {
      sim.schedule_at(work_.end(slot), versioned(kCompletion, work_.version(slot)), slot);
      for (CenterObserver* o : config_.observers) o->job_rate_changed(sim.now(), view_of(jobs_[slot]));
    }
  }
  /// Reference ticks of work running job `slot` has left now.
  [[nodiscard]] double remaining_work(std::uint32_t slot, Tick now) const { return work_.remaining(slot, now); }

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
  // A replica is starting (cold) or ready.
  enum class SlotState : std::uint8_t { kFree, kRunning, kReplicaStarting, kReplicaReady };
  [[nodiscard]] static bool holds_nodes(SlotState s) {
    return s == SlotState::kRunning || s == SlotState::kReplicaStarting || s == SlotState::kReplicaReady;
  }
  struct Job {
    Tick arrival = 0;
    Tick start = 0;
    Tick duration = 0;       // the general path only: a preempted job is queued again with it (reference chip)
    Tick estimate = 0;       // the general path only (reference chip)
    std::uint64_t seq = 0;   // the general path only: arrival order
    double speed = 1;        // of the chips it runs on (the slowest of a gang's), for this tenant
    double serve_factor = 1;  // a replica: its share of its chip's tokens/s (slow_down)
    std::uint32_t demand = 0;
    std::uint32_t tenant = 0;
    std::int64_t held_milli = 0;   // accelerators held, in milli (a gang holds whole nodes)
    std::uint32_t per_node = 0;    // GPUs it holds on each of its nodes
    std::uint32_t first_node = 0;  // into gang_nodes_
    std::uint32_t node_count = 0;
    std::uint32_t newer = kNoSlot;  // running best-effort jobs, linked in start order: the preemption order
    std::uint32_t older = kNoSlot;
    JobShape shape = JobShape::kNode;
    SlotState state = SlotState::kFree;
  };

  /// Per tenant class, what its requests can get on this table (fit_tenants_to_nodes).
  struct TenantFit {
    std::uint32_t eligible_nodes = 0;  // nodes that can ever serve it
    std::uint32_t largest_node = 0;  // GPUs of its largest eligible node: a larger job is a gang
    std::uint32_t gang_nodes = 0;    // eligible nodes of that size: the largest gang it can get
    std::uint32_t request_class = 0; // tenants with equal requests share a class (the pass's skip rule)
    std::vector<double> speed;       // per GPU model: throughput at its precision x efficiency (1 if not scaled)
  };

  static constexpr std::uint32_t kNoSlot = ~std::uint32_t{0};
  static constexpr std::uint32_t kNone = WaitingJobs::kNone;

  static policy::NodeTable plain_table(std::uint32_t nodes, std::uint32_t accelerators) {
    return policy::NodeTable(std::vector<policy::NodeShape>(nodes, policy::NodeShape{"node", 0, 0, accelerators, "gpu"}));
  }

  // Which nodes can ever serve each tenant class, once: the largest eligible node, how many of
  // that size (gangs), the speed of each GPU model for its jobs, and its request class.
  void fit_tenants_to_nodes() {
    const std::size_t models = table_.models().size();
    mixed_sizes_ = false;  // accelerator servers of more than one size (CPU-only ones aside)
    for (std::uint32_t n = 0, size = 0; n < table_.size(); ++n) {
      const std::uint32_t g = table_.gpu_count(n);
      if (g != 0 && size != 0 && g != size) mixed_sizes_ = true;
      if (g != 0) size = g;
    }
    fits_.clear();
    std::vector<policy::PodRequest> classes;
    for (const TenantClass& t : config_.tenants) {
      TenantFit f;
      policy::PodRequest probe = t.request;  // what must hold on an empty node
      probe.gpus = probe.gpu_milli > 0 ? 1 : 0;
      for (std::uint32_t n = 0; n < table_.size(); ++n) {
        if (!table_.could_ever_fit(probe, n)) continue;
        ++f.eligible_nodes;
        const std::uint32_t g = table_.gpu_count(n);
        if (g > f.largest_node) {
          f.largest_node = g;
          f.gang_nodes = 0;
        }
        if (g == f.largest_node) ++f.gang_nodes;
      }
      const auto same = std::find(classes.begin(), classes.end(), t.request);
      f.request_class = static_cast<std::uint32_t>(same - classes.begin());
      if (same == classes.end()) classes.push_back(t.request);
      f.speed.assign(models, 1.0);
      for (std::size_t m = 0; m < models; ++m) {
        if (t.scales_with_chip && t.request.precision) f.speed[m] = table_.throughput(static_cast<std::uint8_t>(m), *t.request.precision);
        if (m < t.efficiency.size()) f.speed[m] *= t.efficiency[m];
      }
      fits_.push_back(std::move(f));
    }
    request_classes_ = static_cast<std::uint32_t>(classes.size());
    blocked_.assign(request_classes_, 0);
  }

  // The shape of a job of `demand` accelerators from `tenant` (see JobShape).
  [[nodiscard]] JobShape shape_of(std::uint32_t tenant, std::uint32_t demand) const {
    const policy::PodRequest& r = config_.tenants[tenant].request;
    if (r.gpu_milli == 0) return JobShape::kCpu;
    if (r.gpu_milli < policy::kMilliPerGpu) return JobShape::kShare;
    return demand <= fits_[tenant].largest_node ? JobShape::kNode : JobShape::kGang;
  }
  [[nodiscard]] std::uint32_t nodes_for(std::uint32_t tenant, std::uint32_t demand) const {
    const std::uint32_t per = fits_[tenant].largest_node;
    return (demand + per - 1) / per;
  }
  // Whether no node can ever give it room: a class no node serves, or more than its nodes hold.
  [[nodiscard]] bool never_fits(std::uint32_t tenant, std::uint32_t demand) const {
    const TenantFit& f = fits_[tenant];
    if (f.eligible_nodes == 0) return true;
    return shape_of(tenant, demand) == JobShape::kGang && nodes_for(tenant, demand) > f.gang_nodes;
  }

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
    if (t.request.gpu_milli < policy::kMilliPerGpu) demand = 1;  // one share of one accelerator, or CPU only
    ++shape_fates_[static_cast<std::size_t>(shape_of(tenant, demand))].arrivals;
    if (never_fits(tenant, demand)) {
      ++rejected_;
      ++tenant_results_[tenant].rejected;
      ++shape_fates_[static_cast<std::size_t>(shape_of(tenant, demand))].rejected;
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
    ++withdrawn_in_queue_;
    count_withdrawn(queue_[offset].tenant, queue_[offset].demand);
    if (offset == 0) start_fifo_heads(sim);  // the head left: the next may fit
  }

  template <class Sim>
  void complete(std::uint32_t slot, Sim& sim) {
    Job& job = jobs_[slot];
    ++tenant_results_[job.tenant].completions;
    ++shape_fates_[static_cast<std::size_t>(job.shape)].completions;
    ++completions_;
    const bool measured = sim.now() >= measured_from_;
    if (measured) {  // statistics over the completions after the warm-up
      const double wait = config_.time.seconds(job.start - job.arrival);
      waits_.push_back(wait);
      ++tenant_results_[job.tenant].measured_completions;
      tenant_results_[job.tenant].wait_sum += wait;
    }
    release_nodes(job);
    account(job, sim.now(), -1);
    signal_ended(job, sim.now(), true);
    --running_;
    if (general_) forget_running(slot);
    release_slot(slot);
    if (measured && ++measured_completions_ == config_.completions) {
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
      const std::uint32_t slot = place(head.tenant, head.demand);
      if (slot == kNoSlot && !center_empty()) return;
      queue_.pop();
      ++head_id_;
      if (slot == kNoSlot) {
        count_rejected_on_empty_center(head.tenant, head.demand);
        continue;
      }
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
    job.state = SlotState::kRunning;
    job.speed = speed_on(tenant, gang_nodes_.data() + job.first_node, job.node_count);
    account(job, sim.now(), +1);
    ++running_;
    // Its work starts once its servers are up (some may boot first: the governor knows).
    const Tick end = work_.start(slot, sim.now() + start_delay(job, sim.now()), duration, job.speed);
    sim.schedule_at(end, versioned(kCompletion, work_.version(slot)), slot);
    signal_started(job, sim.now());
    return job;
  }

  // ---- Signals to observers (center_signals.hpp) --------------------------------------------
  [[nodiscard]] JobView view_of(const Job& job) const {
    const auto slot = static_cast<std::uint32_t>(&job - jobs_.data());
    return JobView{slot, job.tenant, job.shape, job.state == SlotState::kReplicaStarting || job.state == SlotState::kReplicaReady,
                   std::span<const std::uint32_t>(gang_nodes_.data() + job.first_node, job.node_count), job.per_node, job.held_milli, job.speed,
                   work_.rate(slot), busy_of(job)};
  }
  // How busy a held job's accelerators are now (JobView::busy).
  [[nodiscard]] double busy_of(const Job& job) const {
    switch (job.state) {
      case SlotState::kReplicaReady: return service_load(job.tenant);
      case SlotState::kReplicaStarting: return 0.0;
      default: return config_.tenants[job.tenant].busy_share;
    }
  }
  // Served / ready capacity of service `tenant` at its current demand step.
  [[nodiscard]] double service_load(std::uint32_t tenant) const {
    const double c = services_[tenant].ready_capacity;
    if (!(c > 0)) return 0.0;
    return std::min(services_[tenant].demand_now, c) / c;
  }
  void signal_service_load(std::uint32_t tenant, Tick now) const {
    if (!signal_service_load_) return;
    const double load = service_load(tenant);
    for (CenterObserver* o : config_.observers) {
      if (o->wants_service_load()) o->service_load_changed(now, tenant, load);
    }
  }
  // Demand steps: exact boundaries in seconds (a tick would round onto either side of one).
  template <class Sim>
  void schedule_demand_step(std::uint32_t tenant, double after_s, Sim& sim) {
    const double next = config_.tenants[tenant].service->demand.next_step_after(after_s);
    if (!(next > after_s) || !std::isfinite(next)) return;
    demand_step_s_[tenant] = next;
    sim.schedule_at(std::max(config_.time.ticks(next), sim.now()), kDemandStep, tenant);
  }
  template <class Sim>
  void demand_step(std::uint32_t tenant, Sim& sim) {
    const double at = demand_step_s_[tenant];
    services_[tenant].demand_now = config_.tenants[tenant].service->demand.tokens_per_s_at(at);
    signal_service_load(tenant, sim.now());
    schedule_demand_step(tenant, at, sim);
  }
  // ---- The speed governor (center_signals.hpp) ----------------------------------------------
  // Asks again after applying changes (a slower replica serves less, so its load, and its
  // rack's draw, rise), a few rounds at most: clock levels settle in one or two.
  template <class Sim>
  void settle_speeds(Sim& sim) {
    for (int round = 0; round < 4; ++round) {
      governed_slots_.clear();
      governed_factors_.clear();
      config_.governor->take_speed_changes(governed_slots_, governed_factors_);
      if (governed_slots_.empty()) return;
      slow_down(governed_slots_, governed_factors_, sim);
    }
  }
  // A wake is scheduled when the governor's next one is earlier than the earliest pending
  // (after every event: a server that became empty may switch off before the next hour).
  template <class Sim>
  void schedule_wake(Sim& sim) {
    const Tick at = config_.governor->next_wake(sim.now());
    if (at != kNever && at > sim.now() && at < wake_at_) {
      sim.schedule_at(at, kGovernorWake, 0);
      wake_at_ = at;
    }
  }
  // Ticks before the work of `job`, being placed now, can start (its servers boot).
  [[nodiscard]] Tick start_delay(const Job& job, Tick now) const {
    if (!config_.governor) return 0;
    return config_.governor->start_delay(now, std::span<const std::uint32_t>(gang_nodes_.data() + job.first_node, job.node_count));
  }
  void signal_started(const Job& job, Tick now) const {
    for (CenterObserver* o : config_.observers) o->job_started(now, view_of(job));
  }
  void signal_ended(const Job& job, Tick now, bool completed) const {
    for (CenterObserver* o : config_.observers) o->job_ended(now, view_of(job), completed);
  }

  // When a job started at `start` ends by its estimate (reference ticks) on chips of `speed`.
  [[nodiscard]] static Tick estimated_end(Tick start, Tick estimate, double speed) {
    return RunningWork::ends_by(start, RunningWork::at_rate(estimate, speed));
  }

  // Allocation bookkeeping of a job that starts (+1) or leaves (-1): the whole center, its
  // GPU models by tenant, and CPU.
  void account(const Job& job, Tick now, int sign) {
    allocated_.set(now, allocated_.level() + sign * job.held_milli);
    const std::size_t tenants = config_.tenants.size();
    if (job.per_node > 0) {
      const std::int64_t per_node = job.held_milli / job.node_count;
      for (std::uint32_t i = 0; i < job.node_count; ++i) {
        TimeAverage& cell = cells_[table_.model(gang_nodes_[job.first_node + i]) * tenants + job.tenant];
        cell.set(now, cell.level() + sign * per_node);
      }
    }
    const std::int64_t cpu = config_.tenants[job.tenant].request.cpu_milli;
    if (cpu != 0) cpu_held_.set(now, cpu_held_.level() + sign * cpu * job.node_count);
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
    count_withdrawn(job.tenant, job.demand);
    if (was_blocking) run_queue(sim);
  }

  // One scheduling pass: start what the discipline allows now.
  template <class Sim>
  void run_queue(Sim& sim) {
    switch (config_.discipline) {
      case QueueDiscipline::kStrictFifo: {
        std::uint32_t head;
        while ((head = waiting_.first()) != kNone && (start_or_preempt(head, sim) || reject_if_center_empty(head))) {
        }
        break;
      }
      case QueueDiscipline::kFirstFit: first_fit_pass(sim); break;
      case QueueDiscipline::kShortestFirst: {
        std::uint32_t shortest;
        while ((shortest = waiting_.shortest()) != kNone && (start_or_preempt(shortest, sim) || reject_if_center_empty(shortest))) {
        }
        break;
      }
      case QueueDiscipline::kEasyBackfill: {
        std::uint32_t head;
        while ((head = waiting_.first()) != kNone && (start_or_preempt(head, sim) || reject_if_center_empty(head))) {
        }
        if (head != kNone) backfill(head, waiting_.next(head), sim);
        break;
      }
      case QueueDiscipline::kPriority: priority_pass(sim); break;
    }
  }

  // Whether a job fits now is monotone in its demand within a pass, among jobs asking the same
  // of a node (one request class: capacity only shrinks as jobs start; no node has d free =>
  // none has more, and none is whole): once a demand d of a class is found not to fit, every
  // later job of that class asking d or more is skipped without a look, and the scan ends
  // when every class is blocked at 1.
  void start_pass_skips() {
    std::fill(blocked_.begin(), blocked_.end(), kNothingBlocked);
    classes_blocked_at_one_ = 0;
  }
  [[nodiscard]] bool skipped(const WaitingJob& job) const { return job.demand >= blocked_[fits_[job.tenant].request_class]; }
  void block(const WaitingJob& job) {
    std::uint32_t& blocked = blocked_[fits_[job.tenant].request_class];
    if (job.demand >= blocked) return;
    if (job.demand <= 1) ++classes_blocked_at_one_;
    blocked = job.demand;
  }
  [[nodiscard]] bool all_blocked() const { return classes_blocked_at_one_ == request_classes_; }
  static constexpr std::uint32_t kNothingBlocked = ~std::uint32_t{0};

  template <class Sim>
  void first_fit_pass(Sim& sim) {
    // The earliest arrival is the one first-fit waits for: only it may preempt. Victims come
    // back at their arrival positions, possibly first: look at the first again.
    std::uint32_t first;
    while ((first = waiting_.first()) != kNone && (start_or_preempt(first, sim) || reject_if_center_empty(first))) {
    }
    if (first == kNone) return;
    start_pass_skips();
    block(waiting_[first]);
    for (std::uint32_t id = waiting_.next(first), next; id != kNone && !all_blocked(); id = next) {
      next = waiting_.next(id);
      if (!skipped(waiting_[id]) && !start_if_fits(id, sim)) block(waiting_[id]);
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
    start_pass_skips();
    block(head_job);
    for (std::uint32_t id = from, next; id != kNone && !all_blocked(); id = next) {
      next = waiting_.next(id);
      const WaitingJob job = waiting_[id];
      if (skipped(job)) continue;
      std::uint32_t count = choose(job.tenant, job.demand);
      if (!count) {
        block(job);
        continue;
      }
      // Its estimated end on the chips it would get now (reserve_for reuses chosen_: choose again).
      const double speed = speed_on(job.tenant, chosen_.data(), count);
      if (!shadow) shadow = reserve_for(head_job);
      count = estimated_end(sim.now(), job.estimate, speed) <= *shadow ? choose(job.tenant, job.demand)
                                                                          : choose_off_reserved(job.tenant, job.demand);
      if (count) start_waiting(id, occupy_chosen(job.tenant, job.demand, count), sim);
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
      count = choose(head.tenant, head.demand);
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
        if (reject_if_center_empty(head)) continue;
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
    const std::uint32_t slot = place(waiting_[id].tenant, waiting_[id].demand);
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
    held_[w.tenant] += job.held_milli;
    if (tracks_estimated_ends_) by_estimated_end_.push(slot, EndKey{estimated_end(work_.begin(slot), job.estimate, job.speed), slot});
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
    held_[job.tenant] -= job.held_milli;
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
  // never does, nothing happens; otherwise the walked jobs on the nodes the policy then chooses
  // are preempted — exactly those nodes are freed, so the policy makes the same choice after,
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
      count = choose(job.tenant, job.demand);
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
    const double lost = config_.time.seconds(sim.now() - job.start) * static_cast<double>(job.held_milli) / policy::kMilliPerGpu;
    ++preemptions_;
    lost_accelerator_seconds_ += lost;
    ++tenant_results_[job.tenant].preemptions;
    tenant_results_[job.tenant].lost_accelerator_seconds += lost;
    release_nodes(job);
    account(job, sim.now(), -1);
    signal_ended(job, sim.now(), false);
    --running_;
    forget_running(slot);
    work_.stop(slot);  // its pending completion is now stale
    const WaitingJob again{job.arrival, job.duration, job.estimate, job.seq, job.demand, job.tenant};
    release_slot(slot);
    const std::uint32_t id = waiting_.add(again);
    wait_with_patience(id, sim);
  }


  // Estimated run time in ticks: the duration scaled by the drawn factor (>= 0), saturating.
  [[nodiscard]] static Tick estimate_of(Tick duration, double factor) {
    if (duration == kNever) return kNever;
    const double e = static_cast<double>(duration) * std::max(0.0, factor);
    return e < kTickLimit ? static_cast<Tick>(e + 0.5) : kNever;
  }

  // ---- Placement: the policy on the node table --------------------------------------------
  // choose() asks the policy (no change to the state), occupy_chosen() takes what it chose,
  // place() is both. Every job binds and unbinds through the node table, the one state of
  // the cluster that every policy reads.

  // The node-table request of one node of a job of `demand` from `tenant`.
  [[nodiscard]] policy::PodRequest request_of(std::uint32_t tenant, std::uint32_t demand) const {
    policy::PodRequest pod = config_.tenants[tenant].request;
    switch (shape_of(tenant, demand)) {
      case JobShape::kCpu: pod.gpus = 0; break;
      case JobShape::kShare: pod.gpus = 1; break;
      case JobShape::kNode: pod.gpus = demand; break;
      case JobShape::kGang:
        pod.gpus = fits_[tenant].largest_node;  // gangs hold whole nodes of one size
        if (mixed_sizes_) pod.node_gpus = pod.gpus;
        break;
    }
    return pod;
  }

  // The policy's choice for a job of `demand` from `tenant`, into chosen_ (no change to the
  // state): how many nodes, 0 when it does not fit now.
  std::uint32_t choose(std::uint32_t tenant, std::uint32_t demand) {
    const policy::PodRequest pod = request_of(tenant, demand);
    if (shape_of(tenant, demand) != JobShape::kGang) {
      if (first_fit_) {  // the default policy's own answer, without the call through the interface (W2's hot path)
        const std::uint32_t n = table_.first_fitting(pod);
        if (n == policy::kNoNode) return 0;
        chosen_[0] = n;
        chosen_gpus_[0] = table_.default_gpus(pod, n);
        return 1;
      }
      const auto where = placement_->place(pod, table_);
      if (!where) return 0;
      chosen_[0] = where->node;
      chosen_gpus_[0] = where->gpus;
      return 1;
    }
    const policy::GangRequest gang{nodes_for(tenant, demand), pod};
    if (!placement_->place_gang(gang, table_, gang_choice_)) return 0;
    for (std::size_t i = 0; i < gang_choice_.size(); ++i) {
      chosen_[i] = gang_choice_[i];
      chosen_gpus_[i] = table_.lowest_free_gpus(gang_choice_[i], pod.gpus);
    }
    return static_cast<std::uint32_t>(gang_choice_.size());
  }

  // EASY's backfill test: a placement that keeps off the head's reserved nodes.
  std::uint32_t choose_off_reserved(std::uint32_t tenant, std::uint32_t demand) {
    for (const std::uint32_t n : reserved_nodes_) table_.cordon(n);
    const std::uint32_t count = choose(tenant, demand);
    for (const std::uint32_t n : reserved_nodes_) table_.uncordon(n);
    return count;
  }

  // The speed `count` nodes give a job of `tenant`: a gang runs at the pace of its slowest
  // chip (synchronous steps).
  [[nodiscard]] double speed_on(std::uint32_t tenant, const std::uint32_t* nodes, std::uint32_t count) const {
    if (!config_.tenants[tenant].scales_with_chip && config_.tenants[tenant].efficiency.empty()) return 1.0;
    const std::vector<double>& speed = fits_[tenant].speed;
    double slowest = speed[table_.model(nodes[0])];
    for (std::uint32_t i = 1; i < count; ++i) slowest = std::min(slowest, speed[table_.model(nodes[i])]);
    return slowest;
  }

  // Places a job: the slot holding the nodes the policy chose, or kNoSlot when it does not fit.
  std::uint32_t place(std::uint32_t tenant, std::uint32_t demand) {
    const std::uint32_t count = choose(tenant, demand);
    return count ? occupy_chosen(tenant, demand, count) : kNoSlot;
  }

  // Takes the `count` nodes choose() chose into a new job slot.
  std::uint32_t occupy_chosen(std::uint32_t tenant, std::uint32_t demand, std::uint32_t count) {
    const std::uint32_t slot = acquire_slot(count);
    Job& job = jobs_[slot];
    const policy::PodRequest pod = request_of(tenant, demand);
    job.tenant = tenant;
    job.shape = shape_of(tenant, demand);
    job.per_node = pod.gpus;
    job.held_milli = pod.gpu_demand_milli() * count;
    for (std::uint32_t i = 0; i < count; ++i) {
      gang_nodes_[job.first_node + i] = chosen_[i];
      gang_gpus_[job.first_node + i] = chosen_gpus_[i];
      table_.bind(pod, policy::Placement{chosen_[i], chosen_gpus_[i]});
    }
    return slot;
  }

  // ---- Job slots ---------------------------------------------------------------------------

  // The request each node of a running job was bound with.
  [[nodiscard]] policy::PodRequest bound_request(const Job& job) const { return request_of(job.tenant, job.demand); }
  void release_nodes(const Job& job) {
    const policy::PodRequest pod = bound_request(job);
    for (std::uint32_t i = 0; i < job.node_count; ++i) table_.unbind(pod, policy::Placement{gang_nodes_[job.first_node + i], gang_gpus_[job.first_node + i]});
  }
  void occupy_nodes(const Job& job) {  // takes back exactly the GPUs release_nodes gave
    const policy::PodRequest pod = bound_request(job);
    for (std::uint32_t i = 0; i < job.node_count; ++i) table_.bind(pod, policy::Placement{gang_nodes_[job.first_node + i], gang_gpus_[job.first_node + i]});
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
      work_.grow(jobs_.size());
      gang_nodes_.resize(gang_nodes_.size() + stride_);
      gang_gpus_.resize(gang_nodes_.size());
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
    std::vector<std::uint32_t> bigger_gpus(bigger.size());
    for (std::uint32_t s = 0; s < jobs_.size(); ++s) {
      std::copy_n(gang_nodes_.begin() + jobs_[s].first_node, jobs_[s].node_count, bigger.begin() + s * new_stride);
      std::copy_n(gang_gpus_.begin() + jobs_[s].first_node, jobs_[s].node_count, bigger_gpus.begin() + s * new_stride);
      jobs_[s].first_node = s * new_stride;
    }
    gang_nodes_.swap(bigger);
    gang_gpus_.swap(bigger_gpus);
    stride_ = new_stride;
  }

  // ---- Inference services (cluster/service_replicas.hpp) --------------------------------------

  struct ServiceState {
    std::vector<std::uint32_t> replicas;   // held replica slots, in start order
    double ready_capacity = 0;             // tokens/s of the ready replicas
    std::vector<double> ready_accelerators;  // per GPU model
    std::vector<double> busy_seconds;      // per GPU model: busy accelerator-seconds so far (measured)
    Tick integrated_to = 0;                // serving is integrated up to here
    double demand_now = 0;                 // tokens/s at the current demand step (kept only for service-load observers)
    std::uint64_t evaluations = 0;
    ScaleDownWindow window;
    ServiceResult result;
  };

  // Serving over [from, to) at the current ready capacity, into `acc` and `busy` (per model):
  // demand pieces walked exactly; only the measured part (after the warm-up) counts.
  void integrate_service(std::uint32_t tenant, Tick from, Tick to, ServiceResult& acc, std::vector<double>& busy) const {
    from = std::max(from, measured_from_);
    if (to <= from) return;
    const ServiceState& st = services_[tenant];
    const double c = st.ready_capacity;
    config_.tenants[tenant].service->demand.for_each_piece(config_.time.seconds(from), config_.time.seconds(to), [&](double a, double b, double d) {
      const double served = std::min(d, c);
      acc.demanded_tokens += d * (b - a);
      acc.served_tokens += served * (b - a);
      if (d > c) acc.below_demand_s += b - a;
      if (c > 0) {
        for (std::size_t m = 0; m < busy.size(); ++m) busy[m] += served / c * st.ready_accelerators[m] * (b - a);
      }
    });
  }
  void advance_service(std::uint32_t tenant, Tick now) {
    ServiceState& st = services_[tenant];
    integrate_service(tenant, st.integrated_to, now, st.result, st.busy_seconds);
    st.integrated_to = now;
  }

  // The replicas the autoscaler recommends for the demand of the window ending at `now`: per
  // replica, the rate of the best chip the service may get.
  [[nodiscard]] std::uint32_t recommended_replicas(std::uint32_t tenant, Tick now) const {
    const ServiceClass& svc = *config_.tenants[tenant].service;
    const double t = config_.time.seconds(now);
    const double from = std::max(0.0, t - svc.window_s);
    const double mean = t > from ? svc.demand.tokens(from, t) / (t - from) : svc.demand.tokens(0, svc.window_s) / svc.window_s;
    double best = 0;
    for (std::size_t m = 0; m < svc.tokens_per_s.size(); ++m) {
      if ((config_.tenants[tenant].request.models == 0 || ((config_.tenants[tenant].request.models >> m) & 1u))) best = std::max(best, svc.tokens_per_s[m]);
    }
    const double want = best > 0 ? std::ceil(mean / (best * svc.target_utilization) - 1e-9) : 0.0;
    return static_cast<std::uint32_t>(std::clamp(want, double(svc.min_replicas), double(svc.max_replicas)));
  }

  // At the start: the replicas the first window's demand asks for, ready at once (a service
  // already running when the simulated time opens); then an evaluation every interval.
  template <class Sim>
  void start_service(std::uint32_t tenant, Sim& sim) {
    ServiceState& st = services_[tenant];
    st.demand_now = config_.tenants[tenant].service->demand.tokens_per_s_at(0);
    const std::uint32_t want = recommended_replicas(tenant, 0);
    st.window.desired(0, config_.time.ticks(config_.tenants[tenant].service->scale_down_delay_s), want);
    while (st.replicas.size() < want && start_replica(tenant, sim, true)) {
    }
    sim.schedule_at(config_.time.ticks(config_.tenants[tenant].service->interval_s), kEvaluate, tenant);
  }

  template <class Sim>
  void evaluate_service(std::uint32_t tenant, Sim& sim) {
    const ServiceClass& svc = *config_.tenants[tenant].service;
    ServiceState& st = services_[tenant];
    const Tick now = sim.now();
    advance_service(tenant, now);
    ++st.evaluations;
    if (now >= measured_from_) ++st.result.evaluations;
    const std::uint32_t desired = st.window.desired(now, config_.time.ticks(svc.scale_down_delay_s), recommended_replicas(tenant, now));
    if (desired > st.replicas.size()) {
      while (st.replicas.size() < desired) {
        if (!start_replica(tenant, sim, false)) {
          if (now >= measured_from_) ++st.result.capacity_limited;
          break;
        }
      }
    } else if (desired < st.replicas.size()) {
      // starting replicas first, then ready ones; newest first within each
      std::stable_partition(st.replicas.begin(), st.replicas.end(), [&](std::uint32_t slot) { return jobs_[slot].state == SlotState::kReplicaReady; });
      while (st.replicas.size() > desired) {
        stop_replica(tenant, st.replicas.back(), now);
        st.replicas.pop_back();
      }
      if (general_) {
        run_queue(sim);
      } else {
        start_fifo_heads(sim);
      }
    }
    st.result.peak_replicas = std::max(st.result.peak_replicas, static_cast<std::uint32_t>(st.replicas.size()));
    sim.schedule_at(config_.time.ticks(static_cast<double>(st.evaluations + 1) * svc.interval_s), kEvaluate, tenant);
  }

  // Places one replica (false when no server has room now); `ready` = serving at once.
  template <class Sim>
  bool start_replica(std::uint32_t tenant, Sim& sim, bool ready) {
    const ServiceClass& svc = *config_.tenants[tenant].service;
    const std::uint32_t slot = place(tenant, svc.accelerators);
    if (slot == kNoSlot) return false;
    Job& job = jobs_[slot];
    job.arrival = job.start = sim.now();
    job.demand = svc.accelerators;
    job.speed = 1.0;
    job.serve_factor = 1.0;
    job.state = SlotState::kReplicaStarting;
    const Tick boot = start_delay(job, sim.now());  // its servers boot first, then it starts up
    work_.start(slot, sim.now() + boot, kNever, 1.0);  // work that never ends: its version tells a stale ready event
    account(job, sim.now(), +1);
    signal_started(job, sim.now());
    services_[tenant].replicas.push_back(slot);
    if (sim.now() >= measured_from_) ++services_[tenant].result.replicas_started;
    const bool at_once = ready || svc.startup_s <= 0;
    if (at_once && boot == 0) {
      replica_ready(slot, sim.now());
    } else {
      sim.schedule_after(boot + (at_once ? 0 : config_.time.ticks(svc.startup_s)), versioned(kReplicaReady, work_.version(slot)), slot);
    }
    return true;
  }

  void replica_ready(std::uint32_t slot, Tick now) {
    Job& job = jobs_[slot];
    advance_service(job.tenant, now);
    job.state = SlotState::kReplicaReady;
    set_ready(job, +1);
    for (CenterObserver* o : config_.observers) o->job_busy_changed(now, view_of(job));
    signal_service_load(job.tenant, now);
  }

  void set_ready(const Job& job, int sign) {
    ServiceState& st = services_[job.tenant];
    const std::uint8_t m = table_.model(gang_nodes_[job.first_node]);
    st.ready_capacity += sign * config_.tenants[job.tenant].service->tokens_per_s[m] * job.serve_factor;
    st.ready_accelerators[m] += sign * static_cast<double>(job.per_node);
    if (st.ready_capacity < 1e-9) st.ready_capacity = 0;  // no drift below zero once all are gone
  }

  void stop_replica(std::uint32_t tenant, std::uint32_t slot, Tick now) {
    Job& job = jobs_[slot];
    if (now >= measured_from_) ++services_[tenant].result.replicas_stopped;
    release_nodes(job);
    account(job, now, -1);
    signal_ended(job, now, false);
    if (job.state == SlotState::kReplicaReady) {
      set_ready(job, -1);
      signal_service_load(tenant, now);
    } else {
      work_.stop(slot);  // its ready event is now stale
    }
    release_slot(slot);
  }

  // ---- Warm-up and the fates of waiting jobs ------------------------------------------------

  // The warm-up ends: statistics restart from here with the levels as they are.
  void end_warmup(Tick now) {
    for (std::uint32_t t = 0; t < services_.size(); ++t) {  // what was served so far is not measured
      if (!config_.tenants[t].service) continue;
      services_[t].integrated_to = now;
      services_[t].result = ServiceResult{};
      std::fill(services_[t].busy_seconds.begin(), services_[t].busy_seconds.end(), 0.0);
      services_[t].result.peak_replicas = static_cast<std::uint32_t>(services_[t].replicas.size());
    }
    measured_from_ = now;
    const auto restart = [now](TimeAverage& a) {
      TimeAverage fresh(now);
      fresh.set(now, a.level());
      a = fresh;
    };
    restart(allocated_);
    restart(cpu_held_);
    for (TimeAverage& cell : cells_) restart(cell);
    waits_.clear();
  }

  // Nothing holds any server: every slot in use holds nodes, and none is.
  [[nodiscard]] bool center_empty() const { return free_slots_.size() == jobs_.size(); }

  void count_rejected_on_empty_center(std::uint32_t tenant, std::uint32_t demand) {
    ++rejected_;
    ++tenant_results_[tenant].rejected;
    ++tenant_results_[tenant].rejected_on_empty_center;
    ++shape_fates_[static_cast<std::size_t>(shape_of(tenant, demand))].rejected;
  }
  // The job the discipline waits for did not fit (nor could preemption make room): on the
  // empty center it never will, so it is rejected (see the file comment).
  bool reject_if_center_empty(std::uint32_t id) {
    if (!center_empty()) return false;
    const WaitingJob job = waiting_[id];
    waiting_.remove(id);  // a pending patience event finds it gone
    count_rejected_on_empty_center(job.tenant, job.demand);
    return true;
  }

  void count_withdrawn(std::uint32_t tenant, std::uint32_t demand) {
    ++withdrawn_;
    ++tenant_results_[tenant].withdrawn;
    ++shape_fates_[static_cast<std::size_t>(shape_of(tenant, demand))].withdrawn;
  }

  // Calls f(tenant, shape) for every job waiting now.
  template <class F>
  void for_each_waiting(F f) const {
    if (general_) {
      for (std::uint32_t id = waiting_.first(); id != kNone; id = waiting_.next(id)) f(waiting_[id].tenant, shape_of(waiting_[id].tenant, waiting_[id].demand));
      return;
    }
    for (std::size_t i = 0; i < queue_.size(); ++i) {
      if (!queue_[i].withdrawn) f(queue_[i].tenant, shape_of(queue_[i].tenant, queue_[i].demand));
    }
  }

  struct EndKey {  // running jobs by estimated end; the slot makes keys distinct
    Tick end;
    std::uint32_t slot;
    bool operator<(const EndKey& o) const { return end < o.end || (end == o.end && slot < o.slot); }
  };

  CenterConfig config_;
  policy::NodeTable table_;  // the cluster state: every job binds and unbinds here
  std::vector<Streams> streams_;
  std::vector<TenantResult> tenant_results_;
  std::vector<std::unique_ptr<JobSource>> replays_;  // per tenant; null when it draws its jobs
  std::vector<TraceJob> replay_next_;               // per replayed tenant: the job read ahead
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
  std::vector<std::int64_t> held_;          // per tenant: milli-accelerators its running jobs hold
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
  RunningWork work_;  // per job slot: end, rate, version of its running work
  std::vector<double> rates_;  // slow_down's scratch
  std::vector<std::uint32_t> job_slots_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<std::uint32_t> gang_nodes_;
  // The policy, the GPUs each job holds on each of its nodes (parallel to gang_nodes_), and scratch.
  std::unique_ptr<policy::PlacementPolicy> placement_;
  bool first_fit_ = false;  // placement_ is policy::FirstFit: choose() asks the table directly
  std::vector<std::uint32_t> gang_gpus_;
  std::vector<std::uint32_t> gang_choice_;
  std::vector<std::uint32_t> reserved_nodes_;  // EASY: the head's reserved nodes, as a list
  std::vector<std::uint32_t> chosen_;       // choose()'s answer, one entry per node at most
  std::vector<std::uint32_t> chosen_gpus_;  // and the GPUs on each
  std::uint32_t stride_ = 1;
  // What each tenant class can get here, and the pass's skip rule (start_pass_skips).
  std::vector<TenantFit> fits_;
  bool mixed_sizes_ = false;  // GPU nodes of different sizes: gang members must match the size
  std::uint32_t request_classes_ = 0;
  std::vector<std::uint32_t> blocked_;  // per request class: the smallest demand found blocked this pass
  std::uint32_t classes_blocked_at_one_ = 0;
  // Measures over [measured_from_, stop]: allocation in milli-accelerators, in all and per
  // (GPU model, tenant), and CPU held in milli-CPU.
  Tick warmup_ = 0;
  Tick measured_from_ = 0;
  std::uint64_t measured_completions_ = 0;
  TimeAverage allocated_;
  std::vector<TimeAverage> cells_;
  TimeAverage cpu_held_;
  std::array<JobFates, kJobShapeCount> shape_fates_{};
  std::vector<ServiceState> services_;  // per tenant; used by service tenants
  Tick observed_to_ = 0;                // observers have been told of time up to here
  bool signal_service_load_ = false;    // some observer wants service loads: demand steps are events
  std::vector<double> demand_step_s_;   // per service tenant: the demand step scheduled next (seconds)
  Tick wake_at_ = kNever;  // the earliest governor wake scheduled and still to come
  std::vector<std::uint32_t> governed_slots_;  // settle_speeds' scratch
  std::vector<double> governed_factors_;
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
[[nodiscard]] CenterResult simulate(const CenterConfig& config) {
  CenterModel model(config);
  return run_to_stop<Queue>(model, 1024);
}

}  // namespace dcsim::cluster

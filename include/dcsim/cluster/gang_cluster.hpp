#pragma once
// Jobs that ask for N accelerators on a cluster of nodes, one FIFO queue, first-fit
// placement — W2 `gpu-cluster` of the reference workloads (shared/bench/WORKLOADS.md):
//   - a job of at most one node's accelerators runs on one node: the lowest-id node with
//     enough free accelerators;
//   - a larger job is a gang: it needs ceil(demand / per-node) whole free nodes at once, the
//     lowest-id ones, and starts on all of them together;
//   - strict FIFO: only the head of the queue may start; a job larger than the whole cluster
//     is rejected at arrival (counted, never queued).
//   - jobs come from one or more tenant classes, each with its own arrival stream, job mix and
//     patience: a job still waiting when its patience runs out is withdrawn (lost demand).
// Same conventions as W1: uncapped arrivals, stop at the N-th completion, statistics over
// those N jobs in completion order. The queue and placement rules are fixed here for now;
// they move behind the policy interfaces with the scheduling work.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dcsim/core/distributions.hpp"
#include "dcsim/core/engine.hpp"
#include "dcsim/core/random.hpp"
#include "dcsim/core/ring_queue.hpp"
#include "dcsim/core/time.hpp"
#include "dcsim/metrics/batch_means.hpp"
#include "dcsim/metrics/time_average.hpp"
#include "dcsim/policy/free_capacity_index.hpp"
#include "dcsim/workload/arrivals.hpp"
#include "dcsim/workload/trace/trace_job.hpp"

namespace dcsim::cluster {

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
/// distributions; patience still applies.
struct TenantClass {
  std::string name = "jobs";
  ArrivalStream arrivals = PoissonArrivals(1.0);  ///< when its jobs arrive (seconds)
  Distribution demand = Deterministic(1.0);      ///< accelerators per job (rounded, >= 1)
  Distribution duration = Exponential(1.0);      ///< seconds of run time
  std::optional<Distribution> patience = std::nullopt;  ///< seconds a job waits before leaving; none = forever
  std::function<std::unique_ptr<JobSource>()> replay = nullptr;  ///< opens the trace, once per run
};

struct TenantResult {
  std::string name;
  std::uint64_t arrivals = 0;
  std::uint64_t completions = 0;   ///< of the N counted
  std::uint64_t withdrawn = 0;     ///< lost demand: left the queue out of patience
  std::uint64_t rejected = 0;
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
};

struct GangClusterResult {
  std::uint64_t completions = 0;
  std::uint64_t arrivals = 0;
  std::uint64_t rejected = 0;        ///< larger than the whole cluster
  std::uint64_t withdrawn = 0;       ///< left the queue out of patience
  std::uint64_t queued_at_stop = 0;
  std::uint64_t running_at_stop = 0;
  std::uint64_t events = 0;
  double end_seconds = 0;
  MeanEstimate wait;                 ///< seconds, start - arrival
  double wait_p99 = 0;               ///< nearest rank over the N completed jobs
  double utilization = 0;            ///< busy accelerator-time / (capacity x T_stop)
  double busy_accelerator_seconds = 0;
  std::vector<TenantResult> tenants;
};

class GangCluster {
 public:
  enum Kind : std::uint32_t { kArrival = 0, kCompletion = 1, kPatienceOut = 2 };

  explicit GangCluster(const GangClusterConfig& c)
      : config_(c), free_(c.nodes, c.accelerators_per_node) {
    for (const auto& t : c.tenants) {
      const std::string base = t.name;
      streams_.push_back(Streams{RandomStream::derive(c.seed, base + "/arrivals"), RandomStream::derive(c.seed, base + "/demand"),
                                 RandomStream::derive(c.seed, base + "/duration"), RandomStream::derive(c.seed, base + "/patience")});
      tenant_results_.push_back(TenantResult{t.name});
      replays_.push_back(t.replay ? t.replay() : nullptr);
    }
    replay_next_.resize(c.tenants.size());
    waits_.reserve(c.completions);
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
    r.tenants = tenant_results_;
    r.queued_at_stop = queue_.size() - withdrawn_in_queue_;
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

  /// Accelerators in use now (for tests: never above capacity).
  [[nodiscard]] std::int64_t busy_accelerators() const { return busy_.level(); }
  [[nodiscard]] const FreeCapacityIndex& free_capacity() const { return free_; }

 private:
  struct Waiting {
    Tick arrival;
    Tick duration;
    std::uint32_t demand;
    std::uint32_t tenant;
    bool withdrawn;  // left out of patience; dropped when it reaches the head
  };
  struct Streams {
    RandomStream arrivals, demand, duration, patience;
  };

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
    const std::uint32_t id = tail_id_++;
    queue_.push(Waiting{sim.now(), duration, demand, tenant, false});
    if (queue_.size() == 1) start_queue_heads(sim);  // otherwise the head is unchanged and still blocked
    // Patience only matters to a job that has to wait: its deadline is scheduled then.
    if (t.patience && std::uint32_t(id - head_id_) < queue_.size()) {  // still waiting
      sim.schedule_after(config_.time.ticks(sample(*t.patience, rng.patience)), kPatienceOut, id);
    }
  }

  // A waiting job's patience ran out: it leaves (lazily: marked, dropped at the head).
  template <class Sim>
  void run_out_of_patience(std::uint32_t id, Sim& sim) {
    const std::uint32_t offset = id - head_id_;  // ids wrap; offsets past the queue = already started
    if (offset >= queue_.size() || queue_[offset].withdrawn) return;
    queue_[offset].withdrawn = true;
    ++withdrawn_;
    ++withdrawn_in_queue_;
    ++tenant_results_[queue_[offset].tenant].withdrawn;
    if (offset == 0) start_queue_heads(sim);  // the head left: the next may fit
  }

  template <class Sim>
  void complete(std::uint32_t slot, Sim& sim) {
    Job& job = jobs_[slot];
    const double wait = config_.time.seconds(job.start - job.arrival);
    waits_.push_back(wait);
    ++tenant_results_[job.tenant].completions;
    tenant_results_[job.tenant].wait_sum += wait;
    for (std::uint32_t i = 0; i < job.node_count; ++i) {
      const std::uint32_t node = gang_nodes_[job.first_node + i];
      free_.give(node, job.node_count == 1 ? job.demand : config_.accelerators_per_node);
    }
    busy_.set(sim.now(), busy_.level() - job.busy);
    --running_;
    release_slot(slot);
    if (++completions_ == config_.completions) {
      sim.stop();
      return;
    }
    start_queue_heads(sim);
  }

  // Strict FIFO: start heads while the head fits; stop at the first that does not.
  template <class Sim>
  void start_queue_heads(Sim& sim) {
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
      Job& job = jobs_[slot];
      job.arrival = head.arrival;
      job.start = sim.now();
      job.demand = head.demand;
      job.tenant = head.tenant;
      job.busy = job.node_count == 1 ? head.demand : job.node_count * config_.accelerators_per_node;
      busy_.set(sim.now(), busy_.level() + job.busy);
      ++running_;
      sim.schedule_after(head.duration, kCompletion, slot);
    }
  }

  // First fit. Returns the job slot holding the chosen nodes, or kNoSlot when it does not fit.
  std::uint32_t place(std::uint32_t demand) {
    const std::uint32_t per_node = config_.accelerators_per_node;
    if (demand <= per_node) {
      const std::uint32_t node = free_.first_with(demand);
      if (node == FreeCapacityIndex::kNone) return kNoSlot;
      free_.take(node, demand);
      const std::uint32_t slot = acquire_slot(1);
      gang_nodes_[jobs_[slot].first_node] = node;
      return slot;
    }
    const std::uint32_t needed = nodes_for(demand);
    // Gather the lowest-id whole free nodes; give up without taking any if too few.
    gather_.clear();
    for (std::uint32_t node = free_.first_with(per_node); node != FreeCapacityIndex::kNone && gather_.size() < needed;
         node = node + 1 < config_.nodes ? free_.first_with(per_node, node + 1) : FreeCapacityIndex::kNone) {
      gather_.push_back(node);
    }
    if (gather_.size() < needed) return kNoSlot;
    const std::uint32_t slot = acquire_slot(needed);
    for (std::uint32_t i = 0; i < needed; ++i) {
      free_.take(gather_[i], per_node);
      gang_nodes_[jobs_[slot].first_node + i] = gather_[i];
    }
    return slot;
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
    }
    jobs_[slot].node_count = node_count;
    return slot;
  }
  void release_slot(std::uint32_t slot) { free_slots_.push_back(slot); }
  void regrow(std::uint32_t new_stride) {
    std::vector<std::uint32_t> bigger(jobs_.size() * new_stride);
    for (std::uint32_t s = 0; s < jobs_.size(); ++s) {
      std::copy_n(gang_nodes_.begin() + jobs_[s].first_node, jobs_[s].node_count, bigger.begin() + s * new_stride);
      jobs_[s].first_node = s * new_stride;
    }
    gang_nodes_.swap(bigger);
    stride_ = new_stride;
  }

  static constexpr std::uint32_t kNoSlot = ~std::uint32_t{0};

  struct Job {
    Tick arrival = 0;
    Tick start = 0;
    std::uint32_t demand = 0;
    std::uint32_t tenant = 0;
    std::uint32_t busy = 0;        // accelerators held (a gang holds whole nodes)
    std::uint32_t first_node = 0;  // into gang_nodes_
    std::uint32_t node_count = 0;
  };

  GangClusterConfig config_;
  std::vector<Streams> streams_;
  std::vector<TenantResult> tenant_results_;
  std::vector<std::unique_ptr<JobSource>> replays_;  // per tenant; null when it draws its jobs
  std::vector<TraceJob> replay_next_;               // per replayed tenant: the job read ahead
  FreeCapacityIndex free_;
  RingQueue<Waiting> queue_;
  std::uint32_t head_id_ = 0;  // arrival id of queue_.front(); ids count queued arrivals
  std::uint32_t tail_id_ = 0;
  std::uint64_t withdrawn_in_queue_ = 0;
  std::vector<Job> jobs_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<std::uint32_t> gang_nodes_;
  std::vector<std::uint32_t> gather_;
  std::uint32_t stride_ = 1;
  TimeAverage busy_;
  std::vector<double> waits_;  // in completion order: batch means and the p99 at the end
  std::uint64_t arrivals_ = 0;
  std::uint64_t completions_ = 0;
  std::uint64_t rejected_ = 0;
  std::uint64_t withdrawn_ = 0;
  std::uint64_t running_ = 0;
};

/// Runs one replication to the configured number of completions.
template <EventQueue Queue = DefaultEventQueue>
[[nodiscard]] GangClusterResult simulate(const GangClusterConfig& config) {
  GangCluster model(config);
  return run_to_stop<Queue>(model, 1024);
}

}  // namespace dcsim::cluster

#pragma once
// Inference services: long-running replicas whose number follows token demand.
//
// A service is asked for tokens per second (a DemandCurve: piecewise constant, e.g. built
// from the Azure LLM inference 2023 trace). Each replica holds `gpus_per_replica`
// accelerators on one node and serves up to `tokens_per_second_per_replica`; a replica just
// started holds its accelerators for `startup_s` before it serves anything (cold start:
// loading weights, building kernels).
//
// Serving is a fluid with no queue: at every instant a service serves min(demand, ready
// replicas x per-replica rate); demand above that is lost (the SLO is violated while it
// lasts). Demand and ready capacity are both piecewise constant, so served, unserved and
// below-demand time are integrated exactly between changes, walking the demand steps: the
// demand steps are never events, only autoscaler evaluations and replicas becoming ready are.
// With no queue, the demand curve's step length is the burst the service must absorb at
// once: a 1 s curve of a bursty trace loses more than a 10 s one, as a server with a few
// seconds of queueing slack would. Pick it as the latency the service tolerates.
//
// The autoscaler runs every `interval_s` (InferenceClusterConfig), the same instant for every
// service, so that when accelerators are short the services' wants are known together and a
// fixed priority order can share them. At an evaluation, for each service:
//   recommended = ceil(mean demand over the last `window_s` / (per-replica rate x
//                 target_utilization)), clamped to [min_replicas, max_replicas];
//   scale up at once to `recommended` if it exceeds the replicas held (starting + ready);
//   scale down only to the highest recommendation of the last `scale_down_delay_s` (the
//   Kubernetes HPA rule: scale-up has no stabilization, scale-down a 300 s window by
//   default), so a drop in demand lowers the count only once it has lasted that long.
// Then every scale-down is applied (its accelerators come back first), then the scale-ups in
// priority order (higher `priority` first; ties in configuration order). A replica is placed
// first-fit: the lowest-id node with `gpus_per_replica` free accelerators (whole replicas on
// one node). When none has room and `preemption` is on, a service may take the room of
// strictly lower-priority replicas on one node: the lowest-id node where its free plus their
// accelerators suffice; victims there go lowest priority first, then not-yet-ready before
// ready, newest first, only until the replica fits. A service that still cannot place its
// replicas keeps what it got and tries again at the next evaluation (counted as a
// capacity-limited evaluation). So, with preemption, on a short cluster a lower-priority
// service gets what the higher ones leave, whatever the history; without it, replicas
// already running keep their place.
//
// A scale-down stops not-ready replicas first, then ready ones, newest first (the Kubernetes
// ReplicaSet order); a stopped replica frees its accelerators at once (no drain).
//
// Start: each service begins with `initial_replicas` ready replicas (a service already
// running when the simulated window opens); by default as many as the demand of its first
// window asks for, so the run does not open with an artificial cold start.
//
// Measures, over [start_s, end_s]: demanded, served and unserved tokens (demanded = served +
// unserved is a check, each is integrated on its own), the capacity of the ready replicas
// and of all held ones, time-weighted replicas, GPU-hours held, the share of time with
// demand above ready capacity, scale-ups/downs, peak replicas; the cluster's allocated
// accelerators (% of capacity, time-weighted).
//
// Cost: an evaluation is O(services x (demand steps in the window + recommendations kept))
// plus the replicas it starts or stops; every event also integrates the demand steps passed
// since the previous one (O(services) each). All storage is sized at construction, so a run
// allocates nothing per event; no virtual call anywhere.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "dcsim/core/event.hpp"
#include "dcsim/core/time.hpp"
#include "dcsim/metrics/time_average.hpp"
#include "dcsim/model/chip.hpp"
#include "dcsim/policy/free_capacity_index.hpp"
#include "dcsim/workload/job.hpp"
#include "dcsim/workload/trace/azure_llm_2023.hpp"
#include "dcsim/workload/trace/csv.hpp"

namespace dcsim::cluster {

// ------------------------------------------------------------------------------- Demand

/// From `start_s` on, until the next step (the last one: until DemandCurve::end_s), a
/// service is asked for `tokens_per_s`.
struct DemandStep {
  double start_s = 0;
  double tokens_per_s = 0;
};

/// Tokens per second asked of a service: piecewise constant; zero before the first step and
/// from `end_s` on.
struct DemandCurve {
  std::vector<DemandStep> steps;  ///< strictly increasing start_s, all >= 0
  double end_s = 0;               ///< > the last step's start

  /// The demand at time `t` (seconds).
  [[nodiscard]] double tokens_per_s(double t) const;
  /// Tokens asked for over [from_s, to_s).
  [[nodiscard]] double tokens(double from_s, double to_s) const;
  /// Every level times `factor` (a trace sample stands for a larger population of users).
  [[nodiscard]] DemandCurve scaled(double factor) const;

  /// `tokens_per_s` over [start_s, end_s).
  [[nodiscard]] static DemandCurve constant(double tokens_per_s, double start_s, double end_s);
  /// A synthetic curve: f(t) sampled at the start of each `step_s` over [start_s, end_s).
  template <class F>
  [[nodiscard]] static DemandCurve sample(F f, double start_s, double end_s, double step_s) {
    DemandCurve c;
    c.end_s = end_s;
    for (std::uint64_t k = 0;; ++k) {
      const double t = start_s + static_cast<double>(k) * step_s;
      if (!(t < end_s)) break;
      c.steps.push_back(DemandStep{t, static_cast<double>(f(t))});
    }
    return c;
  }

  friend bool operator==(const DemandCurve&, const DemandCurve&) = default;
};

/// Which tokens of a request count as demand. Throughputs measured as output tokens/s at a
/// given prompt/output mix (DOMAIN.md §6.3) already pay for the prompt: pair them with
/// kOutput.
enum class DemandTokens : std::uint8_t { kOutput, kPrompt, kTotal };

/// The demand curve of a TokenDemand: one step per interval (a request's tokens count in the
/// interval it arrives).
[[nodiscard]] DemandCurve demand_curve(const TokenDemand& demand, DemandTokens which = DemandTokens::kOutput);

/// Reads an AzureLLMInferenceTrace_*.csv into a demand curve of `interval_s` steps over the
/// window [start_s, end_s) of trace time (seconds after the first request).
[[nodiscard]] DemandCurve read_azure_demand(const std::string& csv_path, double interval_s,
                                            DemandTokens which = DemandTokens::kOutput, double start_s = 0,
                                            double end_s = std::numeric_limits<double>::infinity(),
                                            const TraceReadOptions& options = {});

// ------------------------------------------------------------- Replica throughput

/// Output tokens/s of one replica of Llama 3.3 70B at FP8 on 2 x H100 (tensor parallel 2),
/// prompt/output 1000/1000 tokens, TensorRT-LLM max-throughput benchmark (DOMAIN.md §6.3
/// [S104]). DOMAIN.md maps the Azure conversation trace to this mix; its code trace maps to
/// 2048/128, where the same replica serves 762 tokens/s.
inline constexpr double kReferenceReplicaTokensPerSecond = 4205;
inline constexpr std::uint32_t kReferenceGpusPerReplica = 2;

/// A measured serving rate to scale from (defaults: the reference replica above, per H100).
struct ReplicaThroughputReference {
  double tokens_per_second_per_gpu = kReferenceReplicaTokensPerSecond / kReferenceGpusPerReplica;
  double ops_per_second = 1979e12;    ///< H100 SXM dense FP8 (DOMAIN.md §1.1)
  double memory_bandwidth = 3.35e12;  ///< H100 SXM HBM3, bytes/s
  /// Share of a token's time bound by compute when measured (EST 0.5: prefill is
  /// compute-bound, decode memory-bound [S54], and the 1000/1000 mix has both).
  double compute_share = 0.5;
  /// Precisions a serving stack computes in. INT8 is left out: weight-only INT8 still
  /// computes in FP16 (DOMAIN.md §6.4), so an A100 runs at its BF16/FP16 rate.
  PrecisionSet precisions = dcsim::precisions({Precision::kFp8, Precision::kBf16, Precision::kFp16});
};

/// Tokens/s of a replica of `gpus` accelerators of `chip` (DER, EST): the reference per-GPU
/// rate x gpus, divided by the chip's time per token relative to the reference, a roofline
/// mix compute_share x (reference ops / chip ops) + (1 - compute_share) x (reference
/// bandwidth / chip bandwidth), with the chip's fastest rate among `precisions`. A chip
/// without a published bandwidth is scaled by compute alone; one with none of the
/// precisions serves 0. Examples (DER): H100 4,205 per 2 GPUs; H20 ~1,120 per 2 (fast memory,
/// slow math); A100 ~1,050 per 2.
[[nodiscard]] double estimate_replica_tokens_per_second(const ChipSpec& chip, std::uint32_t gpus,
                                                        const ReplicaThroughputReference& reference = {});

// ------------------------------------------------------------------ Configuration

/// One inference service: its demand, its replicas and its autoscaler settings.
struct InferenceServiceConfig {
  std::string name = "service";
  DemandCurve demand;
  std::uint32_t gpus_per_replica = kReferenceGpusPerReplica;  ///< on one node
  double tokens_per_second_per_replica = kReferenceReplicaTokensPerSecond;
  /// Cold start: the replica holds its accelerators but serves nothing (EST: weights of a
  /// 70B model at FP8 are ~70 GB, tens of seconds to read plus engine start).
  double startup_s = 60;
  double window_s = 60;  ///< demand averaged over the last window (Knative's stable window is 60 s)
  /// Demand / capacity the autoscaler aims at: the headroom for bursts inside a window (EST).
  double target_utilization = 0.8;
  std::uint32_t min_replicas = 1;  ///< 0 allows scale to zero
  std::uint32_t max_replicas = std::numeric_limits<std::uint32_t>::max();
  /// Ready at start; none = sized for the demand of [start_s, start_s + window_s).
  std::optional<std::uint32_t> initial_replicas = std::nullopt;
  double scale_down_delay_s = 300;  ///< Kubernetes HPA default scale-down stabilization window
  int priority = 0;                 ///< higher first when accelerators are short
};

/// Autoscaler recommendations kept per service (scale_down_delay / interval of them): a bound
/// on memory, not a modelling limit (a day's delay at a 0.1 s period is 864,000).
inline constexpr std::int64_t kMaxScaleDownHistory = std::int64_t{1} << 20;

struct InferenceClusterConfig {
  std::uint32_t nodes = 1;
  std::uint32_t gpus_per_node = 8;
  std::vector<InferenceServiceConfig> services;  ///< at least one
  double interval_s = 15;  ///< autoscaler period (Kubernetes HPA sync period default 15 s)
  double start_s = 0;
  std::optional<double> end_s = std::nullopt;  ///< none = the latest end of the services' demand
  bool preemption = true;       ///< a service may stop lower-priority replicas to place its own
  bool record_timeline = false; ///< one InferenceServiceSample per service and evaluation
  TimeScale time{1e-6};
};

// ------------------------------------------------------------------------ Results

struct InferenceServiceResult {
  std::string name;
  double demanded_tokens = 0;
  double served_tokens = 0;
  double unserved_tokens = 0;        ///< demand above ready capacity: lost
  double ready_capacity_tokens = 0;  ///< what the ready replicas could have served
  double held_capacity_tokens = 0;   ///< the same for every held replica, starting ones included
  double mean_replicas = 0;          ///< held (starting + ready), time-weighted
  double mean_ready_replicas = 0;
  double gpu_hours = 0;              ///< accelerators held x hours (starting replicas included)
  double below_demand_s = 0;         ///< time with demand > ready capacity (SLO violated)
  double below_demand_fraction = 0;  ///< of the run
  std::uint64_t scale_ups = 0;       ///< evaluations that started replicas
  std::uint64_t scale_downs = 0;     ///< evaluations that stopped replicas (preemption apart)
  std::uint64_t replicas_started = 0;  ///< by the autoscaler (initial replicas not counted)
  std::uint64_t replicas_stopped = 0;  ///< by scale-downs
  std::uint64_t replicas_preempted = 0;
  std::uint64_t capacity_limited_evaluations = 0;  ///< wanted more replicas than the cluster gave
  std::uint32_t peak_replicas = 0;
  std::uint32_t final_replicas = 0;

  /// Served / demanded tokens (1 when nothing was asked).
  [[nodiscard]] double served_fraction() const { return demanded_tokens > 0 ? served_tokens / demanded_tokens : 1.0; }
  /// GPU utilization of the ready replicas: served / their capacity.
  [[nodiscard]] double utilization() const { return ready_capacity_tokens > 0 ? served_tokens / ready_capacity_tokens : 0.0; }
  /// The same over every GPU-hour held (cold starts count as idle).
  [[nodiscard]] double held_utilization() const { return held_capacity_tokens > 0 ? served_tokens / held_capacity_tokens : 0.0; }
  friend bool operator==(const InferenceServiceResult&, const InferenceServiceResult&) = default;
};

/// The state of one service after an evaluation.
struct InferenceServiceSample {
  double time_s = 0;
  std::uint32_t service = 0;
  double window_tokens_per_s = 0;  ///< the mean demand the autoscaler saw
  std::uint32_t recommended = 0;   ///< from that demand, within [min, max]
  std::uint32_t desired = 0;       ///< after the scale-down delay
  std::uint32_t held = 0;          ///< after the cluster's limits
  std::uint32_t ready = 0;
  friend bool operator==(const InferenceServiceSample&, const InferenceServiceSample&) = default;
};

struct InferenceClusterResult {
  std::vector<InferenceServiceResult> services;  ///< in configuration order
  /// Sums over the services, except: below_demand_s is the time some service was below its
  /// demand, peak_replicas the peak of all held replicas together.
  InferenceServiceResult total;
  std::uint32_t gpus = 0;               ///< nodes x gpus_per_node
  double allocated_pct_mean = 0;        ///< accelerators held, % of the cluster, time-weighted
  double allocated_pct_peak = 0;
  double start_s = 0;
  double end_s = 0;
  std::uint64_t evaluations = 0;
  std::uint64_t events = 0;
  std::vector<InferenceServiceSample> timeline;  ///< with record_timeline
  friend bool operator==(const InferenceClusterResult&, const InferenceClusterResult&) = default;
};

// -------------------------------------------------------------------------- Model

/// The services and their autoscaler on one cluster, as an engine model (Engine<
/// InferenceCluster>): start(sim), handle(event, sim), result(now, events).
class InferenceCluster {
 public:
  enum Kind : std::uint32_t { kEvaluate = 0, kReady = 1, kEnd = 2 };

  /// Throws std::invalid_argument for a configuration that cannot run (each message names
  /// the service and the field).
  explicit InferenceCluster(const InferenceClusterConfig& config);

  template <class Sim>
  void start(Sim& sim) {
    place_initial_replicas();
    if (start_ + interval_ < end_) sim.schedule_at(start_ + interval_, kEvaluate, 0);
    sim.schedule_at(end_, kEnd, 0);
  }

  template <class Sim>
  void handle(const Event& e, Sim& sim) {
    switch (e.kind) {
      case kEvaluate: {
        const Tick now = sim.now();
        evaluate(now);
        // Scheduled from the scratch list the evaluation filled; no allocation.
        for (const std::uint32_t slot : started_) sim.schedule_at(replicas_[slot].ready_at, kReady, slot);
        const Tick next = start_ + static_cast<Tick>(evaluations_ + 1) * interval_;  // on the grid: no drift
        if (next < end_) sim.schedule_at(next, kEvaluate, 0);
        break;
      }
      case kReady: make_ready(e.target, sim.now()); break;
      default: sim.stop(); break;
    }
  }

  /// The measures over [start, now] (now <= end; the run ends at end).
  [[nodiscard]] InferenceClusterResult result(Tick now, std::uint64_t events) const;

  [[nodiscard]] Tick start_tick() const { return start_; }
  [[nodiscard]] Tick end_tick() const { return end_; }
  [[nodiscard]] std::uint32_t total_gpus() const { return nodes_ * gpus_per_node_; }
  /// Accelerators held by replicas now, starting ones included.
  [[nodiscard]] std::uint32_t held_gpus() const { return held_gpus_; }
  [[nodiscard]] std::uint32_t held_replicas(std::uint32_t service) const {
    return static_cast<std::uint32_t>(services_[service].replicas.size());
  }
  [[nodiscard]] std::uint32_t ready_replicas(std::uint32_t service) const { return services_[service].ready; }
  [[nodiscard]] const FreeCapacityIndex& free_capacity() const { return free_; }
  /// Calls f(service, node, gpus, ready) for every replica held (for tests: the index and
  /// the counts must agree with it).
  template <class F>
  void for_each_replica(F f) const {
    for (std::uint32_t s = 0; s < services_.size(); ++s) {
      for (const std::uint32_t slot : services_[s].replicas) {
        const Replica& r = replicas_[slot];
        f(s, r.node, services_[s].gpus, r.state == ReplicaState::kReady);
      }
    }
  }

 private:
  enum class ReplicaState : std::uint8_t { kFree, kStarting, kReady };
  struct Replica {
    std::uint64_t seq = 0;  // start order: newest first when stopping
    Tick ready_at = 0;
    std::uint32_t service = 0;
    std::uint32_t node = 0;
    ReplicaState state = ReplicaState::kFree;
  };
  struct Recommendation {
    Tick at = 0;
    std::uint32_t replicas = 0;
  };
  struct Service {
    std::string name;
    // demand in ticks: level levels[i] over [bounds[i], bounds[i + 1]); 0 outside
    std::vector<Tick> bounds;
    std::vector<double> levels;
    double rate = 0;         // tokens/s per ready replica
    double target_rate = 0;  // rate x target utilization
    Tick startup = 0, window = 0, delay = 0;
    std::uint32_t gpus = 0, min = 0, max = 0;
    std::optional<std::uint32_t> initial;
    int priority = 0;
    std::vector<std::uint32_t> replicas;  // slots held, in start order
    std::uint32_t ready = 0;
    std::vector<Recommendation> history;  // ring: the recommendations of the last `delay`
    std::size_t history_next = 0;
    TimeAverage held_avg, ready_avg;
    std::uint32_t peak = 0;
    std::uint64_t scale_ups = 0, scale_downs = 0, started = 0, stopped = 0, preempted = 0, limited = 0;
    explicit Service(Tick start) : held_avg(start), ready_avg(start) {}
  };
  // What the fluid integration accumulates; apart from Service so result() can finish the
  // integration on a copy.
  struct Flow {
    std::size_t segment = 0;  // bounds <= now: 0 = before bounds[0]; k = [bounds[k-1], bounds[k]); bounds.size() = after the end
    double demanded = 0, served = 0, unserved = 0, below_s = 0;
  };

  void place_initial_replicas();
  void evaluate(Tick now);
  void make_ready(std::uint32_t slot, Tick now);

  /// Integrates every service's flow from last_ to `to` at the current ready counts.
  void advance(Tick to) {
    integrate(last_, to, flows_, any_below_s_);
    last_ = to;
  }
  void integrate(Tick from, Tick to, std::vector<Flow>& flows, double& any_below_s) const;
  [[nodiscard]] double window_tokens(const Service& s, Tick from, Tick to) const;
  [[nodiscard]] std::uint32_t recommend(const Service& s, double tokens_per_s) const;

  /// Starts one replica of `service` (first fit, then preemption); false when nothing fits.
  bool start_replica(std::uint32_t service, Tick now, bool ready_at_once);
  [[nodiscard]] std::uint32_t node_to_preempt_on(std::uint32_t service);
  /// Stops replica `slot` (its service's list loses it; the caller counts why).
  void stop_replica(std::uint32_t slot, Tick now);
  void record_levels(std::uint32_t service, Tick now);

  std::uint32_t nodes_ = 0, gpus_per_node_ = 0;
  TimeScale time_;
  Tick start_ = 0, end_ = 0, interval_ = 0;
  bool preemption_ = true;
  bool record_timeline_ = false;
  std::vector<Service> services_;
  std::vector<std::uint32_t> by_priority_;  // service ids, higher priority first
  std::vector<Flow> flows_;
  double any_below_s_ = 0;
  Tick last_ = 0;  // flows integrated up to here

  FreeCapacityIndex free_;
  std::vector<Replica> replicas_;       // slot pool, sized for the most replicas that can be held
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_seq_ = 0;
  std::uint32_t held_gpus_ = 0;
  std::uint32_t held_replicas_ = 0;
  std::uint32_t peak_held_replicas_ = 0;
  TimeAverage allocated_;
  std::uint32_t peak_allocated_ = 0;
  std::uint64_t evaluations_ = 0;

  // scratch, sized once
  std::vector<std::uint32_t> started_;   // slots started by the last evaluation
  std::vector<std::uint32_t> desired_;   // per service
  std::vector<std::uint32_t> recommended_;  // per service
  std::vector<double> window_rate_;      // per service: the demand the last evaluation saw
  std::vector<std::uint32_t> reclaim_;   // per node: accelerators of lower-priority replicas
  std::vector<std::uint32_t> victims_;
  std::vector<InferenceServiceSample> timeline_;
};

/// Runs the services from start to end through the event engine.
[[nodiscard]] InferenceClusterResult run_inference_services(const InferenceClusterConfig& config);

}  // namespace dcsim::cluster

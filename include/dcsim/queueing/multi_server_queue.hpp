#pragma once
// A multi-server queue (G/G/c, FIFO): c identical servers, one job each at a time, one
// waiting line. With exponential arrivals and service it is W1 `mmc` of the reference
// workloads (shared/bench/WORKLOADS.md), the case the engine is checked against Erlang C.
//
// Conventions of the reference workloads: arrivals are not capped; the run stops at the
// instant the N-th job completes; statistics are over those N completions, in completion
// order (batch means for the 95% intervals); utilization integrates busy servers over
// [0, T_stop]; events are arrivals + completions executed.
#include <cstdint>
#include <vector>

#include "dcsim/core/distributions.hpp"
#include "dcsim/core/engine.hpp"
#include "dcsim/core/random.hpp"
#include "dcsim/core/ring_queue.hpp"
#include "dcsim/core/time.hpp"
#include "dcsim/metrics/batch_means.hpp"
#include "dcsim/metrics/time_average.hpp"

namespace dcsim::queueing {

struct MultiServerQueueConfig {
  int servers = 1;
  Distribution interarrival = Exponential(1.0);  ///< seconds between arrivals
  Distribution service = Exponential(1.0);       ///< seconds of service per job
  std::uint64_t completions = 1000;              ///< stop at the instant of the N-th completion
  int batches = 20;                              ///< for the batch-means intervals
  std::uint64_t seed = 1;
  TimeScale time{1e-6};
};

struct MultiServerQueueResult {
  std::uint64_t completions = 0;
  std::uint64_t arrivals = 0;
  std::uint64_t events = 0;       ///< arrivals + completions executed
  double end_seconds = 0;         ///< T_stop
  MeanEstimate wait_in_queue;     ///< seconds, start - arrival
  MeanEstimate time_in_system;    ///< seconds, completion - arrival
  double utilization = 0;         ///< busy-server time / (c * T_stop)
  double mean_in_system = 0;      ///< time average of jobs waiting or in service (L)
  double mean_in_queue = 0;       ///< time average of jobs waiting (Lq)
  std::uint64_t waiting_at_stop = 0;
  std::uint64_t in_service_at_stop = 0;
};

class MultiServerQueue {
 public:
  enum Kind : std::uint32_t { kArrival = 0, kDeparture = 1 };

  explicit MultiServerQueue(const MultiServerQueueConfig& config)
      : config_(config),
        arrivals_rng_(RandomStream::derive(config.seed, "arrivals")),
        service_rng_(RandomStream::derive(config.seed, "service")),
        job_arrival_(static_cast<std::size_t>(config.servers)),
        job_start_(static_cast<std::size_t>(config.servers)),
        wait_(config.completions, config.batches),
        system_time_(config.completions, config.batches) {
    free_servers_.reserve(job_arrival_.size());
    for (int s = config.servers - 1; s >= 0; --s) free_servers_.push_back(static_cast<std::uint32_t>(s));
  }

  template <class Sim>
  void start(Sim& sim) {
    sim.schedule_after(draw(config_.interarrival, arrivals_rng_), kArrival, 0);
  }

  template <class Sim>
  void handle(const Event& e, Sim& sim) {
    if (e.kind == kArrival) {
      arrive(sim);
    } else {
      depart(e.target, sim);
    }
  }

  [[nodiscard]] MultiServerQueueResult result(Tick now, std::uint64_t events) const {
    MultiServerQueueResult r;
    r.completions = completions_;
    r.arrivals = arrivals_;
    r.events = events;
    r.end_seconds = config_.time.seconds(now);
    r.wait_in_queue = wait_.estimate();
    r.time_in_system = system_time_.estimate();
    r.utilization = busy_.mean(now) / config_.servers;
    r.mean_in_system = in_system_.mean(now);
    r.mean_in_queue = r.mean_in_system - busy_.mean(now);
    r.waiting_at_stop = waiting_.size();
    r.in_service_at_stop = static_cast<std::uint64_t>(in_system_.level()) - waiting_.size();
    return r;
  }

 private:
  Tick draw(const Distribution& d, RandomStream& rng) const { return config_.time.ticks(sample(d, rng)); }

  template <class Sim>
  void arrive(Sim& sim) {
    const Tick now = sim.now();
    ++arrivals_;
    in_system_.set(now, in_system_.level() + 1);
    sim.schedule_after(draw(config_.interarrival, arrivals_rng_), kArrival, 0);
    if (free_servers_.empty()) {
      waiting_.push(now);
      return;
    }
    const std::uint32_t server = free_servers_.back();
    free_servers_.pop_back();
    busy_.set(now, busy_.level() + 1);
    begin_service(server, now, sim);
  }

  template <class Sim>
  void depart(std::uint32_t server, Sim& sim) {
    const Tick now = sim.now();
    wait_.add(config_.time.seconds(job_start_[server] - job_arrival_[server]));
    system_time_.add(config_.time.seconds(now - job_arrival_[server]));
    in_system_.set(now, in_system_.level() - 1);
    if (++completions_ == config_.completions) {
      sim.stop();
      return;
    }
    if (!waiting_.empty()) {
      begin_service(server, waiting_.pop(), sim);  // the server stays busy
    } else {
      free_servers_.push_back(server);
      busy_.set(now, busy_.level() - 1);
    }
  }

  template <class Sim>
  void begin_service(std::uint32_t server, Tick arrived, Sim& sim) {
    job_arrival_[server] = arrived;
    job_start_[server] = sim.now();
    sim.schedule_after(draw(config_.service, service_rng_), kDeparture, server);
  }

  MultiServerQueueConfig config_;
  RandomStream arrivals_rng_;
  RandomStream service_rng_;
  std::vector<std::uint32_t> free_servers_;
  std::vector<Tick> job_arrival_;  // per server: when its current job arrived
  std::vector<Tick> job_start_;    // per server: when its current job started
  RingQueue<Tick> waiting_;        // arrival ticks of waiting jobs, FIFO
  TimeAverage busy_;       // servers busy
  TimeAverage in_system_;  // jobs waiting or in service
  BatchMeans wait_;
  BatchMeans system_time_;
  std::uint64_t arrivals_ = 0;
  std::uint64_t completions_ = 0;
};

/// Runs one replication to the configured number of completions (on any future event set).
template <EventQueue Queue = DefaultEventQueue>
[[nodiscard]] MultiServerQueueResult simulate(const MultiServerQueueConfig& config) {
  MultiServerQueue model(config);
  return run_to_stop<Queue>(model, static_cast<std::size_t>(config.servers) + 1);  // every server busy + 1 arrival
}

}  // namespace dcsim::queueing

// Inference services and their autoscaler: set-up, decisions, fluid integration and
// measures. See inference_service.hpp for the model.
#include "dcsim/cluster/inference_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <iterator>
#include <numeric>
#include <set>
#include <stdexcept>

#include "dcsim/core/engine.hpp"

namespace dcsim::cluster {

// ---------------------------------------------------------------------- DemandCurve

double DemandCurve::tokens_per_s(double t) const {
  if (steps.empty() || !(t >= steps.front().start_s) || !(t < end_s)) return 0.0;
  const auto after = std::upper_bound(steps.begin(), steps.end(), t,
                                      [](double x, const DemandStep& s) { return x < s.start_s; });
  return std::prev(after)->tokens_per_s;
}

double DemandCurve::tokens(double from_s, double to_s) const {
  double total = 0;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const double a = std::max(from_s, steps[k].start_s);
    const double b = std::min(to_s, k + 1 < steps.size() ? steps[k + 1].start_s : end_s);
    if (b > a) total += steps[k].tokens_per_s * (b - a);
  }
  return total;
}

DemandCurve DemandCurve::scaled(double factor) const {
  DemandCurve c = *this;
  for (DemandStep& s : c.steps) s.tokens_per_s *= factor;
  return c;
}

DemandCurve DemandCurve::constant(double tokens_per_s, double start_s, double end_s) {
  DemandCurve c;
  c.steps.push_back(DemandStep{start_s, tokens_per_s});
  c.end_s = end_s;
  return c;
}

DemandCurve demand_curve(const TokenDemand& demand, DemandTokens which) {
  DemandCurve c;
  c.end_s = demand.end_s;
  c.steps.reserve(demand.intervals.size());
  for (const TokenDemandInterval& bin : demand.intervals) {
    double level = bin.output_tokens_per_s;
    if (which == DemandTokens::kPrompt) level = bin.prompt_tokens_per_s;
    if (which == DemandTokens::kTotal) level = bin.prompt_tokens_per_s + bin.output_tokens_per_s;
    c.steps.push_back(DemandStep{bin.start_s, level});
  }
  return c;
}

DemandCurve read_azure_demand(const std::string& csv_path, double interval_s, DemandTokens which, double start_s,
                              double end_s, const TraceReadOptions& options) {
  AzureLlmReader reader(csv_path, options);
  // Too many steps for the window (or, without an end, for the trace's span) is a problem of
  // the trace and its step as given: reported as bad input, naming the trace.
  try {
    TokenDemandBuilder builder(interval_s, start_s, end_s);
    LlmRequest request;
    while (reader.next(request)) {
      if (request.arrival_s >= end_s) break;  // the trace is in arrival order
      builder.add(request);
    }
    return demand_curve(builder.result(), which);
  } catch (const std::length_error& e) {
    throw ConfigError(Diagnostic(SourceLocation(csv_path), "", e.what()));
  } catch (const std::invalid_argument& e) {
    throw ConfigError(Diagnostic(SourceLocation(csv_path), "", e.what()));
  }
}

// ------------------------------------------------------------- Replica throughput

double estimate_replica_tokens_per_second(const ChipSpec& chip, std::uint32_t gpus,
                                          const ReplicaThroughputReference& reference) {
  double ops = 0;
  for (std::size_t p = 0; p < kPrecisionCount; ++p) {
    if (reference.precisions.test(p)) ops = std::max(ops, chip.throughput[p]);
  }
  if (!(ops > 0) || gpus == 0) return 0.0;
  const double compute = reference.ops_per_second / ops;
  const double memory = chip.memory_bandwidth > 0 && reference.memory_bandwidth > 0
                            ? reference.memory_bandwidth / chip.memory_bandwidth
                            : compute;  // unknown bandwidth: compute alone
  const double relative_time = reference.compute_share * compute + (1.0 - reference.compute_share) * memory;
  return reference.tokens_per_second_per_gpu * static_cast<double>(gpus) / relative_time;
}

// --------------------------------------------------------------------- Validation

namespace {

[[noreturn]] void invalid(const std::string& what) { throw std::invalid_argument(what); }

bool finite_at_least(double x, double low) { return std::isfinite(x) && x >= low; }
bool finite_above(double x, double low) { return std::isfinite(x) && x > low; }

void check_service(const InferenceServiceConfig& s, std::uint32_t gpus_per_node) {
  const std::string& n = s.name;
  if (n.empty()) invalid("inference service: every service needs a name");
  if (s.gpus_per_replica < 1 || s.gpus_per_replica > gpus_per_node) {
    invalid(fmt::format("inference service '{}': gpus_per_replica must be 1..{} (a replica stays on one node), got {}", n,
                        gpus_per_node, s.gpus_per_replica));
  }
  if (!finite_above(s.tokens_per_second_per_replica, 0)) {
    invalid(fmt::format("inference service '{}': tokens_per_second_per_replica must be a finite number > 0, got {}", n,
                        s.tokens_per_second_per_replica));
  }
  if (!finite_at_least(s.startup_s, 0)) {
    invalid(fmt::format("inference service '{}': startup_s must be a finite time >= 0, got {}", n, s.startup_s));
  }
  if (!finite_above(s.window_s, 0)) {
    invalid(fmt::format("inference service '{}': window_s must be a finite time > 0, got {}", n, s.window_s));
  }
  if (!(s.target_utilization > 0 && s.target_utilization <= 1)) {
    invalid(fmt::format("inference service '{}': target_utilization must be in (0, 1], got {}", n, s.target_utilization));
  }
  if (s.max_replicas < 1 || s.min_replicas > s.max_replicas) {
    invalid(fmt::format("inference service '{}': expected 1 <= max_replicas and min_replicas <= max_replicas, got min {} max {}",
                        n, s.min_replicas, s.max_replicas));
  }
  if (s.initial_replicas && (*s.initial_replicas < s.min_replicas || *s.initial_replicas > s.max_replicas)) {
    invalid(fmt::format("inference service '{}': initial_replicas must be within [min_replicas, max_replicas] = [{}, {}], got {}",
                        n, s.min_replicas, s.max_replicas, *s.initial_replicas));
  }
  if (!finite_at_least(s.scale_down_delay_s, 0)) {
    invalid(fmt::format("inference service '{}': scale_down_delay_s must be a finite time >= 0, got {}", n,
                        s.scale_down_delay_s));
  }
  const auto& steps = s.demand.steps;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    if (!finite_at_least(steps[k].start_s, 0) || (k > 0 && !(steps[k].start_s > steps[k - 1].start_s))) {
      invalid(fmt::format("inference service '{}': demand step {} must start at a finite time >= 0 after the previous step's, got {}",
                          n, k, steps[k].start_s));
    }
    if (!finite_at_least(steps[k].tokens_per_s, 0)) {
      invalid(fmt::format("inference service '{}': demand step {} must ask for a finite number >= 0 of tokens/s, got {}", n,
                          k, steps[k].tokens_per_s));
    }
  }
  if (!steps.empty() && !(std::isfinite(s.demand.end_s) && s.demand.end_s > steps.back().start_s)) {
    invalid(fmt::format("inference service '{}': demand must end at a finite time after its last step ({}), got {}", n,
                        steps.back().start_s, s.demand.end_s));
  }
}

constexpr Tick kMaxHistory = kMaxScaleDownHistory;

Tick to_ticks(const TimeScale& time, double seconds, const std::string& what) {
  const Tick t = time.ticks(seconds);
  if (t == kNever) invalid(fmt::format("inference service: {} = {} s is beyond the tick range", what, seconds));
  return t;
}

}  // namespace

// ---------------------------------------------------------------------- The model

InferenceCluster::InferenceCluster(const InferenceClusterConfig& c)
    : nodes_(c.nodes),
      gpus_per_node_(c.gpus_per_node),
      time_(c.time),
      preemption_(c.preemption),
      record_timeline_(c.record_timeline),
      free_(c.nodes, c.gpus_per_node) {
  if (c.nodes < 1 || c.gpus_per_node < 1 || std::uint64_t{c.nodes} * c.gpus_per_node > (std::uint64_t{1} << 31)) {
    invalid(fmt::format("inference cluster: expected 1 <= nodes x gpus_per_node <= 2^31, got {} x {}", c.nodes, c.gpus_per_node));
  }
  if (c.services.empty()) invalid("inference cluster: expected at least one service");
  if (!finite_above(c.interval_s, 0)) invalid(fmt::format("inference cluster: interval_s must be a finite time > 0, got {}", c.interval_s));
  if (!finite_at_least(c.start_s, 0)) invalid(fmt::format("inference cluster: start_s must be a finite time >= 0, got {}", c.start_s));
  std::set<std::string> names;
  double demand_end = -1;
  for (const InferenceServiceConfig& s : c.services) {
    check_service(s, c.gpus_per_node);
    if (!names.insert(s.name).second) invalid(fmt::format("inference cluster: two services are named '{}'", s.name));
    if (!s.demand.steps.empty()) demand_end = std::max(demand_end, s.demand.end_s);
  }
  const double end_s = c.end_s ? *c.end_s : demand_end;
  if (!(std::isfinite(end_s) && end_s > c.start_s)) {
    invalid(c.end_s ? fmt::format("inference cluster: end_s must be a finite time after start_s ({}), got {}", c.start_s, end_s)
                    : std::string("inference cluster: no end_s given and no service has any demand to end with"));
  }
  start_ = to_ticks(time_, c.start_s, "start_s");
  end_ = to_ticks(time_, end_s, "end_s");
  interval_ = to_ticks(time_, c.interval_s, "interval_s");
  if (interval_ < 1) invalid(fmt::format("inference cluster: interval_s = {} s is shorter than one tick", c.interval_s));
  last_ = start_;
  allocated_ = TimeAverage(start_);

  const std::uint32_t gpus = c.nodes * c.gpus_per_node;
  std::size_t slots = 0;
  services_.reserve(c.services.size());
  for (const InferenceServiceConfig& sc : c.services) {
    Service& s = services_.emplace_back(start_);
    s.name = sc.name;
    s.bounds.reserve(sc.demand.steps.size() + 1);
    s.levels.reserve(sc.demand.steps.size());
    for (const DemandStep& step : sc.demand.steps) {
      s.bounds.push_back(to_ticks(time_, step.start_s, "a demand step's start"));
      s.levels.push_back(step.tokens_per_s);
    }
    if (!sc.demand.steps.empty()) s.bounds.push_back(to_ticks(time_, sc.demand.end_s, "a demand's end"));
    s.rate = sc.tokens_per_second_per_replica;
    s.target_rate = sc.tokens_per_second_per_replica * sc.target_utilization;
    s.startup = to_ticks(time_, sc.startup_s, "startup_s");
    s.window = std::max<Tick>(1, to_ticks(time_, sc.window_s, "window_s"));
    s.delay = to_ticks(time_, sc.scale_down_delay_s, "scale_down_delay_s");
    s.gpus = sc.gpus_per_replica;
    s.min = sc.min_replicas;
    s.max = sc.max_replicas;
    s.initial = sc.initial_replicas;
    s.priority = sc.priority;
    // A service never holds more than its maximum nor more than the cluster can hold of it.
    const std::uint32_t most = std::min(sc.max_replicas, gpus / sc.gpus_per_replica);
    s.replicas.reserve(most);
    slots += most;
    // Recommendations older than `delay` never matter; at one per interval (and one at the
    // start) this many cover it.
    if (s.delay / interval_ > kMaxHistory) {
      invalid(fmt::format("inference service '{}': scale_down_delay_s / interval_s must be at most {}, got {} s / {} s", sc.name,
                          kMaxHistory, sc.scale_down_delay_s, c.interval_s));
    }
    s.history.assign(static_cast<std::size_t>(s.delay / interval_ + 2), Recommendation{std::numeric_limits<Tick>::min(), 0});
    flows_.push_back(Flow{static_cast<std::size_t>(std::upper_bound(s.bounds.begin(), s.bounds.end(), start_) - s.bounds.begin())});
  }
  by_priority_.resize(services_.size());
  std::iota(by_priority_.begin(), by_priority_.end(), 0u);
  std::stable_sort(by_priority_.begin(), by_priority_.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return services_[a].priority > services_[b].priority; });

  replicas_.resize(slots);
  free_slots_.resize(slots);
  // Handed out from the back: slot 0 first.
  for (std::size_t k = 0; k < slots; ++k) free_slots_[k] = static_cast<std::uint32_t>(slots - 1 - k);
  started_.reserve(slots);
  victims_.reserve(slots);
  desired_.assign(services_.size(), 0);
  recommended_.assign(services_.size(), 0);
  window_rate_.assign(services_.size(), 0.0);
  reclaim_.assign(nodes_, 0);
  if (record_timeline_) {
    const auto evaluations = static_cast<std::size_t>((end_ - start_) / interval_ + 1);
    timeline_.reserve(evaluations * services_.size());
  }
}

// Ready at once: the service was running before the window opened.
void InferenceCluster::place_initial_replicas() {
  for (const std::uint32_t i : by_priority_) {
    Service& s = services_[i];
    std::uint32_t n = 0;
    if (s.initial) {
      n = *s.initial;
    } else {
      const Tick to = std::min(start_ + s.window, end_);
      n = recommend(s, window_tokens(s, start_, to) / time_.seconds(to - start_));
    }
    s.history[s.history_next] = Recommendation{start_, n};
    s.history_next = (s.history_next + 1) % s.history.size();
    std::uint32_t placed = 0;
    while (placed < n && start_replica(i, start_, true)) ++placed;
    if (placed < n) ++s.limited;
  }
}

std::uint32_t InferenceCluster::recommend(const Service& s, double tokens_per_s) const {
  // The tolerance keeps 3.0000000001 replicas (rounding of rate x time) at 3.
  const double x = std::ceil(tokens_per_s / s.target_rate - 1e-9);
  if (!(x > s.min)) return s.min;
  if (x >= s.max) return s.max;
  return static_cast<std::uint32_t>(x);
}

double InferenceCluster::window_tokens(const Service& s, Tick from, Tick to) const {
  auto seg = static_cast<std::size_t>(std::upper_bound(s.bounds.begin(), s.bounds.end(), from) - s.bounds.begin());
  double total = 0;
  for (Tick t = from; t < to;) {
    Tick next = to;
    if (seg < s.bounds.size() && s.bounds[seg] < to) next = s.bounds[seg];
    if (seg >= 1 && seg <= s.levels.size()) total += s.levels[seg - 1] * time_.seconds(next - t);
    t = next;
    if (seg < s.bounds.size() && s.bounds[seg] <= t) ++seg;
  }
  return total;
}

void InferenceCluster::evaluate(Tick now) {
  advance(now);
  ++evaluations_;
  started_.clear();

  // What each service wants: up at once, down only to the highest recent recommendation.
  for (std::uint32_t i = 0; i < services_.size(); ++i) {
    Service& s = services_[i];
    const Tick from = std::max(start_, now - s.window);
    window_rate_[i] = window_tokens(s, from, now) / time_.seconds(now - from);
    const std::uint32_t rec = recommend(s, window_rate_[i]);
    recommended_[i] = rec;
    s.history[s.history_next] = Recommendation{now, rec};
    s.history_next = (s.history_next + 1) % s.history.size();
    const auto held = static_cast<std::uint32_t>(s.replicas.size());
    std::uint32_t desired = rec;
    if (rec < held) {
      std::uint32_t highest = rec;
      for (const Recommendation& r : s.history) {
        if (r.at > now - s.delay) highest = std::max(highest, r.replicas);
      }
      desired = std::min(held, highest);
    }
    desired_[i] = desired;
  }

  // Scale-downs first: what they free is there for the scale-ups.
  for (std::uint32_t i = 0; i < services_.size(); ++i) {
    Service& s = services_[i];
    const auto held = static_cast<std::uint32_t>(s.replicas.size());
    if (desired_[i] >= held) continue;
    std::uint32_t to_stop = held - desired_[i];
    ++s.scale_downs;
    s.stopped += to_stop;
    // not yet ready first (they serve nothing), newest first; then the newest ready ones
    for (std::size_t k = s.replicas.size(); k-- > 0 && to_stop > 0;) {
      if (replicas_[s.replicas[k]].state == ReplicaState::kStarting) {
        stop_replica(s.replicas[k], now);
        --to_stop;
      }
    }
    for (; to_stop > 0; --to_stop) stop_replica(s.replicas.back(), now);
  }

  // Scale-ups in priority order.
  for (const std::uint32_t i : by_priority_) {
    Service& s = services_[i];
    const auto held = static_cast<std::uint32_t>(s.replicas.size());
    if (desired_[i] <= held) continue;
    std::uint32_t n = 0;
    while (held + n < desired_[i] && start_replica(i, now, false)) ++n;
    if (n > 0) {
      ++s.scale_ups;
      s.started += n;
    }
    if (held + n < desired_[i]) ++s.limited;
  }

  if (record_timeline_) {
    for (std::uint32_t i = 0; i < services_.size(); ++i) {
      const Service& s = services_[i];
      timeline_.push_back(InferenceServiceSample{time_.seconds(now), i, window_rate_[i], recommended_[i], desired_[i],
                                                 static_cast<std::uint32_t>(s.replicas.size()), s.ready});
    }
  }
}

bool InferenceCluster::start_replica(std::uint32_t service, Tick now, bool ready_at_once) {
  Service& s = services_[service];
  std::uint32_t node = free_.first_with(s.gpus);
  if (node == FreeCapacityIndex::kNone) {
    if (!preemption_) return false;
    node = node_to_preempt_on(service);
    if (node == FreeCapacityIndex::kNone) return false;
    // Victims on that node: lowest priority first, then not-ready, then newest.
    victims_.clear();
    for (const Service& t : services_) {
      if (t.priority >= s.priority) continue;
      for (const std::uint32_t slot : t.replicas) {
        if (replicas_[slot].node == node) victims_.push_back(slot);
      }
    }
    std::sort(victims_.begin(), victims_.end(), [&](std::uint32_t a, std::uint32_t b) {
      const Replica& ra = replicas_[a];
      const Replica& rb = replicas_[b];
      const int pa = services_[ra.service].priority, pb = services_[rb.service].priority;
      if (pa != pb) return pa < pb;
      if (ra.state != rb.state) return ra.state == ReplicaState::kStarting;
      return ra.seq > rb.seq;
    });
    for (const std::uint32_t slot : victims_) {
      if (free_.free(node) >= s.gpus) break;
      ++services_[replicas_[slot].service].preempted;
      stop_replica(slot, now);
    }
    assert(free_.free(node) >= s.gpus);
  }
  assert(!free_slots_.empty());
  const std::uint32_t slot = free_slots_.back();
  free_slots_.pop_back();
  Replica& r = replicas_[slot];
  r.seq = next_seq_++;
  r.service = service;
  r.node = node;
  free_.take(node, s.gpus);
  held_gpus_ += s.gpus;
  ++held_replicas_;
  s.replicas.push_back(slot);
  if (ready_at_once) {
    r.state = ReplicaState::kReady;
    r.ready_at = now;
    ++s.ready;
  } else {
    r.state = ReplicaState::kStarting;
    r.ready_at = s.startup >= kNever - now ? kNever : now + s.startup;
    started_.push_back(slot);
  }
  record_levels(service, now);
  return true;
}

// The lowest-id node where free accelerators plus those of strictly lower-priority replicas
// make room for one replica of `service`. Only reached when no node has room: a full
// cluster, so the O(nodes + replicas) pass is paid at evaluations only, never per event.
std::uint32_t InferenceCluster::node_to_preempt_on(std::uint32_t service) {
  const Service& s = services_[service];
  std::fill(reclaim_.begin(), reclaim_.end(), 0u);
  bool any = false;
  for (const Service& t : services_) {
    if (t.priority >= s.priority) continue;
    for (const std::uint32_t slot : t.replicas) {
      reclaim_[replicas_[slot].node] += t.gpus;
      any = true;
    }
  }
  if (!any) return FreeCapacityIndex::kNone;
  for (std::uint32_t n = 0; n < nodes_; ++n) {
    if (free_.free(n) + reclaim_[n] >= s.gpus) return n;
  }
  return FreeCapacityIndex::kNone;
}

void InferenceCluster::stop_replica(std::uint32_t slot, Tick now) {
  Replica& r = replicas_[slot];
  Service& s = services_[r.service];
  free_.give(r.node, s.gpus);
  held_gpus_ -= s.gpus;
  --held_replicas_;
  if (r.state == ReplicaState::kReady) --s.ready;
  // Its pending ready event, if any, finds the slot no longer starting (or restarted with
  // another ready time) and is ignored.
  r.state = ReplicaState::kFree;
  const auto it = std::find(s.replicas.rbegin(), s.replicas.rend(), slot);
  assert(it != s.replicas.rend());
  s.replicas.erase(std::next(it).base());
  free_slots_.push_back(slot);
  record_levels(r.service, now);
}

void InferenceCluster::make_ready(std::uint32_t slot, Tick now) {
  Replica& r = replicas_[slot];
  // A replica stopped before it was ready left its event behind; a slot reused since has
  // another ready time (or the same tick, when the event is as good as its own).
  if (r.state != ReplicaState::kStarting || r.ready_at != now) return;
  advance(now);
  r.state = ReplicaState::kReady;
  ++services_[r.service].ready;
  record_levels(r.service, now);
}

void InferenceCluster::record_levels(std::uint32_t service, Tick now) {
  Service& s = services_[service];
  const auto held = static_cast<std::uint32_t>(s.replicas.size());
  s.held_avg.set(now, held);
  s.ready_avg.set(now, s.ready);
  s.peak = std::max(s.peak, held);
  allocated_.set(now, held_gpus_);
  peak_allocated_ = std::max(peak_allocated_, held_gpus_);
  peak_held_replicas_ = std::max(peak_held_replicas_, held_replicas_);
}

// Between two changes of ready capacity, demand is the only thing that moves: walk its steps
// (all services' merged) and integrate min(demand, capacity) on each piece.
void InferenceCluster::integrate(Tick from, Tick to, std::vector<Flow>& flows, double& any_below_s) const {
  Tick t = from;
  while (t < to) {
    Tick next = to;
    for (std::size_t i = 0; i < services_.size(); ++i) {
      const Service& s = services_[i];
      std::size_t& seg = flows[i].segment;
      while (seg < s.bounds.size() && s.bounds[seg] <= t) ++seg;
      if (seg < s.bounds.size()) next = std::min(next, s.bounds[seg]);
    }
    const double dt = time_.seconds(next - t);
    bool below = false;
    for (std::size_t i = 0; i < services_.size(); ++i) {
      const Service& s = services_[i];
      Flow& f = flows[i];
      const double demand = f.segment >= 1 && f.segment <= s.levels.size() ? s.levels[f.segment - 1] : 0.0;
      const double capacity = static_cast<double>(s.ready) * s.rate;
      f.demanded += demand * dt;
      if (demand > capacity) {
        f.served += capacity * dt;
        f.unserved += (demand - capacity) * dt;
        f.below_s += dt;
        below = true;
      } else {
        f.served += demand * dt;
      }
    }
    if (below) any_below_s += dt;
    t = next;
  }
}

InferenceClusterResult InferenceCluster::result(Tick now, std::uint64_t events) const {
  std::vector<Flow> flows = flows_;
  double any_below_s = any_below_s_;
  integrate(last_, now, flows, any_below_s);

  InferenceClusterResult r;
  const double span = time_.seconds(now - start_);
  const double tick = time_.tick_seconds();
  r.gpus = total_gpus();
  r.total.name = "total";
  for (std::size_t i = 0; i < services_.size(); ++i) {
    const Service& s = services_[i];
    const Flow& f = flows[i];
    InferenceServiceResult x;
    x.name = s.name;
    x.demanded_tokens = f.demanded;
    x.served_tokens = f.served;
    x.unserved_tokens = f.unserved;
    const double held_seconds = s.held_avg.integral(now) * tick;  // replica-seconds
    const double ready_seconds = s.ready_avg.integral(now) * tick;
    x.ready_capacity_tokens = ready_seconds * s.rate;
    x.held_capacity_tokens = held_seconds * s.rate;
    x.mean_replicas = s.held_avg.mean(now);
    x.mean_ready_replicas = s.ready_avg.mean(now);
    x.gpu_hours = held_seconds * s.gpus / 3600.0;
    x.below_demand_s = f.below_s;
    x.below_demand_fraction = span > 0 ? f.below_s / span : 0.0;
    x.scale_ups = s.scale_ups;
    x.scale_downs = s.scale_downs;
    x.replicas_started = s.started;
    x.replicas_stopped = s.stopped;
    x.replicas_preempted = s.preempted;
    x.capacity_limited_evaluations = s.limited;
    x.peak_replicas = s.peak;
    x.final_replicas = static_cast<std::uint32_t>(s.replicas.size());

    InferenceServiceResult& t = r.total;
    t.demanded_tokens += x.demanded_tokens;
    t.served_tokens += x.served_tokens;
    t.unserved_tokens += x.unserved_tokens;
    t.ready_capacity_tokens += x.ready_capacity_tokens;
    t.held_capacity_tokens += x.held_capacity_tokens;
    t.mean_replicas += x.mean_replicas;
    t.mean_ready_replicas += x.mean_ready_replicas;
    t.gpu_hours += x.gpu_hours;
    t.scale_ups += x.scale_ups;
    t.scale_downs += x.scale_downs;
    t.replicas_started += x.replicas_started;
    t.replicas_stopped += x.replicas_stopped;
    t.replicas_preempted += x.replicas_preempted;
    t.capacity_limited_evaluations += x.capacity_limited_evaluations;
    t.final_replicas += x.final_replicas;
    r.services.push_back(std::move(x));
  }
  r.total.below_demand_s = any_below_s;
  r.total.below_demand_fraction = span > 0 ? any_below_s / span : 0.0;
  r.total.peak_replicas = peak_held_replicas_;
  r.allocated_pct_mean = 100.0 * allocated_.mean(now) / r.gpus;
  r.allocated_pct_peak = 100.0 * peak_allocated_ / r.gpus;
  r.start_s = time_.seconds(start_);
  r.end_s = time_.seconds(now);
  r.evaluations = evaluations_;
  r.events = events;
  r.timeline = timeline_;
  return r;
}

InferenceClusterResult run_inference_services(const InferenceClusterConfig& config) {
  InferenceCluster model(config);
  std::size_t slots = 0;
  for (const InferenceServiceConfig& s : config.services) {
    slots += std::min(s.max_replicas, config.nodes * config.gpus_per_node / s.gpus_per_replica);
  }
  return run_to_stop(model, slots + 4);
}

}  // namespace dcsim::cluster

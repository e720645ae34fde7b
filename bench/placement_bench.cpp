// One placement decision per registered policy on a cluster of 1,000 / 10,000 / 100,000 nodes
// held near 70% of its GPUs allocated.
//
// Cluster: Alibaba G2-like nodes, 8 GPUs, 96,000 milli-CPU and 393,216 MiB each; every tenth
// node carries another GPU model (G3) of the same size. Pods: a mix shaped like the openb
// default trace (FGD-SETUP.md, section 2.1: 1,088 CPU-only, 3,078 GPU-sharing, 3,911 one-GPU,
// 75 multi-GPU pods of 8,152), drawn from named RandomStreams out of a small catalogue of
// request values (CPU 1,000..16,000 milli, GPU shares 50..900 milli, memory 2..16 GiB), giving
// 94 distinct request shapes, close to the trace's 91. FGD learns its typical pods from the
// benchmark's own request pool.
//
// State: first-fit binds fill the cluster to 70% of GPU milli. The fill uses a bench-local
// first fit (FirstFitCursor) that gives the registered first-fit's answers but stays fast over
// ~10^6 binds at 10^5 nodes. The placed pods are then shuffled into a ring (so departures are
// spread over the nodes), and every pod of the ring is replaced once more by first fit
// (departure of the oldest, then a new arrival) to reach a steady state. That state is built
// once per size and copied at the start of every run, so every policy starts from the same
// cluster. A fresh policy is made per run and warmed with 256 untimed placements (so its
// caches, if any, are as in a long run).
//
// Loop, per iteration: the next request of a pre-drawn pool is placed; when a node is found
// the pod is bound and the oldest pod of the ring unbound (the count of pods stays constant;
// when no node fits, nothing changes). Two variants:
//   decide+apply/<policy>/<N>  the whole iteration is timed: place + bind + unbind. The two
//                              table updates cost the same for every policy (tens of ns).
//   place/<policy>/<N>         manual timing of the place() call alone (steady_clock around it;
//                              one clock read costs ~40 ns here, which matters for first-fit only).
// Time per iteration = ns per placement decision; items_per_second = decisions per second (from
// CPU time for decide+apply, from the manual time for place).
// Counters: fail_pct = decisions that found no node, gpu_alloc_pct = GPU allocated at the end,
// fit_nodes = mean nodes that fit a request at the end (what the scoring policies score),
// ff_visits = mean candidates first fit would visit at the end (up to the first that fits).
//
// Over a long run at 1,000 nodes the ring turns over many times, so there each policy ends up
// measured on its own steady state; at 100,000 nodes (~750,000 pods) a run replaces only a
// small part of the pods and the state stays close to the first-fit one.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "dcsim/core/random.hpp"
#include "dcsim/policy/node_table.hpp"
#include "dcsim/policy/placement_policy.hpp"

namespace {

using dcsim::RandomStream;
using dcsim::policy::NodeShape;
using dcsim::policy::NodeTable;
using dcsim::policy::Placement;
using dcsim::policy::PodRequest;

constexpr std::uint64_t kSeed = 42;
constexpr double kTargetGpuShare = 0.70;
constexpr std::size_t kPoolSize = std::size_t{1} << 16;  // requests drawn for the timed loop
constexpr std::size_t kWarmup = 256;                     // untimed placements per run

/// One of `values`, drawn with the integer `weights`.
template <class T, std::size_t K>
T pick(RandomStream& rng, const std::array<T, K>& values, const std::array<std::uint32_t, K>& weights) {
  std::uint64_t total = 0;
  for (const std::uint32_t w : weights) total += w;
  std::uint64_t u = rng.below(total);
  for (std::size_t i = 0; i < K; ++i) {
    if (u < weights[i]) return values[i];
    u -= weights[i];
  }
  return values[K - 1];
}

/// One pod of the openb-like mix (class shares out of 8,152: 1,088 / 3,078 / 3,911 / 75).
PodRequest draw_pod(RandomStream& rng) {
  static constexpr std::array<std::int64_t, 7> kCpu{1000, 2000, 4000, 6000, 8000, 12000, 16000};
  static constexpr std::array<std::uint32_t, 7> kCpuWeight{8, 14, 22, 10, 22, 14, 10};
  // GPU shares near the trace's most common ones (810, 470, 320, 650, 230, ... milli).
  static constexpr std::array<std::uint32_t, 11> kShare{50, 110, 160, 230, 320, 370, 470, 550, 650, 810, 900};
  static constexpr std::array<std::uint32_t, 11> kShareWeight{1, 3, 7, 20, 33, 5, 88, 15, 25, 108, 5};
  static constexpr std::array<std::int64_t, 4> kMemory{2048, 4096, 8192, 16384};
  static constexpr std::array<std::uint32_t, 4> kMemoryWeight{3, 4, 2, 1};
  static constexpr std::array<std::uint32_t, 3> kMultiGpus{2, 4, 8};
  static constexpr std::array<std::uint32_t, 3> kMultiWeight{16, 15, 44};

  PodRequest pod;
  pod.memory_mib = pick(rng, kMemory, kMemoryWeight);
  const std::uint64_t u = rng.below(8152);
  if (u < 1088) {  // CPU only
    pod.cpu_milli = pick(rng, kCpu, kCpuWeight);
  } else if (u < 1088 + 3078) {  // a share of one GPU
    pod.cpu_milli = pick(rng, kCpu, kCpuWeight);
    pod.gpus = 1;
    pod.gpu_milli = pick(rng, kShare, kShareWeight);
  } else if (u < 1088 + 3078 + 3911) {  // one whole GPU
    pod.cpu_milli = pick(rng, kCpu, kCpuWeight);
    pod.gpus = 1;
    pod.gpu_milli = 1000;
  } else {  // 2, 4 or 8 whole GPUs, 2,000 milli-CPU per GPU
    pod.gpus = pick(rng, kMultiGpus, kMultiWeight);
    pod.gpu_milli = 1000;
    pod.cpu_milli = std::int64_t{2000} * pod.gpus;
  }
  return pod;
}

std::vector<PodRequest> draw_pods(std::string_view stream, std::size_t count) {
  RandomStream rng = RandomStream::derive(kSeed, stream);
  std::vector<PodRequest> pods(count);
  for (PodRequest& p : pods) p = draw_pod(rng);
  return pods;
}

std::vector<NodeShape> g2_nodes(std::uint32_t count) {
  std::vector<NodeShape> nodes(count);
  for (std::uint32_t n = 0; n < count; ++n) {
    nodes[n] = NodeShape{"node-" + std::to_string(n), 96'000, 393'216, 8, n % 10 == 9 ? "G3" : "G2"};
  }
  return nodes;
}

struct Bound {
  PodRequest pod;
  Placement where;
};

/// The table and its placed pods, oldest first from `head`.
struct ClusterState {
  NodeTable table;
  std::vector<Bound> ring;
  std::size_t head = 0;

  /// Unbinds the oldest pod and puts `next` (already bound) in its slot.
  void replace_oldest(const Bound& next) {
    table.unbind(ring[head].pod, ring[head].where);
    ring[head] = next;
    head = head + 1 == ring.size() ? 0 : head + 1;
  }
};

/// First fit for building the state, with the same answers as the registered first-fit
/// (lowest-numbered node that fits, default GPUs) but fast when called ~10^6 times on 10^5
/// nodes: per request shape, a cursor below which no node fitted that shape when last
/// looked at. Binds only shrink a node's free resources, so the cursor stays valid until an
/// unbind frees a node below it.
class FirstFitCursor {
 public:
  std::optional<Placement> place(const PodRequest& pod, const NodeTable& table) {
    auto [it, inserted] = cursor_.try_emplace(key(pod), 0u);
    for (std::uint32_t n = it->second; n < table.size(); ++n) {
      if (table.fits(pod, n)) {
        it->second = n;
        return Placement{n, table.default_gpus(pod, n)};
      }
    }
    it->second = table.size();
    return std::nullopt;
  }
  void freed(std::uint32_t node) {
    for (auto& [shape, from] : cursor_) from = std::min(from, node);
  }

 private:
  using Key = std::tuple<std::int64_t, std::int64_t, std::uint32_t, std::uint32_t, dcsim::policy::ModelMask>;
  static Key key(const PodRequest& p) { return {p.cpu_milli, p.memory_mib, p.gpus, p.gpu_milli, p.models}; }
  std::map<Key, std::uint32_t> cursor_;
};

ClusterState build_state(std::uint32_t nodes) {
  ClusterState s{NodeTable(g2_nodes(nodes)), {}, 0};
  FirstFitCursor first_fit;
  RandomStream arrivals = RandomStream::derive(kSeed, "bench/placement/prefill");
  const auto target = static_cast<std::int64_t>(kTargetGpuShare * static_cast<double>(s.table.gpu_capacity_milli()));
  while (s.table.gpu_allocated_milli() < target) {
    const PodRequest pod = draw_pod(arrivals);
    if (const auto where = first_fit.place(pod, s.table)) {
      s.table.bind(pod, *where);
      s.ring.push_back({pod, *where});
    }
  }
  RandomStream order = RandomStream::derive(kSeed, "bench/placement/shuffle");
  dcsim::shuffle(s.ring, order);
  // One full turnover by first fit: departures of the oldest, arrivals placed first fit.
  for (std::size_t i = 0, count = s.ring.size(); i < count; ++i) {
    const Bound old = s.ring[s.head];
    s.table.unbind(old.pod, old.where);
    first_fit.freed(old.where.node);
    PodRequest pod = draw_pod(arrivals);
    auto where = first_fit.place(pod, s.table);
    if (!where) {  // keep the slot filled: put the departed pod back where it was
      pod = old.pod;
      where = old.where;
    }
    s.table.bind(pod, *where);
    s.ring[s.head] = {pod, *where};
    s.head = s.head + 1 == s.ring.size() ? 0 : s.head + 1;
  }
  return s;
}

/// The steady state of each size, built once (copied per run).
const ClusterState& steady_state(std::uint32_t nodes) {
  static std::map<std::uint32_t, std::unique_ptr<ClusterState>> states;
  auto& s = states[nodes];
  if (!s) s = std::make_unique<ClusterState>(build_state(nodes));
  return *s;
}

const std::vector<PodRequest>& request_pool() {
  static const std::vector<PodRequest> pool = draw_pods("bench/placement/requests", kPoolSize);
  return pool;
}

/// Places `pod`; on success binds it and retires the oldest pod. Returns whether it placed.
bool apply(ClusterState& s, const PodRequest& pod, const std::optional<Placement>& where) {
  if (!where) return false;
  s.table.bind(pod, *where);
  s.replace_oldest({pod, *where});
  return true;
}

/// At the end of a run, over a sample of requests: the mean count of nodes that fit (what the
/// scoring policies score) and of candidates visited up to the first that fits (what
/// first-fit scans: the GPU indexes skip nodes without the GPUs, not nodes short of CPU).
struct EndSample {
  double fitting = 0, first_fit_visits = 0;
};
EndSample sample_end_state(const NodeTable& table, const std::vector<PodRequest>& pool) {
  constexpr std::size_t kSample = 64;
  std::uint64_t fitting = 0, visits = 0;
  for (std::size_t i = 0; i < kSample; ++i) {
    const PodRequest& pod = pool[i * 997 % pool.size()];
    bool found = false;
    table.for_each_candidate(pod, [&](std::uint32_t n) {
      const bool fits = table.fits(pod, n);
      fitting += fits ? 1 : 0;
      visits += found ? 0 : 1;
      found = found || fits;
    });
  }
  return {static_cast<double>(fitting) / kSample, static_cast<double>(visits) / kSample};
}

void run_placement(benchmark::State& state, const std::string& policy_name, bool place_only, const dcsim::policy::PolicyParams& params = {}) {
  const auto nodes = static_cast<std::uint32_t>(state.range(0));
  ClusterState s = steady_state(nodes);  // a copy: every run starts from the same cluster
  const std::vector<PodRequest>& pool = request_pool();
  auto policy = dcsim::policy::make_placement(policy_name, params, dcsim::policy::PolicyContext{kSeed, pool});
  std::size_t next = 0;
  for (; next < kWarmup; ++next) apply(s, pool[next], policy->place(pool[next], s.table));

  std::uint64_t failed = 0;
  for (auto _ : state) {
    const PodRequest& pod = pool[next];
    next = next + 1 == pool.size() ? 0 : next + 1;
    if (place_only) {
      const auto t0 = std::chrono::steady_clock::now();
      const std::optional<Placement> where = policy->place(pod, s.table);
      const auto t1 = std::chrono::steady_clock::now();
      state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
      failed += apply(s, pod, where) ? 0 : 1;
    } else {
      failed += apply(s, pod, policy->place(pod, s.table)) ? 0 : 1;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["fail_pct"] = 100.0 * static_cast<double>(failed) / static_cast<double>(state.iterations());
  state.counters["gpu_alloc_pct"] =
      100.0 * static_cast<double>(s.table.gpu_allocated_milli()) / static_cast<double>(s.table.gpu_capacity_milli());
  const EndSample end = sample_end_state(s.table, pool);
  state.counters["fit_nodes"] = end.fitting;
  state.counters["ff_visits"] = end.first_fit_visits;
}

[[maybe_unused]] const bool registered = [] {
  for (const bool place_only : {false, true}) {
    for (const auto* entry : dcsim::policy::placement_policies()) {
      const std::string name = (place_only ? "place/" : "decide+apply/") + entry->name;
      auto* b = benchmark::RegisterBenchmark(name.c_str(), [policy = entry->name, place_only](benchmark::State& st) {
        run_placement(st, policy, place_only);
      });
      b->Arg(1000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kNanosecond);
      if (place_only) b->UseManualTime();
    }
  }
  // The scoring policies with a bounded sample (nodes_to_score = 256): cost independent of N.
  for (const auto* entry : dcsim::policy::placement_policies()) {
    const bool samples = std::any_of(entry->params.begin(), entry->params.end(), [](const auto& p) { return p.name == "nodes_to_score"; });
    if (!samples) continue;
    const std::string name = "decide+apply/" + entry->name + ":nodes_to_score=256";
    benchmark::RegisterBenchmark(name.c_str(), [policy = entry->name](benchmark::State& st) {
      run_placement(st, policy, false, dcsim::policy::PolicyParams{{"nodes_to_score", 256}});
    })->Arg(1000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kNanosecond);
  }
  return true;
}();

}  // namespace

#pragma once
// The cluster as placement policies see it: one row per node (CPU, memory, GPU model) and
// one entry per GPU (its free share in milli-GPU), as structure of arrays, with indexes that
// find candidate nodes without scanning the whole table:
//   - nodes by fully free GPUs (whole-GPU pods need k of them on one node);
//   - nodes by their largest free GPU share, in 50-milli steps (a GPU-sharing pod needs one
//     GPU with at least its share free).
// A GPU's capacity is 1000 milli; a pod asks for k whole GPUs, or a share of one (the
// Alibaba traces' `gpu_milli`), plus CPU (milli-CPU) and memory (MiB).
//
// The table also keeps what some policies need beyond capacity: which classes of GPU pods a
// node holds (GPU clustering), a per-node version bumped on every change (score caches),
// and a tie rank per node (the node order that breaks equal scores).
//
// And, for policies that need the datacenter's shape (all optional; a table built from bare
// NodeShapes puts every node in rack 0, network pod 0, center 0, draws no power and treats
// every GPU model as the reference chip):
//   - where each node sits: rack, network pod, center;
//   - power: per node its idle draw and the draw of each busy GPU above idle; per rack the
//     current draw (idle of its nodes + what the equipment outside the table draws + busy
//     GPUs x watts, a GPU share counting its milli fraction), kept in integer milliwatts by
//     bind/unbind so it is conserved exactly, and an optional budget (set_rack_power);
//   - per GPU model: throughput per precision relative to a reference chip (0 = unsupported)
//     and an optional price per GPU-hour (set_model_performance).
// fits() checks precisions and rack budgets only on a table that has budgets or a model
// lacking some precision, so a table without them costs what it did before.
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dcsim/model/chip.hpp"
#include "dcsim/policy/free_capacity_index.hpp"

namespace dcsim::policy {

inline constexpr std::uint32_t kMilliPerGpu = 1000;
inline constexpr std::uint32_t kMaxGpusPerNode = 16;
inline constexpr std::uint32_t kNoNode = ~std::uint32_t{0};

/// Node versions are unique across tables and copies, so a (node, version) pair names one
/// node state: a score cached against a version can never be mistaken for another table's
/// node that merely has the same count of changes. Each table (and each copy) draws a fresh
/// prefix from a process-wide counter once, then counts its own changes below it: no atomic
/// operation per change (it cost W2 a sixth of its run).
class StateStamps {
 public:
  StateStamps() : prefix_(fresh_prefix()) {}
  StateStamps(const StateStamps&) : prefix_(fresh_prefix()) {}
  StateStamps& operator=(const StateStamps&) {
    prefix_ = fresh_prefix();
    count_ = 0;
    return *this;
  }
  StateStamps(StateStamps&&) noexcept = default;  // the moved-from table is not used again
  StateStamps& operator=(StateStamps&&) noexcept = default;
  [[nodiscard]] std::uint64_t next() { return prefix_ | ++count_; }

 private:
  static constexpr int kCountBits = 40;  // 10^12 changes per table; 2^24 tables per process
  static std::uint64_t fresh_prefix() {
    static std::atomic<std::uint64_t> tables{0};
    return (tables.fetch_add(1, std::memory_order_relaxed) + 1) << kCountBits;
  }
  std::uint64_t prefix_;
  std::uint64_t count_ = 0;
};

/// A set of GPU models as bits (bit m = model m of the table); 0 = any model. The top bit
/// stands for models the table does not have: a pod that accepts only those fits nowhere.
using ModelMask = std::uint64_t;
inline constexpr std::uint32_t kMaxModels = 63;
inline constexpr ModelMask kModelNotInTable = ModelMask{1} << 63;

/// What one pod asks for. A pod runs on one node.
struct PodRequest {
  std::int64_t cpu_milli = 0;
  std::int64_t memory_mib = 0;
  std::uint32_t gpus = 0;       ///< GPUs it needs; 0 = CPU only
  std::uint32_t gpu_milli = 0;  ///< per GPU: 1000 = whole GPUs; below 1000 = a share of one GPU (gpus == 1)
  ModelMask models = 0;         ///< allowed GPU models; 0 = any
  /// The precision its GPU work runs in; a GPU pod with one fits only GPU models whose
  /// throughput at it is > 0. nullopt = no precision constraint.
  std::optional<Precision> precision = std::nullopt;
  /// Only nodes with exactly this many GPUs (a gang member taking a whole node of a mixed
  /// fleet); 0 = any node.
  std::uint32_t node_gpus = 0;
  /// Only nodes in racks whose power budget is at least this (dense training needs dense
  /// racks); a rack without a budget counts as unlimited. 0 = any rack.
  std::int64_t min_rack_budget_mw = 0;

  [[nodiscard]] bool needs_gpu() const { return gpus > 0 && gpu_milli > 0; }
  [[nodiscard]] bool shares_gpu() const { return gpus == 1 && gpu_milli > 0 && gpu_milli < kMilliPerGpu; }
  [[nodiscard]] std::int64_t gpu_demand_milli() const { return std::int64_t{gpus} * gpu_milli; }
  /// Pods of one class pack together under GPU clustering: 0 = a share of a GPU, k = k whole GPUs.
  [[nodiscard]] std::uint32_t gpu_class() const { return shares_gpu() ? 0 : gpus; }
  friend bool operator==(const PodRequest&, const PodRequest&) = default;
};

/// Where a pod runs: a node and the GPUs of that node it uses (bit i = GPU i).
struct Placement {
  std::uint32_t node = kNoNode;
  std::uint32_t gpus = 0;
};

/// One node as it is built.
struct NodeShape {
  std::string name;
  std::int64_t cpu_milli = 0;
  std::int64_t memory_mib = 0;
  std::uint32_t gpus = 0;
  std::string model;  ///< GPU model; empty for a node without GPUs
  // Where the node sits (dense ids, e.g. Inventory's) and what it draws; all optional.
  std::uint32_t rack = 0;
  std::uint32_t pod = 0;     ///< network pod (a group of racks under one pod switch)
  std::uint32_t center = 0;
  double gpu_busy_w = 0;     ///< draw of one fully busy GPU above idle (a share counts its fraction)
  double idle_w = 0;         ///< the whole node at idle
};

/// A rack's power as the table sees it (NodeTable::set_rack_power).
struct RackPower {
  double budget_w = 0;  ///< electrical budget; <= 0 or infinite = no budget
  double base_w = 0;    ///< draw of equipment in the rack that is not a node of the table (CPU-only servers, switches)
};

/// A GPU model's speed and price (NodeTable::set_model_performance).
struct ModelPerformance {
  /// Throughput per precision as a multiple of a reference chip's rate (1 = as fast as the
  /// reference); 0 = the model does not support that precision.
  std::array<double, kPrecisionCount> throughput{};
  std::optional<double> price_per_gpu_hour;  ///< unset = unknown
};

class NodeTable {
 public:
  explicit NodeTable(const std::vector<NodeShape>& nodes)
      : whole_free_(gpu_counts(nodes)),
        cpu_step_(cpu_step_for(nodes)),
        cpu_index_(cpu_capacities(nodes, cpu_step_)) {
    const std::size_t n = nodes.size();
    names_.reserve(n);
    for (const NodeShape& s : nodes) {
      if (s.cpu_milli < 0 || s.memory_mib < 0) throw std::invalid_argument("node " + s.name + ": negative CPU or memory");
      names_.push_back(s.name);
      cpu_capacity_.push_back(s.cpu_milli);
      memory_capacity_.push_back(s.memory_mib);
      gpu_count_.push_back(static_cast<std::uint8_t>(s.gpus));
      model_.push_back(s.gpus ? intern_model(s.model, s.name) : kNoModel);
      first_gpu_.push_back(static_cast<std::uint32_t>(gpu_free_.size()));
      gpu_free_.insert(gpu_free_.end(), s.gpus, static_cast<std::uint16_t>(kMilliPerGpu));
      gpu_capacity_milli_ += std::int64_t{s.gpus} * kMilliPerGpu;
      max_gpus_ = std::max(max_gpus_, s.gpus);
      max_cpu_ = std::max(max_cpu_, s.cpu_milli);
      if (!(s.gpu_busy_w >= 0 && s.gpu_busy_w <= kMaxNodeWatts) || !(s.idle_w >= 0 && s.idle_w <= kMaxNodeWatts)) {
        throw std::invalid_argument("node " + s.name + ": power must be in [0, 1e9] W");
      }
      if (s.rack == kNoNode || s.pod == kNoNode || s.center == kNoNode) throw std::invalid_argument("node " + s.name + ": rack, pod or center id out of range");
      rack_.push_back(s.rack);
      network_pod_.push_back(s.pod);
      center_.push_back(s.center);
      gpu_busy_mw_.push_back(to_milliwatts(s.gpu_busy_w));
      idle_mw_.push_back(to_milliwatts(s.idle_w));
      rack_count_ = std::max(rack_count_, s.rack + 1);
      network_pod_count_ = std::max(network_pod_count_, s.pod + 1);
      center_count_ = std::max(center_count_, s.center + 1);
    }
    cpu_free_ = cpu_capacity_;
    memory_free_ = memory_capacity_;
    gpu_free_total_.resize(n);
    max_gpu_free_.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      gpu_free_total_[i] = gpu_count_[i] * kMilliPerGpu;
      max_gpu_free_[i] = gpu_count_[i] ? kMilliPerGpu : 0;
      whole_mask_.push_back(static_cast<std::uint16_t>((1u << gpu_count_[i]) - 1));
    }
    class_counts_.assign(n * (max_gpus_ + 1), 0);
    distinct_classes_.assign(n, 0);
    pods_.assign(n, 0);
    version_.assign(n, stamps_.next());
    tie_rank_.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) tie_rank_[i] = i;
    rack_idle_mw_.assign(rack_count_, 0);
    for (std::uint32_t i = 0; i < n; ++i) rack_idle_mw_[rack_[i]] += idle_mw_[i];
    rack_draw_mw_ = rack_idle_mw_;
    rack_budget_mw_.assign(rack_count_, kNoBudget);
    model_performance_.assign(models_.size(), reference_performance());
    model_precisions_.assign(models_.size(), kAllPrecisions);
  }

  // ---- shape -------------------------------------------------------------------------
  [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(names_.size()); }
  [[nodiscard]] const std::string& name(std::uint32_t n) const { return names_[n]; }
  [[nodiscard]] std::int64_t cpu_capacity(std::uint32_t n) const { return cpu_capacity_[n]; }
  [[nodiscard]] std::int64_t memory_capacity(std::uint32_t n) const { return memory_capacity_[n]; }
  [[nodiscard]] std::uint32_t gpu_count(std::uint32_t n) const { return gpu_count_[n]; }
  [[nodiscard]] std::uint32_t max_gpus_per_node() const { return max_gpus_; }
  [[nodiscard]] std::int64_t max_cpu_per_node() const { return max_cpu_; }
  [[nodiscard]] std::int64_t gpu_capacity_milli() const { return gpu_capacity_milli_; }
  /// The node's GPU model as an index into models(); kNoModel for a node without GPUs.
  [[nodiscard]] std::uint8_t model(std::uint32_t n) const { return model_[n]; }
  [[nodiscard]] const std::vector<std::string>& models() const { return models_; }
  /// The bit of a model name; kModelNotInTable when no node has that model.
  [[nodiscard]] ModelMask model_bit(std::string_view model) const {
    for (std::size_t m = 0; m < models_.size(); ++m) {
      if (models_[m] == model) return ModelMask{1} << m;
    }
    return kModelNotInTable;
  }
  static constexpr std::uint8_t kNoModel = 0xff;

  // ---- state -------------------------------------------------------------------------
  [[nodiscard]] std::int64_t cpu_free(std::uint32_t n) const { return cpu_free_[n]; }
  [[nodiscard]] std::int64_t memory_free(std::uint32_t n) const { return memory_free_[n]; }
  [[nodiscard]] std::uint32_t gpu_free(std::uint32_t n, std::uint32_t gpu) const { return gpu_free_[first_gpu_[n] + gpu]; }
  [[nodiscard]] const std::uint16_t* gpu_free_begin(std::uint32_t n) const { return gpu_free_.data() + first_gpu_[n]; }
  [[nodiscard]] std::uint32_t gpu_free_total(std::uint32_t n) const { return gpu_free_total_[n]; }
  [[nodiscard]] std::uint32_t whole_free_gpus(std::uint32_t n) const { return whole_free_.free(n); }
  [[nodiscard]] std::uint32_t max_gpu_free(std::uint32_t n) const { return max_gpu_free_[n]; }
  [[nodiscard]] std::uint32_t pods(std::uint32_t n) const { return pods_[n]; }
  [[nodiscard]] std::int64_t gpu_allocated_milli() const { return gpu_allocated_milli_; }
  /// GPU pods of class c (PodRequest::gpu_class) on node n, and how many classes it holds.
  [[nodiscard]] std::uint32_t pods_of_class(std::uint32_t n, std::uint32_t c) const {
    return c <= max_gpus_ ? class_counts_[n * (max_gpus_ + 1) + c] : 0;
  }
  [[nodiscard]] std::uint32_t distinct_classes(std::uint32_t n) const { return distinct_classes_[n]; }
  /// A stamp renewed on every change to the node: a cache keyed by it is valid while it is
  /// unchanged (unique across tables, see StateStamps).
  [[nodiscard]] std::uint64_t version(std::uint32_t n) const { return version_[n]; }

  /// Equal scores go to the node of smallest rank. Identity by default; an experiment may
  /// set a per-seed permutation.
  [[nodiscard]] std::uint32_t tie_rank(std::uint32_t n) const { return tie_rank_[n]; }
  void set_tie_ranks(std::vector<std::uint32_t> ranks) {
    if (ranks.size() != size()) throw std::invalid_argument("tie ranks: one per node");
    tie_rank_ = std::move(ranks);
  }

  // ---- where nodes sit ---------------------------------------------------------------
  [[nodiscard]] std::uint32_t rack(std::uint32_t n) const { return rack_[n]; }
  [[nodiscard]] std::uint32_t network_pod(std::uint32_t n) const { return network_pod_[n]; }
  [[nodiscard]] std::uint32_t center(std::uint32_t n) const { return center_[n]; }
  /// Racks, network pods and centers: one more than the largest id (racks: or as many as
  /// set_rack_power was given).
  [[nodiscard]] std::uint32_t rack_count() const { return rack_count_; }
  [[nodiscard]] std::uint32_t network_pod_count() const { return network_pod_count_; }
  [[nodiscard]] std::uint32_t center_count() const { return center_count_; }

  // ---- power (integer milliwatts inside; the _w accessors convert) -------------------
  [[nodiscard]] double node_idle_w(std::uint32_t n) const { return static_cast<double>(idle_mw_[n]) / 1000.0; }
  [[nodiscard]] double gpu_busy_w(std::uint32_t n) const { return static_cast<double>(gpu_busy_mw_[n]) / 1000.0; }
  /// What binding the pod on node n adds to its rack's draw: busy watts x GPUs, a share
  /// counting its fraction (rounded down to a milliwatt, the same on bind and unbind).
  [[nodiscard]] std::int64_t pod_power_mw(const PodRequest& pod, std::uint32_t n) const {
    return pod.needs_gpu() ? gpu_busy_mw_[n] * pod.gpu_demand_milli() / kMilliPerGpu : 0;
  }
  [[nodiscard]] std::int64_t rack_draw_mw(std::uint32_t r) const { return rack_draw_mw_[r]; }
  /// The rack with nothing running: its nodes' idle draw plus its base draw.
  [[nodiscard]] std::int64_t rack_idle_mw(std::uint32_t r) const { return rack_idle_mw_[r]; }
  /// The rack's draw above idle (its busy GPUs).
  [[nodiscard]] std::int64_t rack_busy_mw(std::uint32_t r) const { return rack_draw_mw_[r] - rack_idle_mw_[r]; }
  /// kNoBudget when the rack has none.
  [[nodiscard]] std::int64_t rack_budget_mw(std::uint32_t r) const { return rack_budget_mw_[r]; }
  [[nodiscard]] double rack_draw_w(std::uint32_t r) const { return static_cast<double>(rack_draw_mw_[r]) / 1000.0; }
  [[nodiscard]] double rack_idle_w(std::uint32_t r) const { return static_cast<double>(rack_idle_mw_[r]) / 1000.0; }
  [[nodiscard]] std::optional<double> rack_budget_w(std::uint32_t r) const {
    if (rack_budget_mw_[r] == kNoBudget) return std::nullopt;
    return static_cast<double>(rack_budget_mw_[r]) / 1000.0;
  }
  /// Whether some rack has a budget that keeps jobs off it (then fits() checks rack power).
  [[nodiscard]] bool power_limited() const { return power_limited_; }
  /// Whether rack budgets keep a pod off a rack whose draw would exceed them (default). Off
  /// when the racks are power-capped instead (their clocks fall to fit the budget: the power
  /// model's `capping: dvfs`): budgets then only say which racks are dense enough
  /// (PodRequest::min_rack_budget_mw).
  void set_power_admission(bool admit) {
    admission_ = admit;
    power_limited_ = admit && std::any_of(rack_budget_mw_.begin(), rack_budget_mw_.end(), [](std::int64_t b) { return b != kNoBudget; });
    update_constrained();
  }
  [[nodiscard]] bool power_admission() const { return admission_; }
  static constexpr std::int64_t kNoBudget = std::numeric_limits<std::int64_t>::max();
  static constexpr double kMaxNodeWatts = 1e9;   // keeps milliwatt arithmetic far from overflow
  static constexpr double kMaxRackWatts = 1e12;

  /// Sets every rack's budget and base draw, one entry per rack id (at least rack_count();
  /// more adds racks without nodes). Current draws keep what is running.
  void set_rack_power(const std::vector<RackPower>& racks) {
    if (racks.size() < rack_count_) throw std::invalid_argument("rack power: one entry per rack, " + std::to_string(rack_count_) + " at least");
    if (racks.size() >= std::numeric_limits<std::uint32_t>::max()) throw std::invalid_argument("rack power: too many racks");
    const auto count = static_cast<std::uint32_t>(racks.size());
    std::vector<std::int64_t> idle(count), budget(count), draw(count);
    bool limited = false;
    for (std::uint32_t r = 0; r < count; ++r) {
      const RackPower& p = racks[r];
      if (!(p.base_w >= 0 && p.base_w <= kMaxRackWatts)) throw std::invalid_argument("rack power: base draw must be in [0, 1e12] W");
      if (std::isnan(p.budget_w) || (std::isfinite(p.budget_w) && p.budget_w > kMaxRackWatts)) {
        throw std::invalid_argument("rack power: budget must be at most 1e12 W, or infinite or <= 0 for none");
      }
      idle[r] = to_milliwatts(p.base_w);
      budget[r] = p.budget_w > 0 && std::isfinite(p.budget_w) ? to_milliwatts(p.budget_w) : kNoBudget;
      limited = limited || budget[r] != kNoBudget;
    }
    for (std::uint32_t i = 0; i < size(); ++i) idle[rack_[i]] += idle_mw_[i];
    for (std::uint32_t r = 0; r < count; ++r) draw[r] = idle[r] + (r < rack_count_ ? rack_draw_mw_[r] - rack_idle_mw_[r] : 0);
    rack_count_ = count;
    rack_idle_mw_ = std::move(idle);
    rack_draw_mw_ = std::move(draw);
    rack_budget_mw_ = std::move(budget);
    power_limited_ = limited && admission_;
    update_constrained();
  }

  // ---- GPU models: speed and price ---------------------------------------------------
  /// Throughput of model m at precision p relative to the reference chip; 1 for every
  /// precision until set_model_performance says otherwise.
  [[nodiscard]] double throughput(std::uint8_t m, Precision p) const {
    return m < model_performance_.size() ? model_performance_[m].throughput[static_cast<std::size_t>(p)] : 0.0;
  }
  [[nodiscard]] bool supports(std::uint8_t m, Precision p) const {
    return m < model_precisions_.size() && ((model_precisions_[m] >> static_cast<unsigned>(p)) & 1u);
  }
  [[nodiscard]] std::optional<double> price_per_gpu_hour(std::uint8_t m) const {
    return m < model_performance_.size() ? model_performance_[m].price_per_gpu_hour : std::nullopt;
  }
  [[nodiscard]] const ModelPerformance& performance(std::uint8_t m) const { return model_performance_.at(m); }
  /// Sets a model's speed and price; throws for a model no node has, or for negative or
  /// non-finite numbers.
  void set_model_performance(std::string_view model, const ModelPerformance& performance) {
    const ModelMask bit = model_bit(model);
    if (bit == kModelNotInTable) throw std::invalid_argument("model performance: no node has GPU model '" + std::string(model) + "'");
    for (double x : performance.throughput) {
      if (!(x >= 0) || !std::isfinite(x)) throw std::invalid_argument("model " + std::string(model) + ": throughput must be finite and >= 0");
    }
    if (performance.price_per_gpu_hour && (!(*performance.price_per_gpu_hour >= 0) || !std::isfinite(*performance.price_per_gpu_hour))) {
      throw std::invalid_argument("model " + std::string(model) + ": price must be finite and >= 0");
    }
    const auto m = static_cast<std::size_t>(std::countr_zero(bit));
    model_performance_[m] = performance;
    std::uint8_t mask = 0;
    for (std::size_t p = 0; p < kPrecisionCount; ++p) {
      if (performance.throughput[p] > 0) mask = static_cast<std::uint8_t>(mask | (1u << p));
    }
    model_precisions_[m] = mask;
    update_constrained();
  }

  /// A cordoned node takes no new pod (fits() is false for it) until uncordoned; what runs
  /// there stays. Used to keep nodes reserved for a waiting job out of a placement.
  void cordon(std::uint32_t n) {
    if (cordoned_.empty()) cordoned_.assign(size(), 0);
    if (cordoned_[n]) return;
    cordoned_[n] = 1;
    if (cordoned_count_++ == 0) update_constrained();
  }
  void uncordon(std::uint32_t n) {
    if (cordoned_.empty() || !cordoned_[n]) return;
    cordoned_[n] = 0;
    if (--cordoned_count_ == 0) update_constrained();
  }
  [[nodiscard]] bool cordoned(std::uint32_t n) const { return !cordoned_.empty() && cordoned_[n]; }

  // ---- fit ---------------------------------------------------------------------------
  /// Whether the node's GPU model is one the pod accepts (always, for a CPU-only pod).
  [[nodiscard]] bool model_allowed(const PodRequest& pod, std::uint32_t n) const {
    if (pod.gpus == 0 || pod.models == 0) return true;
    return model_[n] != kNoModel && ((pod.models >> model_[n]) & 1u);
  }
  /// Whether the node's GPU model supports the pod's precision (always, for a pod without
  /// one or without GPUs).
  [[nodiscard]] bool precision_allowed(const PodRequest& pod, std::uint32_t n) const {
    if (!pod.precision || !pod.needs_gpu()) return true;
    return model_[n] != kNoModel && ((model_precisions_[model_[n]] >> static_cast<unsigned>(*pod.precision)) & 1u);
  }
  /// Whether the node's rack stays within its budget with the pod bound (always, without one).
  [[nodiscard]] bool power_allows(const PodRequest& pod, std::uint32_t n) const {
    const std::uint32_t r = rack_[n];
    return !admission_ || rack_budget_mw_[r] == kNoBudget || pod_power_mw(pod, n) <= rack_budget_mw_[r] - rack_draw_mw_[r];
  }
  /// Whether the pod fits the node now: CPU, memory, the GPU model, and GPUs (k fully free
  /// ones, or one GPU with the share free); then, when configured, the pod's precision and
  /// the rack's power budget. Always inlined: it is the policies' inner loop, and as a call
  /// its cost moved with code layout by several percent of a placement study.
  [[nodiscard, gnu::always_inline]] bool fits(const PodRequest& pod, std::uint32_t n) const {
    if (cpu_free_[n] < pod.cpu_milli || memory_free_[n] < pod.memory_mib) return false;
    if (!pod.needs_gpu()) return (constrained_ & kCordonBit) == 0 || !cordoned_[n];
    // One test covers the pod's model list and the table's extra constraints (constrained_ is
    // 0 without budgets and precision gaps), so the plain path costs what it did before them.
    if ((pod.models | constrained_ | pod.node_gpus | static_cast<ModelMask>(pod.min_rack_budget_mw)) != 0) [[unlikely]] {
      if ((constrained_ | pod.node_gpus | static_cast<ModelMask>(pod.min_rack_budget_mw)) != 0) return fits_constrained(pod, n);
      if (!model_allowed(pod, n)) return false;
    }
    if (pod.shares_gpu()) return max_gpu_free_[n] >= pod.gpu_milli;
    return whole_free_.free(n) >= pod.gpus;
  }

  /// Whether the pod would fit the node now if its rack had no budget, and does not because of
  /// it: the node's free accelerators are stranded by rack power for this pod.
  [[nodiscard]] bool fits_but_for_power(const PodRequest& pod, std::uint32_t n) const {
    return pod.needs_gpu() && cpu_free_[n] >= pod.cpu_milli && memory_free_[n] >= pod.memory_mib && fits_gpus_except_power(pod, n) &&
           !power_allows(pod, n);
  }

  /// Whether the pod could fit node n were it empty: what fits() checks that never changes
  /// (CPU and memory capacity, GPU count and model, precision, node size, rack density, and
  /// the rack's budget above its idle draw), not what is taken now.
  [[nodiscard]] bool could_ever_fit(const PodRequest& pod, std::uint32_t n) const {
    if (cpu_capacity_[n] < pod.cpu_milli || memory_capacity_[n] < pod.memory_mib) return false;
    if (!pod.needs_gpu()) return true;
    if (gpu_count_[n] < pod.gpus || !model_allowed(pod, n) || !precision_allowed(pod, n)) return false;
    if (pod.node_gpus != 0 && gpu_count_[n] != pod.node_gpus) return false;
    const std::int64_t budget = rack_budget_mw_[rack_[n]];
    if (pod.min_rack_budget_mw > 0 && budget < pod.min_rack_budget_mw) return false;
    return !admission_ || budget == kNoBudget || rack_idle_mw_[rack_[n]] + pod_power_mw(pod, n) <= budget;
  }

  /// Calls visit(n) for every node that may fit the pod, in node order: a superset of the
  /// nodes that fit, narrowed by the GPU indexes (check fits() on each). CPU-only pods visit
  /// every node.
  template <class Visit>
  void for_each_candidate(const PodRequest& pod, Visit&& visit) const {
    for_each_candidate_until(pod, [&](std::uint32_t n) {
      visit(n);
      return false;
    });
  }
  /// As for_each_candidate, stopping as soon as visit(n) returns true.
  template <class Visit>
  void for_each_candidate_until(const PodRequest& pod, Visit&& visit) const { for_each_candidate_from(pod, 0, visit); }

  /// As for_each_candidate_until, starting at node `from` and wrapping around to the nodes
  /// before it (a rotating start spreads partial scans over the table).
  template <class Visit>
  void for_each_candidate_from(const PodRequest& pod, std::uint32_t from, Visit&& visit) const {
    const FreeCapacityIndex* index = nullptr;
    std::uint32_t level = 0;
    if (pod.shares_gpu()) {
      index = &share_index();
      level = share_level_for(pod.gpu_milli);
    } else if (pod.needs_gpu()) {
      index = &whole_free_;
      level = pod.gpus;
    }
    if (from >= size()) from = 0;
    // Nodes with enough free CPU too (the GPU index alone walks past CPU-full nodes).
    // A pod asking no CPU fits every node's CPU: the GPU index alone answers (the hot path of
    // whole-GPU jobs).
    const std::uint32_t cpu_level = cpu_level_for(pod.cpu_milli);
    const bool any_cpu = pod.cpu_milli <= 0;
    const auto next = [&](std::uint32_t at) {
      if (index && any_cpu) return index->first_with(level, at);
      return index ? FreeCapacityIndex::first_with_both(*index, level, cpu_index_, cpu_level, at) : cpu_index_.first_with(cpu_level, at);
    };
    // [from, size) then [0, from)
    for (const auto& [begin, end] : {std::pair{from, size()}, std::pair{0u, from}}) {
      for (std::uint32_t n = begin < end ? next(begin) : FreeCapacityIndex::kNone; n != FreeCapacityIndex::kNone && n < end;
           n = n + 1 < end ? next(n + 1) : FreeCapacityIndex::kNone) {
        if (visit(n)) return;
      }
    }
  }

  /// The first node in node order that fits, or kNoNode (first-fit without a full scan).
  [[nodiscard]] std::uint32_t first_fitting(const PodRequest& pod) const {
    std::uint32_t found = kNoNode;
    for_each_candidate_until(pod, [&](std::uint32_t n) {
      if (!fits(pod, n)) return false;
      found = n;
      return true;
    });
    return found;
  }

  // ---- GPUs inside a node ------------------------------------------------------------
  /// The lowest-index fully free GPUs, k of them (the node must have them).
  [[nodiscard]] std::uint32_t lowest_free_gpus(std::uint32_t n, std::uint32_t k) const {
    assert(static_cast<std::uint32_t>(std::popcount(static_cast<std::uint32_t>(whole_mask_[n]))) >= k && "the node must have k fully free GPUs");
    std::uint32_t free = whole_mask_[n], mask = 0;
    for (; k > 0; --k) {  // the lowest set bits, one at a time: no branch on the data
      const std::uint32_t lowest = free & (0u - free);
      mask |= lowest;
      free ^= lowest;
    }
    return mask;
  }
  /// The GPU with the least free share that still holds `milli` (lowest index on ties).
  [[nodiscard]] std::uint32_t best_fit_gpu(std::uint32_t n, std::uint32_t milli) const {
    const std::uint16_t* free = gpu_free_begin(n);
    std::uint32_t best = kMaxGpusPerNode;
    for (std::uint32_t g = 0; g < gpu_count_[n]; ++g) {
      if (free[g] >= milli && (best == kMaxGpusPerNode || free[g] < free[best])) best = g;
    }
    assert(best != kMaxGpusPerNode);
    return best;
  }
  /// The usual GPU choice once the node is chosen: best-fit GPU for a share, the
  /// lowest-index fully free GPUs for whole GPUs, none for a CPU-only pod.
  [[nodiscard]] std::uint32_t default_gpus(const PodRequest& pod, std::uint32_t n) const {
    if (!pod.needs_gpu()) return 0;
    if (pod.shares_gpu()) return 1u << best_fit_gpu(n, pod.gpu_milli);
    return lowest_free_gpus(n, pod.gpus);
  }

  // ---- changes -----------------------------------------------------------------------
  /// Runs the pod where `p` says (it must fit there).
  void bind(const PodRequest& pod, const Placement& p) { apply(pod, p, +1); }
  /// Removes a pod bound with `p`.
  void unbind(const PodRequest& pod, const Placement& p) { apply(pod, p, -1); }

 private:
  // Shares in 50-milli steps: level L >= 1 means the node's largest free share is at least
  // 50 (L - 1); a pod asking m milli needs level floor(m / 50) + 1 (a superset, checked after).
  static constexpr std::uint32_t kShareStep = 50;
  static constexpr std::uint32_t share_level(std::uint32_t max_free) { return max_free == 0 ? 0 : max_free / kShareStep + 1; }
  static constexpr std::uint32_t share_level_for(std::uint32_t milli) { return milli / kShareStep + 1; }

  static std::vector<std::uint32_t> gpu_counts(const std::vector<NodeShape>& nodes) {
    std::vector<std::uint32_t> counts;
    for (const NodeShape& s : nodes) {
      if (s.gpus > kMaxGpusPerNode) {
        throw std::invalid_argument("node " + s.name + ": " + std::to_string(s.gpus) + " GPUs; at most " + std::to_string(kMaxGpusPerNode) +
                                    " per node are supported");
      }
      counts.push_back(s.gpus);
    }
    return counts;
  }
  // Free CPU in steps of cpu_step_ milli (1,000 unless nodes are so large that the index
  // would need more than 256 levels): level L >= 1 means at least cpu_step_ (L - 1) free; a
  // pod asking c milli needs level floor(c / step) + 1 (a superset, checked after).
  static std::int64_t cpu_step_for(const std::vector<NodeShape>& nodes) {
    std::int64_t max_cpu = 0;
    for (const NodeShape& s : nodes) max_cpu = std::max(max_cpu, s.cpu_milli);
    return std::max<std::int64_t>(1000, (max_cpu + 255) / 256);
  }
  static std::vector<std::uint32_t> cpu_capacities(const std::vector<NodeShape>& nodes, std::int64_t step) {
    std::vector<std::uint32_t> levels;
    for (const NodeShape& s : nodes) levels.push_back(static_cast<std::uint32_t>(std::max<std::int64_t>(s.cpu_milli, 0) / step + 1));
    return levels;
  }
  [[nodiscard]] std::uint32_t cpu_level(std::int64_t free) const { return static_cast<std::uint32_t>(std::max<std::int64_t>(free, 0) / cpu_step_ + 1); }
  [[nodiscard]] std::uint32_t cpu_level_for(std::int64_t request) const { return cpu_level(request); }

  const FreeCapacityIndex& share_index() const {
    if (!share_free_) {
      std::vector<std::uint32_t> capacity(size());
      for (std::uint32_t n = 0; n < size(); ++n) capacity[n] = gpu_count_[n] ? share_level(kMilliPerGpu) : 0;
      share_free_.emplace(capacity);
      for (std::uint32_t n = 0; n < size(); ++n) share_free_->take(n, capacity[n] - share_level(max_gpu_free_[n]));
    }
    return *share_free_;
  }
  std::uint8_t intern_model(const std::string& model, const std::string& node) {
    if (model.empty()) throw std::invalid_argument("node " + node + ": has GPUs but no GPU model");
    for (std::size_t m = 0; m < models_.size(); ++m) {
      if (models_[m] == model) return static_cast<std::uint8_t>(m);
    }
    if (models_.size() == kMaxModels) throw std::invalid_argument("more than 63 GPU models");
    models_.push_back(model);
    return static_cast<std::uint8_t>(models_.size() - 1);
  }

  // fits() for a GPU pod past CPU and memory, on a table with budgets or a model lacking a
  // precision: out of line, so the plain path stays as short as it was.
  [[gnu::noinline]] bool fits_constrained(const PodRequest& pod, std::uint32_t n) const {
    return fits_gpus_except_power(pod, n) && power_allows(pod, n);
  }
  // A GPU pod's checks past CPU and memory, all but the rack budget (fits_constrained and
  // fits_but_for_power differ only in that one).
  [[gnu::always_inline]] bool fits_gpus_except_power(const PodRequest& pod, std::uint32_t n) const {
    if ((constrained_ & kCordonBit) != 0 && cordoned_[n]) return false;
    if (!model_allowed(pod, n)) return false;
    if (pod.node_gpus != 0 && gpu_count_[n] != pod.node_gpus) return false;
    if (pod.min_rack_budget_mw > 0 && rack_budget_mw_[rack_[n]] < pod.min_rack_budget_mw) return false;
    if (pod.shares_gpu() ? max_gpu_free_[n] < pod.gpu_milli : whole_free_.free(n) < pod.gpus) return false;
    return precision_allowed(pod, n);
  }
  // Nonzero when fits() has more to check than capacity and the model list: bit 0 = some rack
  // has a budget, bit 1 = some model lacks some precision, bit 2 = some node is cordoned.
  static constexpr ModelMask kCordonBit = 4u;
  void update_constrained() {
    constrained_ = (power_limited_ ? 1u : 0u) | (cordoned_count_ > 0 ? kCordonBit : 0u);
    for (const std::uint8_t mask : model_precisions_) {
      if (mask != kAllPrecisions) constrained_ |= 2u;
    }
  }

  static std::int64_t to_milliwatts(double watts) { return static_cast<std::int64_t>(std::llround(watts * 1000.0)); }
  static ModelPerformance reference_performance() {
    ModelPerformance p;
    p.throughput.fill(1.0);
    return p;
  }

  void apply(const PodRequest& pod, const Placement& p, int sign) {
    const std::uint32_t n = p.node;
    if (pod.cpu_milli != 0) {  // (the divisions of cpu_level cost more than the rest for GPU-only jobs)
      const std::uint32_t cpu_before = cpu_level(cpu_free_[n]);
      cpu_free_[n] -= sign * pod.cpu_milli;
      const std::uint32_t cpu_after = cpu_level(cpu_free_[n]);
      if (cpu_after < cpu_before) cpu_index_.take(n, cpu_before - cpu_after);
      if (cpu_after > cpu_before) cpu_index_.give(n, cpu_after - cpu_before);
    }
    if (pod.memory_mib != 0) memory_free_[n] -= sign * pod.memory_mib;
    pods_[n] = static_cast<std::uint32_t>(static_cast<int>(pods_[n]) + sign);
    version_[n] = stamps_.next();
    if (!pod.needs_gpu()) return;
    rack_draw_mw_[rack_[n]] += sign * pod_power_mw(pod, n);
    std::uint16_t* free = gpu_free_.data() + first_gpu_[n];
    const std::uint32_t whole_before = whole_free_.free(n);
    std::uint32_t whole_after = whole_before;
    std::uint16_t& whole = whole_mask_[n];
    if (pod.gpu_milli == kMilliPerGpu) {  // whole GPUs go from fully free to fully taken and back
      const std::uint16_t to = sign > 0 ? 0 : static_cast<std::uint16_t>(kMilliPerGpu);
      for (std::uint32_t mask = p.gpus; mask; mask &= mask - 1) free[std::countr_zero(mask)] = to;
      whole = static_cast<std::uint16_t>(sign > 0 ? whole & ~p.gpus : whole | p.gpus);
    } else {
      for (std::uint32_t mask = p.gpus; mask; mask &= mask - 1) {
        const auto g = static_cast<std::uint32_t>(std::countr_zero(mask));
        free[g] = static_cast<std::uint16_t>(static_cast<int>(free[g]) - sign * static_cast<int>(pod.gpu_milli));
        assert(free[g] <= kMilliPerGpu);
        whole = static_cast<std::uint16_t>(free[g] == kMilliPerGpu ? whole | (1u << g) : whole & ~(1u << g));
      }
    }
    whole_after = static_cast<std::uint32_t>(std::popcount(static_cast<std::uint32_t>(whole)));
    const std::int64_t delta = sign * pod.gpu_demand_milli();
    gpu_free_total_[n] = static_cast<std::uint32_t>(std::int64_t{gpu_free_total_[n]} - delta);
    gpu_allocated_milli_ += delta;
    if (whole_after < whole_before) whole_free_.take(n, whole_before - whole_after);
    if (whole_after > whole_before) whole_free_.give(n, whole_after - whole_before);
    // A node with a fully free GPU left has the largest free share there is; one whose free
    // milli are all in whole GPUs (no share taken) has none when none is whole.
    const bool no_partial = gpu_free_total_[n] == whole_after * kMilliPerGpu;
    const std::uint32_t max_free = whole_after > 0 ? kMilliPerGpu : no_partial ? 0 : *std::max_element(free, free + gpu_count_[n]);
    const std::uint32_t level_before = share_level(max_gpu_free_[n]);
    const std::uint32_t level_after = share_level(max_free);
    if (share_free_) {
      if (level_after < level_before) share_free_->take(n, level_before - level_after);
      if (level_after > level_before) share_free_->give(n, level_after - level_before);
    }
    max_gpu_free_[n] = max_free;
    std::uint16_t& count = class_counts_[n * (max_gpus_ + 1) + pod.gpu_class()];
    if (sign > 0 && count++ == 0) ++distinct_classes_[n];
    if (sign < 0 && --count == 0) --distinct_classes_[n];
  }

  std::vector<std::string> names_;
  std::vector<std::string> models_;
  std::vector<std::int64_t> cpu_capacity_, cpu_free_;
  std::vector<std::int64_t> memory_capacity_, memory_free_;
  std::vector<std::uint8_t> gpu_count_;
  std::vector<std::uint8_t> model_;
  std::vector<std::uint32_t> first_gpu_;     // into gpu_free_
  std::vector<std::uint16_t> gpu_free_;      // per GPU, milli
  std::vector<std::uint32_t> gpu_free_total_;
  std::vector<std::uint32_t> max_gpu_free_;  // the node's largest free share
  std::vector<std::uint16_t> whole_mask_;    // per node, bit g: GPU g is fully free
  std::vector<std::uint16_t> class_counts_;  // node x (max_gpus_ + 1)
  std::vector<std::uint8_t> distinct_classes_;
  std::vector<std::uint32_t> pods_;
  StateStamps stamps_;
  std::vector<std::uint64_t> version_;
  std::vector<std::uint32_t> tie_rank_;
  FreeCapacityIndex whole_free_;  // fully free GPUs per node
  // share_level() of the largest free share per node. Built on the first GPU-sharing query
  // (share_index), then kept by apply: a center that never sees a share pod never pays its
  // 21 levels per node change (a sixth of W2's run). Mutable: building it changes no answer.
  mutable std::optional<FreeCapacityIndex> share_free_;
  std::int64_t cpu_step_;         // milli-CPU per level of cpu_index_
  FreeCapacityIndex cpu_index_;   // cpu_level() of the free CPU per node
  std::uint32_t max_gpus_ = 0;
  std::int64_t max_cpu_ = 0;
  std::int64_t gpu_capacity_milli_ = 0;
  std::int64_t gpu_allocated_milli_ = 0;
  // The datacenter's shape (after the members above, which fits() and the indexes read).
  ModelMask constrained_ = 0;  // see update_constrained()
  std::vector<std::uint8_t> cordoned_;  // per node, sized on first cordon()
  std::uint32_t cordoned_count_ = 0;
  std::vector<std::uint32_t> rack_, network_pod_, center_;  // per node
  std::vector<std::int64_t> gpu_busy_mw_, idle_mw_;         // per node
  std::vector<std::int64_t> rack_idle_mw_;                  // per rack: base + its nodes' idle
  std::vector<std::int64_t> rack_draw_mw_;                  // per rack: idle + busy GPUs
  std::vector<std::int64_t> rack_budget_mw_;                // per rack; kNoBudget = none
  std::vector<ModelPerformance> model_performance_;         // per model
  std::vector<std::uint8_t> model_precisions_;              // per model: bit p = supports precision p
  static constexpr std::uint8_t kAllPrecisions = (1u << kPrecisionCount) - 1;
  static_assert(kPrecisionCount <= 8);
  std::uint32_t rack_count_ = 0, network_pod_count_ = 0, center_count_ = 0;
  bool power_limited_ = false;
  bool admission_ = true;  // budgets keep pods off (set_power_admission)
};

}  // namespace dcsim::policy

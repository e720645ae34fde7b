#pragma once
// Exact energy of piecewise-constant power, kept per cell of (rack, chip model, tenant, job
// kind) as structure-of-arrays. An observer calls set_power() (or add_power()) at every change
// — a job starts or ends, a clock changes under a cap — with the cell's new draw; the ledger
// closes the interval since the cell's last change, energy += P · (t − t_last), so energy is the
// integral of power with no sampling. Rack sums (current draw and its peak) are kept alongside,
// because a rack's budget and its peak are what a planner reads. Times are seconds since the
// run's start; they must not go backwards for a cell.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace dcsim {

/// Indices into the run's own tables (racks of the inventory, chips of the catalogue, tenants,
/// job kinds); kNone for power that belongs to no chip, tenant or kind (hosts, idle chips).
struct EnergyKey {
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;
  std::uint32_t rack = 0;
  std::uint32_t chip = kNone;
  std::uint32_t tenant = kNone;
  std::uint32_t kind = kNone;

  friend bool operator==(const EnergyKey&, const EnergyKey&) = default;
};

struct EnergyKeyHash {
  [[nodiscard]] std::size_t operator()(const EnergyKey& k) const {
    std::uint64_t h = (std::uint64_t{k.rack} << 32 | k.chip) * 0x9E3779B97F4A7C15ULL;
    h ^= (std::uint64_t{k.tenant} << 32 | k.kind) + 0x7F4A7C159E3779B9ULL + (h << 6) + (h >> 2);
    return static_cast<std::size_t>(h);
  }
};

class EnergyLedger {
 public:
  using Cell = std::uint32_t;

  /// The cell of `key`, added (at zero power) the first time it is asked for. An observer asks
  /// once per combination and keeps the cell; the hash lookup is not on the per-change path.
  Cell cell(const EnergyKey& key) {
    if (key.rack == EnergyKey::kNone) throw std::invalid_argument("EnergyLedger: every cell belongs to a rack");
    const auto [it, added] = index_.try_emplace(key, static_cast<Cell>(keys_.size()));
    if (added) {
      keys_.push_back(key);
      power_w_.push_back(0);
      energy_j_.push_back(0);
      since_s_.push_back(0);
      if (key.rack >= rack_power_w_.size()) {
        rack_power_w_.resize(key.rack + 1, 0);
        rack_peak_w_.resize(key.rack + 1, 0);
      }
    }
    return it->second;
  }

  /// From time `t`, cell `c` draws `watts`.
  void set_power(Cell c, double t, double watts) {
    if (t < since_s_[c]) throw std::invalid_argument("EnergyLedger: time went backwards");
    energy_j_[c] += power_w_[c] * (t - since_s_[c]);
    since_s_[c] = t;
    const double delta = watts - power_w_[c];
    power_w_[c] = watts;
    double& rack = rack_power_w_[keys_[c].rack];
    rack += delta;
    rack_peak_w_[keys_[c].rack] = std::max(rack_peak_w_[keys_[c].rack], rack);
    total_power_w_ += delta;
    total_peak_w_ = std::max(total_peak_w_, total_power_w_);
  }
  /// From time `t`, cell `c` draws `delta_w` more (less when negative).
  void add_power(Cell c, double t, double delta_w) { set_power(c, t, power_w_[c] + delta_w); }

  /// Energy of cell c from time 0 to `t` (>= its last change), without changing the ledger.
  [[nodiscard]] double energy_j(Cell c, double t) const { return energy_j_[c] + power_w_[c] * (t - since_s_[c]); }
  /// Energy of every cell up to `t` (>= every cell's last change).
  [[nodiscard]] double total_energy_j(double t) const {
    double e = 0;
    for (Cell c = 0; c < size(); ++c) e += energy_j(c, t);
    return e;
  }
  /// Sums of energy up to `t` grouped by one key field (e.g. &EnergyKey::tenant): entry i is
  /// the group of index i; kNone groups are left out.
  [[nodiscard]] std::vector<double> energy_by(std::uint32_t EnergyKey::*field, double t) const {
    std::vector<double> out;
    for (Cell c = 0; c < size(); ++c) {
      const std::uint32_t g = keys_[c].*field;
      if (g == EnergyKey::kNone) continue;  // no tenant (a host); never for racks
      if (g >= out.size()) out.resize(g + 1, 0);
      out[g] += energy_j(c, t);
    }
    return out;
  }

  [[nodiscard]] Cell size() const { return static_cast<Cell>(keys_.size()); }
  [[nodiscard]] const EnergyKey& key(Cell c) const { return keys_[c]; }
  [[nodiscard]] double power_w(Cell c) const { return power_w_[c]; }
  [[nodiscard]] double total_power_w() const { return total_power_w_; }
  [[nodiscard]] double total_peak_w() const { return total_peak_w_; }
  /// Current draw and highest draw so far of rack r (0 for a rack no cell names).
  [[nodiscard]] double rack_power_w(std::uint32_t r) const { return r < rack_power_w_.size() ? rack_power_w_[r] : 0.0; }
  [[nodiscard]] double rack_peak_w(std::uint32_t r) const { return r < rack_peak_w_.size() ? rack_peak_w_[r] : 0.0; }

 private:
  std::vector<EnergyKey> keys_;
  std::vector<double> power_w_;   // current draw per cell
  std::vector<double> energy_j_;  // closed energy per cell, up to since_s_
  std::vector<double> since_s_;   // time of the cell's last change
  std::vector<double> rack_power_w_;
  std::vector<double> rack_peak_w_;
  double total_power_w_ = 0;
  double total_peak_w_ = 0;
  std::unordered_map<EnergyKey, Cell, EnergyKeyHash> index_;
};

}  // namespace dcsim

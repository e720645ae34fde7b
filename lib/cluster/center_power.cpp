// The power of a center run (cluster/center_power.hpp).
#include "dcsim/cluster/center_power.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <utility>

#include "dcsim/cluster/running_work.hpp"

namespace dcsim::cluster {
namespace {

constexpr double kHourS = 3600.0;

// Sums kept by deltas drift by rounding; what is left of a sum back at nothing is nothing.
void settle_zero(double& v) {
  if (std::abs(v) < 1e-9) v = 0;
}

template <class T>
void grow(std::vector<T>& v, std::size_t n, T fill = T{}) {
  if (v.size() < n) v.resize(n, fill);
}

}  // namespace

double PowerResult::it_j() const {
  double e = 0;
  for (const SitePowerResult& s : sites) e += s.it_j;
  return e;
}
double PowerResult::facility_j() const {
  double e = 0;
  for (const SitePowerResult& s : sites) e += s.facility_j;
  return e;
}

CenterPower::CenterPower(CenterPowerConfig config, const policy::NodeTable& table) : config_(std::move(config)), table_(table) {
  const std::uint32_t nodes = table_.size();
  const std::uint32_t racks = table_.rack_count();
  if (config_.node_power.size() != nodes) throw std::invalid_argument("center power: one server power model per node of the table");
  if (config_.rack_base_w.size() != racks || config_.rack_budget_w.size() != racks || config_.rack_site.size() != racks) {
    throw std::invalid_argument("center power: one base draw, budget and center per rack of the table");
  }
  if (config_.sites.empty()) throw std::invalid_argument("center power: at least one center");
  for (const std::uint32_t s : config_.rack_site) {
    if (s >= config_.sites.size()) throw std::invalid_argument("center power: a rack's center is out of range");
  }
  if (!(config_.dvfs.exponent >= 1) || !(config_.dvfs.min_clock_ratio > 0 && config_.dvfs.min_clock_ratio <= 1)) {
    throw std::invalid_argument("center power: the DVFS exponent must be >= 1 and the lowest clock in (0, 1]");
  }
  exponent_ = config_.dvfs.exponent;

  node_rack_.resize(nodes);
  node_held_.assign(nodes, 0);
  node_host_w_.resize(nodes);
  rack_host_w_ = config_.rack_base_w;
  rack_chip_idle_w_.assign(racks, 0);
  std::vector<std::vector<double>> idle_by_model(racks);  // [rack][model]: accelerators at idle
  for (std::uint32_t n = 0; n < nodes; ++n) {
    const std::uint32_t r = table_.rack(n);
    node_rack_[n] = r;
    const ServerPowerModel& m = config_.node_power[n];
    node_host_w_[n] = m.host_power(0);
    rack_host_w_[r] += node_host_w_[n];
    if (m.chips > 0 && table_.gpu_count(n) > 0) {
      const std::size_t model = table_.model(n);
      grow(idle_by_model[r], model + 1);
      idle_by_model[r][model] += m.chips * m.chip_idle_w;
      rack_chip_idle_w_[r] += m.chips * m.chip_idle_w;
    }
  }
  rack_dyn_w_.assign(racks, 0);
  rack_draw_w_.resize(racks);
  rack_clock_.assign(racks, 1);
  rack_scale_.assign(racks, 1);
  rack_own_clock_.assign(racks, 1);
  rack_peak_w_.assign(racks, 0);
  rack_capped_s_.assign(racks, 0);
  rack_capped_since_.assign(racks, 0);
  rack_lost_s_.assign(racks, 0);
  rack_host_cell_.resize(racks);
  rack_job_cells_.resize(racks);
  rack_jobs_.resize(racks);
  rack_dirty_.assign(racks, 0);
  rack_peak_pending_.assign(racks, 0);
  rack_reclock_.assign(racks, 0);
  site_racks_.resize(config_.sites.size());
  site_it_w_.assign(config_.sites.size(), 0);
  site_clock_.assign(config_.sites.size(), 1);
  site_capped_since_.assign(config_.sites.size(), 0);
  site_dirty_.assign(config_.sites.size(), 0);
  for (std::uint32_t r = 0; r < racks; ++r) {
    rack_host_cell_[r] = ledger_.cell(EnergyKey{r, EnergyKey::kNone, EnergyKey::kNone, EnergyKey::kNone});
    ledger_.set_power(rack_host_cell_[r], 0, rack_host_w_[r]);
    for (std::uint32_t model = 0; model < idle_by_model[r].size(); ++model) {
      if (idle_by_model[r][model] > 0) ledger_.set_power(ledger_.cell(EnergyKey{r, model, EnergyKey::kNone, EnergyKey::kNone}), 0, idle_by_model[r][model]);
    }
    rack_draw_w_[r] = rack_host_w_[r] + rack_chip_idle_w_[r];
    site_racks_[config_.rack_site[r]].push_back(r);
    site_it_w_[config_.rack_site[r]] += rack_draw_w_[r];
  }
  cell_dyn_full_w_.assign(ledger_.size(), 0);
  cell_ready_.assign(ledger_.size(), 0);
  cell_swing_w_.assign(ledger_.size(), 0);
  cell_curve_.assign(ledger_.size(), nullptr);
  const bool budgets = std::any_of(config_.rack_budget_w.begin(), config_.rack_budget_w.end(), [](double b) { return std::isfinite(b) && b > 0; });
  const bool site_caps = std::any_of(config_.sites.begin(), config_.sites.end(), [](const FacilitySite& s) { return std::isfinite(s.it_cap_w); });
  capping_ = (config_.cap_racks && budgets) || site_caps;
  tenant_load_.assign(config_.memory_bound.size(), 0);
  tenant_cells_.resize(config_.memory_bound.size());
  site_acc_.resize(config_.sites.size());
  for (std::size_t s = 0; s < config_.sites.size(); ++s) site_acc_[s].name = config_.sites[s].name;
  measuring_ = config_.measured_from_s <= 0;
  if (measuring_) rack_peak_w_ = rack_draw_w_;
  // every rack of a capped center: its first clock
  for (std::uint32_t r = 0; r < racks; ++r) {
    if (capping_) {
      rack_dirty_[r] = 1;
      dirty_racks_.push_back(r);
    }
  }
  for (std::size_t s = 0; s < config_.sites.size(); ++s) site_dirty_[s] = std::isfinite(config_.sites[s].it_cap_w) ? 1 : 0;
  hourly_ = std::any_of(config_.sites.begin(), config_.sites.end(), [](const FacilitySite& s) { return s.cap_factor.has_value() && std::isfinite(s.it_cap_w); });

  // Switching empty servers off: every server is empty from the start.
  if (config_.switch_off) {
    const SwitchOffConfig& so = *config_.switch_off;
    if (!(so.after_s >= 0) || !(so.boot_s >= 0) || !std::isfinite(so.after_s) || !std::isfinite(so.boot_s)) {
      throw std::invalid_argument("center power: switch_off's after and boot must be finite durations >= 0");
    }
    switch_off_ = true;
    off_after_ = config_.time.ticks(so.after_s);
    boot_ = config_.time.ticks(so.boot_s);
    node_idle_w_.assign(nodes, 0);
    node_idle_cell_.assign(nodes, 0);
    cell_idle_w_.assign(ledger_.size(), 0);
    for (std::uint32_t r = 0; r < racks; ++r) {
      for (std::uint32_t model = 0; model < idle_by_model[r].size(); ++model) {
        if (idle_by_model[r][model] > 0) cell_idle_w_[ledger_.cell(EnergyKey{r, model, EnergyKey::kNone, EnergyKey::kNone})] = idle_by_model[r][model];
      }
    }
    for (std::uint32_t n = 0; n < nodes; ++n) {
      const ServerPowerModel& m = config_.node_power[n];
      if (m.chips > 0 && table_.gpu_count(n) > 0 && m.chip_idle_w > 0) {
        node_idle_w_[n] = m.chips * m.chip_idle_w;
        node_idle_cell_[n] = ledger_.cell(EnergyKey{node_rack_[n], std::uint32_t{table_.model(n)}, EnergyKey::kNone, EnergyKey::kNone});
      }
    }
    node_jobs_.assign(nodes, 0);
    node_off_at_.assign(nodes, off_after_);
    node_off_.assign(nodes, 0);
    node_off_since_.assign(nodes, 0);
    node_boot_end_.assign(nodes, 0);
    for (std::uint32_t n = 0; n < nodes; ++n) pending_.push_back(Pending{off_after_, kOffDue, n, off_after_});
    std::make_heap(pending_.begin(), pending_.end(), std::greater<>{});
    catch_up(0);  // `after: 0`: off from the start
    if (measuring_) rack_peak_w_ = rack_draw_w_;
  }
}

double CenterPower::measured(double a, double b) const { return std::max(0.0, b - std::max(a, config_.measured_from_s)); }

// ---- Signals ------------------------------------------------------------------------------

void CenterPower::job_started(Tick now, const JobView& job) {
  const double t = seconds(now);
  now_s_ = t;
  now_tick_ = now;
  if (switch_off_) boot_nodes(now, job.nodes);  // (start_delay did, when the model asked)
  const std::uint32_t slot = job.slot;
  const std::size_t need = std::size_t{slot} + 1;
  grow(job_running_, need);
  grow(job_replica_, need);
  grow(job_ready_, need);
  grow(job_tenant_, need);
  grow(job_busy_, need);
  grow(job_factor_, need, 1.0);
  grow(job_factor_since_, need);
  grow(job_accelerators_, need);
  grow(job_parts_, need);
  grow(job_racks_, need);
  grow(job_marked_, need);
  grow(job_booting_, need);
  grow(job_generation_, need);
  job_running_[slot] = 1;
  job_booting_[slot] = 0;
  job_replica_[slot] = job.replica ? 1 : 0;
  job_ready_[slot] = 0;
  job_tenant_[slot] = job.tenant;
  job_busy_[slot] = job.busy;
  job_factor_[slot] = 1;
  job_factor_since_[slot] = t;
  job_accelerators_[slot] = static_cast<double>(job.held_milli) / policy::kMilliPerGpu;
  const std::uint32_t kind = job.replica ? kReplicaKind : static_cast<std::uint32_t>(job.shape);
  const double per_node = job.nodes.empty() ? 0.0 : job_accelerators_[slot] / static_cast<double>(job.nodes.size());
  std::vector<Part>& parts = job_parts_[slot];
  std::vector<std::uint32_t>& racks = job_racks_[slot];
  parts.clear();
  racks.clear();
  for (const std::uint32_t n : job.nodes) {
    const std::uint32_t r = node_rack_[n];
    const bool accelerators = per_node > 0 && table_.gpu_count(n) > 0;
    const EnergyKey key{r, accelerators ? std::uint32_t{table_.model(n)} : EnergyKey::kNone, job.tenant, kind};
    const EnergyLedger::Cell before = ledger_.size();
    const EnergyLedger::Cell cell = ledger_.cell(key);
    if (cell == before) {  // new: a job cell of this rack
      const ServerPowerModel& m = config_.node_power[n];
      cell_dyn_full_w_.push_back(0);
      cell_ready_.push_back(0);
      cell_swing_w_.push_back(m.chip_max_w - m.chip_idle_w);
      cell_curve_.push_back(&m.chip_curve);
      rack_job_cells_[r].push_back(cell);
      if (job.replica) tenant_cells_[job.tenant].push_back(cell);
    }
    parts.push_back(Part{n, accelerators ? per_node : 0.0, cell});
    if (std::find(racks.begin(), racks.end(), r) == racks.end()) {
      racks.push_back(r);
      rack_jobs_[r].push_back(slot);
    }
  }
  if (switch_off_) {  // it holds its servers from now; its work starts once they are all up
    Tick begin = now;
    for (const std::uint32_t n : job.nodes) {
      ++node_jobs_[n];
      node_off_at_[n] = kNever;
      begin = std::max(begin, node_boot_end_[n]);
    }
    if (begin > now) {  // until then: nothing of its own drawn, no cap proposed
      job_booting_[slot] = 1;
      push(Pending{begin, kWorkDue, slot, ++job_generation_[slot]});
      return;
    }
  }
  add_job(slot, t, +1);
  if (capping_ && !job_marked_[slot]) {  // it may start on a capped rack
    job_marked_[slot] = 1;
    marked_jobs_.push_back(slot);
  }
}

void CenterPower::job_ended(Tick now, const JobView& job, bool /*completed*/) {
  const double t = seconds(now);
  now_s_ = t;
  now_tick_ = now;
  catch_up(now);
  const std::uint32_t slot = job.slot;
  close_lost(slot, t);
  if (job_ready_[slot]) {  // out of its cells' ready accelerators
    for (const Part& p : job_parts_[slot]) cell_ready_[p.cell] -= p.accelerators;
    for (const Part& p : job_parts_[slot]) set_replica_cell(p.cell, t);
  }
  if (!job_booting_[slot]) add_job(slot, t, -1);  // a job that leaves while its servers boot never drew
  for (const std::uint32_t r : job_racks_[slot]) {
    auto& list = rack_jobs_[r];
    const auto at = std::find(list.begin(), list.end(), slot);
    *at = list.back();
    list.pop_back();
  }
  job_running_[slot] = 0;
  job_ready_[slot] = 0;
  job_booting_[slot] = 0;
  if (switch_off_) {  // servers it leaves empty switch off `after` from now (not before a boot ends)
    for (const std::uint32_t n : job.nodes) {
      if (--node_jobs_[n] != 0) continue;
      const Tick off = std::max(RunningWork::ends_by(now, off_after_), node_boot_end_[n]);
      node_off_at_[n] = off;
      if (off != kNever) push(Pending{off, kOffDue, n, off});
    }
  }
}

void CenterPower::job_busy_changed(Tick now, const JobView& job) {
  const double t = seconds(now);
  now_s_ = t;
  now_tick_ = now;
  catch_up(now);
  if (job.slot < job_booting_.size() && job_booting_[job.slot]) begin_work(job.slot, now);  // ready as its servers came up
  if (!job.replica || job_ready_[job.slot]) return;  // only a replica's readiness changes a busy share alone
  job_ready_[job.slot] = 1;  // at its service's load, which service_load_changed then brings up to date everywhere
  for (const Part& p : job_parts_[job.slot]) cell_ready_[p.cell] += p.accelerators;
  for (const Part& p : job_parts_[job.slot]) set_replica_cell(p.cell, t);
}

void CenterPower::service_load_changed(Tick now, std::uint32_t tenant, double busy_share) {
  const double t = seconds(now);
  now_s_ = t;
  now_tick_ = now;
  catch_up(now);
  if (busy_share == tenant_load_[tenant]) return;
  tenant_load_[tenant] = busy_share;
  for (const EnergyLedger::Cell c : tenant_cells_[tenant]) set_replica_cell(c, t);
}

void CenterPower::time_advanced(Tick from, Tick to) {
  // what fell due inside (from, to): piece by piece (the model wakes the governor at each, so
  // this is a safety net: nothing is applied late)
  Pending p;
  while (switch_off_ && to > 0 && pop_due(to - 1, p)) {
    const Tick at = std::max(from, p.at);
    advance(from, at);
    from = at;
    now_tick_ = at;
    apply(p);
  }
  advance(from, to);
  now_tick_ = to;
}

void CenterPower::advance(Tick from, Tick to) {
  const double a = seconds(from);
  const double b = seconds(to);
  // the draws of [from, to) are settled: their peaks count now (not a same-instant transient)
  if (measuring_) {
    for (const std::uint32_t r : peak_pending_racks_) rack_peak_w_[r] = std::max(rack_peak_w_[r], rack_draw_w_[r]);
  }
  for (const std::uint32_t r : peak_pending_racks_) rack_peak_pending_[r] = 0;
  peak_pending_racks_.clear();
  integrate_sites(site_acc_, std::max(a, integrated_to_s_), b);
  integrated_to_s_ = std::max(integrated_to_s_, b);
  if (!measuring_ && b >= config_.measured_from_s) {  // the warm-up ends: energy counts from here
    measuring_ = true;
    cell_energy_at_warmup_j_.resize(ledger_.size());
    for (EnergyLedger::Cell c = 0; c < ledger_.size(); ++c) cell_energy_at_warmup_j_[c] = ledger_.energy_j(c, config_.measured_from_s);
    rack_peak_w_ = rack_draw_w_;
  }
  now_s_ = b;
}

// ---- Bookkeeping --------------------------------------------------------------------------

// Adds (sign +1) or removes (-1) job `slot`'s power on every node it holds: the hosts by
// what it holds; a job's accelerators at its busy share (a replica's go through its cells).
void CenterPower::add_job(std::uint32_t slot, double t, int sign) {
  const double u = job_replica_[slot] ? 0.0 : job_busy_[slot];
  const double cpu = config_.cpu_milli.empty() ? 0.0 : config_.cpu_milli[job_tenant_[slot]];
  for (const Part& p : job_parts_[slot]) {
    const std::uint32_t n = p.node;
    const std::uint32_t r = node_rack_[n];
    const ServerPowerModel& m = config_.node_power[n];
    double host_load = -1;  // unchanged
    if (p.accelerators > 0 && m.chips > 0) {
      if (u > 0) {
        const double dyn = sign * (m.chip_max_w - m.chip_idle_w) * m.chip_curve.fraction(u) * p.accelerators;
        cell_dyn_full_w_[p.cell] += dyn;
        settle_zero(cell_dyn_full_w_[p.cell]);
        rack_dyn_w_[r] += dyn;
        settle_zero(rack_dyn_w_[r]);
        ledger_.set_power(p.cell, t, cell_dyn_full_w_[p.cell] * rack_scale_[r]);
      }
      node_held_[n] += sign * p.accelerators;
      settle_zero(node_held_[n]);
      host_load = node_held_[n] / m.chips;
    } else if (table_.gpu_count(n) == 0 && table_.cpu_capacity(n) > 0) {  // a CPU-only node: its host is its load
      node_held_[n] += sign * cpu;
      settle_zero(node_held_[n]);
      host_load = node_held_[n] / static_cast<double>(table_.cpu_capacity(n));
    }
    if (host_load >= 0) {
      const double host = m.host_power(std::clamp(host_load, 0.0, 1.0));
      rack_host_w_[r] += host - node_host_w_[n];
      node_host_w_[n] = host;
    }
  }
  for (const std::uint32_t r : job_racks_[slot]) touch_rack(r, t);
}

void CenterPower::set_replica_cell(EnergyLedger::Cell c, double t) {
  settle_zero(cell_ready_[c]);
  const std::uint32_t tenant = ledger_.key(c).tenant;
  const double full = cell_ready_[c] > 0 ? cell_swing_w_[c] * cell_curve_[c]->fraction(tenant_load_[tenant]) * cell_ready_[c] : 0.0;
  const std::uint32_t r = ledger_.key(c).rack;
  rack_dyn_w_[r] += full - cell_dyn_full_w_[c];
  settle_zero(rack_dyn_w_[r]);
  cell_dyn_full_w_[c] = full;
  ledger_.set_power(c, t, full * rack_scale_[r]);
  touch_rack(r, t);
}

void CenterPower::update_draw(std::uint32_t r, double t) {
  ledger_.set_power(rack_host_cell_[r], t, rack_host_w_[r]);
  const double draw = rack_host_w_[r] + rack_chip_idle_w_[r] + rack_dyn_w_[r] * rack_scale_[r];
  site_it_w_[config_.rack_site[r]] += draw - rack_draw_w_[r];
  rack_draw_w_[r] = draw;
  if (!rack_peak_pending_[r]) {
    rack_peak_pending_[r] = 1;
    peak_pending_racks_.push_back(r);
  }
}

void CenterPower::touch_rack(std::uint32_t r, double t) {
  update_draw(r, t);
  if (!capping_) return;
  if (!rack_dirty_[r]) {
    rack_dirty_[r] = 1;
    dirty_racks_.push_back(r);
  }
  const std::uint32_t s = config_.rack_site[r];
  if (std::isfinite(config_.sites[s].it_cap_w)) site_dirty_[s] = 1;
}

void CenterPower::close_lost(std::uint32_t slot, double t) {
  const double f = job_factor_[slot];
  if (f < 1) {  // a job runs slower; a replica serves less
    const double dt = measured(job_factor_since_[slot], t);
    for (const Part& p : job_parts_[slot]) rack_lost_s_[node_rack_[p.node]] += (1 - f) * p.accelerators * dt;
  }
  job_factor_since_[slot] = t;
}

void CenterPower::set_rack_clock(std::uint32_t r, double clock, double t) {
  const bool was_capped = rack_clock_[r] < 1;
  const bool capped = clock < 1;
  if (was_capped && !capped) rack_capped_s_[r] += measured(rack_capped_since_[r], t);
  if (capped && !was_capped) rack_capped_since_[r] = t;
  rack_clock_[r] = clock;
  rack_scale_[r] = std::pow(clock, exponent_);
  for (const EnergyLedger::Cell c : rack_job_cells_[r]) ledger_.set_power(c, t, cell_dyn_full_w_[c] * rack_scale_[r]);
  update_draw(r, t);
  for (const std::uint32_t slot : rack_jobs_[r]) {
    if (!job_marked_[slot]) {
      job_marked_[slot] = 1;
      marked_jobs_.push_back(slot);
    }
  }
}

// ---- Capping ------------------------------------------------------------------------------

double CenterPower::site_cap_w(std::uint32_t s, double t) const {
  const FacilitySite& site = config_.sites[s];
  return site.cap_factor ? site.it_cap_w * site.cap_factor->at(t) : site.it_cap_w;
}

double CenterPower::solve_site_clock(std::uint32_t s, double cap_w) const {
  const auto draw_at = [&](double x) {
    double sum = 0;
    for (const std::uint32_t r : site_racks_[s]) {
      sum += rack_host_w_[r] + rack_chip_idle_w_[r] + rack_dyn_w_[r] * std::pow(std::min(rack_own_clock_[r], x), exponent_);
    }
    return sum;
  };
  if (draw_at(1.0) <= cap_w) return 1.0;
  double lo = config_.dvfs.min_clock_ratio;
  if (draw_at(lo) > cap_w) return lo;  // even the floor does not fit: the cap is exceeded, not the clock lowered further
  double hi = 1.0;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (draw_at(mid) <= cap_w ? lo : hi) = mid;
  }
  return lo;
}

void CenterPower::settle(double t) {
  if (!capping_) return;
  for (const std::uint32_t r : dirty_racks_) {
    rack_dirty_[r] = 0;
    const double budget = config_.rack_budget_w[r];
    double own = 1.0;
    if (config_.cap_racks && std::isfinite(budget) && budget > 0) {
      RackDraw draw;
      draw.fixed_w = rack_host_w_[r] + rack_chip_idle_w_[r];
      draw.dynamic_w = rack_dyn_w_[r];
      own = quantized_clock(cap_rack(budget, draw, config_.dvfs).clock_ratio, config_.dvfs);
    }
    rack_own_clock_[r] = own;
    if (!rack_reclock_[r]) {
      rack_reclock_[r] = 1;
      reclock_racks_.push_back(r);
    }
  }
  dirty_racks_.clear();
  for (std::uint32_t s = 0; s < site_dirty_.size(); ++s) {
    if (!site_dirty_[s]) continue;
    site_dirty_[s] = 0;
    const double cap = site_cap_w(s, t);
    const double x = std::isfinite(cap) ? quantized_clock(solve_site_clock(s, cap), config_.dvfs) : 1.0;
    if (x == site_clock_[s]) continue;
    SitePowerResult& acc = site_acc_[s];
    if (site_clock_[s] < 1 && x >= 1) acc.capped_s += measured(site_capped_since_[s], t);
    if (site_clock_[s] >= 1 && x < 1) site_capped_since_[s] = t;
    site_clock_[s] = x;
    for (const std::uint32_t r : site_racks_[s]) {
      if (!rack_reclock_[r]) {
        rack_reclock_[r] = 1;
        reclock_racks_.push_back(r);
      }
    }
  }
  for (const std::uint32_t r : reclock_racks_) {
    rack_reclock_[r] = 0;
    const double clock = std::min(rack_own_clock_[r], site_clock_[config_.rack_site[r]]);
    if (clock != rack_clock_[r]) set_rack_clock(r, clock, t);
  }
  reclock_racks_.clear();
  for (const std::uint32_t slot : marked_jobs_) {
    job_marked_[slot] = 0;
    if (!job_running_[slot] || job_booting_[slot]) continue;  // a booting job is not capped: its work has not started
    double clock = 1.0;
    for (const std::uint32_t r : job_racks_[slot]) clock = std::min(clock, rack_clock_[r]);
    const double m = config_.memory_bound.empty() ? 0.2 : config_.memory_bound[job_tenant_[slot]];
    const double factor = clock < 1 ? speed_factor(clock, m) : 1.0;
    // Clocks come from sums kept by deltas: a change within their rounding is no change, and
    // would only reschedule the job's completion.
    if (std::abs(factor - job_factor_[slot]) <= 1e-12 * factor) continue;
    close_lost(slot, t);
    job_factor_[slot] = factor;
    changed_slots_.push_back(slot);
    changed_factors_.push_back(factor);
  }
  marked_jobs_.clear();
}

void CenterPower::take_speed_changes(std::vector<std::uint32_t>& slots, std::vector<double>& factors) {
  settle(now_s_);
  slots.insert(slots.end(), changed_slots_.begin(), changed_slots_.end());
  factors.insert(factors.end(), changed_factors_.begin(), changed_factors_.end());
  changed_slots_.clear();
  changed_factors_.clear();
}

Tick CenterPower::next_wake(Tick now) const {
  Tick at = kNever;
  if (hourly_) {
    const double next = (std::floor(seconds(now) / kHourS) + 1) * kHourS;
    at = config_.time.ticks(next);
    if (at <= now) at = now + 1;
  }
  if (switch_off_) {
    prune();
    if (!pending_.empty()) at = std::min(at, std::max(pending_.front().at, now + 1));
  }
  return at;
}

void CenterPower::wake(Tick now) {
  now_s_ = seconds(now);
  now_tick_ = now;
  catch_up(now);
  for (std::uint32_t s = 0; s < config_.sites.size(); ++s) {
    if (config_.sites[s].cap_factor && std::isfinite(config_.sites[s].it_cap_w)) site_dirty_[s] = 1;
  }
}

// ---- Switching servers off ----------------------------------------------------------------

void CenterPower::push(Pending p) {
  pending_.push_back(p);
  std::push_heap(pending_.begin(), pending_.end(), std::greater<>{});
}

bool CenterPower::current(const Pending& p) const {
  if (p.what == kOffDue) return node_jobs_[p.id] == 0 && !node_off_[p.id] && node_off_at_[p.id] == p.stamp;
  return p.id < job_booting_.size() && job_booting_[p.id] && job_generation_[p.id] == p.stamp;
}

void CenterPower::prune() const {
  while (!pending_.empty() && !current(pending_.front())) {
    std::pop_heap(pending_.begin(), pending_.end(), std::greater<>{});
    pending_.pop_back();
  }
}

bool CenterPower::pop_due(Tick limit, Pending& out) {
  prune();
  if (pending_.empty() || pending_.front().at > limit) return false;
  out = pending_.front();
  std::pop_heap(pending_.begin(), pending_.end(), std::greater<>{});
  pending_.pop_back();
  return true;
}

void CenterPower::apply(const Pending& p) {
  if (p.what == kOffDue) {
    switch_node_off(p.id, p.at);
  } else {
    begin_work(p.id, p.at);
  }
}

void CenterPower::catch_up(Tick now) {
  Pending p;
  while (switch_off_ && pop_due(now, p)) apply(p);
}

void CenterPower::set_node_idle(std::uint32_t n, double t, int sign) {
  const std::uint32_t r = node_rack_[n];
  rack_host_w_[r] += sign * node_host_w_[n];
  settle_zero(rack_host_w_[r]);
  if (node_idle_w_[n] > 0) {
    rack_chip_idle_w_[r] += sign * node_idle_w_[n];
    settle_zero(rack_chip_idle_w_[r]);
    const EnergyLedger::Cell c = node_idle_cell_[n];
    cell_idle_w_[c] += sign * node_idle_w_[n];
    settle_zero(cell_idle_w_[c]);
    ledger_.set_power(c, t, cell_idle_w_[c]);
  }
  touch_rack(r, t);
}

void CenterPower::switch_node_off(std::uint32_t n, Tick at) {
  const double t = seconds(at);
  node_off_[n] = 1;
  node_off_since_[n] = t;
  node_off_at_[n] = kNever;
  set_node_idle(n, t, -1);
}

void CenterPower::boot_node(std::uint32_t n, Tick now) {
  const double t = seconds(now);
  switched_off_s_ += measured(node_off_since_[n], t);
  if (t >= config_.measured_from_s) ++boots_;
  node_off_[n] = 0;
  node_boot_end_[n] = RunningWork::ends_by(now, boot_);
  set_node_idle(n, t, +1);  // booting: at idle
}

void CenterPower::boot_nodes(Tick now, std::span<const std::uint32_t> nodes) {
  catch_up(now);
  for (const std::uint32_t n : nodes) {
    if (node_off_[n]) boot_node(n, now);
  }
}

Tick CenterPower::start_delay(Tick now, std::span<const std::uint32_t> nodes) {
  if (!switch_off_) return 0;
  now_s_ = seconds(now);
  now_tick_ = now;
  boot_nodes(now, nodes);
  Tick delay = 0;
  for (const std::uint32_t n : nodes) {
    if (node_boot_end_[n] > now) delay = std::max(delay, node_boot_end_[n] - now);
  }
  return delay;
}

void CenterPower::begin_work(std::uint32_t slot, Tick at) {
  const double t = seconds(at);
  job_booting_[slot] = 0;
  job_factor_since_[slot] = t;
  add_job(slot, t, +1);
  if (capping_ && !job_marked_[slot]) {  // its rack's clock applies from now
    job_marked_[slot] = 1;
    marked_jobs_.push_back(slot);
  }
}

double CenterPower::rack_headroom_w(std::uint32_t r) const {
  const double budget = config_.rack_budget_w[r];
  return std::isfinite(budget) && budget > 0 ? budget - rack_draw_w_[r] : std::numeric_limits<double>::infinity();
}

// ---- Facility and results -----------------------------------------------------------------

// Facility power, carbon and water of every center over [from_s, to_s), in hour pieces (the
// weather and the grid's intensity are constant within an hour, IT power between signals).
void CenterPower::integrate_sites(std::vector<SitePowerResult>& acc, double from_s, double to_s) const {
  const auto first_hour = static_cast<std::size_t>(std::max(0.0, config_.measured_from_s) / kHourS);
  for (double a = from_s; a < to_s;) {
    const auto hour = static_cast<std::size_t>(a / kHourS);
    const double b = std::min(to_s, static_cast<double>(hour + 1) * kHourS);
    const double dt = measured(a, b);
    if (dt > 0) {
      const std::size_t month = month_of_hour(hour % kHoursPerYear);
      for (std::size_t s = 0; s < config_.sites.size(); ++s) {
        const FacilitySite& site = config_.sites[s];
        const FacilityPower p = site.facility.at(site_it_w_[s], site.weather.at_hour(hour));
        SitePowerResult& r = acc[s];
        const double facility_j = p.facility_w() * dt;
        r.it_j += p.it_w * dt;
        r.facility_j += facility_j;
        r.fixed_j += p.fixed_w * dt;
        r.distribution_j += p.distribution_w * dt;
        r.fan_j += p.fan_w * dt;
        r.pump_j += p.pump_w * dt;
        r.tower_j += p.tower_w * dt;
        r.chiller_j += p.chiller_w * dt;
        r.water_l += p.water_l_per_s * dt;
        const double kg = site.carbon.kg(facility_j, hour);
        r.carbon_kg += kg;
        r.it_peak_w = std::max(r.it_peak_w, p.it_w);
        r.facility_peak_w = std::max(r.facility_peak_w, p.facility_w());
        r.it_month_j[month] += p.it_w * dt;
        r.facility_month_j[month] += facility_j;
        r.carbon_month_kg[month] += kg;
        const std::size_t h = hour - first_hour;  // hours from the one the warm-up ends in
        grow(r.it_hour_j, h + 1);
        grow(r.facility_hour_j, h + 1);
        grow(r.carbon_hour_kg, h + 1);
        r.it_hour_j[h] += p.it_w * dt;
        r.facility_hour_j[h] += facility_j;
        r.carbon_hour_kg[h] += kg;
      }
    }
    a = b;
  }
}

PowerResult CenterPower::result_at(double end_s) const {
  if (switch_off_) {  // servers due to switch off before the end: on a copy brought up to it
    const Tick end = config_.time.ticks(end_s);
    if (end > now_tick_ && std::any_of(pending_.begin(), pending_.end(), [&](const Pending& p) { return p.at < end && current(p); })) {
      CenterPower copy(*this);
      copy.time_advanced(now_tick_, end);
      return copy.result_at(end_s);
    }
  }
  const double t = std::max(end_s, integrated_to_s_);
  PowerResult out;
  out.measured_s = measured(0, t);
  out.sites = site_acc_;
  integrate_sites(out.sites, integrated_to_s_, t);
  for (std::size_t s = 0; s < out.sites.size(); ++s) {
    if (site_clock_[s] < 1) out.sites[s].capped_s += measured(site_capped_since_[s], t);
  }
  const std::uint32_t racks = table_.rack_count();
  out.racks.resize(racks);
  out.chip_j.assign(table_.models().size(), 0);
  out.tenant_j.assign(config_.memory_bound.size(), 0);
  for (EnergyLedger::Cell c = 0; c < ledger_.size(); ++c) {
    const double before = measuring_ && c < cell_energy_at_warmup_j_.size() ? cell_energy_at_warmup_j_[c] : 0.0;
    const double e = measuring_ ? ledger_.energy_j(c, t) - before : 0.0;
    const EnergyKey& k = ledger_.key(c);
    out.racks[k.rack].energy_j += e;
    if (k.chip == EnergyKey::kNone) {
      out.host_j += e;
    } else {
      out.chip_j[k.chip] += e;
    }
    if (k.tenant != EnergyKey::kNone && k.tenant < out.tenant_j.size()) out.tenant_j[k.tenant] += e;
    if (k.kind != EnergyKey::kNone) out.kind_j[k.kind] += e;
  }
  for (std::uint32_t r = 0; r < racks; ++r) {
    RackPowerResult& rr = out.racks[r];
    rr.budget_w = config_.rack_budget_w[r];
    rr.peak_w = measuring_ ? rack_peak_w_[r] : 0.0;
    if (measuring_ && rack_peak_pending_[r] && t > now_s_) rr.peak_w = std::max(rr.peak_w, rack_draw_w_[r]);  // the last draw lasted
    rr.capped_s = rack_capped_s_[r] + (rack_clock_[r] < 1 ? measured(rack_capped_since_[r], t) : 0.0);
    rr.lost_accelerator_s = rack_lost_s_[r];
  }
  for (std::uint32_t slot = 0; slot < job_running_.size(); ++slot) {  // open slow-downs
    if (!job_running_[slot] || job_factor_[slot] >= 1) continue;
    const double dt = measured(job_factor_since_[slot], t);
    for (const Part& p : job_parts_[slot]) out.racks[node_rack_[p.node]].lost_accelerator_s += (1 - job_factor_[slot]) * p.accelerators * dt;
  }
  for (const RackPowerResult& rr : out.racks) out.lost_accelerator_s += rr.lost_accelerator_s;
  out.servers = table_.size();
  out.switched_off_s = switched_off_s_;
  for (std::uint32_t n = 0; n < node_off_.size(); ++n) {
    if (node_off_[n]) out.switched_off_s += measured(node_off_since_[n], t);
  }
  out.boots = boots_;
  return out;
}

}  // namespace dcsim::cluster

#pragma once
// The power of a center run, observed from the center model's signals (center_signals.hpp):
// what every accelerator, host and rack draws, the facility overhead on top from cooling and
// weather, energy, PUE, carbon and water; and, as the model's speed governor, power capping.
//
// Power. Each accelerator held by a job draws P_idle + (P_max − P_idle)·f(u)·x^e, u the job's
// busy share (JobView::busy: a tenant's busy share; a ready replica's, its service's load =
// served / ready capacity; 0 while it starts), f its chip's curve, x its rack's clock ratio (1
// unless capped) and e the DVFS exponent. An accelerator nobody holds draws P_idle. A
// server's host draws its curve at the share of the server held: of its accelerators, or on
// a CPU-only node of its CPU cores (the host processes that feed a job run while it holds
// the server, busy or not). A GPU-sharing pod adds its share of one accelerator's dynamic
// power. Every sum (node, rack, center) is kept up to date by deltas at each change. A
// service's replicas share one load, so a load change updates its cells (rack x chip model),
// not each replica.
//
// Energy is the exact integral of that piecewise-constant power (model/energy_ledger.hpp), per
// cell of (rack, chip model, tenant, job kind): a job's dynamic power goes to its tenant and
// kind; idle accelerators to (rack, chip model); hosts and other rack equipment to the rack.
// Facility power = FacilityModel::at(IT power of the center, the hour's weather): constant
// between changes of IT power and hour boundaries, so it is integrated exactly over those
// pieces too; so are carbon (the hour of day's grid intensity) and water.
//
// Capping (the speed governor). A rack with a budget, when capping is on (`capping: dvfs`), and
// every rack of a center with an IT power cap, run their accelerators at one clock ratio:
//   - a rack's own: cap_rack(budget, its draw at full clock) (model/dvfs.hpp), 1 when it fits;
//   - a center's: the largest x such that Σ_r fixed_r + dynamic_r · min(own_r, x)^e <= cap
//     (bisection; 1 when the center fits at its racks' own clocks);
//   - a rack's clock is the lower of its own and its center's.
// A running job's speed factor is s(x, m) = 1/(m + (1 − m)/x) for the slowest of its racks'
// clocks (m its tenant's memory-bound share); the model moves its completion, or for a service
// replica lowers the tokens/s it serves (CenterModel::slow_down).
// Work lost to capping is Σ (1 − s) × accelerators × time, by rack, for jobs and replicas alike.
//
// Servers that switch off (CenterPowerConfig::switch_off, `power: {switch_off: {after, boot}}`).
// A server (node of the table) that holds no job for `after` seconds switches off: it draws
// nothing from then on (host and accelerators 0 W; the rack's other equipment still draws its
// base). It is empty from the instant its last job leaves (or from the run's start); a server
// that is booting or on is not switched off (one left empty while it boots switches off when
// its boot ends, if `after` has passed by then). A job (or replica) placed on an off server
// waits for it to boot: it holds the server from its placement, and its work starts `boot`
// seconds later (the model asks start_delay before it computes the job's end, so the
// completion moves by the boot; a replica becomes ready `boot` later). A job placed on a
// server still booting waits for that boot to end. A gang starts when its last server is
// up: `boot` after its placement if any of its servers was off. Until its work starts a job
// draws nothing of its own: every server it holds draws its idle (host at idle, accelerators
// idle) — that is the boot energy, idle power × boot time — and it is not capped (the
// governor proposes no speed for it; its rack's clock applies from its work's start, and no
// work is lost before). Placement does not know power states: first fit may wake an off
// server while another one is on.
//   The switch-off instants are exact: each empty server's instant (empty since + after) is
// kept in a min-heap (an entry is stale once the server's state moved on), the model is asked
// to wake the governor at the next one (next_wake), and every signal first applies what fell
// due up to its time (time_advanced, piece by piece, before integrating the facility).
// Results: server-seconds off and boots (those that start after the warm-up).
//
// Statistics (energy, peaks, capped time, lost work) cover [measured_from_s, end], the warm-up
// excluded, as the model's other measures do.
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dcsim/cluster/center_config.hpp"
#include "dcsim/cluster/center_signals.hpp"
#include "dcsim/core/time.hpp"
#include "dcsim/model/cooling.hpp"
#include "dcsim/model/dvfs.hpp"
#include "dcsim/model/energy_ledger.hpp"
#include "dcsim/model/grid.hpp"
#include "dcsim/model/server_power.hpp"
#include "dcsim/model/weather.hpp"
#include "dcsim/policy/node_table.hpp"

namespace dcsim::cluster {

/// Job kinds as the energy ledger keys them: the four job shapes, then service replicas.
inline constexpr std::uint32_t kReplicaKind = kJobShapeCount;
inline constexpr std::size_t kPowerKindCount = kJobShapeCount + 1;
inline constexpr std::array<std::string_view, kPowerKindCount> kPowerKindNames{"cpu", "gpu_share", "node", "gang", "replica"};

/// One center's facility: its cooling and electrical overhead, weather, grid and IT cap.
struct FacilitySite {
  std::string name;
  FacilityModel facility;                 ///< design_it_w and scale set (scaled_to_annual_pue, scaled_to_rated)
  Weather weather = Weather::constant({});
  CarbonIntensity carbon;
  double it_cap_w = std::numeric_limits<double>::infinity();  ///< the center's IT power cap; infinite = none
  std::optional<DailyProfile> cap_factor;  ///< the cap in hour h of each day = it_cap_w x factor[h]
};

/// Empty servers switch off (`power: {switch_off: {after: 30 min, boot: 5 min}}`).
struct SwitchOffConfig {
  double after_s = 0;  ///< a server holding no job this long switches off (>= 0)
  double boot_s = 0;   ///< a job placed on an off server starts this much later (>= 0)
};

struct CenterPowerConfig {
  std::vector<ServerPowerModel> node_power;  ///< per node of the table: its server's model
  std::vector<double> rack_base_w;           ///< per rack: constant draw of equipment that is not a node
  std::vector<double> rack_budget_w;         ///< per rack: its budget (infinite = none)
  std::vector<std::uint32_t> rack_site;      ///< per rack: its center, into `sites`
  std::vector<FacilitySite> sites;
  bool cap_racks = false;                    ///< racks over budget are capped (capping: dvfs)
  DvfsModel dvfs;
  std::vector<double> memory_bound;          ///< per tenant class
  std::vector<double> cpu_milli;             ///< per tenant class: CPU its jobs hold per node
  TimeScale time{1e-6};
  double measured_from_s = 0;                ///< the warm-up's end
  std::optional<SwitchOffConfig> switch_off; ///< absent: servers are always on
};

struct RackPowerResult {
  double energy_j = 0;
  double peak_w = 0;
  double budget_w = std::numeric_limits<double>::infinity();
  double capped_s = 0;              ///< time its clock was below full
  double lost_accelerator_s = 0;    ///< work its jobs lost to capping
};

struct SitePowerResult {
  std::string name;
  double it_j = 0, facility_j = 0;
  double fixed_j = 0, distribution_j = 0, fan_j = 0, pump_j = 0, tower_j = 0, chiller_j = 0;  ///< overhead by part
  double water_l = 0, carbon_kg = 0;
  double it_peak_w = 0, facility_peak_w = 0;
  double capped_s = 0;              ///< time the center's IT cap held its clocks down
  std::array<double, 12> it_month_j{}, facility_month_j{}, carbon_month_kg{};  ///< by month of the year
  std::vector<double> it_hour_j, facility_hour_j, carbon_hour_kg;              ///< by hour of the run
  [[nodiscard]] double cooling_j() const { return fan_j + pump_j + tower_j + chiller_j; }
  [[nodiscard]] double pue() const { return it_j > 0 ? facility_j / it_j : std::numeric_limits<double>::quiet_NaN(); }
};

struct PowerResult {
  double measured_s = 0;
  std::vector<RackPowerResult> racks;
  std::vector<SitePowerResult> sites;
  std::vector<double> chip_j;                    ///< per GPU model of the table: its accelerators, idle and busy
  double host_j = 0;                             ///< hosts, CPU-only servers and other rack equipment
  std::vector<double> tenant_j;                  ///< per tenant: the dynamic power of its jobs' accelerators
  std::array<double, kPowerKindCount> kind_j{};  ///< the same by job kind
  double lost_accelerator_s = 0;                 ///< work lost to capping, all racks
  std::uint32_t servers = 0;                     ///< nodes of the table
  double switched_off_s = 0;                     ///< server-seconds off (switch_off)
  std::uint64_t boots = 0;                       ///< servers booted (switch_off)
  [[nodiscard]] double it_j() const;
  [[nodiscard]] double facility_j() const;
};

class CenterPower final : public SpeedGovernor {
 public:
  /// `table` is the center model's node table (its racks, models, centers); the config's
  /// per-node and per-rack vectors must match it. Throws std::invalid_argument when they do not.
  CenterPower(CenterPowerConfig config, const policy::NodeTable& table);

  void job_started(Tick now, const JobView& job) override;
  void job_ended(Tick now, const JobView& job, bool completed) override;
  void job_busy_changed(Tick now, const JobView& job) override;
  void service_load_changed(Tick now, std::uint32_t tenant, double busy_share) override;
  [[nodiscard]] bool wants_service_load() const override { return true; }
  void time_advanced(Tick from, Tick to) override;
  void take_speed_changes(std::vector<std::uint32_t>& slots, std::vector<double>& factors) override;
  [[nodiscard]] Tick next_wake(Tick now) const override;
  void wake(Tick now) override;
  /// Boots the off servers among `nodes`; the ticks until all of them are up.
  [[nodiscard]] Tick start_delay(Tick now, std::span<const std::uint32_t> nodes) override;

  /// Everything up to `now` (>= the last signal's time); the state is not changed.
  [[nodiscard]] PowerResult result(Tick now) const { return result_at(seconds(now)); }
  /// The same at `end_s` seconds (CenterResult::end_seconds).
  [[nodiscard]] PowerResult result_at(double end_s) const;

  // Now, for tests and power-aware reports.
  [[nodiscard]] double rack_draw_w(std::uint32_t rack) const { return rack_draw_w_[rack]; }
  [[nodiscard]] double rack_clock(std::uint32_t rack) const { return rack_clock_[rack]; }
  [[nodiscard]] double site_it_w(std::uint32_t site) const { return site_it_w_[site]; }
  /// What rack `rack` may still draw before its budget caps it (infinite without one).
  [[nodiscard]] double rack_headroom_w(std::uint32_t rack) const;
  [[nodiscard]] double job_factor(std::uint32_t slot) const { return job_factor_[slot]; }
  /// Whether server `node` is off (as of the last signal).
  [[nodiscard]] bool server_off(std::uint32_t node) const { return !node_off_.empty() && node_off_[node] != 0; }

 private:
  struct Part {
    std::uint32_t node;
    double accelerators;  // held on that node (a share: its fraction of one)
    EnergyLedger::Cell cell;
  };
  void add_job(std::uint32_t slot, double t, int sign);
  void touch_rack(std::uint32_t rack, double t);   // its draw changed: recompute, cap again
  void update_draw(std::uint32_t rack, double t);  // its draw from its sums and clock
  void set_rack_clock(std::uint32_t rack, double clock, double t);
  void set_replica_cell(EnergyLedger::Cell cell, double t);  // a replica cell's power from its ready accelerators and load
  void close_lost(std::uint32_t slot, double t);
  void integrate_sites(std::vector<SitePowerResult>& acc, double from_s, double to_s) const;
  [[nodiscard]] double site_cap_w(std::uint32_t site, double t) const;
  [[nodiscard]] double solve_site_clock(std::uint32_t site, double cap_w) const;
  void settle(double t);
  // switch_off: what falls due at a tick (a server switching off, a booted job's work starting)
  struct Pending {
    Tick at;
    std::uint32_t what;  // kOffDue or kWorkDue
    std::uint32_t id;    // node or slot
    Tick stamp;          // the node's off time or the slot's generation when pushed
    friend bool operator>(const Pending& a, const Pending& b) {
      if (a.at != b.at) return a.at > b.at;
      if (a.what != b.what) return a.what > b.what;
      return a.id > b.id;
    }
  };
  static constexpr std::uint32_t kOffDue = 0, kWorkDue = 1;
  void push(Pending p);
  [[nodiscard]] bool current(const Pending& p) const;
  void prune() const;                     // drops stale entries from the heap's top
  bool pop_due(Tick limit, Pending& out);  // the next current entry due at or before `limit`
  void apply(const Pending& p);
  void catch_up(Tick now);                // applies everything due at or before `now`
  void advance(Tick from, Tick to);       // time_advanced without anything falling due inside
  void switch_node_off(std::uint32_t node, Tick at);
  void boot_node(std::uint32_t node, Tick now);
  void boot_nodes(Tick now, std::span<const std::uint32_t> nodes);
  void begin_work(std::uint32_t slot, Tick at);
  void set_node_idle(std::uint32_t node, double t, int sign);  // its host and idle chips on (+1) or off (-1)
  [[nodiscard]] double seconds(Tick now) const { return config_.time.seconds(now); }
  [[nodiscard]] double measured(double a, double b) const;

  CenterPowerConfig config_;
  const policy::NodeTable& table_;
  EnergyLedger ledger_;
  bool capping_ = false;  // some rack or center can be capped
  double exponent_ = 3;
  // per node
  std::vector<std::uint32_t> node_rack_;
  std::vector<double> node_held_;   // accelerators held (CPU-only node: milli-CPU held)
  std::vector<double> node_host_w_;
  // per rack
  std::vector<double> rack_host_w_;       // hosts and base equipment
  std::vector<double> rack_chip_idle_w_;  // its accelerators at idle (constant)
  std::vector<double> rack_dyn_w_;    // accelerators' dynamic power at full clock
  std::vector<double> rack_draw_w_;
  std::vector<double> rack_clock_;    // the clock its accelerators run at
  std::vector<double> rack_scale_;    // rack_clock_^exponent
  std::vector<double> rack_own_clock_;
  std::vector<double> rack_peak_w_;
  std::vector<double> rack_capped_s_;
  std::vector<double> rack_capped_since_;
  std::vector<double> rack_lost_s_;
  std::vector<EnergyLedger::Cell> rack_host_cell_;
  std::vector<std::vector<EnergyLedger::Cell>> rack_job_cells_;
  std::vector<std::vector<std::uint32_t>> rack_jobs_;
  std::vector<std::uint8_t> rack_dirty_;          // to cap again (settle)
  std::vector<std::uint32_t> dirty_racks_;
  std::vector<std::uint8_t> rack_peak_pending_;   // draw changed at this instant: its peak is taken once time moves on
  std::vector<std::uint32_t> peak_pending_racks_;
  std::vector<std::uint8_t> rack_reclock_;        // settle's scratch: clock to recompute
  std::vector<std::uint32_t> reclock_racks_;
  // per ledger cell: a job cell's dynamic power at full clock; for a service's replica cells
  // also the ready accelerators in it and one accelerator's power swing and curve
  std::vector<double> cell_dyn_full_w_;
  std::vector<double> cell_ready_;
  std::vector<double> cell_swing_w_;
  std::vector<const PowerCurve*> cell_curve_;
  // per job slot
  std::vector<std::uint8_t> job_running_;
  std::vector<std::uint8_t> job_replica_;
  std::vector<std::uint8_t> job_ready_;  // a ready replica: counted in its cells' ready accelerators
  std::vector<std::uint32_t> job_tenant_;
  std::vector<double> job_busy_;
  std::vector<double> job_factor_;
  std::vector<double> job_factor_since_;
  std::vector<double> job_accelerators_;
  std::vector<std::vector<Part>> job_parts_;
  std::vector<std::vector<std::uint32_t>> job_racks_;
  std::vector<std::uint8_t> job_marked_;
  std::vector<std::uint32_t> marked_jobs_;
  std::vector<std::uint32_t> changed_slots_;
  std::vector<double> changed_factors_;
  // per service tenant: its load and the cells its replicas have used
  std::vector<double> tenant_load_;
  std::vector<std::vector<EnergyLedger::Cell>> tenant_cells_;
  // per site
  std::vector<std::vector<std::uint32_t>> site_racks_;
  std::vector<double> site_it_w_;
  std::vector<double> site_clock_;
  std::vector<double> site_capped_since_;
  std::vector<std::uint8_t> site_dirty_;
  double integrated_to_s_ = 0;
  double now_s_ = 0;  // the time of the last signal
  Tick now_tick_ = 0;
  bool hourly_ = false;  // some center's cap changes by the hour: woken at each
  // switch_off
  bool switch_off_ = false;
  Tick off_after_ = 0, boot_ = 0;
  std::vector<std::uint32_t> node_jobs_;     // jobs holding it (booting ones included)
  std::vector<Tick> node_off_at_;            // an empty server's switch-off time (kNever while held)
  std::vector<std::uint8_t> node_off_;
  std::vector<double> node_off_since_;
  std::vector<Tick> node_boot_end_;
  std::vector<double> node_idle_w_;          // its accelerators at idle
  std::vector<EnergyLedger::Cell> node_idle_cell_;
  std::vector<double> cell_idle_w_;          // per idle cell (rack x chip model): what it draws
  std::vector<std::uint8_t> job_booting_;    // per slot: placed, its work not started yet
  std::vector<Tick> job_generation_;
  mutable std::vector<Pending> pending_;     // a min-heap
  double switched_off_s_ = 0;
  std::uint64_t boots_ = 0;
  std::vector<SitePowerResult> site_acc_;
  // the warm-up's end
  bool measuring_ = false;
  std::vector<double> cell_energy_at_warmup_j_;
};

}  // namespace dcsim::cluster

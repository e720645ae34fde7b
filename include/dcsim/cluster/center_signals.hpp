#pragma once
// What the center model tells those who watch it: a job (or service replica) started on its
// servers, a job ended (completed, preempted, a replica stopped), a running job's rate
// changed (a slow-down imposed on it, CenterModel::slow_down), how busy a job's accelerators
// are changed (a replica became ready; a service's load moved), time advanced. Power,
// cooling, money and the idle report observe these instead of being written into the model.
// With no observer the model pays one empty-vector test per job start and end.
//
// A SpeedGovernor is an observer that also acts: after every event the model asks it which
// running jobs must run slower or faster (a power cap), and wakes it at the times it names
// (an hourly cap; a server switching off); it asks again after every event, so a governor's
// next wake may move earlier. The model owns the rates; the governor only proposes them. It
// also asks the governor, as a job (or replica) is placed, how long its servers need before
// its work can start (servers that were switched off boot first).
#include <cstdint>
#include <span>
#include <vector>

#include "dcsim/cluster/center_config.hpp"
#include "dcsim/core/time.hpp"

namespace dcsim::cluster {

/// A running job as an observer sees it.
struct JobView {
  std::uint32_t slot = 0;                ///< the model's id for it while it runs (CenterModel::slow_down)
  std::uint32_t tenant = 0;
  JobShape shape = JobShape::kNode;
  bool replica = false;                  ///< an inference service's replica
  std::span<const std::uint32_t> nodes;  ///< the node-table nodes it holds
  std::uint32_t gpus_per_node = 0;       ///< accelerators it holds on each (0 for CPU-only)
  std::int64_t held_milli = 0;           ///< accelerators held in all, in milli (a share counts its fraction)
  double speed = 1;                      ///< relative speed of its chips for its work
  double rate = 1;                       ///< its speed now: speed x the slow-down imposed on it
  /// How busy its accelerators are while held (0..1): a job's tenant busy share; a replica's
  /// service load (served / ready capacity; 0 while it starts).
  double busy = 1;
};

class CenterObserver {
 public:
  virtual ~CenterObserver() = default;
  virtual void job_started(Tick /*now*/, const JobView& /*job*/) {}
  /// `completed` is false for a preempted job or a stopped replica.
  virtual void job_ended(Tick /*now*/, const JobView& /*job*/, bool /*completed*/) {}
  /// A running job's rate changed (JobView::rate is the new one); its end moved.
  virtual void job_rate_changed(Tick /*now*/, const JobView& /*job*/) {}
  /// A running job's busy share changed (a replica became ready: JobView::busy is its load).
  virtual void job_busy_changed(Tick /*now*/, const JobView& /*job*/) {}
  /// Every ready replica of service `tenant` is busy `busy_share` from now (its load moved:
  /// a demand step, a replica more or fewer). Sent only to observers that ask for it.
  virtual void service_load_changed(Tick /*now*/, std::uint32_t /*tenant*/, double /*busy_share*/) {}
  /// Whether to send service_load_changed: the model then also wakes at every step of each
  /// service's demand (events that change no result).
  [[nodiscard]] virtual bool wants_service_load() const { return false; }
  /// Simulated time moved from `from` to `to` (before the events at `to` are handled).
  virtual void time_advanced(Tick /*from*/, Tick /*to*/) {}
};

/// Proposes running jobs' speeds (CenterConfig::governor): a power cap.
class SpeedGovernor : public CenterObserver {
 public:
  /// After an event: the running jobs (JobView::slot) whose slow-down factor must change,
  /// with the new factors (speed x factor; 1 = none). Appended to the two vectors, which the
  /// model clears before asking; the governor forgets them once asked.
  virtual void take_speed_changes(std::vector<std::uint32_t>& slots, std::vector<double>& factors) = 0;
  /// The next time after `now` to be woken (kNever: none).
  [[nodiscard]] virtual Tick next_wake(Tick /*now*/) const { return kNever; }
  /// Woken at a time it named; speed changes are asked for right after.
  virtual void wake(Tick /*now*/) {}
  /// A job (or replica) is being placed on `nodes` at `now`: the ticks before its work can
  /// start (its servers boot). Asked before job_started; 0 = at once.
  [[nodiscard]] virtual Tick start_delay(Tick /*now*/, std::span<const std::uint32_t> /*nodes*/) { return 0; }
};

}  // namespace dcsim::cluster

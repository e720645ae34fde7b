#pragma once
// What the center model tells those who watch it: a job (or service replica) started on its
// servers, a job ended (completed, preempted, a replica stopped), a running job's rate
// changed (a slow-down imposed on it, CenterModel::slow_down), time advanced. Power,
// cooling, money and the idle report observe these instead of being written into the model.
// With no observer the model pays one empty-vector test per job start and end.
#include <cstdint>
#include <span>

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
};

class CenterObserver {
 public:
  virtual ~CenterObserver() = default;
  virtual void job_started(Tick /*now*/, const JobView& /*job*/) {}
  /// `completed` is false for a preempted job or a stopped replica.
  virtual void job_ended(Tick /*now*/, const JobView& /*job*/, bool /*completed*/) {}
  /// A running job's rate changed (JobView::rate is the new one); its end moved.
  virtual void job_rate_changed(Tick /*now*/, const JobView& /*job*/) {}
  /// Simulated time moved from `from` to `to` (before the events at `to` are handled).
  virtual void time_advanced(Tick /*from*/, Tick /*to*/) {}
};

}  // namespace dcsim::cluster

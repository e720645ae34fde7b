#include "dcsim/cluster/center_signals.hpp"

#include <gtest/gtest.h>

#include "dcsim/cluster/center_model.hpp"

namespace dcsim::cluster {
namespace {

constexpr double kHour = 3600.0;

// Integrates what the signals say is held: the same allocated accelerator time the model
// reports, to the tick, and starts minus ends = what still runs.
class HeldAccelerators final : public CenterObserver {
 public:
  void job_started(Tick, const JobView& job) override {
    level_ += job.held_milli;
    ++started_;
    replicas_ += job.replica ? 1 : 0;
  }
  void job_ended(Tick, const JobView& job, bool completed) override {
    level_ -= job.held_milli;
    ++ended_;
    completed_ += completed ? 1 : 0;
  }
  void time_advanced(Tick from, Tick to) override {
    EXPECT_LT(from, to);
    area_ += static_cast<Wide>(level_) * (to - from);
  }
  __extension__ typedef __int128 Wide;
  std::int64_t level_ = 0;
  Wide area_ = 0;
  std::uint64_t started_ = 0, ended_ = 0, completed_ = 0, replicas_ = 0;
};

TEST(CenterSignals, ObserversSeeEveryStartAndEndAndTheHeldTime) {
  HeldAccelerators watch;
  CenterConfig c{.nodes = 16, .accelerators_per_node = 8,
                      .tenants = {{.name = "train", .arrivals = PoissonArrivals(4.0 / kHour),
                                   .demand = DiscreteWeighted({1, 8, 32}, {0.5, 0.4, 0.1}), .duration = Exponential(2 * kHour)},
                                  {.name = "batch", .arrivals = PoissonArrivals(6.0 / kHour), .demand = Deterministic(2),
                                   .duration = Exponential(kHour), .guaranteed = false}},
                      .completions = 3000};
  ServiceClass chat;
  chat.demand.curve = DemandCurve::sample([](double t) { return t < 43200 ? 3000.0 : 800.0; }, 0, 86400, 3600);
  chat.demand.period_s = 86400;
  chat.accelerators = 2;
  chat.tokens_per_s = {1000.0};
  c.tenants.push_back({.name = "chat", .service = chat});
  c.observers = {&watch};
  CenterModel model(c);
  Engine<CenterModel> engine(model);
  model.start(engine);
  engine.run();
  const auto r = model.result(engine.now(), engine.events_executed());
  EXPECT_EQ(watch.completed_, r.completions);
  EXPECT_GT(r.preemptions, 0u);
  EXPECT_GT(watch.replicas_, 0u);
  std::uint64_t replicas_stopped = r.services[2].replicas_stopped;
  EXPECT_EQ(watch.ended_, r.completions + r.preemptions + replicas_stopped);
  EXPECT_EQ(watch.level_, static_cast<std::int64_t>(model.allocated_accelerators() * policy::kMilliPerGpu));
  EXPECT_DOUBLE_EQ(c.time.seconds(1) * static_cast<double>(watch.area_) / policy::kMilliPerGpu, r.allocated_accelerator_seconds);
}

}  // namespace
}  // namespace dcsim::cluster

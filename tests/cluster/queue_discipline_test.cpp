// Queue disciplines and preemption of the center model: hand-checked small cases for each
// rule, then properties over random workloads for every discipline (accounting conserved,
// capacity never exceeded, the free-capacity index agreeing with the running jobs, EASY's
// reservation kept with exact estimates).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dcsim/cluster/center_model.hpp"
#include "../test_support.hpp"

namespace dcsim::cluster {
namespace {

constexpr double kHour = 3600.0;

// ---- Scripted jobs: exact arrival, size and duration ------------------------------------

struct Scripted {
  double at;        // seconds
  int accelerators;
  double duration;  // seconds
};

class ScriptSource final : public JobSource {
 public:
  explicit ScriptSource(std::vector<Scripted> jobs) : jobs_(std::move(jobs)) {}
  bool next(TraceJob& job) override {
    if (next_ == jobs_.size()) return false;
    job = TraceJob{};
    job.arrival_s = jobs_[next_].at;
    job.accelerators = jobs_[next_].accelerators;
    job.duration_s = jobs_[next_].duration;
    ++next_;
    return true;
  }

 private:
  std::vector<Scripted> jobs_;
  std::size_t next_ = 0;
};

TenantClass scripted(std::string name, std::vector<Scripted> jobs) {
  TenantClass t;
  t.name = std::move(name);
  t.replay = [jobs = std::move(jobs)] { return std::make_unique<ScriptSource>(jobs); };
  return t;
}

CenterConfig cluster(std::uint32_t nodes, std::uint32_t per_node, QueueDiscipline d, std::uint64_t completions) {
  CenterConfig c;
  c.nodes = nodes;
  c.accelerators_per_node = per_node;
  c.tenants.clear();
  c.completions = completions;
  c.batches = 2;
  c.discipline = d;
  return c;
}

double mean_wait(const CenterResult& r) { return r.wait.mean; }

// ---- Names ------------------------------------------------------------------------------

TEST(QueueDiscipline, NamesRoundTrip) {
  for (const auto& [discipline, name] : kQueueDisciplineNames) {
    EXPECT_EQ(to_string(discipline), name);
    EXPECT_EQ(queue_discipline_from_string(name), discipline);
  }
  EXPECT_EQ(to_string(QueueDiscipline::kEasyBackfill), "easy-backfill");
  EXPECT_EQ(queue_discipline_from_string("fifo"), std::nullopt);
  EXPECT_EQ(queue_discipline_from_string("Strict-FIFO"), std::nullopt);
  EXPECT_EQ(CenterConfig{}.discipline, QueueDiscipline::kStrictFifo);
}

TEST(QueueDiscipline, ShareMustBePositive) {
  CenterConfig c = cluster(1, 4, QueueDiscipline::kPriority, 1);
  c.tenants.push_back(TenantClass{});
  c.tenants.back().share = 0;
  EXPECT_EQ(testing::message_of([&] { CenterModel model(c); }),
            "tenant class 'jobs': share must be a finite number > 0, got 0.000000");
}

// ---- first-fit ----------------------------------------------------------------------------

// 2 nodes x 4. A (4 acc, 10 s) at 0 takes node 0; B (8: a gang of both nodes, 10 s) at 1
// waits; C (2, 3 s) at 2 fits on node 1.
//   strict FIFO: C waits behind B: A 0-10, B 10-20, C 20-23: waits 0, 9, 18.
//   first-fit:   C starts at once: C 2-5, A 0-10, B 10-20: waits 0, 0, 9; stop at 20.
TEST(QueueDiscipline, FirstFitLetsALaterJobPassABlockedHead) {
  const std::vector<Scripted> jobs{{0, 4, 10}, {1, 8, 10}, {2, 2, 3}};
  CenterConfig fifo = cluster(2, 4, QueueDiscipline::kStrictFifo, 3);
  fifo.tenants = {scripted("t", jobs)};
  CenterConfig ff = fifo;
  ff.discipline = QueueDiscipline::kFirstFit;
  const auto a = simulate(fifo);
  const auto b = simulate(ff);
  EXPECT_DOUBLE_EQ(a.end_seconds, 23);
  EXPECT_DOUBLE_EQ(mean_wait(a), 27.0 / 3);
  EXPECT_DOUBLE_EQ(b.end_seconds, 20);
  EXPECT_DOUBLE_EQ(mean_wait(b), 9.0 / 3);
}

// ---- shortest-first -----------------------------------------------------------------------

// 1 node x 4, all jobs take the node. A (10 s) at 0 runs; B (5 s), C (1 s), D (3 s) arrive at
// 1, 2, 3. At 10 the shortest goes first: C 10-11, D 11-14, B 14-19. Waits 0, 8, 8, 13.
TEST(QueueDiscipline, ShortestFirstRunsTheSmallestEstimateFirst) {
  CenterConfig c = cluster(1, 4, QueueDiscipline::kShortestFirst, 4);
  c.tenants = {scripted("t", {{0, 4, 10}, {1, 4, 5}, {2, 4, 1}, {3, 4, 3}})};
  const auto r = simulate(c);
  EXPECT_DOUBLE_EQ(r.end_seconds, 19);
  EXPECT_DOUBLE_EQ(mean_wait(r), 29.0 / 4);
  EXPECT_DOUBLE_EQ(r.wait_p99, 13);
}

// The shortest job blocks like a head. 1 node x 4: A (2 acc, 10 s) at 0 runs; B (4 acc, 1 s)
// at 1 does not fit; C (2 acc, 5 s) at 2 would fit but B is shorter, so C waits: B 10-11,
// C 11-16. Waits 0, 9, 9.
TEST(QueueDiscipline, ShortestFirstDoesNotSkipTheBlockedShortestJob) {
  CenterConfig c = cluster(1, 4, QueueDiscipline::kShortestFirst, 3);
  c.tenants = {scripted("t", {{0, 2, 10}, {1, 4, 1}, {2, 2, 5}})};
  const auto r = simulate(c);
  EXPECT_DOUBLE_EQ(r.end_seconds, 16);
  EXPECT_DOUBLE_EQ(mean_wait(r), 18.0 / 3);
}

// Estimates, not durations, order the queue: the case above, but B (actual 1 s) comes from a
// tenant estimating 20x too long (20 s). C (estimate 5 s) is now the shortest when it
// arrives, and fits: it runs 2-7. B still waits for A's 2 accelerators: 10-11, its actual 1 s.
TEST(QueueDiscipline, ShortestFirstOrdersByEstimate) {
  CenterConfig c = cluster(1, 4, QueueDiscipline::kShortestFirst, 3);
  TenantClass pessimist = scripted("pessimist", {{1, 4, 1}});
  pessimist.estimate_factor = Deterministic(20);
  c.tenants = {scripted("t", {{0, 2, 10}, {2, 2, 5}}), pessimist};
  const auto r = simulate(c);
  EXPECT_DOUBLE_EQ(r.end_seconds, 11);
  EXPECT_DOUBLE_EQ(r.tenants[0].wait_sum, 0);
  EXPECT_DOUBLE_EQ(r.tenants[1].wait_sum, 9);
}

// ---- easy-backfill ------------------------------------------------------------------------

// 2 nodes x 4. A (4, 10 s) at 0 on node 0. B (8: both nodes, 5 s) at 1: the head, blocked;
// its shadow time is A's end, 10, with nodes 0 and 1 reserved.
//   C (4, 5 s) at 2 fits on node 1 and ends at 7 <= 10: backfilled, 2-7.
//   D (2, 20 s) at 8 fits on node 1 but would end at 28 > 10, and every node is reserved: waits.
//   E (2, 1 s) at 9 ends at 10 <= 10: backfilled on node 1, 9-10.
// At 10 A ends, then E: B starts at 10 (wait 9), ends 15; D starts at 15 (wait 7), ends 35.
TEST(QueueDiscipline, EasyBackfillFillsHolesWithoutDelayingTheHead) {
  CenterConfig c = cluster(2, 4, QueueDiscipline::kEasyBackfill, 5);
  c.tenants = {scripted("t", {{0, 4, 10}, {1, 8, 5}, {2, 4, 5}, {8, 2, 20}, {9, 2, 1}})};
  const auto r = simulate(c);
  EXPECT_DOUBLE_EQ(r.end_seconds, 35);
  EXPECT_DOUBLE_EQ(mean_wait(r), 16.0 / 5);
  EXPECT_EQ(r.preemptions, 0u);

  // the reservation itself, seen at 1.5 s
  CenterModel model(c);
  Engine<CenterModel> engine(model);
  model.start(engine);
  engine.run(1'500'000);
  const auto reservation = model.head_reservation(engine.now());
  ASSERT_TRUE(reservation.has_value());
  EXPECT_EQ(reservation->head_seq, 1u);
  EXPECT_EQ(reservation->shadow, 10'000'000);
}

// A job ending after the shadow time may still start on nodes the head does not need.
// 4 nodes x 4. A (4, 10 s) at 0 on node 0; A2 (2, 20 s) at 0.5 on node 1; B (12: three whole
// nodes, 5 s) at 1 is blocked; shadow 10 with nodes 0, 2, 3 reserved.
//   C (2, 100 s) at 2: first fit outside the reservation is node 1: it starts at once.
//   D (3, 100 s) at 3 fits only on a reserved node (2) and ends late: it waits.
// B starts at 10 (wait 9) on 0, 2, 3; D at 15 on node 0 (wait 12). Waits 0, 9, 0, 0, 12.
TEST(QueueDiscipline, EasyBackfillUsesNodesOutsideTheReservation) {
  CenterConfig c = cluster(4, 4, QueueDiscipline::kEasyBackfill, 5);
  c.tenants = {scripted("t", {{0, 4, 10}, {0.5, 2, 20}, {1, 12, 5}, {2, 2, 100}, {3, 3, 100}})};
  const auto r = simulate(c);
  EXPECT_DOUBLE_EQ(r.end_seconds, 115);
  EXPECT_DOUBLE_EQ(mean_wait(r), 21.0 / 5);
}

// With underestimates the head can be delayed: the case above with C (4 acc, 20 s) from a
// tenant estimating a tenth of its run time (2 s: "ends at 4 <= 10"): C is backfilled on
// node 1 and runs to 22, so B starts at 22 instead of 10. With exact estimates C waits.
TEST(QueueDiscipline, EasyBackfillHeadCanBeDelayedByUnderestimates) {
  CenterConfig c = cluster(2, 4, QueueDiscipline::kEasyBackfill, 2);
  TenantClass optimist = scripted("optimist", {{2, 4, 20}});
  optimist.estimate_factor = Deterministic(0.1);
  c.tenants = {scripted("t", {{0, 4, 10}, {1, 8, 5}}), optimist};
  const auto under = simulate(c);
  // completions: A at 10, C at 22 (B starts at 22, wait 21)
  EXPECT_DOUBLE_EQ(under.end_seconds, 22);
  EXPECT_DOUBLE_EQ(under.tenants[1].wait_sum, 0);

  c.tenants[1].estimate_factor = Deterministic(1.0);
  c.completions = 3;
  const auto exact = simulate(c);
  // A at 10, B 10-15 (wait 9), C 15-35 (wait 13)
  EXPECT_DOUBLE_EQ(exact.end_seconds, 35);
  EXPECT_DOUBLE_EQ(exact.tenants[0].wait_sum, 9);
  EXPECT_DOUBLE_EQ(exact.tenants[1].wait_sum, 13);
}

// ---- priority -----------------------------------------------------------------------------

// 1 node x 4, all jobs take the node. L1 (low, 10 s) at 0 runs; L2 (low) at 1 and H1 (high)
// at 2 wait. At 10 the higher priority goes first: H1 10-20 (wait 8); L2 20-30 (wait 19).
TEST(QueueDiscipline, PriorityHigherLevelFirst) {
  CenterConfig c = cluster(1, 4, QueueDiscipline::kPriority, 3);
  TenantClass low = scripted("low", {{0, 4, 10}, {1, 4, 10}});
  TenantClass high = scripted("high", {{2, 4, 10}});
  high.priority = 1;
  c.tenants = {low, high};
  const auto r = simulate(c);
  EXPECT_DOUBLE_EQ(r.end_seconds, 30);
  EXPECT_DOUBLE_EQ(r.tenants[1].wait_sum, 8);
  EXPECT_DOUBLE_EQ(r.tenants[0].wait_sum, 19);
}

// A blocked head of a higher level blocks lower levels. 2 nodes x 4: L1 (low, 4, 10 s) at 0
// on node 0; H1 (high, 8: both nodes, 5 s) at 1 is blocked; L2 (low, 2, 1 s) at 2 would fit
// on node 1 but waits: H1 10-15, L2 15-16 (wait 13).
TEST(QueueDiscipline, PriorityBlockedHigherLevelBlocksLowerLevels) {
  CenterConfig c = cluster(2, 4, QueueDiscipline::kPriority, 3);
  TenantClass low = scripted("low", {{0, 4, 10}, {2, 2, 1}});
  TenantClass high = scripted("high", {{1, 8, 5}});
  high.priority = 1;
  c.tenants = {low, high};
  const auto r = simulate(c);
  EXPECT_DOUBLE_EQ(r.end_seconds, 16);
  EXPECT_DOUBLE_EQ(r.tenants[0].wait_sum, 13);
  EXPECT_DOUBLE_EQ(r.tenants[1].wait_sum, 9);
}

// Within one level, another tenant may go when the ranked head does not fit. 2 nodes x 4,
// tenants a and b at the same priority: a1 (4, 10 s) at 0 on node 0. b1 (8, 5 s) at 1: b
// holds nothing, so it ranks first, but b1 does not fit. a2 (2, 1 s) at 2 fits on node 1 and
// starts at once (wait 0); b1 starts at 10 (wait 9).
TEST(QueueDiscipline, PriorityLowerRankedTenantPassesABlockedHeadInItsLevel) {
  CenterConfig c = cluster(2, 4, QueueDiscipline::kPriority, 3);
  c.tenants = {scripted("a", {{0, 4, 10}, {2, 2, 1}}), scripted("b", {{1, 8, 5}})};
  const auto r = simulate(c);
  EXPECT_DOUBLE_EQ(r.tenants[0].wait_sum, 0);
  EXPECT_DOUBLE_EQ(r.tenants[1].wait_sum, 9);
  EXPECT_DOUBLE_EQ(r.end_seconds, 15);
}

// Fair share within a level: 1 node x 8, tenants a (share 1) and b. a1 (2, 100 s) at 0, b1
// (4, 100 s) at 0.1, a3 (2, 10 s) at 0.2 fill the node; a2 (2, 50 s) at 1 and b2 (2, 50 s) at
// 2 wait. At 10.2 a3 ends and a holds 2, b holds 4:
//   b's share 4: a uses 2/1 = 2, b uses 4/4 = 1: b2 goes first (completes at 60.2);
//   b's share 1: b uses 4 > 2: a2 goes first.
TEST(QueueDiscipline, PriorityFairShareOrdersTenantsOfALevel) {
  CenterConfig c = cluster(1, 8, QueueDiscipline::kPriority, 2);
  TenantClass a = scripted("a", {{0, 2, 100}, {0.2, 2, 10}, {1, 2, 50}});
  TenantClass b = scripted("b", {{0.1, 4, 100}, {2, 2, 50}});
  b.share = 4;
  c.tenants = {a, b};
  const auto wide = simulate(c);
  EXPECT_DOUBLE_EQ(wide.end_seconds, 60.2);
  EXPECT_EQ(wide.tenants[1].completions, 1u);
  EXPECT_DOUBLE_EQ(wide.tenants[1].wait_sum, 8.2);

  c.tenants[1].share = 1;
  const auto even = simulate(c);
  EXPECT_DOUBLE_EQ(even.end_seconds, 60.2);
  EXPECT_EQ(even.tenants[0].completions, 2u);
  EXPECT_DOUBLE_EQ(even.tenants[0].wait_sum, 9.2);
}

// The tie within a level: two tenants of one priority using the same (nothing) go by their
// heads' arrival, the earlier first (ranked_tenant, center_model.hpp). 1 node x 4; tenants
// a, late, early at one priority, share 1 each, every job takes the whole node:
//   a1    (4, 10 s) at 0 runs 0-10;
//   early1 (4, 1 s) at 1 and late1 (4, 1 s) at 2 wait.
// At 10 a1 ends: early and late both hold 0 (use 0 / 1 = 0), a tie. The earlier head
// arrival (early1, at 1) starts 10-11: wait 9; late1 starts at 11: wait 9. Broken the other
// way (the later head, or the configuration order, where late comes before early), late1
// would start at 10 (wait 8) and early1 at 11 (wait 10).
TEST(QueueDiscipline, PriorityTieGoesToTheEarlierHeadArrival) {
  CenterConfig c = cluster(1, 4, QueueDiscipline::kPriority, 3);
  c.tenants = {scripted("a", {{0, 4, 10}}), scripted("late", {{2, 4, 1}}), scripted("early", {{1, 4, 1}})};
  const auto r = simulate(c);
  EXPECT_EQ(r.completions, 3u);
  EXPECT_DOUBLE_EQ(r.end_seconds, 12);
  EXPECT_DOUBLE_EQ(r.tenants[0].wait_sum, 0);
  EXPECT_DOUBLE_EQ(r.tenants[1].wait_sum, 9);  // late: 11 - 2
  EXPECT_DOUBLE_EQ(r.tenants[2].wait_sum, 9);  // early: 10 - 1
}

// ---- preemption ---------------------------------------------------------------------------

TenantClass best_effort(TenantClass t) {
  t.guaranteed = false;
  return t;
}

// 1 node x 4. S1 (spot, 4, 10 s) at 0; P1 (paid, 4, 2 s) at 4 preempts it (16 acc-s lost)
// and runs 4-6; S1 restarts from scratch at 6 and ends at 16 (its wait: 6 s).
TEST(QueueDiscipline, PreemptionRestartsTheBestEffortJobFromScratch) {
  CenterConfig c = cluster(1, 4, QueueDiscipline::kStrictFifo, 2);
  c.tenants = {best_effort(scripted("spot", {{0, 4, 10}})), scripted("paid", {{4, 4, 2}})};
  const auto r = simulate(c);
  EXPECT_EQ(r.preemptions, 1u);
  EXPECT_DOUBLE_EQ(r.lost_accelerator_seconds, 16);
  EXPECT_EQ(r.tenants[0].preemptions, 1u);
  EXPECT_DOUBLE_EQ(r.tenants[0].lost_accelerator_seconds, 16);
  EXPECT_EQ(r.tenants[1].preemptions, 0u);
  EXPECT_DOUBLE_EQ(r.end_seconds, 16);
  EXPECT_DOUBLE_EQ(r.tenants[0].wait_sum, 6);
  EXPECT_DOUBLE_EQ(r.tenants[1].wait_sum, 0);
  EXPECT_DOUBLE_EQ(r.allocated_accelerator_seconds, 16 + 8 + 40);
}

// The most recently started goes first. 1 node x 4: S1 (2, 10 s) at 0, S2 (2, 10 s) at 1,
// P1 (2, 1 s) at 2: S2 is preempted (1 s x 2 acc lost), not S1 (2 s x 2).
TEST(QueueDiscipline, PreemptionTakesTheNewestBestEffortJob) {
  CenterConfig c = cluster(1, 4, QueueDiscipline::kStrictFifo, 1);
  c.tenants = {best_effort(scripted("spot", {{0, 2, 10}, {1, 2, 10}})), scripted("paid", {{2, 2, 1}})};
  const auto r = simulate(c);
  EXPECT_EQ(r.preemptions, 1u);
  EXPECT_DOUBLE_EQ(r.lost_accelerator_seconds, 2);
  EXPECT_DOUBLE_EQ(r.end_seconds, 3);
}

// Only the walked jobs on the nodes the guaranteed job takes are preempted. 2 nodes x 4:
// S1 (2) at 0 on node 0, S2 (3) at 1 on node 1, S3 (2) at 2 on node 0. P1 (4) at 3: newest
// first, S3 is handed back (node 0: 2 free, not enough), then S2 (node 1: 4 free): P1 fits
// on node 1. Only S2 is preempted (3 acc x 2 s); S3 keeps running.
TEST(QueueDiscipline, PreemptionSparesWalkedJobsOffTheChosenNodes) {
  CenterConfig c = cluster(2, 4, QueueDiscipline::kStrictFifo, 1);
  c.tenants = {best_effort(scripted("spot", {{0, 2, 10}, {1, 3, 10}, {2, 2, 10}})), scripted("paid", {{3, 4, 1}})};
  const auto r = simulate(c);
  EXPECT_EQ(r.preemptions, 1u);
  EXPECT_DOUBLE_EQ(r.lost_accelerator_seconds, 6);
  EXPECT_DOUBLE_EQ(r.end_seconds, 4);
  EXPECT_EQ(r.running_at_stop, 2u);  // S1, S3
  EXPECT_EQ(r.queued_at_stop, 1u);    // S2 (no room yet)
}

// Nothing is preempted when all best-effort work would not make room. 2 nodes x 4: G1
// (paid, 4) on node 0, S1 (spot, 4) on node 1; P2 (paid, 8: both nodes) cannot fit even
// without S1.
TEST(QueueDiscipline, PreemptionOnlyWhenItCanMakeRoom) {
  CenterConfig c = cluster(2, 4, QueueDiscipline::kStrictFifo, 1);
  c.tenants = {scripted("paid", {{0, 4, 10}, {1, 8, 1}}), best_effort(scripted("spot", {{0.5, 4, 20}}))};
  const auto r = simulate(c);
  EXPECT_EQ(r.preemptions, 0u);
  EXPECT_DOUBLE_EQ(r.end_seconds, 10);  // G1 ends; P2 still waits for S1
}

// A best-effort tenant of higher priority is not preempted by a guaranteed one of lower.
TEST(QueueDiscipline, PreemptionRespectsPriority) {
  CenterConfig c = cluster(1, 4, QueueDiscipline::kStrictFifo, 2);
  TenantClass spot = best_effort(scripted("spot", {{0, 4, 10}}));
  spot.priority = 1;
  c.tenants = {spot, scripted("paid", {{1, 4, 1}})};
  const auto r = simulate(c);
  EXPECT_EQ(r.preemptions, 0u);
  EXPECT_DOUBLE_EQ(r.end_seconds, 11);
}

// A preempted job waits again with a fresh patience and can leave; its stale completion
// event is ignored. 1 node x 4: S1 (spot, patience 1 s, 10 s) at 0 is preempted at 4 by P1
// (5 s), leaves at 5; P1 ends at 9; P2 (1 s) at 12 ends at 13. S1's original end (10) comes
// and goes. Events: 3 arrivals, 2 completions, 1 stale end, 1 patience.
TEST(QueueDiscipline, PreemptedJobCanRunOutOfPatience) {
  CenterConfig c = cluster(1, 4, QueueDiscipline::kStrictFifo, 2);
  TenantClass spot = best_effort(scripted("spot", {{0, 4, 10}}));
  spot.patience = Deterministic(1);
  c.tenants = {spot, scripted("paid", {{4, 4, 5}, {12, 4, 1}})};
  const auto r = simulate(c);
  EXPECT_EQ(r.preemptions, 1u);
  EXPECT_EQ(r.withdrawn, 1u);
  EXPECT_EQ(r.tenants[0].withdrawn, 1u);
  EXPECT_EQ(r.tenants[0].completions, 0u);
  EXPECT_EQ(r.completions, 2u);
  EXPECT_EQ(r.events, 7u);
  EXPECT_DOUBLE_EQ(r.end_seconds, 13);
  EXPECT_EQ(r.arrivals, r.completions + r.withdrawn + r.queued_at_stop + r.running_at_stop + r.rejected);
}

// Under the priority discipline a guaranteed tenant head preempts best-effort work of its
// level. 1 node x 4: S1 (spot, 4, 10 s) at 0; T1 (train, 4, 5 s) at 1 preempts it, runs
// 1-6; S1 restarts at 6 (wait 6), ends at 16.
TEST(QueueDiscipline, PreemptionComposesWithPriority) {
  CenterConfig c = cluster(1, 4, QueueDiscipline::kPriority, 2);
  c.tenants = {best_effort(scripted("spot", {{0, 4, 10}})), scripted("train", {{1, 4, 5}})};
  const auto r = simulate(c);
  EXPECT_EQ(r.preemptions, 1u);
  EXPECT_DOUBLE_EQ(r.lost_accelerator_seconds, 4);
  EXPECT_DOUBLE_EQ(r.end_seconds, 16);
  EXPECT_DOUBLE_EQ(r.tenants[0].wait_sum, 6);
}

// ---- Strict FIFO through WaitingJobs = the ring --------------------------------------------

// A best-effort tenant that never arrives moves strict FIFO onto the general path without
// changing any draw: every figure must be identical to the ring's, bit for bit.
TEST(QueueDiscipline, StrictFifoGeneralPathMatchesTheRing) {
  CenterConfig ring{.nodes = 64,
                         .accelerators_per_node = 8,
                         .tenants = {{.name = "a",
                                      .arrivals = PoissonArrivals(0.95 * 512 / (7.0 * 1.54) / kHour),
                                      .demand = DiscreteWeighted({1, 2, 4, 8, 16, 32, 64, 1024}, {40, 10, 15, 20, 8, 5, 2, 1}),
                                      .duration = Lognormal::from_median(0.5 * kHour, 1.5),
                                      .patience = Exponential(2 * kHour)}},
                         .completions = 20'000};
  CenterConfig general = ring;
  TenantClass ghost;
  ghost.name = "ghost";
  ghost.arrivals = RenewalArrivals(Deterministic(1e13));  // beyond the tick range: never
  ghost.guaranteed = false;
  general.tenants.push_back(ghost);
  const auto a = simulate(ring);
  const auto b = simulate(general);
  EXPECT_EQ(a.completions, b.completions);
  EXPECT_EQ(a.arrivals, b.arrivals);
  EXPECT_EQ(a.rejected, b.rejected);
  EXPECT_EQ(a.withdrawn, b.withdrawn);
  EXPECT_EQ(a.queued_at_stop, b.queued_at_stop);
  EXPECT_EQ(a.running_at_stop, b.running_at_stop);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.end_seconds, b.end_seconds);
  EXPECT_EQ(a.wait.mean, b.wait.mean);
  EXPECT_EQ(a.wait_p99, b.wait_p99);
  EXPECT_EQ(a.utilization, b.utilization);
  EXPECT_EQ(b.preemptions, 0u);
  EXPECT_GT(a.withdrawn, 0u);
}

void expect_same_run(const CenterResult& a, const CenterResult& b) {
  EXPECT_EQ(a.completions, b.completions);
  EXPECT_EQ(a.arrivals, b.arrivals);
  EXPECT_EQ(a.withdrawn, b.withdrawn);
  EXPECT_EQ(a.queued_at_stop, b.queued_at_stop);
  EXPECT_EQ(a.running_at_stop, b.running_at_stop);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.end_seconds, b.end_seconds);
  EXPECT_EQ(a.wait.mean, b.wait.mean);
  EXPECT_EQ(a.wait_p99, b.wait_p99);
  EXPECT_EQ(a.utilization, b.utilization);
}

CenterConfig gang_workload_with_patience() {
  return CenterConfig{.nodes = 32,
                           .accelerators_per_node = 8,
                           .tenants = {{.arrivals = PoissonArrivals(0.95 * 256 / (7.0 * kHour)),
                                        .demand = DiscreteWeighted({1, 2, 4, 8, 16, 32}, {40, 10, 15, 20, 8, 5}),
                                        .duration = Deterministic(1 * kHour),
                                        .patience = Exponential(2 * kHour)}},
                           .completions = 20'000};
}

// Equal estimates tie, and ties go by arrival: shortest-first is then strict FIFO, draw for
// draw (the estimates come from their own stream, so no other draw moves).
TEST(QueueDiscipline, ShortestFirstWithEqualEstimatesIsStrictFifo) {
  CenterConfig c = gang_workload_with_patience();
  const auto fifo = simulate(c);
  c.discipline = QueueDiscipline::kShortestFirst;
  expect_same_run(fifo, simulate(c));
}

// One tenant class: priority and fair share have nothing to order, and within a tenant the
// priority discipline is FIFO.
TEST(QueueDiscipline, PriorityWithOneTenantIsStrictFifo) {
  CenterConfig c = gang_workload_with_patience();
  c.tenants[0].duration = Lognormal::from_median(0.5 * kHour, 1.5);
  const auto fifo = simulate(c);
  c.discipline = QueueDiscipline::kPriority;
  expect_same_run(fifo, simulate(c));
}

// ---- Properties over random workloads, every discipline ---------------------------------------

constexpr QueueDiscipline kAll[] = {QueueDiscipline::kStrictFifo, QueueDiscipline::kFirstFit, QueueDiscipline::kShortestFirst,
                                    QueueDiscipline::kEasyBackfill, QueueDiscipline::kPriority};

// 16 nodes x 4 at a load near 1 with gangs, impatient tenants, a job too big to ever fit,
// mixed priorities and shares, and (optionally) a best-effort tenant.
CenterConfig random_workload(QueueDiscipline d, bool with_best_effort, bool exact_estimates, std::uint64_t seed) {
  CenterConfig c;
  c.nodes = 16;
  c.accelerators_per_node = 4;
  c.completions = 4000;
  c.seed = seed;
  c.discipline = d;
  TenantClass big;
  big.name = "big";
  big.arrivals = PoissonArrivals(1.0 / (1.0 * kHour));
  big.demand = DiscreteWeighted({4, 6, 8, 16, 32, 100}, {20, 10, 30, 20, 10, 1});
  big.duration = Lognormal::from_median(2 * kHour, 1.0);
  big.patience = Exponential(8 * kHour);
  big.priority = 1;
  big.share = 2;
  TenantClass small;
  small.name = "small";
  small.arrivals = PoissonArrivals(1.0 / (0.05 * kHour));
  small.demand = DiscreteWeighted({1, 2, 3}, {5, 3, 1});
  small.duration = Exponential(0.5 * kHour);
  small.patience = Exponential(1 * kHour);
  c.tenants = {big, small};
  if (with_best_effort) {
    TenantClass spot;
    spot.name = "spot";
    spot.arrivals = PoissonArrivals(1.0 / (0.2 * kHour));
    spot.demand = DiscreteWeighted({1, 2, 4, 8}, {1, 1, 1, 1});
    spot.duration = Exponential(2 * kHour);
    spot.patience = Exponential(3 * kHour);
    spot.guaranteed = false;
    c.tenants.push_back(spot);
  }
  if (!exact_estimates) {
    for (auto& t : c.tenants) t.estimate_factor = Uniform(0.3, 2.0);
  }
  return c;
}

// Forwards every event to the model, then checks the invariants.
struct Checked {
  explicit Checked(const CenterConfig& c) : model(c), nodes(c.nodes), per_node(c.accelerators_per_node) {}

  template <class Sim>
  void start(Sim& sim) {
    model.start(sim);
  }
  template <class Sim>
  void handle(const Event& e, Sim& sim) {
    model.handle(e, sim);
    ++checked;
    check(sim.now());
  }
  [[nodiscard]] CenterResult result(Tick now, std::uint64_t events) const { return model.result(now, events); }

  void fail(const std::string& what) {
    if (failures++ == 0) first_failure = what;
  }

  void check(Tick now) {
    const auto n = model.counts();
    if (n.arrivals != n.completions + n.running + n.queued + n.withdrawn + n.rejected) fail("conservation");
    // capacity: what the running jobs hold, per node, against the index
    held.assign(nodes, 0);
    std::int64_t total = 0;
    model.for_each_held_node([&](std::uint32_t node, std::uint32_t count) {
      held[node] += count;
      total += count;
    });
    if (total != model.allocated_accelerators()) fail("busy level vs running jobs");
    const policy::NodeTable& table = model.nodes();
    for (std::uint32_t node = 0; node < nodes; ++node) {
      if (held[node] > per_node) fail("node over capacity");
      if (held[node] + table.whole_free_gpus(node) != per_node) fail("free + held != capacity on a node");
    }
    // the table answers first-fit queries as a scan of its free GPUs would
    for (std::uint32_t k = 1; k <= per_node; ++k) {
      std::uint32_t expected = policy::kNoNode;
      for (std::uint32_t node = 0; node < nodes; ++node) {
        if (table.whole_free_gpus(node) >= k) {
          expected = node;
          break;
        }
      }
      if (table.first_fitting(policy::PodRequest{0, 0, k, policy::kMilliPerGpu}) != expected) fail("table disagrees with its free GPUs");
    }
    if (check_reservation) check_head_reservation(now);
  }

  // EASY with exact estimates: a head is never delayed past the shadow time it had when it
  // became head, and its shadow time never moves later.
  void check_head_reservation(Tick now) {
    const auto r = model.head_reservation(now);
    if (!r) {
      tracked.reset();
      return;
    }
    if (tracked && tracked->head_seq == r->head_seq) {
      if (now > tracked->shadow) fail("EASY head still waiting after its shadow time");
      if (r->shadow > tracked->shadow) fail("EASY shadow time moved later");
      tracked->shadow = std::min(tracked->shadow, r->shadow);
    } else {
      tracked = r;
      ++heads;
      if (r->shadow < now) fail("shadow time in the past with exact estimates");
    }
  }

  CenterModel model;
  std::uint32_t nodes;
  std::uint32_t per_node;
  std::vector<std::uint32_t> held;
  bool check_reservation = false;
  std::optional<CenterModel::Reservation> tracked;
  std::uint64_t heads = 0;
  std::uint64_t checked = 0;
  std::uint64_t failures = 0;
  std::string first_failure;
};

CenterResult run_checked(Checked& checked) {
  Engine<Checked> engine(checked);
  checked.start(engine);
  engine.run();
  return checked.result(engine.now(), engine.events_executed());
}

TEST(QueueDisciplineProperties, ConservationCapacityAndIndexHoldAfterEveryEvent) {
  for (const QueueDiscipline d : kAll) {
    for (const bool with_best_effort : {false, true}) {
      for (const std::uint64_t seed : {1u, 2u}) {
        SCOPED_TRACE(std::string(to_string(d)) + (with_best_effort ? " + best-effort" : "") + " seed " + std::to_string(seed));
        Checked checked(random_workload(d, with_best_effort, false, seed));
        const auto r = run_checked(checked);
        EXPECT_EQ(checked.failures, 0u) << checked.first_failure;
        EXPECT_EQ(r.completions, 4000u);
        EXPECT_EQ(r.arrivals, r.completions + r.running_at_stop + r.queued_at_stop + r.withdrawn + r.rejected);
        EXPECT_GT(r.withdrawn, 0u);
        EXPECT_GT(r.rejected, 0u);
        if (with_best_effort) {
          EXPECT_GT(r.preemptions, 0u);
          EXPECT_GT(r.lost_accelerator_seconds, 0);
          EXPECT_LT(r.lost_accelerator_seconds, r.allocated_accelerator_seconds);
        } else {
          EXPECT_EQ(r.preemptions, 0u);
        }
        std::uint64_t preempted = 0;
        for (const auto& t : r.tenants) preempted += t.preemptions;
        EXPECT_EQ(preempted, r.preemptions);
      }
    }
  }
}

TEST(QueueDisciplineProperties, EasyBackfillNeverDelaysTheHeadWithExactEstimates) {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Checked checked(random_workload(QueueDiscipline::kEasyBackfill, false, true, seed));
    checked.check_reservation = true;
    run_checked(checked);
    EXPECT_EQ(checked.failures, 0u) << checked.first_failure;
    EXPECT_GT(checked.heads, 200u);  // many heads were blocked and checked
  }
}

// The check above can fail: with underestimates the head does get delayed on this workload.
TEST(QueueDisciplineProperties, EasyBackfillHeadIsDelayedWithUnderestimates) {
  Checked checked(random_workload(QueueDiscipline::kEasyBackfill, false, false, 1));
  checked.check_reservation = true;
  run_checked(checked);
  EXPECT_GT(checked.failures, 0u);
}

// Letting jobs pass a blocked head shortens the mean wait on a busy gang workload.
TEST(QueueDisciplineProperties, PassingDisciplinesWaitLessThanStrictFifo) {
  const Lognormal duration = Lognormal::from_median(1800, 1.5);
  CenterConfig c{.nodes = 128,
                      .accelerators_per_node = 8,
                      .tenants = {{.arrivals = PoissonArrivals(0.9 * 1024 / (6.96 * duration.mean())),
                                   .demand = DiscreteWeighted({1, 2, 4, 8, 16, 32, 64}, {0.40, 0.10, 0.15, 0.20, 0.08, 0.05, 0.02}),
                                   .duration = duration}},
                      .completions = 50'000};
  const double fifo = simulate(c).wait.mean;
  c.discipline = QueueDiscipline::kFirstFit;
  const double first_fit = simulate(c).wait.mean;
  c.discipline = QueueDiscipline::kEasyBackfill;
  const double easy = simulate(c).wait.mean;
  EXPECT_LT(first_fit, 0.8 * fifo);
  EXPECT_LT(easy, 0.8 * fifo);
}

}  // namespace
}  // namespace dcsim::cluster

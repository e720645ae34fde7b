#pragma once
// The waiting jobs of the center model under every queue discipline but plain strict FIFO
// (which keeps its ring buffer: see center_model.hpp). One pool of entries, threaded on
//   - one list of all waiting jobs in arrival order (FIFO, first-fit and EASY scan it),
//   - one list per tenant class in arrival order (the priority discipline takes heads from it),
//   - optionally a heap by (estimated run time, arrival order) (shortest-first).
// A job leaves from anywhere in O(1) (O(log n) with the heap): it started, or withdrew. A
// preempted job comes back at its original arrival position: it is linked in by walking back
// from the tail, which is short when it arrived recently and is paid once per preemption.
//
// An entry id is what a patience event names. While such an event is pending the entry is
// `held`: after its job leaves, the entry is kept (out of every order) until the event comes
// and releases it, so an event can never name a recycled entry that now holds another job.
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dcsim/cluster/indexed_min_heap.hpp"
#include "dcsim/core/time.hpp"

namespace dcsim::cluster {

struct WaitingJob {
  Tick arrival = 0;         ///< first arrival (a preempted job keeps it: waits count from there)
  Tick duration = 0;        ///< actual run time; a preempted job runs all of it again
  Tick estimate = 0;        ///< what the scheduler believes the run time is
  std::uint64_t seq = 0;    ///< arrival order among queued jobs (ties in time broken by it)
  std::uint32_t demand = 0;  ///< accelerators
  std::uint32_t tenant = 0;
};

class WaitingJobs {
 public:
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};

  /// `tenants` per-tenant lists; `by_estimate`: also keep the heap shortest() reads.
  explicit WaitingJobs(std::size_t tenants = 1, bool by_estimate = false)
      : by_tenant_(tenants), by_estimate_enabled_(by_estimate) {}

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] const WaitingJob& operator[](std::uint32_t id) const { return entries_[id].job; }
  [[nodiscard]] bool waiting(std::uint32_t id) const { return entries_[id].waiting; }
  [[nodiscard]] bool held(std::uint32_t id) const { return entries_[id].held; }

  /// The earliest arrival waiting, then the next after `id`; kNone past the end.
  [[nodiscard]] std::uint32_t first() const { return all_.head; }
  [[nodiscard]] std::uint32_t next(std::uint32_t id) const { return entries_[id].links[kAll].next; }
  /// The same within one tenant class.
  [[nodiscard]] std::uint32_t tenant_first(std::uint32_t tenant) const { return by_tenant_[tenant].head; }
  [[nodiscard]] std::uint32_t tenant_next(std::uint32_t id) const { return entries_[id].links[kTenant].next; }
  /// The smallest (estimate, seq) waiting (requires by_estimate); kNone when none waits.
  [[nodiscard]] std::uint32_t shortest() const {
    assert(by_estimate_enabled_);
    return by_estimate_.top();
  }

  /// Queues a job at its arrival position (by seq) and returns its entry id.
  std::uint32_t add(const WaitingJob& job) {
    std::uint32_t id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
    } else {
      id = static_cast<std::uint32_t>(entries_.size());
      entries_.emplace_back();
    }
    Entry& e = entries_[id];
    e.job = job;
    e.waiting = true;
    e.held = false;
    link(all_, kAll, id);
    link(by_tenant_[job.tenant], kTenant, id);
    if (by_estimate_enabled_) by_estimate_.push(id, EstimateKey{job.estimate, job.seq});
    ++size_;
    return id;
  }

  /// Takes a waiting job out of every order (it started or withdrew). Its entry is recycled
  /// now unless held, else when the hold is dropped.
  void remove(std::uint32_t id) {
    Entry& e = entries_[id];
    assert(e.waiting);
    unlink(all_, kAll, id);
    unlink(by_tenant_[e.job.tenant], kTenant, id);
    if (by_estimate_enabled_) by_estimate_.erase(id);
    e.waiting = false;
    --size_;
    if (!e.held) free_.push_back(id);
  }

  /// A patience event now names `id`: keep the entry until drop_hold(id).
  void hold(std::uint32_t id) { entries_[id].held = true; }

  /// The patience event naming `id` came. Returns true if its job still waits (the caller
  /// withdraws it with remove()); otherwise the job had left and the entry is recycled.
  bool drop_hold(std::uint32_t id) {
    Entry& e = entries_[id];
    assert(e.held);
    e.held = false;
    if (e.waiting) return true;
    free_.push_back(id);
    return false;
  }

 private:
  enum Order : std::size_t { kAll = 0, kTenant = 1 };
  struct Links {
    std::uint32_t prev = kNone;
    std::uint32_t next = kNone;
  };
  struct Entry {
    WaitingJob job;
    Links links[2];
    bool waiting = false;
    bool held = false;
  };
  struct List {
    std::uint32_t head = kNone;
    std::uint32_t tail = kNone;
  };
  struct EstimateKey {
    Tick estimate;
    std::uint64_t seq;
    bool operator<(const EstimateKey& o) const { return estimate < o.estimate || (estimate == o.estimate && seq < o.seq); }
  };

  // Inserts after the last entry of smaller seq: at the tail for a new arrival.
  void link(List& list, Order order, std::uint32_t id) {
    const std::uint64_t seq = entries_[id].job.seq;
    std::uint32_t before = list.tail;
    while (before != kNone && entries_[before].job.seq > seq) before = entries_[before].links[order].prev;
    const std::uint32_t after = before == kNone ? list.head : entries_[before].links[order].next;
    entries_[id].links[order] = Links{before, after};
    (before == kNone ? list.head : entries_[before].links[order].next) = id;
    (after == kNone ? list.tail : entries_[after].links[order].prev) = id;
  }
  void unlink(List& list, Order order, std::uint32_t id) {
    const Links l = entries_[id].links[order];
    (l.prev == kNone ? list.head : entries_[l.prev].links[order].next) = l.next;
    (l.next == kNone ? list.tail : entries_[l.next].links[order].prev) = l.prev;
  }

  std::vector<Entry> entries_;
  std::vector<std::uint32_t> free_;  // recycled entry ids
  List all_;
  std::vector<List> by_tenant_;
  IndexedMinHeap<EstimateKey> by_estimate_;
  bool by_estimate_enabled_;
  std::size_t size_ = 0;
};

}  // namespace dcsim::cluster

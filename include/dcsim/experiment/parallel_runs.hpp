#pragma once
// Independent runs (replications, the points of a study) spread over threads. Run i always
// computes result i from its own inputs, so the results do not depend on the thread count or
// on which thread ran what. An exception thrown by a run stops the others from starting new
// runs and is rethrown to the caller once every thread has finished (the first by index), so
// a bad input surfaces as the error it is instead of terminating the process.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace dcsim::experiment {

/// The number of threads to use for `runs` runs: at most the machine's cores, at least 1.
[[nodiscard]] inline unsigned threads_for(std::size_t runs) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(cores, runs)));
}

/// Calls run(i) for i in [0, count) on up to `threads` threads (the caller's among them) and
/// returns the results in index order.
template <class Run>
[[nodiscard]] auto parallel_runs(std::size_t count, unsigned threads, Run run) {
  using Result = decltype(run(std::size_t{0}));
  std::vector<Result> results(count);
  std::vector<std::exception_ptr> errors(count);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  const auto work = [&] {
    for (std::size_t i = next++; i < count && !failed; i = next++) {
      try {
        results[i] = run(i);
      } catch (...) {
        errors[i] = std::current_exception();
        failed = true;
      }
    }
  };
  const unsigned pool_size = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(count, 1))));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < pool_size; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return results;
}

}  // namespace dcsim::experiment

#pragma once
// Confidence interval of a steady-state mean from one run, by the method of batch means:
// the observations, in the order they occur, are cut into B equal batches; the batch means
// are nearly independent, so their spread gives the standard error. Batch k holds
// observations [k*N/B, (k+1)*N/B), the convention of the reference workloads.
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "dcsim/metrics/student_t.hpp"

namespace dcsim {

struct MeanEstimate {
  double mean = 0;
  double half_width = 0;  ///< of the 95% interval; NaN when fewer than two batches
  [[nodiscard]] double lo() const { return mean - half_width; }
  [[nodiscard]] double hi() const { return mean + half_width; }
  [[nodiscard]] bool contains(double x) const { return lo() <= x && x <= hi(); }
};

class BatchMeans {
 public:
  /// `expected_count`: how many observations will be added (N); `batches`: B >= 2.
  BatchMeans(std::uint64_t expected_count, int batches)
      : count_(expected_count), sums_(static_cast<std::size_t>(batches), 0.0) {
    assert(batches >= 2 && expected_count >= static_cast<std::uint64_t>(batches));
    next_boundary_ = boundary(0);
  }

  /// Adds the next observation in occurrence order.
  void add(double x) {
    while (seen_ == next_boundary_ && batch_ + 1 < sums_.size()) next_boundary_ = boundary(++batch_);
    sums_[batch_] += x;
    ++seen_;
  }

  [[nodiscard]] std::uint64_t observations() const { return seen_; }

  /// Mean of all observations and the 95% half-width t(0.975, B-1) * sd(batch means) / sqrt(B).
  [[nodiscard]] MeanEstimate estimate() const {
    assert(seen_ == count_ && "batch means need exactly the announced number of observations");
    const auto b = sums_.size();
    double total = 0;
    for (double s : sums_) total += s;
    MeanEstimate est;
    est.mean = total / static_cast<double>(count_);
    double sq = 0;
    for (std::size_t k = 0; k < b; ++k) {
      const double size = static_cast<double>(boundary(k) - (k == 0 ? 0 : boundary(k - 1)));
      const double d = sums_[k] / size - est.mean;
      sq += d * d;
    }
    const double sd = std::sqrt(sq / static_cast<double>(b - 1));
    est.half_width = student_t_975(static_cast<int>(b - 1)) * sd / std::sqrt(static_cast<double>(b));
    return est;
  }

 private:
  // one past the last observation of batch k
  [[nodiscard]] std::uint64_t boundary(std::size_t k) const {
    return (k + 1) * count_ / sums_.size();
  }

  std::uint64_t count_;
  std::vector<double> sums_;
  std::size_t batch_ = 0;
  std::uint64_t seen_ = 0;
  std::uint64_t next_boundary_ = 0;
};

/// Batch means over stored observations (in occurrence order): for a run that may end with
/// fewer observations than planned (a replayed trace runs out). With fewer observations than
/// batches the half-width is NaN.
[[nodiscard]] inline MeanEstimate batch_means(const std::vector<double>& xs, int batches) {
  if (xs.empty()) return {0.0, std::numeric_limits<double>::quiet_NaN()};
  if (xs.size() < static_cast<std::size_t>(batches) || batches < 2) {
    double sum = 0;
    for (double x : xs) sum += x;
    return {sum / static_cast<double>(xs.size()), std::numeric_limits<double>::quiet_NaN()};
  }
  BatchMeans b(xs.size(), batches);
  for (double x : xs) b.add(x);
  return b.estimate();
}

}  // namespace dcsim

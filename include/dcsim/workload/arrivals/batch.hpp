#pragma once
// Batch (compound Poisson) arrivals: batches come as a Poisson process and every job of a
// batch arrives at the batch's instant, so next() returns the same time once per job. A
// sweep of 8 hyper-parameter runs, or a pipeline submitting its stages together, is one
// batch.
#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>

#include "dcsim/core/distributions.hpp"
#include "dcsim/core/random.hpp"

namespace dcsim {

class BatchArrivals {
 public:
  static constexpr std::string_view kName = "batch";
  /// Sizes are capped here: a heavy-tailed draw must not make one instant hold billions of
  /// jobs (the caller calls next() once per job).
  static constexpr std::uint64_t kMaxBatchSize = std::uint64_t{1} << 30;

  /// `batch_rate_per_s`: batches per second. `batch_size`: drawn once per batch and rounded
  /// to the nearest integer, at least 1 (round_size). A DiscreteWeighted over integers, e.g.
  /// {1, 2, 4, 8}, is the usual choice.
  BatchArrivals(double batch_rate_per_s, Distribution batch_size)
      : batch_rate_(batch_rate_per_s),
        mean_gap_(1.0 / batch_rate_per_s),
        size_(std::move(batch_size)),
        mean_size_(mean_rounded_size(size_)) {
    detail::require_positive(batch_rate_per_s, kName, "batch rate");
    detail::require_positive(mean_gap_, kName, "1 / batch rate");
  }

  /// The next job's arrival time. A new batch draws its gap first, then its size; the other
  /// jobs of the batch draw nothing.
  double next(RandomStream& g) {
    if (left_ > 0) {
      --left_;
      return t_;
    }
    t_ += mean_gap_ * standard_exponential(g);
    current_ = round_size(sample(size_, g));
    left_ = current_ - 1;
    return t_;
  }

  /// A drawn size as a job count: round half up, then clamp to [1, kMaxBatchSize].
  [[nodiscard]] static std::uint64_t round_size(double x) {
    if (!(x >= 1.5)) return 1;  // also maps [0.5, 1.5) to 1 and clamps below
    if (!(x < static_cast<double>(kMaxBatchSize))) return kMaxBatchSize;
    return static_cast<std::uint64_t>(x + 0.5);
  }

  /// The job intensity (jobs per second) is constant: batch rate x mean batch size.
  [[nodiscard]] double rate_at(double /*t*/) const { return mean_rate(); }
  /// Jobs per second: batch rate x mean_batch_size().
  [[nodiscard]] double mean_rate() const { return batch_rate_ * mean_size_; }
  [[nodiscard]] double batch_rate() const { return batch_rate_; }
  /// The mean number of jobs per batch. Exact for Deterministic and DiscreteWeighted (the
  /// mean of the rounded values). For a continuous size distribution it is the
  /// distribution's mean, at least 1: rounding to the nearest integer moves the mean by less
  /// than 1/2 (by much less for a density smooth on the scale of one job), and the clamp
  /// at 1 adds the mass below 1/2 times its distance to 1 — use a DiscreteWeighted when the
  /// offered load must be exact.
  [[nodiscard]] double mean_batch_size() const { return mean_size_; }
  /// The size of the batch the last returned arrival belongs to (0 before the first).
  [[nodiscard]] std::uint64_t batch_size() const { return current_; }
  [[nodiscard]] const Distribution& size_distribution() const { return size_; }

 private:
  static double mean_rounded_size(const Distribution& d) {
    if (const auto* det = std::get_if<Deterministic>(&d)) {
      return static_cast<double>(round_size(det->value()));
    }
    if (const auto* dw = std::get_if<DiscreteWeighted>(&d)) {
      double m = 0.0;
      for (std::size_t i = 0; i < dw->values().size(); ++i) {
        m += dw->probabilities()[i] * static_cast<double>(round_size(dw->values()[i]));
      }
      return m;
    }
    const double m = mean(d);
    return m > 1.0 ? m : 1.0;
  }

  double batch_rate_;
  double mean_gap_;
  Distribution size_;
  double mean_size_;
  double t_ = 0.0;          // the current batch's time
  std::uint64_t left_ = 0;  // jobs of the current batch not yet returned
  std::uint64_t current_ = 0;
};

}  // namespace dcsim

#pragma once
// The trace-format-independent job: what a simulated cluster needs to know about one
// arrival, in SI units. Format readers produce their own records (which keep everything the
// trace says); adapters such as to_trace_job(PodRecord) turn them into TraceJobs. A CSV in
// no known format can be read with a GenericTraceMapping naming its columns; the scenario
// loader fills the mapping from YAML.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "dcsim/workload/trace/csv.hpp"

namespace dcsim {

struct TraceJob {
  double arrival_s = 0;   ///< from the trace's origin
  double duration_s = 0;  ///< +infinity: runs past the end of the trace
  int accelerators = 0;
  int gpu_milli = 0;  ///< share of each accelerator in 1/1000 (1..1000); 0 without accelerators
  std::int64_t cpu_milli = 0;
  double memory_bytes = 0;
};

inline constexpr double kRunsPastTraceEnd = std::numeric_limits<double>::infinity();

/// Which columns of a CSV hold a job's fields, and their units. Columns are named as in the
/// header line. Empty optional columns read as "not given".
struct GenericTraceMapping {
  std::string arrival_column;
  std::string duration_column;  ///< exactly one of duration_column and end_column
  std::string end_column;       ///< duration = end - arrival
  std::string accelerators_column;  ///< a whole number per row ("2" or "2.0")
  double time_unit_seconds = 1.0;   ///< unit of arrival, duration and end

  std::string gpu_milli_column;  ///< optional: per-accelerator share; default 1000 (whole)
  std::string cpu_column;        ///< optional: CPU request; default 0
  double cpu_unit_milli = 1000.0;  ///< milli-cores per unit in the file (1 for milli-cores)
  std::string memory_column;       ///< optional: memory request; default 0
  double memory_unit_bytes = 1.0;  ///< bytes per unit in the file (1048576 for MiB)
};

/// Why `mapping` cannot be used (no arrival column, both or neither of duration/end, a unit
/// that is not a positive finite number), or nullopt. The loader calls it to point at the
/// YAML; GenericTraceReader's constructor throws std::invalid_argument with it.
[[nodiscard]] std::optional<std::string> validate(const GenericTraceMapping& mapping);

/// Streams TraceJobs from a CSV described by a GenericTraceMapping, in the file's order, which
/// must be the order of arrival: jobs are replayed as they are read. Bad rows: a missing or
/// non-numeric value, a negative arrival, duration, count or size, an end before the arrival,
/// an arrival before the previous accepted row's (the message names both rows' times and the
/// earlier row's line).
class GenericTraceReader {
 public:
  GenericTraceReader(std::string path, GenericTraceMapping mapping, TraceReadOptions options = {});

  /// The next job, or false at the end of the file.
  bool next(TraceJob& job);

  [[nodiscard]] const TraceReadStats& stats() const { return csv_.stats(); }
  [[nodiscard]] std::size_t buffered_bytes() const { return csv_.buffered_bytes(); }

 private:
  GenericTraceMapping mapping_;
  CsvReader csv_;
  std::size_t arrival_ = 0;
  std::size_t duration_or_end_ = 0;
  std::size_t accelerators_ = 0;
  std::optional<std::size_t> gpu_milli_;
  std::optional<std::size_t> cpu_;
  std::optional<std::size_t> memory_;
  double last_arrival_ = 0;  ///< of the last accepted row, in the file's unit
  int last_arrival_line_ = 0;  ///< its line; 0 before the first row
};

}  // namespace dcsim

#include "dcsim/workload/trace/trace_job.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <utility>

namespace dcsim {

std::optional<std::string> validate(const GenericTraceMapping& m) {
  if (m.arrival_column.empty()) return "expected an arrival column";
  if (m.duration_column.empty() == m.end_column.empty()) {
    return "expected exactly one of a duration column and an end column";
  }
  if (m.accelerators_column.empty()) return "expected an accelerators column";
  const auto positive = [](double x) { return std::isfinite(x) && x > 0; };
  if (!positive(m.time_unit_seconds)) {
    return fmt::format("expected a time unit > 0 s, found {}", m.time_unit_seconds);
  }
  if (!positive(m.cpu_unit_milli)) return fmt::format("expected a CPU unit > 0 milli-CPU, found {}", m.cpu_unit_milli);
  if (!positive(m.memory_unit_bytes)) {
    return fmt::format("expected a memory unit > 0 bytes, found {}", m.memory_unit_bytes);
  }
  return std::nullopt;
}

namespace {

GenericTraceMapping checked(GenericTraceMapping m) {
  if (auto problem = validate(m)) throw std::invalid_argument("trace mapping: " + *problem);
  return m;
}

std::optional<std::size_t> optional_column(const CsvReader& csv, const std::string& name) {
  if (name.empty()) return std::nullopt;
  return csv.require_column(name);  // named in the mapping, so it must be there
}

}  // namespace

GenericTraceReader::GenericTraceReader(std::string path, GenericTraceMapping mapping, TraceReadOptions options)
    : mapping_(checked(std::move(mapping))),
      csv_(std::move(path), options),
      arrival_(csv_.require_column(mapping_.arrival_column)),
      duration_or_end_(csv_.require_column(mapping_.duration_column.empty() ? mapping_.end_column
                                                                             : mapping_.duration_column)),
      accelerators_(csv_.require_column(mapping_.accelerators_column)),
      gpu_milli_(optional_column(csv_, mapping_.gpu_milli_column)),
      cpu_(optional_column(csv_, mapping_.cpu_column)),
      memory_(optional_column(csv_, mapping_.memory_column)) {}

bool GenericTraceReader::next(TraceJob& job) {
  const double unit = mapping_.time_unit_seconds;
  while (csv_.next_row()) {
    const double arrival = csv_.number(arrival_);
    // Replayed as read: a job submitted before the one before it cannot arrive in the past.
    if (!csv_.row_failed() && last_arrival_line_ > 0 && arrival < last_arrival_) {
      csv_.fail(arrival_, fmt::format("expected a time at or after the previous row's {} (line {}), found {}: rows are replayed "
                                      "in file order, so the trace must be sorted by this column",
                                      last_arrival_, last_arrival_line_, quoted_excerpt(csv_.text(arrival_))));
    }
    const double second = csv_.number(duration_or_end_);
    job.arrival_s = arrival * unit;
    if (mapping_.duration_column.empty()) {
      if (!csv_.row_failed() && second < arrival) {
        csv_.fail(duration_or_end_,
                  fmt::format("expected an end at or after the arrival ({}), found {}", arrival, second));
      }
      job.duration_s = (second - arrival) * unit;
    } else {
      job.duration_s = second * unit;
    }
    // Checked even when an earlier field failed the row: the value is converted to an int
    // below either way, and a double beyond int's range must never be.
    const double accelerators = csv_.number(accelerators_);
    const bool whole = accelerators == std::floor(accelerators) && accelerators <= 1e6;
    if (!whole) {
      csv_.fail(accelerators_, fmt::format("expected a whole number of accelerators, found {}",
                                           quoted_excerpt(csv_.text(accelerators_))));
    }
    job.accelerators = whole ? static_cast<int>(accelerators) : 0;
    job.gpu_milli = job.accelerators > 0 ? 1000 : 0;
    if (gpu_milli_ && job.accelerators > 0) {
      job.gpu_milli = static_cast<int>(csv_.integer(*gpu_milli_, 1, 1000));
    }
    const double cpu_milli = cpu_ ? csv_.number(*cpu_) * mapping_.cpu_unit_milli : 0.0;
    if (cpu_ && !csv_.row_failed() && cpu_milli > 1e18) {  // llround would overflow
      csv_.fail(*cpu_, fmt::format("expected a CPU request below 1e18 milli-CPU, found {}", quoted_excerpt(csv_.text(*cpu_))));
    }
    job.cpu_milli = csv_.row_failed() ? 0 : std::llround(cpu_milli);
    job.memory_bytes = memory_ ? csv_.number(*memory_) * mapping_.memory_unit_bytes : 0.0;
    if (csv_.accept_row()) {
      last_arrival_ = arrival;
      last_arrival_line_ = csv_.line();
      return true;
    }
  }
  return false;
}

}  // namespace dcsim

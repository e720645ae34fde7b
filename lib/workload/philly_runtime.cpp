#include "dcsim/workload/trace/philly_runtime.hpp"

namespace dcsim {

std::vector<double> read_philly_runtimes(const std::string& path, const TraceReadOptions& options,
                                         TraceReadStats* stats) {
  CsvReader csv(path, options);
  const std::size_t runtime = csv.require_column("runtime");
  std::vector<double> seconds;
  while (csv.next_row()) {
    const double value = csv.number(runtime);
    if (csv.accept_row()) seconds.push_back(value);
  }
  if (stats != nullptr) *stats = csv.stats();
  return seconds;
}

}  // namespace dcsim

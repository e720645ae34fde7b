#pragma once
// A JobSource over a CSV trace read by the generic reader (column mapping given by the user).
#include <string>
#include <utility>

#include "dcsim/cluster/center_model.hpp"
#include "dcsim/workload/trace/trace_job.hpp"

namespace dcsim::cluster {

class CsvJobSource final : public JobSource {
 public:
  CsvJobSource(std::string path, GenericTraceMapping mapping, TraceReadOptions options = {})
      : reader_(std::move(path), std::move(mapping), options) {}
  bool next(TraceJob& job) override { return reader_.next(job); }
  [[nodiscard]] const TraceReadStats& stats() const { return reader_.stats(); }

 private:
  GenericTraceReader reader_;
};

}  // namespace dcsim::cluster

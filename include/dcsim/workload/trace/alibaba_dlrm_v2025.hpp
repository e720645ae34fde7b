#pragma once
// Alibaba cluster-trace-gpu-v2025: instances of GPU-disaggregated DLRM inference services
// (Yang et al., "GPU-Disaggregated Serving for Deep Learning Recommendation Models at
// Scale", NSDI'25). Every instance is a long-running, latency-sensitive server; times are
// seconds from the trace start and are absent when the instance existed before the trace
// window (creation, scheduled) or outlived it (deletion).
#include <optional>
#include <string>

#include "dcsim/workload/trace/csv.hpp"
#include "dcsim/workload/trace/trace_job.hpp"

namespace dcsim {

enum class DlrmRole {
  kCpuNode,  ///< "CN": runs on a CPU node (no GPU)
  kGpuNode,  ///< "HN": runs on a heterogeneous GPU node
};

/// One row of disaggregated_DLRM_trace.csv, in the trace's units.
struct DlrmInstance {
  std::string name;  ///< instance_sn
  DlrmRole role = DlrmRole::kCpuNode;
  std::string app;  ///< app_name
  double cpu_request = 0, cpu_limit = 0;          ///< vCPU
  double gpu_request = 0, gpu_limit = 0;          ///< GPUs
  double rdma_request_pct = 0, rdma_limit_pct = 0;  ///< % of one RDMA NIC
  double memory_request_gib = 0, memory_limit_gib = 0;
  double disk_request_gib = 0, disk_limit_gib = 0;
  std::optional<int> max_instances_per_node;  ///< nullopt: no limit (-1 in the file)
  std::optional<double> creation_s;   ///< nullopt: existed before the trace window
  std::optional<double> scheduled_s;  ///< nullopt: existed before the trace window
  std::optional<double> deletion_s;   ///< nullopt: outlived the trace window
};

/// Streams the instances. Bad rows besides unreadable values: a role other than CN/HN, a
/// limit below its request, max_instance_per_node 0 or below -1, scheduling or deletion
/// before creation.
class DlrmInstanceReader {
 public:
  explicit DlrmInstanceReader(std::string path, TraceReadOptions options = {});

  bool next(DlrmInstance& instance);

  [[nodiscard]] const TraceReadStats& stats() const { return csv_.stats(); }
  [[nodiscard]] std::size_t buffered_bytes() const { return csv_.buffered_bytes(); }

 private:
  struct Columns {
    std::size_t name, role, app, cpu_request, cpu_limit, gpu_request, gpu_limit, rdma_request,
        rdma_limit, memory_request, memory_limit, disk_request, disk_limit, max_per_node,
        creation, scheduled, deletion;
  };
  CsvReader csv_;
  Columns c_;
};

/// An instance as a TraceJob: arrival at creation (0 when it pre-exists the trace), duration
/// until deletion (+infinity when it outlives the trace), requests (not limits) in SI:
/// vCPU x 1000 milli-CPU, GiB x 2^30 bytes; gpu_request whole GPUs (a request below one GPU
/// becomes one accelerator with that share).
[[nodiscard]] TraceJob to_trace_job(const DlrmInstance& instance);

}  // namespace dcsim

#pragma once
// Alibaba cluster-trace-gpu-v2023 ("openb", the trace of Weng et al., "Beware of
// Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation Gradient Descent",
// USENIX ATC'23): a node list (small, read whole) and pod lists (streamed). Units are the
// trace's own (milli-CPU, MiB, milli-GPU, seconds from the trace start); to_trace_job()
// converts to SI.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dcsim/workload/trace/csv.hpp"
#include "dcsim/workload/trace/trace_job.hpp"

namespace dcsim {

/// One row of openb_node_list_*.csv (columns sn, cpu_milli, memory_mib, gpu, model).
struct NodeRecord {
  std::string name;
  std::int64_t cpu_milli = 0;
  std::int64_t memory_mib = 0;
  int gpus = 0;
  std::string gpu_model;  ///< P100, T4, V100M16, V100M32, A10, G2, G3; empty for CPU nodes
};

/// Reads a whole node list. A node with GPUs but no model is a bad row. `stats`, if given,
/// receives the reader's counts.
[[nodiscard]] std::vector<NodeRecord> read_alibaba_nodes(const std::string& path,
                                                         const TraceReadOptions& options = {},
                                                         TraceReadStats* stats = nullptr);

/// One row of openb_pod_list_*.csv.
struct PodRecord {
  std::string name;
  std::int64_t cpu_milli = 0;
  std::int64_t memory_mib = 0;
  int num_gpu = 0;
  int gpu_milli = 0;  ///< per GPU, 0..1000; < 1000 for GPU-sharing pods
  /// Allowed GPU models (`V100M16|V100M32` in the file); empty = any. Repeats are dropped:
  /// the published files contain lists such as `V100M16|V100M32|V100M32`.
  std::vector<std::string> gpu_spec;
  std::string qos;    ///< LS, BE, Burstable, Guaranteed; empty when the file has no qos
  std::string phase;  ///< Running, Succeeded, Failed, Pending; empty when absent
  double creation_s = 0;  ///< 0 when the file has no times (multigpu*)
  std::optional<double> deletion_s;
  std::optional<double> scheduled_s;  ///< empty for Pending pods

  [[nodiscard]] std::int64_t gpu_demand_milli() const { return std::int64_t{num_gpu} * gpu_milli; }
};

/// Streams a pod list. Required columns: name, cpu_milli, memory_mib, num_gpu, gpu_milli;
/// gpu_spec, qos, pod_phase, creation_time, deletion_time and scheduled_time are read when
/// the header has them. Bad rows besides unreadable values: gpu_milli above 1000, a GPU pod
/// with gpu_milli 0, deletion or scheduling before creation.
class AlibabaPodReader {
 public:
  explicit AlibabaPodReader(std::string path, TraceReadOptions options = {});

  /// The next pod, or false at the end of the file. Reusing `pod` reuses its storage.
  bool next(PodRecord& pod);

  /// Whether the file has creation_time (the multigpu* lists do not).
  [[nodiscard]] bool has_times() const { return creation_.has_value(); }
  [[nodiscard]] const TraceReadStats& stats() const { return csv_.stats(); }
  [[nodiscard]] std::size_t buffered_bytes() const { return csv_.buffered_bytes(); }

 private:
  CsvReader csv_;
  std::size_t name_, cpu_, memory_, num_gpu_, gpu_milli_;
  std::optional<std::size_t> spec_, qos_, phase_, creation_, deletion_, scheduled_;
};

/// A pod as a TraceJob: arrival at creation, duration until deletion (+infinity when the
/// file has no deletion time), memory in bytes (MiB x 2^20), gpu_milli 0 for CPU-only pods.
/// The GPU-model constraint has no TraceJob field and is dropped.
[[nodiscard]] TraceJob to_trace_job(const PodRecord& pod);

}  // namespace dcsim

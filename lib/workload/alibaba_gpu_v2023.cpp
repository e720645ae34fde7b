#include "dcsim/workload/trace/alibaba_gpu_v2023.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace dcsim {

std::vector<NodeRecord> read_alibaba_nodes(const std::string& path, const TraceReadOptions& options,
                                           TraceReadStats* stats) {
  CsvReader csv(path, options);
  const std::size_t name = csv.require_column("sn");
  const std::size_t cpu = csv.require_column("cpu_milli");
  const std::size_t memory = csv.require_column("memory_mib");
  const std::size_t gpus = csv.require_column("gpu");
  const std::size_t model = csv.require_column("model");
  std::vector<NodeRecord> nodes;
  while (csv.next_row()) {
    NodeRecord n;
    n.name = csv.nonempty_text(name);
    n.cpu_milli = csv.integer(cpu);
    n.memory_mib = csv.integer(memory);
    n.gpus = csv.small_integer(gpus);
    n.gpu_model = csv.text(model);
    if (n.gpus > 0 && n.gpu_model.empty()) {
      csv.fail(model, fmt::format("expected the GPU model of a node with {} GPUs, found an empty field", n.gpus));
    }
    if (csv.accept_row()) nodes.push_back(std::move(n));
  }
  if (stats != nullptr) *stats = csv.stats();
  return nodes;
}

AlibabaPodReader::AlibabaPodReader(std::string path, TraceReadOptions options)
    : csv_(std::move(path), options),
      name_(csv_.require_column("name")),
      cpu_(csv_.require_column("cpu_milli")),
      memory_(csv_.require_column("memory_mib")),
      num_gpu_(csv_.require_column("num_gpu")),
      gpu_milli_(csv_.require_column("gpu_milli")),
      spec_(csv_.find_column("gpu_spec")),
      qos_(csv_.find_column("qos")),
      phase_(csv_.find_column("pod_phase")),
      creation_(csv_.find_column("creation_time")),
      deletion_(csv_.find_column("deletion_time")),
      scheduled_(csv_.find_column("scheduled_time")) {}

namespace {

/// Splits "V100M16|V100M32" into `out`, dropping repeats; false on an empty name ("A||B").
bool split_gpu_spec(std::string_view text, std::vector<std::string>& out) {
  out.clear();
  if (text.empty()) return true;
  while (true) {
    const std::size_t bar = text.find('|');
    const std::string_view model = text.substr(0, bar);
    if (model.empty()) return false;
    if (std::find(out.begin(), out.end(), model) == out.end()) out.emplace_back(model);
    if (bar == std::string_view::npos) return true;
    text.remove_prefix(bar + 1);
  }
}

}  // namespace

bool AlibabaPodReader::next(PodRecord& pod) {
  while (csv_.next_row()) {
    pod.name = csv_.nonempty_text(name_);
    pod.cpu_milli = csv_.integer(cpu_);
    pod.memory_mib = csv_.integer(memory_);
    pod.num_gpu = csv_.small_integer(num_gpu_);
    pod.gpu_milli = csv_.small_integer(gpu_milli_);
    if (pod.gpu_milli > 1000) {
      csv_.fail(gpu_milli_, fmt::format("expected a per-GPU share of at most 1000 milli-GPU, found {}", pod.gpu_milli));
    } else if (pod.num_gpu > 0 && pod.gpu_milli == 0) {
      csv_.fail(gpu_milli_, fmt::format("expected a share of 1..1000 milli-GPU for a pod with {} GPUs, found 0",
                                        pod.num_gpu));
    }
    pod.gpu_spec.clear();
    if (spec_ && !split_gpu_spec(csv_.text(*spec_), pod.gpu_spec)) {
      csv_.fail(*spec_, fmt::format("expected GPU models separated by '|', found {}", quoted_excerpt(csv_.text(*spec_))));
    }
    pod.qos = qos_ ? csv_.text(*qos_) : std::string_view();
    pod.phase = phase_ ? csv_.text(*phase_) : std::string_view();
    pod.creation_s = creation_ ? csv_.number(*creation_) : 0.0;
    pod.deletion_s = deletion_ ? csv_.optional_number(*deletion_) : std::nullopt;
    pod.scheduled_s = scheduled_ ? csv_.optional_number(*scheduled_) : std::nullopt;
    if (pod.deletion_s && *pod.deletion_s < pod.creation_s) {
      csv_.fail(*deletion_, fmt::format("expected a deletion time at or after the creation time ({} s), found {} s",
                                        pod.creation_s, *pod.deletion_s));
    }
    if (pod.scheduled_s && *pod.scheduled_s < pod.creation_s) {
      csv_.fail(*scheduled_, fmt::format("expected a scheduled time at or after the creation time ({} s), found {} s",
                                         pod.creation_s, *pod.scheduled_s));
    }
    if (csv_.accept_row()) return true;
  }
  return false;
}

TraceJob to_trace_job(const PodRecord& pod) {
  TraceJob job;
  job.arrival_s = pod.creation_s;
  job.duration_s = pod.deletion_s ? *pod.deletion_s - pod.creation_s : kRunsPastTraceEnd;
  job.accelerators = pod.num_gpu;
  job.gpu_milli = pod.num_gpu > 0 ? pod.gpu_milli : 0;
  job.cpu_milli = pod.cpu_milli;
  job.memory_bytes = static_cast<double>(pod.memory_mib) * 1048576.0;
  return job;
}

}  // namespace dcsim

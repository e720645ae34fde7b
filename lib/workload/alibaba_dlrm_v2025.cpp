#include "dcsim/workload/trace/alibaba_dlrm_v2025.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace dcsim {

DlrmInstanceReader::DlrmInstanceReader(std::string path, TraceReadOptions options)
    : csv_(std::move(path), options),
      c_{csv_.require_column("instance_sn"),    csv_.require_column("role"),
         csv_.require_column("app_name"),       csv_.require_column("cpu_request"),
         csv_.require_column("cpu_limit"),      csv_.require_column("gpu_request"),
         csv_.require_column("gpu_limit"),      csv_.require_column("rdma_request"),
         csv_.require_column("rdma_limit"),     csv_.require_column("memory_request"),
         csv_.require_column("memory_limit"),   csv_.require_column("disk_request"),
         csv_.require_column("disk_limit"),     csv_.require_column("max_instance_per_node"),
         csv_.require_column("creation_time"),  csv_.require_column("scheduled_time"),
         csv_.require_column("deletion_time")} {}

namespace {

constexpr double kMaxGpuRequest = 1e6;
constexpr double kMaxCpuRequest = 1e12;

/// Reads a request and its limit; a limit below the request is refused by the orchestrator,
/// so it means a damaged row.
void request_and_limit(CsvReader& csv, std::size_t request_column, std::size_t limit_column, double& request,
                       double& limit) {
  request = csv.number(request_column);
  limit = csv.number(limit_column);
  if (!csv.row_failed() && limit < request) {
    csv.fail(limit_column, fmt::format("expected at least the request ({}), found {}", request, limit));
  }
}

}  // namespace

bool DlrmInstanceReader::next(DlrmInstance& d) {
  while (csv_.next_row()) {
    d.name = csv_.nonempty_text(c_.name);
    const std::string_view role = csv_.text(c_.role);
    if (role == "CN") {
      d.role = DlrmRole::kCpuNode;
    } else if (role == "HN") {
      d.role = DlrmRole::kGpuNode;
    } else {
      csv_.fail(c_.role, fmt::format("expected CN or HN, found {}", quoted_excerpt(role)));
    }
    d.app = csv_.nonempty_text(c_.app);
    request_and_limit(csv_, c_.cpu_request, c_.cpu_limit, d.cpu_request, d.cpu_limit);
    request_and_limit(csv_, c_.gpu_request, c_.gpu_limit, d.gpu_request, d.gpu_limit);
    request_and_limit(csv_, c_.rdma_request, c_.rdma_limit, d.rdma_request_pct, d.rdma_limit_pct);
    request_and_limit(csv_, c_.memory_request, c_.memory_limit, d.memory_request_gib, d.memory_limit_gib);
    request_and_limit(csv_, c_.disk_request, c_.disk_limit, d.disk_request_gib, d.disk_limit_gib);
    // to_trace_job makes whole GPUs and milli-CPUs of these: beyond any machine, and beyond
    // the integers they become.
    if (d.gpu_request > kMaxGpuRequest) {
      csv_.fail(c_.gpu_request, fmt::format("expected at most {:g} GPUs, found {}", kMaxGpuRequest, quoted_excerpt(csv_.text(c_.gpu_request))));
    }
    if (d.cpu_request > kMaxCpuRequest) {
      csv_.fail(c_.cpu_request, fmt::format("expected at most {:g} CPUs, found {}", kMaxCpuRequest, quoted_excerpt(csv_.text(c_.cpu_request))));
    }
    const int per_node = csv_.small_integer(c_.max_per_node, -1);
    if (per_node == 0) csv_.fail(c_.max_per_node, "expected -1 (no limit) or a count >= 1, found 0");
    d.max_instances_per_node = per_node > 0 ? std::optional<int>(per_node) : std::nullopt;
    d.creation_s = csv_.optional_number(c_.creation);
    d.scheduled_s = csv_.optional_number(c_.scheduled);
    d.deletion_s = csv_.optional_number(c_.deletion);
    if (d.creation_s && d.scheduled_s && *d.scheduled_s < *d.creation_s) {
      csv_.fail(c_.scheduled, fmt::format("expected a time at or after the creation time ({} s), found {} s",
                                          *d.creation_s, *d.scheduled_s));
    }
    if (d.creation_s && d.deletion_s && *d.deletion_s < *d.creation_s) {
      csv_.fail(c_.deletion, fmt::format("expected a time at or after the creation time ({} s), found {} s",
                                         *d.creation_s, *d.deletion_s));
    }
    if (csv_.accept_row()) return true;
  }
  return false;
}

TraceJob to_trace_job(const DlrmInstance& d) {
  TraceJob job;
  job.arrival_s = d.creation_s.value_or(0.0);
  job.duration_s = d.deletion_s ? *d.deletion_s - job.arrival_s : kRunsPastTraceEnd;
  // The published rows ask for 0 or 1 GPU; a fraction below one is read as a GPU share,
  // anything larger as whole GPUs.
  job.accelerators = static_cast<int>(std::ceil(d.gpu_request));
  if (d.gpu_request > 0 && d.gpu_request < 1) {
    job.gpu_milli = std::max(1, static_cast<int>(std::lround(d.gpu_request * 1000.0)));
  } else {
    job.gpu_milli = job.accelerators > 0 ? 1000 : 0;
  }
  job.cpu_milli = static_cast<std::int64_t>(std::llround(d.cpu_request * 1000.0));
  job.memory_bytes = d.memory_request_gib * 1073741824.0;
  return job;
}

}  // namespace dcsim

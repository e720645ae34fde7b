#pragma once
// A tenant class's needs (workload/job.hpp) as a request on a center's node table: which GPU
// models it may use, the precision, host CPU and memory per server, the least rack budget.
// When no node of the table can ever serve the class, the reason is said in words, naming the
// chips that fail and why (the first failed need of each).
#include <string>

#include "dcsim/model/datacenter.hpp"
#include "dcsim/policy/node_table.hpp"
#include "dcsim/workload/job.hpp"

namespace dcsim::cluster {

struct TenantRequest {
  policy::PodRequest request;  ///< gpus are set per job; gpu_milli says the shape (1000 whole, < 1000 share, 0 CPU)
  std::string unservable;      ///< empty when some node can serve it
};

/// `nodes` must have been built from `dc` (its GPU models are chip ids of dc's catalogue).
[[nodiscard]] TenantRequest tenant_request(const JobNeeds& needs, const policy::NodeTable& nodes, const DatacenterSpec& dc);

}  // namespace dcsim::cluster

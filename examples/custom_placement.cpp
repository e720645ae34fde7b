// A placement policy of your own, in three steps: implement PlacementPolicy::place, register
// it by name, and use it like a built-in one (in C++ here; in a scenario as
// `scheduler: {placement: small-nodes-first}` once registered in your program).
//
// The policy: keep big nodes free for big pods. Among the nodes that fit, take the one with
// the fewest GPUs, then the fullest GPUs (least free GPU share), then the node order. Compare
// it with best-fit and FGD on the FGD paper's workload (3 seeds).
#include <cstdio>
#include <optional>
#include <string>

#include "dcsim/cluster/fragmentation_study.hpp"
#include "dcsim/policy/placement_policy.hpp"

namespace {

using namespace dcsim::policy;

class SmallNodesFirst final : public PlacementPolicy {
 public:
  std::optional<Placement> place(const PodRequest& pod, const NodeTable& nodes) override {
    std::uint32_t best = kNoNode;
    // for_each_candidate visits a superset of the nodes that fit, found through the table's
    // free-capacity indexes rather than a scan of every node; fits() decides.
    nodes.for_each_candidate(pod, [&](std::uint32_t n) {
      if (!nodes.fits(pod, n)) return;
      if (best == kNoNode || nodes.gpu_count(n) < nodes.gpu_count(best) ||
          (nodes.gpu_count(n) == nodes.gpu_count(best) && nodes.gpu_free_total(n) < nodes.gpu_free_total(best))) {
        best = n;
      }
    });
    if (best == kNoNode) return std::nullopt;
    return Placement{best, nodes.default_gpus(pod, best)};  // best-fit GPU for a share, lowest free GPUs otherwise
  }
};

}  // namespace

int main(int argc, char** argv) {
  register_placement({"small-nodes-first", "the smallest node that fits, then the fullest", {},
                      [](const PolicyParams&, const PolicyContext&) { return std::make_unique<SmallNodesFirst>(); }});

  const std::string dir = argc > 1 ? argv[1] : DCSIM_SOURCE_DIR "/scenarios/traces/alibaba-gpu-v2023/";
  const auto trace = dcsim::cluster::read_pod_trace(dir + "openb_node_list_gpu_node.csv", dir + "openb_pod_list_default.csv");
  dcsim::cluster::FragmentationStudySpec spec;
  spec.policies = {"small-nodes-first", "best-fit", "fgd"};
  spec.seeds = {42, 43, 44};
  spec.tune = 1.3;
  spec.measure_fragmentation = false;
  std::printf("%-18s %s\n", "policy", "unallocated GPU % at 100 % arrived, per seed");
  std::string last;
  for (const auto& run : dcsim::cluster::run_fragmentation_study(trace, spec)) {
    if (run.policy != last) std::printf("%s%-18s", last.empty() ? "" : "\n", run.policy.c_str());
    last = run.policy;
    std::printf(" %6.2f", run.curve.unallocated_pct.at(100));
  }
  std::printf("\n");
  return 0;
}

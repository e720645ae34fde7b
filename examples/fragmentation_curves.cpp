// Unallocated GPU % and fragmentation against arrived GPU %, for every policy of the FGD
// paper, as CSV on standard output (the data behind docs/validation.md's plot):
//   example_fragmentation_curves [pod list csv] [seeds]     (default: the default trace, 10)
// Columns: trace, policy, arrived_pct, unallocated_pct_mean, unallocated_pct_sd,
// fragmentation_pct_mean — over the seeds 42, 43, ...
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "dcsim/cluster/fragmentation_study.hpp"

int main(int argc, char** argv) {
  const std::string dir = DCSIM_SOURCE_DIR "/scenarios/traces/alibaba-gpu-v2023/";
  const std::string pods = argc > 1 ? argv[1] : dir + "openb_pod_list_default.csv";
  const int seeds = argc > 2 ? std::stoi(argv[2]) : 10;
  const auto trace = dcsim::cluster::read_pod_trace(dir + "openb_node_list_gpu_node.csv", pods);
  dcsim::cluster::FragmentationStudySpec spec;
  spec.seeds.clear();
  for (int i = 0; i < seeds; ++i) spec.seeds.push_back(42 + static_cast<std::uint64_t>(i));
  spec.threads = 2;
  const auto runs = dcsim::cluster::run_fragmentation_study(trace, spec);
  const std::string name = std::filesystem::path(pods).stem().string();
  std::printf("trace,policy,arrived_pct,unallocated_pct_mean,unallocated_pct_sd,fragmentation_pct_mean\n");
  for (std::size_t p = 0; p < spec.policies.size(); ++p) {
    for (std::size_t k = 0;; ++k) {
      double sum = 0, sum2 = 0, frag = 0;
      int n = 0;
      for (std::size_t s = 0; s < spec.seeds.size(); ++s) {
        const auto& c = runs[p * spec.seeds.size() + s].curve;
        if (k >= c.unallocated_pct.size() || std::isnan(c.unallocated_pct[k])) continue;
        sum += c.unallocated_pct[k];
        sum2 += c.unallocated_pct[k] * c.unallocated_pct[k];
        frag += c.fragmentation_pct[k];
        ++n;
      }
      if (n < static_cast<int>(spec.seeds.size())) break;  // every seed reached k % arrived
      const double mean = sum / n;
      const double sd = n > 1 ? std::sqrt(std::max(0.0, (sum2 - n * mean * mean) / (n - 1))) : 0.0;
      std::printf("%s,%s,%zu,%.3f,%.3f,%.3f\n", name.c_str(), spec.policies[p].c_str(), k, mean, sd, frag / n);
    }
  }
  return 0;
}

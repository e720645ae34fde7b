// Runs an installed scenario through the installed library; prints the mean wait in queue.
#include <cstdio>

#include "dcsim/scenario/run.hpp"
#include "dcsim/scenario/scenario.hpp"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const dcsim::Scenario s = dcsim::load_scenario(argv[1], {dcsim::parse_override("stop.completions=1000")});
  const dcsim::Summary summary = dcsim::run_scenario(s);
  std::printf("consumer ok: %s completions=%llu wait_in_queue=%.6f\n", summary.scenario.c_str(),
              static_cast<unsigned long long>(summary.counts.at(0).second), summary.find("wait_in_queue")->value);
  return summary.counts.at(0).second == 1000 ? 0 : 1;
}

#include "dcsim/workload/job.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "dcsim/scenario/scenario.hpp"

namespace dcsim {
namespace {

const std::filesystem::path kSource = DCSIM_SOURCE_DIR;

class JobOnChips : public ::testing::Test {
 protected:
  void SetUp() override { catalogue_ = load_catalog((kSource / "scenarios/catalog/chips.yaml").string()).datacenter; }
  const ChipSpec& chip(const char* id) const { return *catalogue_.chip(id); }
  DatacenterSpec catalogue_;
};

// 8 H100-hours of bf16 training: on 8 H100 it takes 1 h; on 8 A100 989/312 = 3.17 h; on 8
// Ascend 910B 989/320 h — the catalogue's dense bf16 rates.
TEST_F(JobOnChips, ComputeWorkRunsFasterOnFasterChips) {
  JobSpec job;
  job.kind = JobKind::kTraining;
  job.needs.accelerators = 8;
  job.needs.precisions = default_precisions(JobKind::kTraining);
  job.work.reference_hours = 8;
  job.work.reference_ops_per_second = chip("h100-sxm").ops_per_second(Precision::kBf16);
  EXPECT_NEAR(*runtime_seconds(job, chip("h100-sxm")), 3600.0, 1e-9);
  EXPECT_NEAR(*runtime_seconds(job, chip("a100-sxm-80gb")), 3600.0 * 989 / 312, 1e-6);
  EXPECT_NEAR(*runtime_seconds(job, chip("ascend-910b")), 3600.0 * 989 / 320, 1e-6);
  EXPECT_EQ(fit(job, chip("h100-sxm")).precision, Precision::kBf16);  // fp8 is not accepted for training
}

// Inference accepts FP8 and INT8: on an H100 it runs at FP8 (1979 TFLOPS); an A100 has no FP8,
// so INT8 (624 TOPS) is the best it offers.
TEST_F(JobOnChips, InferenceUsesTheNarrowestPrecisionTheChipHas) {
  JobSpec job;
  job.kind = JobKind::kInference;
  job.needs.precisions = default_precisions(JobKind::kInference);
  job.work.reference_hours = 1;
  job.work.reference_ops_per_second = 1e15;
  EXPECT_EQ(fit(job, chip("h100-sxm")).precision, Precision::kFp8);
  EXPECT_EQ(fit(job, chip("a100-sxm-80gb")).precision, Precision::kInt8);
  EXPECT_NEAR(*runtime_seconds(job, chip("a100-sxm-80gb")), 3600.0 * 1e15 / 624e12, 1e-6);
}

TEST_F(JobOnChips, ReasonsAJobCannotRunOnAChip) {
  JobSpec fp8_only;
  fp8_only.needs.precisions = precisions({Precision::kFp8});
  fp8_only.work.duration_s = 60;
  EXPECT_EQ(fit(fp8_only, chip("a100-sxm-80gb")).why, Unfit::kNoSupportedPrecision);
  EXPECT_FALSE(runtime_seconds(fp8_only, chip("a100-sxm-80gb")));
  EXPECT_EQ(*runtime_seconds(fp8_only, chip("h20")), 60.0);  // a fixed duration ignores the chip

  JobSpec big_model = fp8_only;
  big_model.needs.precisions = default_precisions(JobKind::kInference);
  big_model.needs.memory_per_accelerator = 70e9;  // 70 GB per accelerator
  EXPECT_EQ(fit(big_model, chip("l20")).why, Unfit::kNotEnoughMemory);  // 48 GB
  EXPECT_TRUE(fit(big_model, chip("h100-sxm")).fits());                // 80 GB

  big_model.needs.allowed_chips = {"h20"};
  EXPECT_EQ(fit(big_model, chip("h100-sxm")).why, Unfit::kNotAllowed);
  EXPECT_TRUE(fit(big_model, chip("h20")).fits());
}

// A GPU-sharing pod with 250 milli-GPU of an L20 gets a quarter of its rate.
TEST_F(JobOnChips, FractionalShareScalesTheRate) {
  JobSpec pod;
  pod.kind = JobKind::kGpuShare;
  pod.needs.accelerator_milli = 250;
  pod.needs.precisions = precisions({Precision::kBf16});
  pod.work.reference_hours = 1;
  pod.work.reference_ops_per_second = chip("l20").ops_per_second(Precision::kBf16);
  EXPECT_NEAR(*runtime_seconds(pod, chip("l20")), 4 * 3600.0, 1e-6);
}

}  // namespace
}  // namespace dcsim

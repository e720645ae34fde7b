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

// Each need, checked in its order: allowed chips (by id or vendor), stack, precision, memory.
TEST_F(JobOnChips, ReasonsAJobCannotRunOnAChip) {
  JobNeeds fp8;
  fp8.precision = Precision::kFp8;
  EXPECT_EQ(chip_unfit(fp8, chip("a100-sxm-80gb")), Unfit::kNoPrecision);  // Ampere has no FP8
  EXPECT_EQ(chip_unfit(fp8, chip("h20")), Unfit::kNone);

  JobNeeds big_model;
  big_model.accelerator_memory_bytes = 70e9;  // 70 GB per accelerator
  EXPECT_EQ(chip_unfit(big_model, chip("l20")), Unfit::kNotEnoughMemory);  // 48 GB
  EXPECT_EQ(chip_unfit(big_model, chip("h100-sxm")), Unfit::kNone);        // 80 GB

  big_model.chips = {"h20"};
  EXPECT_EQ(chip_unfit(big_model, chip("h100-sxm")), Unfit::kNotAllowed);
  EXPECT_EQ(chip_unfit(big_model, chip("h20")), Unfit::kNone);
  big_model.chips = {"Huawei"};  // a vendor allows all its chips
  EXPECT_EQ(chip_unfit(big_model, chip("ascend-910c")), Unfit::kNone);  // 128 GB
  EXPECT_EQ(chip_unfit(big_model, chip("h20")), Unfit::kNotAllowed);
}

// The catalogue says which stacks each chip runs: CUDA code runs on NVIDIA chips only, CANN
// code on Ascend only; a chip lacking the stack is refused before its precisions are looked at.
TEST_F(JobOnChips, SoftwareStacksComeFromTheCatalogue) {
  JobNeeds cuda;
  cuda.stack = "cuda";
  EXPECT_EQ(chip_unfit(cuda, chip("h800-sxm")), Unfit::kNone);
  EXPECT_EQ(chip_unfit(cuda, chip("ascend-910b")), Unfit::kNoStack);
  EXPECT_EQ(chip_unfit(cuda, chip("mi300x")), Unfit::kNoStack);
  JobNeeds cann;
  cann.stack = "cann";
  cann.precision = Precision::kFp8;
  EXPECT_EQ(chip_unfit(cann, chip("h100-sxm")), Unfit::kNoStack);
  EXPECT_EQ(describe(Unfit::kNoStack, cann), "does not run the cann stack");
  EXPECT_EQ(describe(Unfit::kNoPrecision, cann), "has no fp8 throughput");
}

}  // namespace
}  // namespace dcsim

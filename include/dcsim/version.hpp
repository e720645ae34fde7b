#pragma once
// Which dcsim made a result: printed by `dcsim --version` and recorded in summary.json, so a
// number can be traced back to the code that produced it.
#include <string_view>

namespace dcsim {

/// The project version from CMake, e.g. "0.1.0".
[[nodiscard]] std::string_view version();
/// `git describe --always --dirty` of the source tree when the build was configured;
/// "unknown" when it was not built from a git checkout.
[[nodiscard]] std::string_view commit();

}  // namespace dcsim

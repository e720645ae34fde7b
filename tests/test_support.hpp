#pragma once
// Small helpers shared by the test files.
#include <functional>
#include <stdexcept>
#include <string>

namespace dcsim::testing {

/// The message of the std::invalid_argument that `f` throws, or "(no exception)".
inline std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace dcsim::testing

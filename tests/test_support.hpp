#pragma once
// Small helpers shared by the test files.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "dcsim/metrics/summary.hpp"

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

/// The summary's count of that name (a test failure when there is none).
inline std::uint64_t count(const Summary& s, std::string_view name) {
  for (const auto& [n, v] : s.counts) {
    if (n == name) return v;
  }
  ADD_FAILURE() << "no count " << name;
  return 0;
}

}  // namespace dcsim::testing

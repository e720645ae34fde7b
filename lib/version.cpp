#include "dcsim/version.hpp"

// DCSIM_VERSION and DCSIM_COMMIT are defined for this file only (lib/CMakeLists.txt).
namespace dcsim {

std::string_view version() { return DCSIM_VERSION; }
std::string_view commit() { return DCSIM_COMMIT; }

}  // namespace dcsim

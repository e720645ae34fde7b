#include "dcsim/model/datacenter.hpp"

#include <algorithm>

namespace dcsim {

std::string_view name(ChipKind k) {
  switch (k) {
    case ChipKind::kGpu: return "gpu";
    case ChipKind::kNpu: return "npu";
    case ChipKind::kCpu: return "cpu";
  }
  return {};
}

std::string_view name(CoolingClass c) {
  switch (c) {
    case CoolingClass::kAir: return "air";
    case CoolingClass::kRearDoor: return "rear-door";
    case CoolingClass::kDirectLiquid: return "direct-liquid";
    case CoolingClass::kImmersion: return "immersion";
  }
  return {};
}

namespace {
template <class T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

const ChipSpec* DatacenterSpec::chip(std::string_view id) const { return find_by_id(chips, id); }
const ServerSpec* DatacenterSpec::server(std::string_view id) const { return find_by_id(servers, id); }
const RackSpec* DatacenterSpec::rack(std::string_view id) const { return find_by_id(racks, id); }
const CenterSpec* DatacenterSpec::center(std::string_view id) const { return find_by_id(centers, id); }

}  // namespace dcsim

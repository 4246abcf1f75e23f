#include "common/event_types.hpp"

#include <algorithm>

#include "common/ascii.hpp"

namespace nutmqtt::common {
namespace {

constexpr std::array<std::string_view, kEventTypeCount> kNames = {
    "ONLINE",   "ONBATT", "LOWBATT",  "FSD",      "COMMOK",  "COMMBAD", "NOCOMM",
    "REPLBATT", "CAL",    "NOTCAL",   "OFF",      "NOTOFF",  "BYPASS",  "NOTBYPASS",
    "ECO",      "NOTECO", "ALARM",    "NOTALARM", "OVER",    "NOTOVER", "TRIM",
    "NOTTRIM",  "BOOST",  "NOTBOOST", "OTHER",    "NOTOTHER"};
// A table one entry short would compile, its last name empty.
static_assert(std::none_of(kNames.begin(), kNames.end(), [](auto n) { return n.empty(); }),
              "a name for every event_type");

constexpr std::array<event_type, kEventTypeCount> make_all() {
  std::array<event_type, kEventTypeCount> all{};
  for (std::size_t i = 0; i < kEventTypeCount; ++i)
    all[i] = static_cast<event_type>(i);
  return all;
}

}  // namespace

const std::array<event_type, kEventTypeCount>& all_event_types() {
  static constexpr auto kAll = make_all();
  return kAll;
}

std::string_view event_name(event_type t) {
  return kNames[static_cast<std::size_t>(t)];
}

std::optional<event_type> parse_event_type(std::string_view name) {
  for (std::size_t i = 0; i < kEventTypeCount; ++i) {
    if (ascii_iequals(kNames[i], name)) return static_cast<event_type>(i);
  }
  return std::nullopt;
}

}  // namespace nutmqtt::common

#pragma once
// upsmon's notification types, as published on <base>/<ups>/event in `event_type`.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace nutmqtt::common {

enum class event_type : std::uint8_t {
  online,
  onbatt,
  lowbatt,
  fsd,
  commok,
  commbad,
  nocomm,
  replbatt,
  cal,
  notcal,
  off,
  notoff,
  bypass,
  notbypass,
  eco,
  noteco,
  alarm,
  notalarm,
  over,
  notover,
  trim,
  nottrim,
  boost,
  notboost,
  other,
  notother,
};

inline constexpr std::size_t kEventTypeCount = 26;
static_assert(static_cast<std::size_t>(event_type::notother) + 1 == kEventTypeCount,
              "kEventTypeCount counts every event_type: the tables indexed by it must grow too");

// Every type, in the order above (the order events of one poll are published in).
const std::array<event_type, kEventTypeCount>& all_event_types();

// "ONBATT", "NOTCAL", ...
std::string_view event_name(event_type t);

// Case-insensitive, as upssched matches notify types.
std::optional<event_type> parse_event_type(std::string_view name);

}  // namespace nutmqtt::common

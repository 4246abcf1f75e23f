#pragma once
// Wall-clock times on MQTT: ISO 8601 in UTC with milliseconds, "2026-11-24T10:15:02.512Z".

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace nutmqtt::common {

using wall_clock = std::chrono::system_clock;

std::string format_time(wall_clock::time_point t);

// Accepts what format_time writes, with or without the fraction (any number of digits).
std::optional<wall_clock::time_point> parse_time(std::string_view text);

}  // namespace nutmqtt::common

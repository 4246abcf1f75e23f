#pragma once
// Wall-clock times on MQTT: ISO 8601 in UTC with milliseconds, "2026-11-24T10:15:02.512Z".

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/parse_result.hpp"

namespace nutmqtt::common {

using wall_clock = std::chrono::system_clock;

// The times accepted from messages and files: 1970-01-01T00:00:00Z up to
// 2200-12-31T23:59:59.999Z. The clock counts nanoseconds in 64 bits (1677 to 2262); a window
// well inside it keeps every difference between two accepted times, and between one and now,
// representable.
inline constexpr int kFirstYear = 1970;
inline constexpr int kLastYear = 2200;

std::string format_time(wall_clock::time_point t);

// Accepts what format_time writes, with or without the fraction (any number of digits), for
// times between kFirstYear and kLastYear. The error completes "the time is ...".
parse_result<wall_clock::time_point> read_time(std::string_view text);

// read_time without the reason.
std::optional<wall_clock::time_point> parse_time(std::string_view text);

// `to - from` in milliseconds, saturated at the limits of milliseconds instead of overflowing,
// for any two time points (also those not read through read_time).
std::chrono::milliseconds time_between(wall_clock::time_point from, wall_clock::time_point to);

}  // namespace nutmqtt::common

#pragma once
// Durations as users write them in config files: "500ms", "5s", "1m", "12h" or bare seconds.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace nutmqtt::common {

using duration = std::chrono::milliseconds;

// Parses a duration; returns nullopt when the text is not one. Bare numbers are seconds and may
// have a fraction ("0.5" is 500 ms); suffixed values must be whole numbers.
std::optional<duration> parse_duration(std::string_view text);

// The shortest exact spelling of `d` in the same syntax ("500ms", "5s", "2m", "12h").
std::string format_duration(duration d);

}  // namespace nutmqtt::common

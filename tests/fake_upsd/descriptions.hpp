#pragma once
// The descriptions upsd gives for standard variables and instant commands (GET DESC,
// GET CMDDESC), for the names our generated UPS uses and the most common others.

#include <optional>
#include <string_view>

namespace nutmqtt::fake_upsd {

std::optional<std::string_view> variable_description(std::string_view name);
std::optional<std::string_view> command_description(std::string_view name);

// What upsd answers for a name it has no description for.
inline constexpr std::string_view kNoDescription = "Description unavailable";

}  // namespace nutmqtt::fake_upsd

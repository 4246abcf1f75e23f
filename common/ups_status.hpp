#pragma once
// `ups.status` tokens ("OL CHRG", "OB LB", "FSD OB LB") as the bridge, the agent and the
// discovery code all read them.

#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::common {

// The tokens in order, duplicates removed; any run of spaces or tabs separates them.
std::vector<std::string> split_status(std::string_view status);

bool has_token(const std::vector<std::string>& tokens, std::string_view token);

// `WAIT` alone: upsd is waiting for a (re)started driver, so the status says nothing about the
// UPS, which is as it was last seen.
bool only_wait(const std::vector<std::string>& tokens);

// Tokens NUT defines (OL, OB, LB, HB, RB, CHRG, DISCHRG, BYPASS, CAL, OFF, OVER, TRIM, BOOST,
// FSD, ALARM, ECO, HE, TEST, WAIT). Anything else is kept, and reported as "other".
bool is_known_token(std::string_view token);

}  // namespace nutmqtt::common

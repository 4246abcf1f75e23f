#pragma once
// Numbers as UPS drivers print them ("230.4", "100", "0.82") and read back.

#include <optional>
#include <string>
#include <string_view>

namespace nutmqtt::fake_upsd {

// `value` with exactly `decimals` digits after the point ("-0" never appears).
std::string format_fixed(double value, int decimals);

// The whole of `text` as a number, or nullopt.
std::optional<double> parse_number(std::string_view text);

}  // namespace nutmqtt::fake_upsd

#pragma once
// ASCII case for protocol words, configuration keywords and identifiers: never the C locale's
// (std::tolower depends on it, and upsd's words, YAML's booleans and Home Assistant's ids are
// ASCII whatever the host's language). Bytes outside A-Z are left as they are.

#include <string>
#include <string_view>

namespace nutmqtt::common {

constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string ascii_lower(std::string_view s);
std::string ascii_upper(std::string_view s);

// Equal but for the case of ASCII letters.
bool ascii_iequals(std::string_view a, std::string_view b);

}  // namespace nutmqtt::common

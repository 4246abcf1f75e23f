#pragma once
// UTF-8 as text from the network really comes: possibly cut, overlong, or not UTF-8 at all.

#include <cstddef>
#include <string>
#include <string_view>

namespace nutmqtt::common {

// Length of the valid UTF-8 sequence at the start of `s` (non-empty) and its code point in
// `cp`; 0 when the first byte does not begin one (overlong forms, surrogates and values above
// U+10FFFF included).
std::size_t utf8_decode(std::string_view s, char32_t& cp);

// `s` with each ASCII control character (0x00-0x1F, 0x7F) and each byte that is not part of
// valid UTF-8 replaced by U+FFFD: what the bridge publishes as a NUT variable's value.
std::string printable_utf8(std::string_view s);

}  // namespace nutmqtt::common

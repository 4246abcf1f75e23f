#pragma once
// How upsd writes its answers: one line each, at most 512 bytes, values double-quoted with
// '"', '\' and '#' escaped by a backslash.

#include <cstddef>
#include <string>
#include <string_view>

namespace nutmqtt::fake_upsd {

// upsd's NUT_NET_ANSWER_MAX: no reply line is longer, newline included.
inline constexpr std::size_t kMaxReplyLine = 512;

// `raw` with '"', '\' and '#' escaped (what NUT's pconf_encode does).
std::string escape_value(std::string_view raw);

// `raw` escaped and wrapped in double quotes.
std::string quoted(std::string_view raw);

// Appends `line` and a newline to `out`, cut so that the line stays within kMaxReplyLine.
void append_line(std::string& out, std::string_view line);

// Appends "ERR <code>".
void append_error(std::string& out, std::string_view code);

}  // namespace nutmqtt::fake_upsd

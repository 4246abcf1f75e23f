#pragma once
// Text that came from the network (MQTT topics and payloads, upsd names, values and error
// texts) is written by whoever controls that peer. Before it reaches a log line it goes through
// loggable(): nothing in it can move the terminal's cursor, forge a line of its own, reorder
// what follows it on screen, or make one line megabytes long.

#include <cstddef>
#include <string>
#include <string_view>

namespace nutmqtt::common {

// The longest piece of network text a log line carries, counted after escaping.
inline constexpr std::size_t kLogTextMax = 200;

// Returns `text` safe for a log line:
// - \n \r \t and \\ as those two-character escapes, other ASCII controls (and DEL) as \xNN;
// - each byte that does not belong to a valid UTF-8 sequence as U+FFFD;
// - C1 controls, bidirectional embeddings, overrides, isolates and marks, and the line and
//   paragraph separators as \u{XXXX};
// - cut after `max` bytes of escaped text (never inside an escape or a character), followed by
//   "...(N bytes)" with N the length of the original text.
std::string loggable(std::string_view text, std::size_t max = kLogTextMax);

}  // namespace nutmqtt::common

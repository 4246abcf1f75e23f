#pragma once
// The ways a server can misbehave on purpose, for clients' error handling to be tested.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "fake_upsd/random_source.hpp"

namespace nutmqtt::fake_upsd {

enum class misbehaviour {
  normal,           // answers like upsd
  garbage,          // answers each request with a random line that is no protocol at all
  stall,            // reads requests, never answers, keeps the connection open
  long_line,        // answers each request with 100 KB and no newline, and goes on reading
  close_on_accept,  // accepts new connections and closes them at once (open ones carry on)
  slow,             // answers like upsd, each reply a set delay after its request
};

std::string_view misbehaviour_name(misbehaviour m);
// Reads the names above ("long_line", also "long-line"); nullopt for anything else.
std::optional<misbehaviour> parse_misbehaviour(std::string_view name);

inline constexpr std::size_t kLongLineBytes = 100 * 1024;

// A line of printable characters (newline included) that starts with no word upsd sends.
std::string garbage_line(random_source& random);

// kLongLineBytes printable characters and no newline.
std::string long_line();

}  // namespace nutmqtt::fake_upsd

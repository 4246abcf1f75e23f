#pragma once
// The ways a server can misbehave on purpose, for clients' error handling to be tested.

#include <cstddef>
#include <cstdint>
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
  // Hostile: what a broken or malicious upsd could do to a client's memory and time.
  huge_list,     // answers LIST VAR with server_options::huge_list_lines lines
  new_names,     // lists new_names_per_connection never-seen UPS names on every LIST UPS (each
                 // an alias of the first UPS) and closes each connection new_names_linger after
                 // accepting it
  bad_list_var,  // answers LIST VAR with garbage, everything else like upsd
};

std::string_view misbehaviour_name(misbehaviour m);
// Reads the names above ("long_line", also "long-line"); nullopt for anything else.
std::optional<misbehaviour> parse_misbehaviour(std::string_view name);

inline constexpr std::size_t kLongLineBytes = 100 * 1024;

// The names new_names invents: this prefix and a number.
inline constexpr std::string_view kGhostPrefix = "ghost";

// A LIST VAR answer of `lines` variable lines for `ups` (BEGIN and END included).
std::string huge_var_list(std::string_view ups, std::size_t lines);
// A LIST UPS answer of `count` names from kGhostPrefix + `first` on.
std::string ghost_ups_list(std::uint64_t first, std::size_t count);

// A line of printable characters (newline included) that starts with no word upsd sends.
std::string garbage_line(random_source& random);

// kLongLineBytes printable characters and no newline.
std::string long_line();

}  // namespace nutmqtt::fake_upsd

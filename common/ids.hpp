#pragma once
// Identifiers that become one MQTT topic level (UPS ids, bridge and agent ids).

#include <optional>
#include <string>
#include <string_view>

namespace nutmqtt::common {

inline constexpr std::size_t kMaxIdLength = 64;

// Returns why `id` cannot be one topic level, or nullopt when it can. Ids must be non-empty, at
// most 64 printable ASCII characters, without '/', '+', '#' or spaces, and must not start with
// '_' (names starting with '_' are reserved for the bridge's and agents' own topics).
std::optional<std::string> id_problem(std::string_view id);

// Turns an arbitrary name (a host name, a NUT UPS name) into a valid id, or "" when nothing
// usable is left. Used only for defaults; explicit ids are validated, never rewritten.
std::string sanitize_id(std::string_view name);

// The host name as a valid id, "host" if it cannot be made one.
std::string host_id();

// A random id for one run of a program (16 hex digits): the bridge's `boot`, the agent's
// sync markers.
std::string new_run_id();

}  // namespace nutmqtt::common

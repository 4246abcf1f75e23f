#pragma once
// UPS snapshots for the discovery tests, read from .dev fixtures (dummy-ups format with nut-ddl's
// #RW and #CMD lines), and the state topics a bridge would publish for them.

#include <map>
#include <string>

#include "common/topics.hpp"
#include "homeassistant/discovery/discovery_types.hpp"

namespace nutmqtt::test {

// `relative` under tests/fixtures; every #CMD becomes an offered command and every #RW an
// offered writable (STRING:n -> string, ENUM:"v" -> enumeration).
ha::ups_snapshot snapshot_from_dev(const std::string& relative, const std::string& id);

// What the bridge keeps retained for `ups` and `bridge`: var/<name>, status, status_text,
// availability ("online") and the bridge's availability and info.
std::map<std::string, std::string> retained_states(const ha::ups_snapshot& ups,
                                                   const ha::bridge_identity& bridge,
                                                   const common::topic_scheme& topics);

// topic -> payload of the messages (later ones win, as on a broker).
std::map<std::string, std::string> as_map(const std::vector<ha::discovery_message>& messages);

}  // namespace nutmqtt::test

#pragma once
// The retained JSON snapshot on <base>/<ups>/state:
// {"ups","server","nut_name","status","flags":[...],"vars":{...},"since":{"OB":"..."},
//  "time","polled","bridge","boot","seq","available"}

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/parse_result.hpp"
#include "common/time_format.hpp"

namespace nutmqtt::common {

struct state_message {
  std::string ups;
  std::string server;
  std::string nut_name;
  std::string status;              // raw ups.status ("" while never polled successfully)
  std::vector<std::string> flags;  // its tokens
  std::map<std::string, std::string> vars;
  std::map<std::string, wall_clock::time_point> since;  // flag -> first seen set
  wall_clock::time_point time;                          // when this snapshot was taken
  // When `status` was read from upsd (absent: before any status poll, or an older bridge). A
  // snapshot published again between polls - its variables changed, or the UPS became
  // unreachable - carries the status of an earlier poll: with two bridges for one UPS, the
  // agent takes the newest reading (docs/larger-sites.md).
  std::optional<wall_clock::time_point> polled;
  std::string bridge;
  std::string boot;
  // The `seq` of the last event this bridge run had published when the snapshot was taken (0:
  // none yet). Events of the same run up to it are already reflected here: an event that
  // arrives after this state with such a seq (queued while the broker was away) is history.
  std::uint64_t seq = 0;
  // Whether the bridge could poll the UPS when it took the snapshot (its status and variables
  // are then those of the last good poll). Absent (older bridges): polled.
  std::optional<bool> available;
  std::string sig;  // optional signature
};

std::string to_json(const state_message& s);

// Validates the fields a consumer acts on (ups, status, flags, since, time); vars may be absent.
parse_result<state_message> parse_state_message(std::string_view payload);

}  // namespace nutmqtt::common

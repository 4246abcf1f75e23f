#pragma once
// The JSON on <base>/<ups>/event (and retained on <base>/<ups>/last_event): what the bridge
// writes and what the shutdown agent (and any flow) reads.
//
// {"event_type":"ONBATT","ups":"nas","server":"192.168.1.12:3493","nut_name":"ups",
//  "status":"OB DISCHRG","previous_status":"OL CHRG","message":"UPS nas on battery",
//  "time":"2026-11-24T10:15:02.512Z","bridge":"home","seq":17,"boot":"..."}

#include <cstdint>
#include <string>
#include <string_view>

#include "common/event_types.hpp"
#include "common/parse_result.hpp"
#include "common/time_format.hpp"

namespace nutmqtt::common {

// Larger payloads are refused unread: nothing legitimate comes close.
inline constexpr std::size_t kMaxPayloadBytes = 64 * 1024;

struct event_message {
  event_type type = event_type::online;
  std::string ups;              // UPS id on MQTT
  std::string server;           // "host:port" of the upsd
  std::string nut_name;         // the UPS's name on that server
  std::string status;           // ups.status after the change
  std::string previous_status;  // before it
  std::string message;          // upsmon's wording
  wall_clock::time_point time;
  std::string bridge;     // bridge id
  std::uint64_t seq = 0;  // per bridge run, +1 per event
  std::string boot;       // changes with every bridge start
  std::string sig;        // optional signature (see docs/bridge.md, "Signed events")
};

std::string to_json(const event_message& e);

// Validates everything a consumer relies on: size, JSON object, known event type, a valid UPS
// id, time, seq and boot. Unknown keys are ignored (newer bridges may add some).
parse_result<event_message> parse_event_message(std::string_view payload);

}  // namespace nutmqtt::common

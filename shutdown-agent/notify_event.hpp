#pragma once
// What the agent's logic runs on: monotonic time, and the events (from the bridge or made up
// by the agent itself) that rules react to.

#include <chrono>
#include <string>

namespace nutmqtt::agent {

// Timers, deadtime and delays use the monotonic clock: a wall-clock jump (NTP on a Raspberry
// Pi without RTC) must neither fire nor stall them.
using clock = std::chrono::steady_clock;
using time_point = clock::time_point;

// An event as CMDSCRIPT sees it: its $NOTIFYTYPE, $UPSNAME and $NOTIFYMSG.
struct notify_event {
  std::string type;  // upper case: "ONBATT", "COMMBAD", "SHUTDOWN"
  std::string ups;   // UPS id ("" for SHUTDOWN)
  std::string message;
};

// upsmon's default wording for `type` about `ups`.
std::string notify_message(std::string_view type, std::string_view ups);

}  // namespace nutmqtt::agent

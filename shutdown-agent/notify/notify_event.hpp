#pragma once
// What the agent's logic runs on: monotonic time, and the events (from the bridge or made up
// by the agent itself) that rules react to.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::agent {

// Timers, deadtime and delays use the monotonic clock: a wall-clock jump (NTP on a Raspberry
// Pi without RTC) must neither fire nor stall them.
using clock = std::chrono::steady_clock;
using time_point = clock::time_point;

// One event that joined a shared timer (START-TIMER-SHARED) already running.
struct joined_event {
  std::string type;
  std::string ups;
  bool operator==(const joined_event&) const = default;
};

// An event as CMDSCRIPT sees it: its $NOTIFYTYPE, $UPSNAME and $NOTIFYMSG.
struct notify_event {
  std::string type;  // upper case: "ONBATT", "COMMBAD", "SHUTDOWN"
  std::string ups;   // UPS id ("" for SHUTDOWN)
  std::string message;
  // The cause of a shared timer also holds the events that joined it after this one (each
  // type and UPS pair once, never this one's): its script gets all of them.
  std::vector<joined_event> joined{};
};

// upsmon's default wording for `type` about `ups`.
std::string notify_message(std::string_view type, std::string_view ups);

// The message of one event for CMDSCRIPT and the notifications (notify.messages).
using message_wording = std::function<std::string(const std::string& type, const std::string& ups)>;

// CMDSCRIPT's environment for `e`, as upssched 2.8.5 gives it for a timer: each value once, in
// the order the events came; UPSes and types joined by ",", messages by ".\t". A UPS that is ""
// (SHUTDOWN) adds nothing to UPSNAME.
struct script_environment {
  std::string upsname;
  std::string notifytype;
  std::string notifymsg;
};
script_environment environment_of(const notify_event& e, const message_wording& wording);

}  // namespace nutmqtt::agent

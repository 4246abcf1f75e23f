#pragma once
// `nutmqtt-shutdown-agent --list-timers`: the running timers as upssched 2.8.5's `-l` lists
// them, one line per timer, tab-separated: NAME, TIMEOUT_ABS (when it fires, seconds since the
// epoch), TIMEOUT_REL (seconds left), NOTIFYTYPE, UPSNAME and NOTIFYMSG as its script will get
// them (`""` for an empty value). Pure.

#include <string>
#include <vector>

#include "common/time_format.hpp"
#include "shutdown-agent/logic/timer_table.hpp"
#include "shutdown-agent/notify/notify_event.hpp"

namespace nutmqtt::agent {

// The lines, each ending with a newline; "" when no timer runs.
std::string timer_listing(const std::vector<running_timer>& timers, time_point now,
                          common::wall_clock::time_point wall_now, const message_wording& wording);

}  // namespace nutmqtt::agent

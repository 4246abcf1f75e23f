#pragma once
// upsmon's stock notification messages (its NOTIFYMSG defaults), so that what the bridge
// publishes reads exactly like what upsmon users already see in syslog and in NOTIFYCMD.

#include <string>
#include <string_view>

#include "common/event_types.hpp"

namespace nutmqtt::bridge {

// upsmon's default message for `type`, with `ups_id` where upsmon puts the UPS name.
// `detail` fills the second slot of the two messages that have one: ALARM's `ups.alarm` text
// ("n/a" when empty, as upsmon writes when the driver gives none) and OTHER's unknown status
// tokens. Other types ignore it. Control characters in `detail` become spaces so that a
// garbled value cannot break a log line or a script's argument.
std::string upsmon_message(common::event_type type, std::string_view ups_id,
                           std::string_view detail = {});

}  // namespace nutmqtt::bridge

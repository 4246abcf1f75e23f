#pragma once
// upsmon's notification messages (NOTIFYMSG): its stock wording for each notify type, and the
// printf-like formats with `%s` slots that NOTIFYMSG lines (and the agent's notify.messages)
// use. Shared by the bridge (the `message` of its events) and the agent (NOTIFYMSG, syslog,
// wall, NOTIFYCMD).

#include <optional>
#include <string>
#include <string_view>

namespace nutmqtt::common {

// upsmon's default format for a notify type (the event types and SHUTDOWN), case as written in
// upsmon.conf ("ONBATT"); nullopt for a type upsmon does not know.
std::optional<std::string_view> default_notify_format(std::string_view type);

// Text that goes into a notification (a UPS name, a detail from upsd): control characters,
// newlines included, become spaces, so that a message stays one line in a log or a wall.
std::string notify_printable(std::string_view text);

// How many `%s` a format for `type` may hold: ALARM and OTHER have a second one (the alarm
// text, the unknown status tokens) after the UPS; every other type one (the UPS).
int notify_format_slots(std::string_view type);

// Why `format` cannot be a NOTIFYMSG with at most `slots` `%s`, or nullopt. `%%` is a percent
// sign; any other `%` conversion is refused, as upsmon refuses it (it would read an argument
// that is not there).
std::optional<std::string> notify_format_problem(std::string_view format, int slots);

// Fills the `%s` slots in order with `first`, then `second` (empty beyond); `%%` becomes `%`.
// Plain substitution, never printf: UPS ids and alarm texts may contain '%'.
std::string fill_notify_format(std::string_view format, std::string_view first,
                               std::string_view second = {});

}  // namespace nutmqtt::common

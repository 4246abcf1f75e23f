#pragma once
// upsmon's notifications, as the agent gives them: NOTIFYMSG (notify.messages), NOTIFYFLAG
// (notify.flags) and NOTIFYCMD (notify.command). Pure: what to say, and to whom.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::agent {

// NOTIFYFLAG's flags, combined with '+'.
enum notify_flag : std::uint8_t {
  kNotifySyslog = 1,
  kNotifyWall = 2,
  kNotifyExec = 4,
  kNotifyIgnore = 8,  // alone: nothing at all
};

// "SYSLOG+WALL+EXEC", "IGNORE": the flags, or nullopt with `why` set.
std::optional<std::uint8_t> parse_notify_flags(std::string_view text, std::string& why);
// The same as text, for --check-config ("SYSLOG+EXEC", "IGNORE", "" for none).
std::string format_notify_flags(std::uint8_t flags);

struct notify_settings {
  std::map<std::string, std::string> messages;  // notify type -> NOTIFYMSG format (with %s)
  std::map<std::string, std::uint8_t> flags;    // notify type -> NOTIFYFLAG
  // The flags of the types not in `flags`: SYSLOG with `syslog`, WALL with `wall` (the agent's
  // older keys; upsmon's default would be both).
  bool syslog = true;
  bool wall = false;
  // NOTIFYCMD's argv, run without a shell with the message as its last argument; empty: none.
  std::vector<std::string> command;

  std::uint8_t flags_for(std::string_view type) const;
  // The message about `ups`: the type's notify.messages format, else upsmon's; `detail` fills
  // ALARM's second slot (the ups.alarm text, "n/a" when empty) and OTHER's (the unknown status
  // tokens). Control characters in `ups` or `detail` become spaces.
  std::string message(const std::string& type, const std::string& ups,
                      std::string_view detail = {}) const;
};

// The notify types notify.messages and notify.flags take: the event types and SHUTDOWN.
std::vector<std::string_view> notify_types();

}  // namespace nutmqtt::agent

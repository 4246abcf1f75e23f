#include "shutdown-agent/notify/notifier.hpp"

#include <syslog.h>

#include <spdlog/spdlog.h>

#include "shutdown-agent/logic/rule.hpp"

namespace nutmqtt::agent {

process_request notify_command_request(const notify_settings& settings, const notify_event& e,
                                       const std::string& message,
                                       std::chrono::milliseconds timeout) {
  // Only the UPS id and the event type come from MQTT, both checked against their character
  // sets; the message is the agent's wording (notify.messages), with at most the UPS's
  // ups.alarm text or unknown status tokens in it, as an argument: no shell ever reads it.
  process_request p;
  p.argv = settings.command;
  p.argv.push_back(message);
  p.env = environment_with({"NOTIFYTYPE=" + e.type, "UPSNAME=" + e.ups});
  p.timeout = timeout;
  return p;
}

void notifier::notify(const notify_event& e, const std::string& message) {
  const auto flags = settings_.flags_for(e.type);
  if ((flags & kNotifyIgnore) != 0) return;
  if ((flags & kNotifySyslog) != 0) {
    ::openlog("nutmqtt-shutdown-agent", LOG_PID, LOG_DAEMON);
    // upsmon logs its notices at LOG_NOTICE; the host going down deserves more.
    ::syslog(e.type == kShutdownNotify ? LOG_ALERT : LOG_NOTICE, "%s", message.c_str());
    ::closelog();
  }
  if ((flags & kNotifyWall) != 0) wall(message);
  if ((flags & kNotifyExec) != 0) run_command(e, message);
}

void notifier::wall(const std::string& message) {
  process_request r;
  r.argv = {"/usr/bin/wall", message};
  r.env = environment_with({});
  r.timeout = std::chrono::seconds(10);
  runner_.start(
      std::move(r), [](std::string_view line) { spdlog::info("wall: {}", line); },
      [](const process_result& result) {
        if (!result.success()) spdlog::warn("wall failed: {}", result.describe());
      });
}

void notifier::run_command(const notify_event& e, const std::string& message) {
  if (settings_.command.empty()) {
    spdlog::debug("{}: EXEC without notify.command: nothing to run", e.type);
    return;
  }
  const std::string label = "NOTIFYCMD " + e.type;
  runner_.start(
      notify_command_request(settings_, e, message, timeout_),
      [label](std::string_view line) { spdlog::info("{}: {}", label, line); },
      [label](const process_result& result) {
        if (result.success()) {
          spdlog::debug("{} finished: {}", label, result.describe());
        } else {
          spdlog::warn("{} failed: {}", label, result.describe());
        }
      });
}

}  // namespace nutmqtt::agent

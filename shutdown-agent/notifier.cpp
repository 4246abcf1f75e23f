#include "shutdown-agent/notifier.hpp"

#include <syslog.h>

#include <spdlog/spdlog.h>

namespace nutmqtt::agent {

void notify_users(const notify_settings& s, const std::string& message, process_runner& runner) {
  if (s.syslog) {
    ::openlog("nutmqtt-shutdown-agent", LOG_PID, LOG_DAEMON);
    ::syslog(LOG_ALERT, "%s", message.c_str());
    ::closelog();
  }
  if (!s.wall) return;
  process_request r;
  r.argv = {"/usr/bin/wall", message};
  r.env = environment_with({});
  r.timeout = std::chrono::seconds(10);
  runner.start(
      std::move(r), [](std::string_view line) { spdlog::info("wall: {}", line); },
      [](const process_result& result) {
        if (!result.success()) spdlog::warn("wall failed: {}", result.describe());
      });
}

}  // namespace nutmqtt::agent

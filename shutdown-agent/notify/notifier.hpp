#pragma once
// Tells of an event as upsmon's NOTIFYFLAG says: a syslog line (SYSLOG), a message to every
// terminal through wall (WALL), and NOTIFYCMD (EXEC) - run without a shell, the message as its
// one last argument, NOTIFYTYPE and UPSNAME in its environment, like upsmon's.

#include <chrono>
#include <string>

#include "shutdown-agent/notify/notify_event.hpp"
#include "shutdown-agent/notify/notify_settings.hpp"
#include "shutdown-agent/processes/process_runner.hpp"

namespace nutmqtt::agent {

// NOTIFYCMD's run for `e`, worded `message` (settings.command must not be empty).
process_request notify_command_request(const notify_settings& settings, const notify_event& e,
                                       const std::string& message,
                                       std::chrono::milliseconds timeout);

class notifier {
 public:
  notifier(const notify_settings& settings, std::chrono::milliseconds command_timeout,
           process_runner& runner)
      : settings_(settings), timeout_(command_timeout), runner_(runner) {}

  // Tells of `e` (worded `message`) as its flags say.
  void notify(const notify_event& e, const std::string& message);

 private:
  void wall(const std::string& message);
  void run_command(const notify_event& e, const std::string& message);

  const notify_settings& settings_;
  std::chrono::milliseconds timeout_;
  process_runner& runner_;
};

}  // namespace nutmqtt::agent

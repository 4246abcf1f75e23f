#pragma once
// Tells the people on the host that it is shutting down: syslog (as upsmon does) and, when
// enabled, wall.

#include <string>

#include "shutdown-agent/process_runner.hpp"

namespace nutmqtt::agent {

struct notify_settings {
  bool syslog = true;
  bool wall = false;
};

// Sends `message` (the agent's own text) to syslog and/or through `wall`.
void notify_users(const notify_settings& s, const std::string& message, process_runner& runner);

}  // namespace nutmqtt::agent

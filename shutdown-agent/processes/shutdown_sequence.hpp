#pragma once
// upsmon's shutdown: announce SHUTDOWN, wait FINALDELAY, run SHUTDOWNCMD once. Pure: the
// daemon passes the time and carries out what this says.

#include <chrono>
#include <optional>
#include <string>

#include "shutdown-agent/notify/notify_event.hpp"

namespace nutmqtt::agent {

class shutdown_sequence {
 public:
  explicit shutdown_sequence(std::chrono::milliseconds final_delay) : final_delay_(final_delay) {}

  // Starts the sequence; true only the first time (later requests change nothing).
  bool begin(std::string reason, time_point now);
  bool active() const { return started_.has_value(); }
  const std::string& reason() const { return reason_; }

  // While the final delay runs: when the command is due.
  std::optional<time_point> command_due() const;
  // True exactly once: when the final delay has passed.
  bool take_command(time_point now);
  bool command_taken() const { return command_taken_; }
  std::optional<time_point> started() const { return started_; }

  // Puts back a sequence saved before a restart of the agent.
  void restore(std::string reason, time_point started, bool command_taken);

 private:
  std::chrono::milliseconds final_delay_;
  std::optional<time_point> started_;
  std::string reason_;
  bool command_taken_ = false;
};

}  // namespace nutmqtt::agent

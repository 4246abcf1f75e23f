#include "shutdown-agent/processes/shutdown_sequence.hpp"

namespace nutmqtt::agent {

bool shutdown_sequence::begin(std::string reason, time_point now) {
  if (started_) return false;
  started_ = now;
  reason_ = std::move(reason);
  return true;
}

std::optional<time_point> shutdown_sequence::command_due() const {
  if (!started_ || command_taken_) return std::nullopt;
  return *started_ + final_delay_;
}

bool shutdown_sequence::take_command(time_point now) {
  auto due = command_due();
  if (!due || now < *due) return false;
  command_taken_ = true;
  return true;
}

void shutdown_sequence::restore(std::string reason, time_point started, bool command_taken) {
  started_ = started;
  reason_ = std::move(reason);
  command_taken_ = command_taken;
}

}  // namespace nutmqtt::agent

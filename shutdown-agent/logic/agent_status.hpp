#pragma once
// The agent's situation in a few words and numbers, for its retained state and Home
// Assistant: is a shutdown pending, in how long, and what is going on. Pure.

#include <chrono>
#include <optional>
#include <string>

#include "shutdown-agent/logic/agent_logic.hpp"

namespace nutmqtt::agent {

struct agent_status {
  bool shutdown_pending = false;
  std::optional<std::chrono::milliseconds> shutdown_in;  // set while pending
  std::string text;  // "On line power", "On battery: nas", "Shutdown pending: timer power-off"
};

// Home Assistant keeps at most 255 characters of a state.
inline constexpr std::size_t kMaxStatusText = 255;

agent_status describe_status(const agent_logic& logic, time_point now);

}  // namespace nutmqtt::agent

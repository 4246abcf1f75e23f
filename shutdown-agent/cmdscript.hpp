#pragma once
// How CMDSCRIPT is called: argv [script, name] (no shell) and the environment upssched gives
// it, plus where the agent's control socket is (so that `--fsd` in the script finds it).

#include <chrono>
#include <string>

#include "shutdown-agent/agent_logic.hpp"
#include "shutdown-agent/process_runner.hpp"

namespace nutmqtt::agent {

inline constexpr const char* kControlSocketEnv = "NUTMQTT_CONTROL_SOCKET";

// The request to run `script` for `r`, on top of the agent's own environment.
process_request cmdscript_request(const std::string& script, const script_request& r,
                                  const std::string& control_socket,
                                  std::chrono::milliseconds timeout);

}  // namespace nutmqtt::agent

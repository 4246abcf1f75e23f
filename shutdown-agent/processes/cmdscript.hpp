#pragma once
// How CMDSCRIPT is called: argv [script, name] (no shell) and the environment upssched gives
// it, plus where the agent's control socket is (so that `--fsd` in the script finds it).

#include <chrono>
#include <string>

#include "shutdown-agent/logic/agent_logic.hpp"
#include "shutdown-agent/processes/process_runner.hpp"

namespace nutmqtt::agent {

inline constexpr const char* kControlSocketEnv = "NUTMQTT_CONTROL_SOCKET";

// The request to run `script` for `r`, on top of the agent's own environment; `wording` gives
// each event's NOTIFYMSG. For a shared timer UPSNAME, NOTIFYTYPE and NOTIFYMSG list every event
// that started or joined it (see environment_of).
process_request cmdscript_request(const std::string& script, const script_request& r,
                                  const std::string& control_socket,
                                  std::chrono::milliseconds timeout,
                                  const message_wording& wording);

}  // namespace nutmqtt::agent

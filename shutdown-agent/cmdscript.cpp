#include "shutdown-agent/cmdscript.hpp"

namespace nutmqtt::agent {

process_request cmdscript_request(const std::string& script, const script_request& r,
                                  const std::string& control_socket,
                                  std::chrono::milliseconds timeout) {
  // Only the UPS id and the event type come from MQTT, both validated against their character
  // sets; NOTIFYMSG is the agent's own wording, never text from a payload.
  std::vector<std::string> extra = {"NOTIFYTYPE=" + r.cause.type, "NOTIFYMSG=" + r.cause.message,
                                    std::string(kControlSocketEnv) + "=" + control_socket};
  extra.push_back("UPSNAME=" + r.cause.ups);
  process_request p;
  p.argv = {script, r.argument};
  p.env = environment_with(extra);
  p.timeout = timeout;
  return p;
}

}  // namespace nutmqtt::agent

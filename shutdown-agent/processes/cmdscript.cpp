#include "shutdown-agent/processes/cmdscript.hpp"

namespace nutmqtt::agent {

process_request cmdscript_request(const std::string& script, const script_request& r,
                                  const std::string& control_socket,
                                  std::chrono::milliseconds timeout,
                                  const message_wording& wording) {
  // Only the UPS ids and the event types come from MQTT, all validated against their character
  // sets; NOTIFYMSG is the agent's own wording (notify.messages), with at most a UPS's
  // ups.alarm text or unknown status tokens in it.
  const auto env = environment_of(r.cause, wording);
  process_request p;
  p.argv = {script, r.argument};
  p.env = environment_with({"NOTIFYTYPE=" + env.notifytype, "NOTIFYMSG=" + env.notifymsg,
                            std::string(kControlSocketEnv) + "=" + control_socket,
                            "UPSNAME=" + env.upsname});
  p.timeout = timeout;
  return p;
}

}  // namespace nutmqtt::agent

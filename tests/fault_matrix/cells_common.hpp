#pragma once
// The vocabulary the cells are written in: what a step does to the lab, and the expectations
// every agent shares.

#include <csignal>
#include <functional>
#include <map>
#include <string>

#include "fault_matrix/cell.hpp"
#include "fault_matrix/cell_test.hpp"
#include "fault_matrix/lab.hpp"

namespace nutmqtt::fault_matrix::cells {

using namespace bound_terms;
using action = std::function<void(lab&)>;

inline action ups(std::string status) {
  return [status](lab& l) { l.set_status(status); };
}
inline action send(std::string service, int sig) {
  return [service, sig](lab& l) { l.signal(service, sig); };
}
inline action kill(std::string service) {
  return send(std::move(service), SIGKILL);
}
inline action start(std::string service) {
  return [service](lab& l) { l.start(service); };
}
// systemctl restart: SIGTERM, then at once a new process.
inline action restart(std::string service) {
  return [service](lab& l) {
    l.stop(service);
    l.start(service);
  };
}
inline action partition(std::string a, std::string b) {
  return [a, b](lab& l) { l.network().partition(a, b); };
}
inline action heal(std::string a, std::string b) {
  return [a, b](lab& l) { l.network().heal(a, b); };
}
// The host's port drops everything to and from every other host (its own loopback, where its
// broker's observer listens, is untouched).
inline action cut_off(std::string host) {
  return [host](lab& l) {
    for (const auto& h : l.spec().hosts)
      if (h.name != host) l.network().partition(host, h.name);
  };
}
inline action power_off(std::string host) {
  return [host](lab& l) { l.power_off(host); };
}

inline step on_battery() {
  return {"OB", "start", 0, ups("OB DISCHRG"), {}};
}

// "on battery" cells ask whether the fault alone brings a shutdown: the power-off timer is
// pushed out of the cell's reach.
inline void power_off_timer_far(topology& t) {
  for (const auto* a : t.all<agent_spec>())
    t.get<agent_spec>(a->id).power_off = "10m";
}

inline std::map<std::string, expectation> both_agents(const expectation& e) {
  return {{"pi1", e}, {"pi2", e}};
}

// The shutdown the power-off timer brings, started by the ONBATT of step "OB".
inline expectation power_off_timer_shutdown(std::string why) {
  return shutdown_between({"OB", kPowerOff}, {"OB", kSee + kPowerOff}, std::move(why));
}

}  // namespace nutmqtt::fault_matrix::cells

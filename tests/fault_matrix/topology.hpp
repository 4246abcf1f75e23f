#pragma once
// The hosts of a fault-matrix cell, as data: each host has a name, an address on the cell's LAN
// and the services it runs. A service names the hosts it talks to (the bridge its NUT servers
// and its broker, an agent its broker), and the lab turns names into addresses, so a larger
// setup - two brokers, two bridges, agents that know both brokers - is more entries here, not
// more code in the lab.

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace nutmqtt::fault_matrix {

// upsd with one dummy-ups UPS (the NAS's NUT server).
struct nut_server_spec {
  std::string name = "upsd";
  std::string ups = "ups";  // the NUT name (a Synology calls its UPS "ups")
};

// /lib/nut/upsmon as the NUT primary of a server (the NAS's own upsmon).
struct upsmon_primary_spec {
  std::string name = "upsmon";
  std::string server = "nas";  // host running the upsd it watches
  int hostsync_s = 15;         // upsmon's default
};

// mosquitto.
struct broker_spec {
  std::string name = "mosquitto";
  // Debian's mosquitto.conf keeps a persistence file, saved when mosquitto stops (and every 30
  // minutes): what a SIGKILL loses, a clean restart keeps.
  bool persistence = true;
  // Not empty: the host of another broker this one joins with mosquitto's bridge (one link,
  // configured on this side only, carrying the base topic both ways at QoS 1), as
  // docs/larger-sites.md's "two mosquitto brokers joined by mosquitto's bridge" does.
  std::string join;
};

// nutmqtt-bridge.
struct bridge_spec {
  std::string name = "bridge";
  std::string id = "home";
  std::vector<std::string> nut_servers = {"nas"};  // hosts running upsd
  std::vector<std::string> brokers = {"broker"};   // hosts running mosquitto, in failover order
  std::string ups_id = "nas";
  bool login = true;  // holds a LOGIN, so that a NUT primary waits for the agents
  std::string status_interval = "500ms";
  std::string timeout = "2s";
  std::string keepalive = "5s";
  std::string hostsync = "10s";
  bool sign = false;
  // libfaketime's offset of the bridge's CLOCK_REALTIME ("+20s", "-2m"); empty: the true time.
  std::string clock_offset;
};

// nutmqtt-shutdown-agent, with a CMDSCRIPT that records its calls (its power-off and
// shutdowncritical call --fsd, as config/upssched-cmd.example does) and a shutdown command that
// only writes a timestamp.
struct agent_spec {
  std::string id;
  std::vector<std::string> brokers = {"broker"};  // in failover order
  std::string ups_id = "nas";
  std::string deadtime = "15s";
  std::string final_delay = "1s";
  std::string power_off = "20s";  // AT ONBATT START-TIMER power-off
  std::string keepalive = "5s";
  bool verify = false;  // act only on payloads signed with the bridge's key
  // How long the CMDSCRIPT's onbatt takes (a notification waiting on a slow server).
  int onbatt_seconds = 0;
  // The CMDSCRIPT is also run at COMMBAD and COMMOK (and records them, as every call), so that
  // a cell can tell whether the agent lost the UPS.
  bool record_comm = false;
};

using service_spec =
    std::variant<nut_server_spec, upsmon_primary_spec, broker_spec, bridge_spec, agent_spec>;

// The name faults refer to a service by (an agent's is its id).
std::string service_name(const service_spec& s);

struct host_spec {
  std::string name;
  std::string address;  // on the LAN (a /24)
  std::vector<service_spec> services;
};

struct topology {
  std::vector<host_spec> hosts;

  host_spec& host(const std::string& name);
  const host_spec& host(const std::string& name) const;
  const std::string& address_of(const std::string& host_name) const;
  // The host a service runs on.
  const host_spec& host_of(const std::string& service) const;
  service_spec& service(const std::string& name);
  const service_spec& service(const std::string& name) const;
  template <typename Spec>
  Spec& get(const std::string& name) {
    return std::get<Spec>(service(name));
  }
  template <typename Spec>
  const Spec& get(const std::string& name) const {
    return std::get<Spec>(service(name));
  }
  // Every service of one kind, in host order.
  template <typename Spec>
  std::vector<const Spec*> all() const {
    std::vector<const Spec*> out;
    for (const auto& h : hosts)
      for (const auto& s : h.services)
        if (const auto* p = std::get_if<Spec>(&s)) out.push_back(p);
    return out;
  }

  // What is wrong with it (duplicate names or addresses, a service naming a host that does not
  // exist or runs no such service); empty when it can be built.
  std::vector<std::string> problems() const;
};

// The usual home: the NAS (upsd + dummy-ups), a broker, the bridge and two Raspberry Pis with
// agents (pi1 with final_delay 1s, pi2 with 0s).
topology home_topology();

// Two of everything between the NAS and the agents, as docs/larger-sites.md describes: brokers
// "broker" (mosquitto) and "broker2" (mosquitto2, joined to the first by mosquitto's bridge,
// both without persistence), bridges "bridge" (nas-bridge-a, brokers 1 then 2) and "bridge2"
// (nas-bridge-b, brokers 2 then 1) watching the same UPS under the same id, pi1 (brokers 1, 2)
// and pi2 (brokers 2, 1), whose CMDSCRIPTs record COMMBAD and COMMOK.
topology redundant_topology();

}  // namespace nutmqtt::fault_matrix

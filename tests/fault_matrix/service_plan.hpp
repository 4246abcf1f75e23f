#pragma once
// What running one service of a topology takes: the files to write into its directory (its
// configuration, scripts) and the processes to start, in order, inside its host's namespace.
// Pure: it reads the topology (for the addresses of the hosts a service talks to) and returns
// text, so that what the matrix runs can be checked without running it.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "fault_matrix/topology.hpp"

namespace nutmqtt::fault_matrix {

// Ports are the services' defaults: every host has an address of its own.
inline constexpr int kNutPort = 3493;
inline constexpr int kMqttPort = 1883;
// The programs' default mqtt.base_topic.
inline constexpr const char* kBaseTopic = "ups";
// The link a broker on `host` opens to the broker it joins on `joined`: its `connection` name
// and its client id on the other broker.
inline std::string broker_link(const std::string& host, const std::string& joined) {
  return host + "-to-" + joined;
}

struct planned_file {
  std::string name;  // relative to the service's directory
  std::string text;
  bool executable = false;
};

struct planned_process {
  std::string name;  // "dummy-ups", "upsd", "mosquitto", ...
  std::vector<std::string> argv;
  std::map<std::string, std::string> env;
};

struct service_plan {
  std::vector<planned_file> files;
  std::vector<planned_process> processes;  // started in this order, stopped in reverse
};

struct plan_context {
  std::filesystem::path dir;       // the service's own directory
  std::filesystem::path key_file;  // the signing key shared by bridges and agents
  std::string libfaketime;         // path of libfaketimeMT.so.1, for a bridge with a clock offset
};

service_plan plan_service(const service_spec& spec, const topology& t, const plan_context& ctx);

// The shutdown command of every agent (and of the NUT primary): appends the time (seconds
// since the epoch) and its arguments to <dir>/shutdown-marker, and does nothing else.
inline constexpr const char* kShutdownMarker = "shutdown-marker";
// The agents' CMDSCRIPT appends "time|name|UPSNAME|NOTIFYTYPE" to <dir>/calls (COMMBAD and
// COMMOK among them with agent_spec::record_comm).
inline constexpr const char* kCalls = "calls";

// Where Debian's libfaketime keeps its multi-threaded preload library, or "" when not installed.
std::string find_libfaketime();

}  // namespace nutmqtt::fault_matrix

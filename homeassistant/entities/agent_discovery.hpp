#pragma once
// Home Assistant discovery for a shutdown agent: its host as a device with
//   sensor "Shutdown in"              seconds left before the host goes down (unknown: none due)
//   binary_sensor "Shutdown pending"  on while a shutdown is under way or counting down
//   sensor "State"                    the agent's situation in words
//   binary_sensor "Connectivity"      from the agent's last will; never unavailable itself
// all read from the agent's retained state (<base>/_agent/<id>/state), whose `online` the last
// will turns false: the other three are unavailable then. Pure, like build_ups_discovery.

#include <string>
#include <vector>

#include "common/topics.hpp"
#include "homeassistant/discovery/discovery_types.hpp"

namespace nutmqtt::ha {

struct agent_identity {
  std::string id;  // the agent id (its topics' level)
  std::string version;
};

// "nutmqtt-agent/<agent id>": the agent device's identifier, stem of its unique ids.
std::string agent_device_identifier(std::string_view agent_id);
// Its discovery node id ("nutmqtt-agent_<id>"), apart from the bridge's and the UPSes'.
std::string agent_node_id(std::string_view agent_id);

std::vector<discovery_message> build_agent_discovery(const agent_identity& agent,
                                                     const discovery_settings& settings,
                                                     const common::topic_scheme& topics);

// Every config topic build_agent_discovery can produce for `agent`, in both discovery modes
// (to clear the other mode's leftovers after the user switched).
std::vector<std::string> agent_discovery_topics(const agent_identity& agent,
                                                const discovery_settings& settings);

}  // namespace nutmqtt::ha

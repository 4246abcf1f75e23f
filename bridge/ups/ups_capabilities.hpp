#pragma once
// What Home Assistant is offered besides the variables: the UPS's description, the instant
// commands it lists that the configuration allows, and the writable variables it lists that the
// configuration allows, typed by GET TYPE (with LIST ENUM / LIST RANGE where they apply).
// Nothing is asked that the allow-lists make useless.

#include <functional>
#include <string>
#include <vector>

#include "bridge/commands/command_request.hpp"
#include "bridge/nut/nut_replies.hpp"
#include "bridge/nut/server_poller.hpp"
#include "homeassistant/discovery/discovery_types.hpp"

namespace nutmqtt::bridge {

struct ups_capabilities {
  std::string description;
  std::vector<std::string> commands;
  std::vector<ha::writable_variable> writables;
};

// `done` gets the capabilities, or nothing when the connection failed on the way (the owner
// asks again after the next connect).
void fetch_capabilities(server_poller& server, const std::string& nut_name,
                        const command_policy& policy,
                        std::function<void(std::optional<ups_capabilities>)> done);

// A writable variable from what upsd said of it.
ha::writable_variable describe_writable(
    const std::string& name, const nut::var_type& type, const std::vector<std::string>& enum_values,
    const std::vector<std::pair<std::string, std::string>>& ranges);

}  // namespace nutmqtt::bridge

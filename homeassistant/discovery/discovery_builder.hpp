#pragma once
// Home Assistant MQTT discovery payloads for one UPS and for the bridge, in device-based or
// per-entity mode. Pure: values in, retained messages out; the caller publishes them (through a
// discovery_tracker, which sends only what changed).

#include <vector>

#include "common/topics.hpp"
#include "homeassistant/discovery/discovery_types.hpp"

namespace nutmqtt::ha {

// Per UPS: a sensor per variable, "Status" in words, binary sensors for mains power, low battery,
// charging, replace battery, overload, bypass and forced shutdown, an event entity for upsmon's
// events, a button per offered instant command and a number/select/text per offered writable
// variable. All are available only while both the bridge and the UPS report "online".
std::vector<discovery_message> build_ups_discovery(const ups_snapshot& ups,
                                                   const bridge_identity& bridge,
                                                   const discovery_settings& settings,
                                                   const common::topic_scheme& topics);

// The bridge's own device: a connectivity binary sensor on its availability topic and a
// diagnostic sensor with its version (from the retained info JSON).
std::vector<discovery_message> build_bridge_discovery(const bridge_identity& bridge,
                                                      const discovery_settings& settings,
                                                      const common::topic_scheme& topics);

}  // namespace nutmqtt::ha

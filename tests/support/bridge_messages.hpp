#pragma once
// What a bridge publishes, built for the tests and benchmarks that play the bridge's part in
// front of a shutdown agent: an event as the bridge sends it, and the states of made-up UPSes
// for floods.

#include <cstdint>
#include <string>

#include "common/event_types.hpp"

namespace nutmqtt::test {

// The event JSON of `ups` (bridge "home", server 127.0.0.1:3493), as on <base>/<ups>/event.
std::string bridge_event(common::event_type type, const std::string& ups, const std::string& status,
                         std::uint64_t seq, const std::string& boot = "b1");

// The state of the made-up UPS `ups`, number `i` of a flood: a valid state document whose
// status and bridge vary with `i`. `status` empty: "OB LB" or "FSD OL" in turn (critical ones).
std::string made_up_state(const std::string& ups, int i, const std::string& status = "");

}  // namespace nutmqtt::test

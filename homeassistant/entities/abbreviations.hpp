#pragma once
// Home Assistant accepts abbreviated discovery keys ("stat_t" for "state_topic") and a "~" base
// topic. Whoever reads retained configs back (the tracker, the test validator) expands them
// first, so that it handles what any publisher may have written.

#include <nlohmann/json.hpp>

namespace nutmqtt::ha {

// Full key names everywhere: at the top, in the device and origin blocks, in availability
// entries and in each device-based component; "~" substituted into *_topic values. Anything
// that is not an object is returned unchanged.
nlohmann::json expand_abbreviations(const nlohmann::json& payload);

}  // namespace nutmqtt::ha

#pragma once
// What the discovery builder reads from a UPS snapshot, condensed into one value: two snapshots
// with equal fingerprints produce equal configs. Measurements drift every poll but change no
// config, so the bridge rebuilds a UPS's configs only when its fingerprint changes.

#include <cstdint>

#include "homeassistant/discovery/discovery_types.hpp"

namespace nutmqtt::ha {

std::uint64_t discovery_fingerprint(const ups_snapshot& ups);

}  // namespace nutmqtt::ha

#pragma once
// A generated UPS that looks like a real line-interactive 1500 VA unit on a usbhid-ups driver:
// about 65 variables, the usual writable ones with their metadata (STRING, ENUM, RANGE) and the
// usual instant commands. `seed` varies serial numbers, load, runtime and voltages from one UPS
// to the next, deterministically.

#include <cstdint>
#include <string>

#include "fake_upsd/ups_model.hpp"

namespace nutmqtt::fake_upsd {

ups_model realistic_ups(std::string name, std::uint64_t seed, std::string description = {});

}  // namespace nutmqtt::fake_upsd

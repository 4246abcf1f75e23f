#pragma once
// RapidCheck generators for the agent's scenarios: configurations like users write them
// (1-4 UPSes, power values, "*", MINSUPPLIES, DEADTIME, FINALDELAY including 0, upssched rules
// with 0 s timers) and the things that happen to a running system, weighted towards the
// everyday (time passing, status changes) with every fault among them.

#include <rapidcheck.h>

#include "property/agent/scenario.hpp"

namespace nutmqtt::agent::property {

rc::Gen<scenario_config> gen_config();
rc::Gen<step> gen_step();
rc::Gen<scenario> gen_scenario();

}  // namespace nutmqtt::agent::property

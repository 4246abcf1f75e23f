#pragma once
// Plays a generated scenario against the agent's pure decision logic (agent_logic), the way the
// real daemon drives it: the bridge's messages as mosquitto delivers them (live, queued in the
// agent's persistent session while it is away, retained copies after each connect, then the
// agent's sync marker), the agent's restarts through its saved memory, and on_time() called
// exactly at the deadlines the agent asks for. At every instant the agent's decisions are
// compared with the oracles; each broken invariant is a finding named after its property.

#include <string>
#include <vector>

#include "property/agent/scenario.hpp"

namespace nutmqtt::agent::property {

// The invariants, one name each (the property tests check one each).
inline constexpr const char* kCommandOnce = "the shutdown command runs at most once";
inline constexpr const char* kNoSpuriousShutdown = "no shutdown unless one is due";
inline constexpr const char* kShutdownWhenDue = "a shutdown begins when it is due";
inline constexpr const char* kCommandRuns = "a shutdown begun runs its command after final_delay";
inline constexpr const char* kRulesAsDocumented =
    "rules act once per change of what is known, timers fire at their deadline";
inline constexpr const char* kCommAlternates = "COMMBAD and COMMOK alternate per UPS";
inline constexpr const char* kNoBusyLoop = "the agent's next deadline always moves on";

struct finding {
  std::string property;
  std::string what;
};

struct run_result {
  std::vector<finding> findings;
  std::string trace;  // every step and what the agent did, for a failure message
  bool shut_down = false;
  std::size_t scripts = 0;

  bool broke(const char* property) const;
  // The first finding about `property`, with the trace.
  std::string report(const char* property) const;
};

run_result simulate(const scenario& s);

}  // namespace nutmqtt::agent::property

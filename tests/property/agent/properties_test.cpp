// The agent's safety properties, each checked on generated scenarios (generators.hpp) against
// the oracles written from NUT's documentation (oracle.hpp, rule_oracle.hpp). A failing case is
// printed shrunk, as steps a regression test can copy (regressions_test.cpp).

#include <doctest/doctest.h>

#include "property/agent/check_property.hpp"
#include "property/agent/generators.hpp"
#include "property/agent/simulation.hpp"

using namespace nutmqtt::agent::property;

namespace {

// Checks one invariant on every generated scenario.
void holds(const char* property) {
  check_property(property, [property] {
    const scenario s = *gen_scenario();
    const run_result r = simulate(s);
    RC_CLASSIFY(r.shut_down, "shut down");
    RC_CLASSIFY(r.scripts > 0, "ran scripts");
    if (r.broke(property)) RC_FAIL(r.report(property));
  });
}

}  // namespace

TEST_CASE("property: the shutdown command runs at most once, across restarts") {
  holds(kCommandOnce);
}

TEST_CASE("property: no shutdown unless upsmon's rules say one is due") {
  holds(kNoSpuriousShutdown);
}

TEST_CASE("property: a shutdown begins as soon as upsmon's rules say it is due") {
  holds(kShutdownWhenDue);
}

TEST_CASE("property: a shutdown begun always runs its command, after final_delay") {
  holds(kCommandRuns);
}

TEST_CASE("property: rules act once per change of what is known, timers fire at their deadline") {
  holds(kRulesAsDocumented);
}

TEST_CASE("property: COMMBAD and COMMOK alternate for each UPS") {
  holds(kCommAlternates);
}

TEST_CASE("property: the agent never spins on a deadline that does not move") {
  holds(kNoBusyLoop);
}

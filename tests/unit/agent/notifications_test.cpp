// Which events the agent's logic raises for notify.flags (syslog, wall, NOTIFYCMD): every
// event it acts on, whether or not a rule matches it, once.

#include <doctest/doctest.h>

#include "common/ups_status.hpp"
#include "shutdown-agent/logic/agent_logic.hpp"
#include "unit/agent/agent_test_helpers.hpp"

using namespace nutmqtt;
using namespace nutmqtt::agent;
using namespace nutmqtt::agent::testing;
using namespace std::chrono_literals;

namespace {

agent_logic make_logic() {
  agent_logic::settings s;  // no rules at all: notifications do not depend on them
  s.supplies.monitor = {{"nas", 1}};
  s.supplies.deadtime = 15s;
  s.final_delay = 5s;
  return agent_logic(std::move(s));
}

std::uint64_t next_seq = 1;

common::event_message event(common::event_type type, std::string status) {
  common::event_message e;
  e.type = type;
  e.ups = "nas";
  e.status = std::move(status);
  e.bridge = "home";
  e.boot = "b1";
  e.seq = next_seq++;
  e.time = w0;
  return e;
}

std::vector<std::string> raised(const logic_effects& fx) {
  std::vector<std::string> out;
  for (const auto& n : fx.notifications)
    out.push_back(n.type + "/" + n.ups);
  return out;
}

}  // namespace

TEST_CASE("each event acted on is raised once, with or without rules") {
  auto logic = make_logic();
  auto fx = logic.on_event(event(common::event_type::onbatt, "OB"), t0);
  CHECK(raised(fx) == std::vector<std::string>{"ONBATT/nas"});
  CHECK(fx.notifications[0].message == "UPS nas on battery");
  // The same news again (a restarted bridge announcing it) is not raised again.
  CHECK(raised(logic.on_event(event(common::event_type::onbatt, "OB"), t0 + 1s)).empty());
  CHECK(raised(logic.on_event(event(common::event_type::replbatt, "OB RB"), t0 + 2s)) ==
        std::vector<std::string>{"REPLBATT/nas"});
}

TEST_CASE("events learned from a state, losses and the shutdown are raised too") {
  auto logic = make_logic();
  common::state_message s;
  s.ups = "nas";
  s.status = "OB CAL";
  s.flags = common::split_status(s.status);
  s.time = w0;
  s.bridge = "home";
  s.boot = "b1";
  CHECK(raised(logic.on_state("nas", &s, t0, w0)) ==
        std::vector<std::string>{"ONBATT/nas", "CAL/nas"});
  auto fx = logic.on_fsd_request("test", t0 + 1s);
  CHECK(raised(fx) == std::vector<std::string>{"SHUTDOWN/"});
  CHECK(fx.notifications.back().message == "Auto logout and shutdown proceeding");
  auto other = make_logic();
  other.on_event(event(common::event_type::online, "OL"), t0);
  CHECK(raised(other.on_availability("nas", false, t0 + 1s)) ==
        std::vector<std::string>{"COMMBAD/nas"});
}

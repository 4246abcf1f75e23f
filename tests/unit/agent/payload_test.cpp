// What the agent accepts from <base>/<ups>/event: only well-formed events of known types.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "common/event_message.hpp"
#include "shutdown-agent/logic/agent_messages.hpp"

using namespace nutmqtt;

namespace {

nlohmann::json good() {
  return {{"event_type", "ONBATT"},
          {"ups", "nas"},
          {"status", "OB"},
          {"time", "2026-11-24T10:15:02.512Z"},
          {"bridge", "home"},
          {"seq", 17},
          {"boot", "b1"}};
}

}  // namespace

TEST_CASE("event payloads are validated before anything acts on them") {
  CHECK(common::parse_event_message(good().dump()));
  CHECK(common::parse_event_message("garbage").error == "not valid JSON");
  auto j = good();
  j.erase("seq");
  CHECK(common::parse_event_message(j.dump()).error == "missing field \"seq\"");
  j = good();
  j["event_type"] = "REBOOT";
  CHECK(common::parse_event_message(j.dump()).error.find("unknown event_type") == 0);
  j = good();
  j["ups"] = "a b; rm -rf /";
  CHECK_FALSE(common::parse_event_message(j.dump()));
  j = good();
  j["message"] = std::string(70 * 1024, 'x');
  CHECK(common::parse_event_message(j.dump()).error.find("larger than") != std::string::npos);
}

TEST_CASE("the agent's state and event JSON carry what consumers need") {
  agent::agent_snapshot s;
  s.agent = "pi";
  s.monitored = {"nas"};
  s.now = agent::time_point{} + std::chrono::seconds(10);
  s.timers.push_back({"power-off",
                      agent::time_point{} + std::chrono::seconds(70),
                      std::chrono::seconds(60),
                      {"ONBATT", "nas", "UPS nas on battery"}});
  s.critical = {{"nas", "FSD is set"}};
  s.shutting_down = true;
  s.shutdown_reason = "why";
  auto state = nlohmann::json::parse(agent::agent_state_json(s));
  CHECK(state["agent"] == "pi");
  CHECK(state["online"] == true);
  CHECK(state["timers"][0]["name"] == "power-off");
  CHECK(state["timers"][0]["seconds_left"] == 60.0);
  CHECK(state["critical"][0]["ups"] == "nas");
  CHECK(state["shutting_down"] == true);
  CHECK(state.contains("version"));
  CHECK(state.contains("time"));
  auto ev =
      nlohmann::json::parse(agent::agent_event_json({{"action", "timer_started"}}, "pi", true, {}));
  CHECK(ev["agent"] == "pi");
  CHECK(ev["action"] == "timer_started");
  CHECK(ev["dry_run"] == true);
}

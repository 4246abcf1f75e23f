// The agent against a real broker: upsmon's critical rules, COMMBAD/COMMOK and --fsd.

#include <doctest/doctest.h>

#include "agent_fixture.hpp"
#include "support/child_process.hpp"

using namespace nutmqtt;
using namespace nutmqtt::test;
using common::event_type;

TEST_CASE("OB LB: shutdowncritical runs and the shutdown command runs exactly once") {
  agent_fixture f;
  f.publish_event(event_type::onbatt, "OB DISCHRG", 1);
  f.publish_event(event_type::lowbatt, "OB LB DISCHRG", 2);
  REQUIRE(f.wait_for_call("shutdowncritical|nas|LOWBATT|UPS nas battery is low|"));
  REQUIRE(f.wait_for_shutdown());
  CHECK(read_file(f.dir() / "shutdown-marker") == "shutdown -h\n");
  // More bad news changes nothing: the command never runs twice.
  f.publish_event(event_type::fsd, "FSD OB LB", 3);
  REQUIRE(f.wait_for_action("shutdown_command_finished", "", ""));
  std::this_thread::sleep_for(1s);
  CHECK(f.shutdowns() == 1);
  auto state = f.probe().latest("ups/_agent/testhost/state");
  REQUIRE(state);
  CHECK(state->find("\"shutting_down\":true") != std::string::npos);
}

TEST_CASE("FSD shuts the host down") {
  agent_fixture f;
  f.publish_event(event_type::fsd, "FSD OL", 1);
  REQUIRE(f.wait_for_shutdown());
  CHECK(f.wait_for_action("shutdown", "", ""));
}

TEST_CASE("the bridge going offline while on battery shuts down after deadtime") {
  agent_fixture f;
  f.publish("ups/_bridge/home/availability", "online");
  f.publish_event(event_type::onbatt, "OB DISCHRG", 1);
  REQUIRE(f.wait_for_action("timer_started", "timer", "power-off"));
  f.publish("ups/_bridge/home/availability", "offline");
  REQUIRE(f.wait_for_action("commbad", "source", "bridge availability"));
  REQUIRE(f.wait_for_shutdown());
  CHECK(f.agent().wait_for_log("not heard from for more than 2s", 5s));
}

TEST_CASE("a UPS going offline while on line power starts upsgone - its return cancels it") {
  agent_fixture f;
  f.publish("ups/nas/availability", "online");
  f.publish_event(event_type::online, "OL", 1);
  REQUIRE(f.wait_for_call("power-on|"));
  f.publish("ups/nas/availability", "offline");
  REQUIRE(f.wait_for_action("timer_started", "timer", "upsgone"));
  // The bridge's own COMMBAD for the same loss does not start anything twice.
  f.publish_event(event_type::commbad, "", 2);
  f.publish("ups/nas/availability", "online");
  REQUIRE(f.wait_for_action("timer_cancelled", "timer", "upsgone"));
  CHECK(f.agent().count_in_log("\"action\":\"commbad\"") == 1);
  CHECK(f.agent().wait_for_log("COMMBAD for nas was already announced", 5s));
  CHECK(f.shutdowns() == 0);
}

TEST_CASE("--fsd from a script asks the running agent to shut down") {
  agent_options o;
  o.rules = R"(
  - { at: ONBATT, ups: "*", execute: fsd }
)";
  agent_fixture f(o);
  f.publish_event(event_type::onbatt, "OB", 1);
  REQUIRE(f.wait_for_shutdown());
  CHECK(f.agent().wait_for_log("forced shutdown requested through the control socket", 5s));
  CHECK(f.wait_for_action("script_finished", "argument", "fsd"));
}

TEST_CASE("--fsd run by hand finds the agent through -c FILE") {
  agent_fixture f;
  auto r = run(
      {program_path("nutmqtt-shutdown-agent"), "-c", (f.dir() / "agent.yaml").string(), "--fsd"},
      20s);
  CHECK(r.status == 0);
  CHECK(r.output.find("OK shutting down") != std::string::npos);
  CHECK(f.wait_for_shutdown());
}

TEST_CASE("--fsd with no agent running fails clearly") {
  temp_dir dir;
  auto r = run({program_path("nutmqtt-shutdown-agent"), "--fsd"}, 20s,
               {{"NUTMQTT_CONTROL_SOCKET", (dir / "none.sock").string()}});
  CHECK(r.status == 1);
  CHECK(r.output.find("no nutmqtt-shutdown-agent is running") != std::string::npos);
  CHECK(r.output.find((dir / "none.sock").string()) != std::string::npos);
}

TEST_CASE("exit_after: the agent leaves that long after the shutdown command, or never") {
  agent_options o;
  o.shutdown_extra = ", exit_after: 2s";
  agent_fixture f(o);
  f.publish_event(event_type::fsd, "FSD OL", 1);
  REQUIRE(f.wait_for_action("shutdown_command_finished", "", ""));
  // Still there (online, shutting down) until exit_after has passed, then gone for good.
  CHECK(f.online());
  REQUIRE(f.agent().wait_for_log("leaving in 2s after the shutdown command", 5s));
  auto status = f.agent().process().wait_exit(10s);
  REQUIRE(status);
  CHECK(*status == 0);
  REQUIRE(wait_until([&] { return !f.online(); }, 5s));
  auto state = f.agent_state();
  CHECK(state["shutting_down"] == true);
  CHECK(state.value("shutdown_reason", "").find("FSD is set") != std::string::npos);

  agent_options stay;
  stay.shutdown_extra = ", exit_after: never";
  agent_fixture g(stay);
  g.publish_event(event_type::fsd, "FSD OL", 1);
  REQUIRE(g.wait_for_action("shutdown_command_finished", "", ""));
  std::this_thread::sleep_for(3s);
  CHECK(g.agent().process().running());
  CHECK(g.online());
}

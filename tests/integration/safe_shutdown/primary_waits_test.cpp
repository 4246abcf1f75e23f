#include <signal.h>

#include <doctest/doctest.h>

#include "safe_shutdown_fixture.hpp"

using namespace nutmqtt::test;

namespace {

nut_server::options ups_named_ups() {
  nut_server::options o;
  o.ups.push_back(dummy_ups{"ups", dev_text({{"ups.status", "OL"}, {"battery.charge", "100"}})});
  return o;
}

struct setup {
  mosquitto_broker broker;
  nut_server nut;
  temp_dir dir;
  std::unique_ptr<daemon_process> bridge;
  std::unique_ptr<daemon_process> pi1;
  std::unique_ptr<daemon_process> pi2;

  setup(bool login, const std::string& hostsync, const std::string& delay1,
        const std::string& delay2)
      : nut(ups_named_ups()) {
    nut.start();
    dir.write("stamp", kTimestampScript, std::filesystem::perms::owner_all);
    bridge = std::make_unique<daemon_process>(dir, "bridge", "nutmqtt-bridge",
                                              bridge_config(broker.port(), nut, login, hostsync));
    pi1 = std::make_unique<daemon_process>(dir, "pi1", "nutmqtt-shutdown-agent",
                                           agent_config("pi1", broker.port(), dir, delay1));
    pi2 = std::make_unique<daemon_process>(dir, "pi2", "nutmqtt-shutdown-agent",
                                           agent_config("pi2", broker.port(), dir, delay2));
    mqtt_probe probe(broker.port(), {"ups/#"});
    REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 20s));
    REQUIRE(wait_until(
        [&] {
          auto a = probe.latest("ups/_agent/pi1/state"), b = probe.latest("ups/_agent/pi2/state");
          return a && b && a->find("\"online\":true") != std::string::npos &&
                 b->find("\"online\":true") != std::string::npos;
        },
        20s));
  }

  // The host of an agent goes dark right after its shutdown command ran.
  double power_off_when_done(daemon_process& agent, const std::string& id) {
    REQUIRE(wait_until([&] { return timestamp(dir, id).has_value(); }, 30s, 50ms));
    agent.process().signal(SIGKILL);
    agent.process().wait_exit(5s);
    return now_seconds();
  }
};

}  // namespace

TEST_CASE("with login: true the NUT primary cuts the power only after both agents shut down") {
  if (skip_without_root()) return;
  setup s(true, "60s", "1s", "3s");
  REQUIRE(s.bridge->wait_for_log("logged in to ups on", 10s));
  upsmon_primary primary(s.nut, s.dir, 60);
  // The primary, and the bridge on behalf of the agents.
  REQUIRE(wait_until([&] { return s.nut.numlogins("ups") == 2; }, 20s, 100ms));

  const double flip = now_seconds();
  s.nut.set_var("ups", "ups.status", "OB LB");
  const double pi1_dark = s.power_off_when_done(*s.pi1, "pi1");
  const double pi2_dark = s.power_off_when_done(*s.pi2, "pi2");
  REQUIRE(wait_until([&] { return timestamp(s.dir, "primary").has_value(); }, 40s, 50ms));
  const double primary_down = *timestamp(s.dir, "primary");
  CHECK(*timestamp(s.dir, "pi1") < primary_down);
  CHECK(*timestamp(s.dir, "pi2") < primary_down);
  CHECK(std::max(pi1_dark, pi2_dark) <= primary_down + 0.5);
  // Released by the bridge once the agents were gone, not by the primary's HOSTSYNC (60 s).
  CHECK(primary_down - flip < 45);
  CHECK(s.bridge->wait_for_log("every agent is down", 5s));
  CHECK(s.bridge->log().find("agent pi1 is shutting its host down") != std::string::npos);
  CHECK(s.bridge->log().find("agent pi2 went offline after") != std::string::npos);
}

TEST_CASE("without login: true the primary does not wait for the agents") {
  if (skip_without_root()) return;
  setup s(false, "60s", "8s", "8s");
  upsmon_primary primary(s.nut, s.dir, 60);
  REQUIRE(wait_until([&] { return s.nut.numlogins("ups") == 1; }, 20s, 100ms));
  s.nut.set_var("ups", "ups.status", "OB LB");
  REQUIRE(wait_until([&] { return timestamp(s.dir, "primary").has_value(); }, 30s, 50ms));
  REQUIRE(wait_until([&] { return timestamp(s.dir, "pi1").has_value(); }, 30s, 50ms));
  // The primary went first: nothing made it wait for the agents' 8 s final delay.
  CHECK(*timestamp(s.dir, "primary") < *timestamp(s.dir, "pi1"));
}

TEST_CASE("the bridge's hostsync bounds the wait for an agent that never goes down") {
  if (skip_without_root()) return;
  setup s(true, "4s", "1s", "1s");
  REQUIRE(s.bridge->wait_for_log("logged in to ups on", 10s));
  upsmon_primary primary(s.nut, s.dir, 60);
  REQUIRE(wait_until([&] { return s.nut.numlogins("ups") == 2; }, 20s, 100ms));
  const double flip = now_seconds();
  s.nut.set_var("ups", "ups.status", "OB LB");
  // The agents run their shutdown command but their hosts stay up (the agents stay online).
  REQUIRE(wait_until([&] { return timestamp(s.dir, "primary").has_value(); }, 40s, 50ms));
  CHECK(*timestamp(s.dir, "primary") - flip < 20);
  CHECK(s.bridge->wait_for_log("hostsync (4s) passed with", 5s));
}

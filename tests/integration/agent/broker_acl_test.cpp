// config/mosquitto-acl.example on a real mosquitto: only the bridge writes the UPS topics.

#include <doctest/doctest.h>

#include "agent_fixture.hpp"
#include "common/event_message.hpp"
#include "integration/bridge/bridge_fixture.hpp"
#include "support/child_process.hpp"

using namespace nutmqtt;
using namespace nutmqtt::test;

namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// The example ACL with the test's agent id, and a password file with the three accounts.
mosquitto_broker::options locked_down(const temp_dir& dir) {
  auto example =
      read_file(std::filesystem::path(NUTMQTT_SOURCE_DIR) / "config/mosquitto-acl.example");
  auto acl = dir.write("nutmqtt.acl", replace_all(example, "raspberrypi", "testhost"));
  const auto passwd = (dir / "passwd").string();
  const std::vector<std::pair<std::string, std::string>> accounts = {
      {"nutmqtt-bridge", "bridgepw"}, {"testhost", "agentpw"}, {"homeassistant", "hapw"}};
  bool first = true;
  for (const auto& [user, password] : accounts) {
    std::vector<std::string> argv = {"mosquitto_passwd"};
    if (first) argv.push_back("-c");
    argv.insert(argv.end(), {"-b", passwd, user, password});
    auto r = run(argv, 10s);
    REQUIRE_MESSAGE(r.status == 0, r.output);
    first = false;
  }
  mosquitto_broker::options o;
  o.allow_anonymous = false;
  o.extra_conf = "password_file " + passwd + "\nacl_file " + acl.string() + "\n";
  return o;
}

}  // namespace

TEST_CASE("broker ACL: an agent's account cannot publish a fake event, the bridge can") {
  temp_dir conf;
  mosquitto_broker broker(locked_down(conf));
  nut_server nut(one_ups(simple_dev()));
  nut.start();
  temp_dir bridge_dir;
  daemon_process bridge(bridge_dir, "bridge", "nutmqtt-bridge",
                        fmt::format(R"(bridge: {{ id: home }}
mqtt: {{ url: "{}", username: nutmqtt-bridge, password: bridgepw }}
poll: {{ status_interval: 200ms, vars_interval: 1s, timeout: 1s }}
nut:
)",
                                    broker.url()) +
                            server_entry(nut, "dummy", "nas"));
  agent_options o;
  o.rules = R"(
  - { at: ONBATT, ups: "*", execute: onbatt }
)";
  o.mqtt_extra = ", username: testhost, password: agentpw";
  o.probe_filters = {"ups/#"};
  o.probe_login = {"homeassistant", "hapw"};
  agent_fixture a(broker, o);  // its state shows: it may write its own topics
  REQUIRE(a.probe().wait_for_latest("ups/nas/availability", "online", 20s));

  // Someone with the agent's password tries to pass for the bridge.
  mqtt_probe intruder(broker.port(), {"ups/#"}, {"testhost", "agentpw"});
  common::event_message fake;
  fake.type = common::event_type::fsd;
  fake.ups = "nas";
  fake.status = "FSD OB LB";
  fake.time = common::wall_clock::now();
  fake.bridge = "home";
  fake.seq = 1000;
  fake.boot = "forged";
  intruder.publish("ups/nas/event", common::to_json(fake));
  intruder.publish("ups/_bridge/home/availability", "offline", true);
  intruder.publish("ups/_agent/other/state", "{}", true);
  // Its own topics it may write: once this arrives, the others would have arrived before it.
  intruder.publish("ups/_agent/testhost/event", R"({"action":"intruder"})");
  REQUIRE(a.probe().wait_for(
      [](const received_message& m) {
        return m.topic == "ups/_agent/testhost/event" &&
               m.payload.find("intruder") != std::string::npos;
      },
      10s));
  CHECK(a.probe().messages_on("ups/nas/event").empty());
  CHECK(a.probe().latest("ups/_bridge/home/availability") == "online");
  CHECK_FALSE(a.probe().latest("ups/_agent/other/state"));
  CHECK(a.agent().count_in_log("event FSD") == 0);
  CHECK(a.shutdowns() == 0);

  // The bridge may.
  nut.set_var("dummy", "ups.status", "OB DISCHRG");
  REQUIRE(a.wait_for_call("onbatt|nas|ONBATT|"));
  CHECK_FALSE(a.probe().messages_on("ups/nas/event").empty());
  CHECK(a.shutdowns() == 0);
}

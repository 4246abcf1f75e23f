#include "bridge/bridge_config.hpp"

#include <doctest/doctest.h>

#include "common/config_reader.hpp"

using namespace nutmqtt::bridge;
using namespace std::chrono_literals;

namespace {

// Every problem the config produces, one per line.
std::string problems(const std::string& yaml) {
  try {
    parse_bridge_config(yaml, "bridge.yaml");
  } catch (const nutmqtt::common::config_error& e) {
    return e.what();
  }
  return "";
}

bool has(const std::string& all, const std::string& needle) {
  bool found = all.find(needle) != std::string::npos;
  if (!found) MESSAGE("looking for: " << needle << "\nin:\n" << all);
  return found;
}

}  // namespace

TEST_CASE("the documented example configuration reads back") {
  auto c = parse_bridge_config(R"(bridge:
  id: home
mqtt:
  url: tcp://127.0.0.1:1883
  username: bridge
  password: secret
nut:
  - host: 192.168.1.12
    port: 3493
    username: monuser
    password: secret
    tls: auto
    ups:
      - name: ups
        id: nas
  - host: 192.168.1.13
poll:
  status_interval: 500ms
  vars_interval: 5s
  timeout: 2s
events: { nocomm_interval: 60s, replbatt_interval: 1h, queue_limit: 50 }
commands: { instcmd: [beeper.mute], set: [battery.charge.low] }
log:
  level: debug
)",
                               "bridge.yaml");
  CHECK(c.id == "home");
  CHECK(c.mqtt.client_id == "nutmqtt-bridge-home");
  REQUIRE(c.servers.size() == 2);
  CHECK(c.servers[0].endpoint.label() == "192.168.1.12:3493");
  CHECK(c.servers[0].password.reveal() == "secret");
  CHECK(c.servers[0].ups.at(0).id == "nas");
  CHECK(c.servers[1].ups.empty());
  CHECK(c.poll.status_interval == 500ms);
  CHECK(c.events.nocomm_interval == 60s);
  CHECK(c.events.queue_limit == 50);
  CHECK(c.commands.instcmd == std::vector<std::string>{"beeper.mute"});
  auto dumped = YAML::Dump(to_yaml(c));
  CHECK(dumped.find("secret") == std::string::npos);
}

TEST_CASE("defaults: the UPS id is its NUT name, the bridge id the host name") {
  auto c = parse_bridge_config("nut: [ { host: h, ups: [ { name: ups } ] } ]\n", "b.yaml");
  CHECK(c.servers[0].ups[0].id == "ups");
  CHECK_FALSE(c.id.empty());
  CHECK(c.poll.vars_interval == 5s);
  CHECK(c.servers[0].endpoint.port == 3493);
  CHECK(c.servers[0].endpoint.tls == tls_mode::opportunistic);
}

TEST_CASE("every config error is reported at once with its line and column") {
  auto all = problems(R"(bridge:
  id: "a/b"
mqtt:
  qos: 7
nut:
  - host: h1
    port: 99999
    tls: sometimes
    ups:
      - name: ups
      - id: x
  - hots: h2
poll:
  status_interval: 2m
  vars_interval: fast
events: { queue_limit: 0 }
commands: { instcmd: ["load off"] }
lgo: {}
)");
  CHECK(has(all, "bridge.yaml:2:7: bridge.id: the bridge id must not contain '/'"));
  CHECK(has(all, "bridge.yaml:4:8: mqtt.qos: must be between 0 and 2"));
  CHECK(has(all, "bridge.yaml:7:11: nut[0].port: must be between 1 and 65535"));
  CHECK(has(all, "bridge.yaml:8:10: nut[0].tls: \"sometimes\" is not one of: auto, required, off"));
  CHECK(has(all, "bridge.yaml:11:9: nut[0].ups[1]: missing required key `name`"));
  CHECK(has(all, "nut[1]: missing required key `host`"));
  CHECK(has(all, "bridge.yaml:12:5: nut[1].hots: unknown key; did you mean `host`?"));
  CHECK(has(all, "bridge.yaml:14:20: poll.status_interval: must be between 100ms and 30s"));
  CHECK(has(all, "bridge.yaml:15:18: poll.vars_interval: expected a duration"));
  CHECK(has(all, "events.queue_limit: must be between 1 and 1000000"));
  CHECK(has(all, "commands.instcmd: \"load off\" is not a NUT command"));
  CHECK(has(all, "bridge.yaml:18:1: lgo: unknown key; did you mean `log`?"));
}

TEST_CASE("two UPSes with the same id are refused, naming both servers") {
  auto all = problems(R"(nut:
  - host: 192.168.1.12
    ups: [ { name: ups } ]
  - host: 192.168.1.13
    ups: [ { name: ups } ]
)");
  CHECK(has(all,
            "the UPS id `ups` is used by `ups` on 192.168.1.12:3493 (nut[0].ups[0]) and by "
            "`ups` on 192.168.1.13:3493 (nut[1].ups[0]); give one of them another `id:`"));
  CHECK(problems(R"(nut:
  - host: 192.168.1.12
    ups: [ { name: ups, id: nas1 } ]
  - host: 192.168.1.13
    ups: [ { name: ups, id: nas2 } ]
)")
            .empty());
}

TEST_CASE("ids and names that cannot be topics are refused with a way out") {
  CHECK(has(problems("nut: [ { host: h, ups: [ { name: _ups } ] } ]\n"),
            "\"_ups\" cannot be the UPS id on MQTT (must not start with '_'"));
  CHECK(has(problems("nut: [ { host: h, ups: [ { name: ups, id: \"a+b\" } ] } ]\n"),
            "nut[0].ups[0].id: the UPS id must not contain '+'"));
  CHECK(has(problems("nut: [ { host: h, ups: [ { name: \"a b\" } ] } ]\n"),
            "a NUT UPS name is printable text without blanks"));
  CHECK(has(problems("nut: []\n"), "list at least one NUT server"));
  CHECK(has(problems("{}\n"), "list at least one NUT server"));
  CHECK(has(problems("nut: [ { host: h }, { host: h, port: 3493 } ]\n"),
            "nut[0] and nut[1] are the same server (h:3493)"));
  CHECK(has(problems("nut: [ { host: h, password: x } ]\n"), "a password needs a username"));
  CHECK(has(problems("nut: [ { host: h, tls: off, tls_ca_file: /ca } ]\n"),
            "a CA file needs `tls: auto` or `tls: required`"));
}

TEST_CASE("login: true needs the server's credentials, and hostsync is read") {
  CHECK(has(problems("nut: [ { host: h, ups: [ { name: ups, login: true } ] } ]\n"),
            "ups[0] has `login: true`, which needs this server's username and password"));
  auto c = parse_bridge_config(
      "shutdown: { hostsync: 90s }\n"
      "nut: [ { host: h, username: monuser, password: secret, ups: [ { name: ups, login: true } ] "
      "} ]\n",
      "b.yaml");
  CHECK(c.servers[0].ups[0].login);
  CHECK(c.shutdown.hostsync == 90s);
  CHECK(has(problems("shutdown: { hostsync: 2h }\nnut: [ { host: h } ]\n"),
            "shutdown.hostsync: must be between 1s and 1h"));
}

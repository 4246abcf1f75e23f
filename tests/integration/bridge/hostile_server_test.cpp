// A hostile or broken upsd beside a healthy real one: whatever the hostile one sends, the
// bridge's memory stays bounded, the healthy server's changes keep reaching MQTT and the hostile
// one is retried at the backoff's pace. Memory is read from /proc; nothing here is timed.

#include <fstream>
#include <map>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "bridge_fixture.hpp"
#include "fake_upsd/fake_upsd.hpp"
#include "fake_upsd/realistic_ups.hpp"
#include "support/sanitized_build.hpp"

using namespace nutmqtt::test;
namespace fake = nutmqtt::fake_upsd;
using json = nlohmann::json;

namespace {

// Generous: the bridge needs a few MiB; without its limits these scenes took it to hundreds.
constexpr std::size_t kMemoryBoundKb = 96 * 1024;

// VmRSS and VmHWM of a process, in kB (0 when they cannot be read).
std::map<std::string, std::size_t> memory_of(pid_t pid) {
  std::map<std::string, std::size_t> out{{"VmRSS:", 0}, {"VmHWM:", 0}};
  std::ifstream status(fmt::format("/proc/{}/status", pid));
  std::string key;
  while (status >> key) {
    if (out.count(key) != 0) status >> out[key];
    status.ignore(1 << 16, '\n');
  }
  return out;
}

// Flips the healthy UPS's status `rounds` times; returns how many of the changes reached MQTT.
int healthy_changes_seen(nut_server& good, mqtt_probe& probe, int rounds,
                         std::chrono::milliseconds pause = 0ms) {
  int seen = 0;
  for (int i = 0; i < rounds; ++i) {
    const std::string status = i % 2 == 0 ? "OB DISCHRG" : "OL";
    good.set_var("dummy", "ups.status", status);
    if (probe.wait_for_latest("ups/nas/status", status, 10s)) ++seen;
    std::this_thread::sleep_for(pause);
  }
  return seen;
}

std::string fake_entry(int port, const std::string& lines) {
  return fmt::format("  - host: 127.0.0.1\n    port: {}\n{}", port, lines);
}

// The bridge's info entry for the server on `port` (null when there is none yet).
json server_info(const mqtt_probe& probe, int port) {
  auto payload = probe.latest("ups/_bridge/test/info");
  if (!payload || payload->empty()) return nullptr;
  const auto info = json::parse(*payload);
  for (const auto& s : info["servers"]) {
    if (s["server"] == fmt::format("127.0.0.1:{}", port)) return s;
  }
  return nullptr;
}

// Events of one type per UPS id.
std::map<std::string, int> events_per_ups(const mqtt_probe& probe, const std::string& type) {
  std::map<std::string, int> out;
  for (const auto& m : probe.messages()) {
    if (!m.topic.ends_with("/event") || m.payload.empty()) continue;
    auto e = json::parse(m.payload);
    if (e["event_type"] == type) ++out[e["ups"].get<std::string>()];
  }
  return out;
}

}  // namespace

TEST_CASE(
    "a upsd answering LIST VAR with 1.5 million lines: the bridge keeps max_vars of them, "
    "stays small, and the other server's changes keep arriving" *
    doctest::skip(kSanitized)) {
  mosquitto_broker broker;
  nut_server good(one_ups(simple_dev()));
  good.start();
  fake::server_options o;
  o.ups.push_back(fake::realistic_ups("rack", 1));
  o.mode = fake::misbehaviour::huge_list;
  o.huge_list_lines = 1'500'000;
  fake::fake_upsd bad(std::move(o));
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + "nut:\n" +
                            server_entry(good, "dummy", "nas") +
                            fake_entry(bad.port(), "    ups: [ { name: rack } ]\n"));
  mqtt_probe probe(broker.port(), {"ups/nas/#", "ups/rack/availability", "ups/_bridge/#"});
  REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));
  CHECK(bridge.wait_for_log("(limit `limits.max_vars`)", 30s));
  CHECK(healthy_changes_seen(good, probe, 6, 1s) == 6);
  auto memory = memory_of(bridge.process().pid());
  CAPTURE(memory["VmHWM:"]);
  CHECK(memory["VmHWM:"] > 0);
  CHECK(memory["VmHWM:"] < kMemoryBoundKb);
  CHECK(wait_until(
      [&] {
        auto s = server_info(probe, bad.port());
        return !s.is_null() && s["limits_hit"].value("max_vars", 0) > 0;
      },
      15s));
  // Logged once, not once per poll.
  CHECK(bridge.count_in_log("(limit `limits.max_vars`)") == 1);
  CHECK(bridge.process().running());
}

TEST_CASE(
    "a upsd inventing 5,000 UPS names on every connection: at most max_ups watched, each "
    "missing one forgotten with its topics, one COMMBAD per UPS at most, no reconnect storm" *
    doctest::skip(kSanitized)) {
  mosquitto_broker broker;
  nut_server good(one_ups(simple_dev()));
  good.start();
  fake::server_options o;
  o.ups.push_back(fake::realistic_ups("template", 2));
  o.mode = fake::misbehaviour::new_names;
  o.new_names_per_connection = 5000;
  o.new_names_linger = 2s;
  fake::fake_upsd bad(std::move(o));
  auto server = bad.server();
  temp_dir dir;
  daemon_process bridge(
      dir, "bridge", "nutmqtt-bridge",
      bridge_header(broker.port()) + "nut:\n" + server_entry(good, "dummy", "nas") +
          fake_entry(bad.port(), "    limits: { max_ups: 100, forget_after: 4s }\n"));
  mqtt_probe probe(broker.port(),
                   {"ups/nas/#", "ups/+/event", "ups/+/availability", "ups/_bridge/#"});
  REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));
  REQUIRE(probe.wait_for_latest("ups/ghost1/availability", "online", 15s));
  // About 25 s: long enough for several connections, forgetting and new names.
  CHECK(healthy_changes_seen(good, probe, 8, 3s) == 8);

  auto memory = memory_of(bridge.process().pid());
  CAPTURE(memory["VmHWM:"]);
  CHECK(memory["VmHWM:"] > 0);
  CHECK(memory["VmHWM:"] < kMemoryBoundKb);
  // Backoff from 1 s, doubling, as every connection ends 2 s after it began: 5 or 6 in 25 s;
  // restarting the backoff at every good LIST UPS made it 9 or more.
  CAPTURE(server.connections_accepted());
  CHECK(server.connections_accepted() <= 7);
  // Each invented UPS lost its connection once; the ones no longer listed are not polled, so
  // none comes back (COMMOK) to be lost again.
  for (const auto& per_ups : events_per_ups(probe, "COMMBAD")) {
    CAPTURE(per_ups.first);
    CHECK(per_ups.second == 1);
  }
  CHECK(events_per_ups(probe, "COMMBAD").size() >= 100);
  CHECK(events_per_ups(probe, "COMMOK").empty());
  // The first names are long gone from the listings: forgotten, their retained topics cleared.
  CHECK(probe.wait_for_latest("ups/ghost1/availability", "", 10s));
  auto info = server_info(probe, bad.port());
  REQUIRE_FALSE(info.is_null());
  CHECK(info["ups"].size() <= 100);
  CHECK(info["limits_hit"].value("max_ups", 0) > 0);
  CHECK(probe.latest("ups/nas/availability") == "online");
}

TEST_CASE(
    "a upsd failing every LIST VAR is retried at the backoff's pace, with one COMMBAD and no "
    "COMMOK in between") {
  mosquitto_broker broker;
  nut_server good(one_ups(simple_dev()));
  good.start();
  fake::server_options o;
  o.ups.push_back(fake::realistic_ups("rack", 3));
  fake::fake_upsd bad(std::move(o));
  auto server = bad.server();
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) + "nut:\n" +
                            server_entry(good, "dummy", "nas") +
                            fake_entry(bad.port(), "    ups: [ { name: rack } ]\n"));
  mqtt_probe probe(broker.port(), {"ups/+/event", "ups/+/availability", "ups/nas/status"});
  REQUIRE(probe.wait_for_latest("ups/rack/availability", "online", 15s));
  REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));
  const auto connects_before = server.connections_accepted();
  server.set_mode(fake::misbehaviour::bad_list_var);
  REQUIRE(probe.wait_for_latest("ups/rack/availability", "offline", 15s));
  // About 25 s of a server that accepts, answers LIST UPS and the status, and fails LIST VAR.
  CHECK(healthy_changes_seen(good, probe, 8, 3s) == 8);
  const auto connects = server.connections_accepted() - connects_before;
  CAPTURE(connects);
  // 1, 2, 4, 8 and 16 s apart: 5 or 6; a backoff restarted by each good LIST UPS made it 25+.
  CHECK(connects <= 7);
  CHECK(events_per_ups(probe, "COMMBAD")["rack"] == 1);
  CHECK(events_per_ups(probe, "COMMOK")["rack"] == 0);
  CHECK(bridge.process().running());
}

TEST_CASE(
    "a UPS gone from LIST UPS for forget_after is forgotten: its retained topics cleared and its "
    "Home Assistant discovery removed") {
  mosquitto_broker broker;
  fake::server_options o;
  o.ups.push_back(fake::realistic_ups("template", 4));
  o.mode = fake::misbehaviour::new_names;
  o.new_names_per_connection = 2;
  o.new_names_linger = 5s;
  fake::fake_upsd renaming(std::move(o));
  temp_dir dir;
  daemon_process bridge(dir, "bridge", "nutmqtt-bridge",
                        bridge_header(broker.port()) +
                            "homeassistant: { enabled: true, discovery: device }\n" + "nut:\n" +
                            fake_entry(renaming.port(), "    limits: { forget_after: 3s }\n"));
  mqtt_probe probe(broker.port(), {"ups/#", "homeassistant/#"});
  const std::string config = "homeassistant/device/nutmqtt_test_ghost1/config";
  REQUIRE(probe.wait_for(
      [&](const received_message& m) { return m.topic == config && !m.payload.empty(); }, 30s));
  REQUIRE(probe.wait_for_latest("ups/ghost1/state", "", 40s));
  CHECK(probe.wait_for_latest(config, "", 10s));
  CHECK(probe.latest("ups/ghost1/availability") == "");
  CHECK(probe.latest("ups/ghost1/status") == "");
  CHECK(bridge.wait_for_log("forgot `ghost1`", 5s));
  // A subscriber arriving now finds nothing retained of it.
  mqtt_probe late(broker.port(), {"ups/ghost1/#", config});
  std::this_thread::sleep_for(1s);
  CHECK(late.current().empty());
}

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "bridge_fixture.hpp"

using namespace nutmqtt::test;
using json = nlohmann::json;

namespace {

std::vector<json> events_of(const mqtt_probe& p, const std::string& topic = "ups/nas/event") {
  std::vector<json> out;
  for (const auto& m : p.messages_on(topic))
    out.push_back(json::parse(m.payload));
  return out;
}

std::vector<std::string> types_of(const mqtt_probe& p) {
  std::vector<std::string> out;
  for (const auto& e : events_of(p))
    out.push_back(e["event_type"]);
  return out;
}

bool wait_event(mqtt_probe& p, const std::string& type, std::chrono::milliseconds timeout) {
  return p.wait_for(
      [&](const received_message& m) {
        return m.topic.ends_with("/event") && json::parse(m.payload)["event_type"] == type;
      },
      timeout);
}

// The bridge knows the admin credentials here, as the FSD and LOGIN tests need.
bridge_setup_options with_admin(nut_server::options ups = one_ups(simple_dev()),
                                std::string config = "") {
  bridge_setup_options o;
  o.nut = std::move(ups);
  o.config = std::move(config);
  o.server = "    username: admin\n    password: adminpw\n";
  return o;
}

}  // namespace

TEST_CASE("an outage OL -> OB DISCHRG -> OB LB -> OL CHRG yields exactly ONBATT, LOWBATT, ONLINE") {
  bridge_setup b(with_admin(one_ups(simple_dev())));
  mqtt_probe probe(b.broker.port(), {"ups/+/event", "ups/+/status", "ups/+/state"});
  REQUIRE(probe.wait_for_latest("ups/nas/status", "OL", 15s));
  b.nut.set_var("dummy", "ups.status", "OB DISCHRG");
  REQUIRE(wait_event(probe, "ONBATT", 5s));
  b.nut.set_var("dummy", "ups.status", "OB LB");
  REQUIRE(wait_event(probe, "LOWBATT", 5s));
  b.nut.set_var("dummy", "ups.status", "OL CHRG");
  REQUIRE(wait_event(probe, "ONLINE", 5s));
  std::this_thread::sleep_for(1s);
  CHECK(types_of(probe) == std::vector<std::string>{"ONBATT", "LOWBATT", "ONLINE"});

  auto events = events_of(probe);
  auto& onbatt = events[0];
  CHECK(onbatt["ups"] == "nas");
  CHECK(onbatt["nut_name"] == "dummy");
  CHECK(onbatt["server"] == b.nut.address());
  CHECK(onbatt["status"] == "OB DISCHRG");
  CHECK(onbatt["previous_status"] == "OL");
  CHECK(onbatt["message"] == "UPS nas on battery");
  CHECK(onbatt["bridge"] == "test");
  CHECK(events[1]["seq"].get<int>() == onbatt["seq"].get<int>() + 1);
  CHECK(events[2]["boot"] == onbatt["boot"]);
  CHECK(events[1]["message"] == "UPS nas battery is low");

  // The retained status was updated before the event that the same poll raised.
  auto all = probe.messages();
  std::size_t status_at = 0, event_at = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].topic == "ups/nas/status" && all[i].payload == "OB DISCHRG") status_at = i;
    if (all[i].topic == "ups/nas/event" && all[i].payload.find("ONBATT") != std::string::npos) {
      event_at = i;
    }
  }
  CHECK(status_at < event_at);

  // The last event is retained on its own topic for consumers that start later.
  mqtt_probe late(b.broker.port(), {"ups/nas/last_event"});
  REQUIRE(late.wait_for_topic("ups/nas/last_event", 5s));
  CHECK(json::parse(*late.latest("ups/nas/last_event"))["event_type"] == "ONLINE");
}

TEST_CASE(
    "a stalled driver yields COMMBAD once upsd calls its data stale, COMMOK when it resumes") {
  auto o = one_ups(simple_dev());
  o.maxage = 3;
  bridge_setup b(with_admin(o));
  mqtt_probe probe(b.broker.port(), {"ups/#"});
  REQUIRE(probe.wait_for_latest("ups/nas/availability", "online", 15s));
  b.nut.pause_driver("dummy");
  CHECK(wait_event(probe, "COMMBAD", 15s));
  CHECK(probe.latest("ups/nas/availability") == "offline");
  b.nut.resume_driver("dummy");
  CHECK(wait_event(probe, "COMMOK", 15s));
  CHECK(probe.wait_for_latest("ups/nas/availability", "online", 5s));
  auto types = types_of(probe);
  CHECK(std::count(types.begin(), types.end(), "COMMBAD") == 1);
  CHECK(std::count(types.begin(), types.end(), "COMMOK") == 1);
  auto commbad = events_of(probe)[0];
  CHECK(commbad["message"] == "Communications with UPS nas lost");
}

TEST_CASE("upsd killed yields COMMBAD then NOCOMM, and upsd back yields COMMOK") {
  bridge_setup b(with_admin(one_ups(simple_dev()), "events: { nocomm_interval: 2s }\n"));
  mqtt_probe probe(b.broker.port(), {"ups/+/event"});
  REQUIRE(b.bridge.wait_for_log("is available", 15s));
  b.nut.kill_upsd();
  CHECK(wait_event(probe, "COMMBAD", 10s));
  CHECK(wait_event(probe, "NOCOMM", 10s));
  b.nut.stop_driver("dummy");
  b.nut.start_driver("dummy");
  b.nut.start_upsd();
  CHECK(wait_event(probe, "COMMOK", 40s));
  auto types = types_of(probe);
  REQUIRE(types.size() >= 3);
  CHECK(types.front() == "COMMBAD");
  CHECK(types.back() == "COMMOK");
}

TEST_CASE("FSD set on upsd by a primary yields FSD") {
  bridge_setup b(with_admin(one_ups(simple_dev())));
  mqtt_probe probe(b.broker.port(), {"ups/+/event"});
  REQUIRE(b.bridge.wait_for_log("is available", 15s));
  b.nut.set_var("dummy", "ups.status", "OB LB");
  REQUIRE(wait_event(probe, "LOWBATT", 5s));
  b.nut.set_fsd("dummy");
  CHECK(wait_event(probe, "FSD", 5s));
  CHECK(events_of(probe).back()["status"].get<std::string>().find("FSD") != std::string::npos);
}

TEST_CASE("a bridge restart while on line power raises nothing, while on battery ONBATT") {
  bridge_setup b(with_admin(one_ups(simple_dev())));
  mqtt_probe probe(b.broker.port(), {"ups/+/event"});
  REQUIRE(b.bridge.wait_for_log("is available", 15s));
  b.bridge.restart();
  REQUIRE(b.bridge.wait_for_log("is available", 15s));
  std::this_thread::sleep_for(1s);
  CHECK(types_of(probe).empty());

  b.nut.set_var("dummy", "ups.status", "OB DISCHRG");
  REQUIRE(wait_event(probe, "ONBATT", 5s));
  auto first_boot = events_of(probe).back()["boot"];
  probe.clear();
  b.bridge.restart();
  CHECK(wait_event(probe, "ONBATT", 15s));
  auto again = events_of(probe);
  REQUIRE(again.size() == 1);
  CHECK(again[0]["boot"] != first_boot);
  CHECK(again[0]["seq"] == 1);
  CHECK(again[0]["previous_status"] == "");
}

TEST_CASE("events raised while the broker was down arrive in order after it returns") {
  bridge_setup b(with_admin(one_ups(simple_dev())));
  REQUIRE(b.bridge.wait_for_log("is available", 15s));
  b.broker.stop();
  b.nut.set_var("dummy", "ups.status", "OB DISCHRG");
  REQUIRE(b.bridge.wait_for_log("event ONBATT", 5s));
  b.nut.set_var("dummy", "ups.status", "OB LB");
  REQUIRE(b.bridge.wait_for_log("event LOWBATT", 5s));
  b.nut.set_var("dummy", "ups.status", "OL");
  REQUIRE(b.bridge.wait_for_log("event ONLINE", 5s));
  // A subscriber with a persistent session, like the shutdown agent, waits at the broker.
  b.broker.start();
  mqtt_probe probe(b.broker.port(), {"ups/+/event"});
  REQUIRE(wait_event(probe, "ONLINE", 20s));
  CHECK(types_of(probe) == std::vector<std::string>{"ONBATT", "LOWBATT", "ONLINE"});
  auto e = events_of(probe);
  CHECK(e[1]["seq"].get<int>() == e[0]["seq"].get<int>() + 1);
  CHECK(e[2]["seq"].get<int>() == e[1]["seq"].get<int>() + 1);
}

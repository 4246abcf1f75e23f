// Two bridges on two "hosts" watch the same upsd and publish the same UPS id (active-active),
// on one real mosquitto, with one agent: what each bridge says of the UPS, the aggregate
// availability, one action per event, and no COMMBAD while either bridge still polls the UPS.

#include <csignal>
#include <memory>
#include <string>

#include <doctest/doctest.h>

#include "e2e_fixture.hpp"
#include "support/child_process.hpp"

using namespace nutmqtt::test;

namespace {

// `own_upsd`: bridge b polls a second upsd serving the same UPS (the same dummy-ups data, each
// change made on both), so that bridge a alone can lose its upsd - what a broken network path
// from a's host to the NAS does - while b still polls the UPS. `a_lags`: bridge a reads the
// status every 30 s only (b: every 200 ms), so that b reads a change long before a does.
class two_bridge_chain {
 public:
  explicit two_bridge_chain(agent_options o, bool own_upsd = false, bool a_lags = false)
      : nut_(one_ups(simple_dev())), nut_b_(one_ups(simple_dev())) {
    nut_.start();
    if (own_upsd) nut_b_.start();
    for (const char* id : {"a", "b"}) {
      const auto& nut = own_upsd && bridges_.size() == 1 ? nut_b_ : nut_;
      std::string header = bridge_header(broker_.port(), id);
      if (a_lags && bridges_.empty()) {
        header.replace(header.find("status_interval: 200ms"), 22, "status_interval: 30s");
      }
      bridges_.push_back(
          std::make_unique<daemon_process>(dirs_[bridges_.size()], id, "nutmqtt-bridge",
                                           header + "nut:\n" + server_entry(nut, "dummy", "nas")));
    }
    own_upsd_ = own_upsd;
    o.probe_filters = {"ups/#"};
    agent_ = std::make_unique<agent_fixture>(broker_, std::move(o));
    auto& p = agent_->probe();
    REQUIRE(p.wait_for_latest("ups/nas/availability/a", "online", 20s));
    REQUIRE(p.wait_for_latest("ups/nas/availability/b", "online", 20s));
    REQUIRE(p.wait_for_latest("ups/nas/availability", "online", 20s));
    // Each bridge has heard the other's say, so that the aggregate counts both.
    REQUIRE(bridges_[0]->wait_for_log("bridge b polls UPS nas", 20s));
    REQUIRE(bridges_[1]->wait_for_log("bridge a polls UPS nas", 20s));
  }

  void set_status(const std::string& status) {
    nut_.set_var("dummy", "ups.status", status);
    if (own_upsd_) nut_b_.set_var("dummy", "ups.status", status);
  }
  daemon_process& bridge(std::size_t i) { return *bridges_[i]; }
  nut_server& nut() { return nut_; }      // bridge a's (and b's, without own_upsd)
  nut_server& nut_b() { return nut_b_; }  // bridge b's, with own_upsd
  agent_fixture& agent() { return *agent_; }
  mqtt_probe& probe() { return agent_->probe(); }

 private:
  mosquitto_broker broker_;
  nut_server nut_, nut_b_;
  bool own_upsd_ = false;
  temp_dir dirs_[2];
  std::vector<std::unique_ptr<daemon_process>> bridges_;
  std::unique_ptr<agent_fixture> agent_;
};

agent_options far_timer() {
  agent_options o;
  o.rules = R"(
  - { at: ONBATT,  ups: "*", execute: onbatt }
  - { at: ONBATT,  ups: "*", start_timer: power-off, after: 10m }
  - { at: ONLINE,  ups: "*", execute: power-on }
  - { at: COMMBAD, ups: "*", execute: upsgone }
)";
  return o;
}

}  // namespace

TEST_CASE("two bridges: ONBATT from both is acted on once, one killed is no COMMBAD") {
  two_bridge_chain c(far_timer());
  auto& a = c.agent();
  c.set_status("OB DISCHRG");
  REQUIRE(a.wait_for_call("onbatt|"));
  // Each bridge announced it.
  REQUIRE(c.bridge(0).wait_for_log("event ONBATT", 10s));
  REQUIRE(c.bridge(1).wait_for_log("event ONBATT", 10s));
  // Bridge a dies (no goodbye): its last will; b still polls the UPS.
  c.bridge(0).process().signal(SIGKILL);
  REQUIRE(c.probe().wait_for_latest("ups/_bridge/a/availability", "offline", 20s));
  // Past deadtime (2 s) and what the agent needs to act: nothing.
  wait_until([&] { return a.shutdowns() > 0 || a.calls_starting("upsgone|") > 0; }, 6s);
  CHECK(a.calls_starting("onbatt|") == 1);
  CHECK(a.calls_starting("upsgone|") == 0);
  CHECK(a.shutdowns() == 0);
  CHECK(a.agent().count_in_log("\"action\":\"commbad\"") == 0);
  // Home Assistant's aggregate still says online: b reaches the UPS.
  CHECK(c.probe().latest("ups/nas/availability") == "online");
  // Then b dies too: nobody hears the UPS, last seen on battery: COMMBAD, shutdown.
  c.bridge(1).process().signal(SIGKILL);
  REQUIRE(a.wait_for_call("upsgone|", 30s));
  REQUIRE(a.wait_for_shutdown());
  CHECK(a.shutdowns() == 1);
  CHECK(a.agent().count_in_log("\"action\":\"commbad\"") == 1);
}

TEST_CASE("two bridges: one stopped and started again while on battery changes nothing") {
  two_bridge_chain c(far_timer());
  auto& a = c.agent();
  c.set_status("OB DISCHRG");
  REQUIRE(a.wait_for_call("onbatt|"));
  REQUIRE(c.bridge(0).wait_for_log("event ONBATT", 10s));
  REQUIRE(c.bridge(1).wait_for_log("event ONBATT", 10s));
  c.bridge(1).stop();
  REQUIRE(c.probe().wait_for_latest("ups/_bridge/b/availability", "offline", 20s));
  c.bridge(1).start();
  REQUIRE(c.probe().wait_for_latest("ups/_bridge/b/availability", "online", 20s));
  // Its restart announces ONBATT again (a new boot): already known.
  REQUIRE(a.agent().wait_for_log("repeats what is known", 20s));
  wait_until([&] { return a.shutdowns() > 0 || a.calls_starting("upsgone|") > 0; }, 4s);
  CHECK(a.calls_starting("onbatt|") == 1);
  CHECK(a.calls_starting("upsgone|") == 0);
  CHECK(a.shutdowns() == 0);
  // Back on line power: heard through both.
  c.set_status("OL");
  REQUIRE(a.wait_for_call("power-on|"));
  CHECK(a.calls_starting("power-on|") == 1);
  CHECK(a.shutdowns() == 0);
}

TEST_CASE("two bridges: one loses the NAS while the other polls it - no COMMBAD, no shutdown") {
  two_bridge_chain c(far_timer(), true);
  auto& a = c.agent();
  c.set_status("OB DISCHRG");
  REQUIRE(a.wait_for_call("onbatt|"));
  // Bridge a's upsd goes away (whether a has read the outage yet or not): a says it cannot poll the
  // UPS, and sends COMMBAD.
  c.nut().kill_upsd();
  REQUIRE(c.probe().wait_for_latest("ups/nas/availability/a", "offline", 20s));
  REQUIRE(wait_until(
      [&] {
        for (const auto& m : c.probe().messages_on("ups/nas/event"))
          if (m.payload.find("\"COMMBAD\"") != std::string::npos) return true;
        return false;
      },
      10s));
  REQUIRE(a.agent().wait_for_log("another bridge still polls it", 10s));
  wait_until([&] { return a.shutdowns() > 0 || a.calls_starting("upsgone|") > 0; }, 5s);
  CHECK(a.calls_starting("upsgone|") == 0);
  CHECK(a.shutdowns() == 0);
  CHECK(a.agent().count_in_log("\"action\":\"commbad\"") == 0);
  // The aggregate, which Home Assistant reads, stays online: b reaches the UPS.
  CHECK(c.probe().latest("ups/nas/availability") == "online");
  CHECK(c.probe().messages_on("ups/nas/availability").back().payload == "online");
  // b dies too: nobody polls the UPS, last seen on battery.
  c.bridge(1).process().signal(SIGKILL);
  REQUIRE(a.wait_for_call("upsgone|", 30s));
  REQUIRE(a.wait_for_shutdown());
  CHECK(a.shutdowns() == 1);
}

// Bridge b reads the outage; bridge a, which reads the status every 30 s, has not when its
// upsd goes away: a publishes its state again, unavailable, with the status it read before the
// outage. That older reading changes nothing, and when b is lost later in the outage the agent
// shuts down by upsmon's rule for a UPS on battery that nobody polls.
TEST_CASE("two bridges: the one that has not read the outage loses the NAS, then the other dies") {
  two_bridge_chain c(far_timer(), true, true);
  auto& a = c.agent();
  c.nut_b().set_var("dummy", "ups.status", "OB DISCHRG");
  REQUIRE(a.wait_for_call("onbatt|"));
  REQUIRE(c.bridge(1).wait_for_log("event ONBATT", 10s));
  c.nut().kill_upsd();
  REQUIRE(c.probe().wait_for_latest("ups/nas/availability/a", "offline", 20s));
  REQUIRE(a.agent().wait_for_log("was read before bridge b's", 10s));
  CHECK(c.bridge(0).count_in_log("event ONBATT") == 0);
  CHECK(a.calls_starting("power-on|") == 0);
  CHECK(a.agent().count_in_log("\"event_type\":\"ONLINE\"") == 0);
  // b dies: nobody polls the UPS, last read on battery.
  c.bridge(1).process().signal(SIGKILL);
  REQUIRE(a.wait_for_call("upsgone|", 30s));
  REQUIRE(a.wait_for_shutdown());
  CHECK(a.shutdowns() == 1);
  CHECK(a.calls_starting("onbatt|") == 1);
  CHECK(a.calls_starting("power-on|") == 0);
}

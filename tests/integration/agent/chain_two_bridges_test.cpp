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

class two_bridge_chain {
 public:
  explicit two_bridge_chain(agent_options o) : nut_(one_ups(simple_dev())) {
    nut_.start();
    for (const char* id : {"a", "b"}) {
      bridges_.push_back(std::make_unique<daemon_process>(
          dirs_[bridges_.size()], id, "nutmqtt-bridge",
          bridge_header(broker_.port(), id) + "nut:\n" + server_entry(nut_, "dummy", "nas")));
    }
    o.probe_filters = {"ups/#"};
    agent_ = std::make_unique<agent_fixture>(broker_, std::move(o));
    auto& p = agent_->probe();
    REQUIRE(p.wait_for_latest("ups/nas/availability/a", "online", 20s));
    REQUIRE(p.wait_for_latest("ups/nas/availability/b", "online", 20s));
    REQUIRE(p.wait_for_latest("ups/nas/availability", "online", 20s));
  }

  void set_status(const std::string& status) { nut_.set_var("dummy", "ups.status", status); }
  daemon_process& bridge(std::size_t i) { return *bridges_[i]; }
  agent_fixture& agent() { return *agent_; }
  mqtt_probe& probe() { return agent_->probe(); }

 private:
  mosquitto_broker broker_;
  nut_server nut_;
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
  REQUIRE(wait_until([&] { return c.probe().messages_on("ups/nas/event").size() >= 2; }, 10s));
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

#pragma once
// The whole chain for one test: a real upsd with a dummy-ups UPS, a real mosquitto, the real
// nutmqtt-bridge polling fast, and the agent (agent_fixture: recording CMDSCRIPT, a shutdown
// command that writes a marker). The test changes the UPS as an operator would (upsrw, FSD)
// and watches what the agent does.

#include <memory>
#include <string>

#include "agent_fixture.hpp"
#include "integration/bridge/bridge_fixture.hpp"
#include "support/nut_server.hpp"

namespace nutmqtt::test {

// Rules for the whole chain: ONBATT also runs "onbatt", so that a test can count how often
// ONBATT was acted on.
inline constexpr const char* kChainRules = R"(
  - { at: ONBATT,  ups: "*", execute: onbatt }
  - { at: ONBATT,  ups: "*", start_timer: power-off, after: 3s }
  - { at: ONLINE,  ups: "*", cancel_timer: power-off }
  - { at: ONLINE,  ups: "*", execute: power-on }
  - { at: LOWBATT, ups: "*", execute: shutdowncritical }
  - { at: COMMBAD, ups: "*", start_timer: upsgone, after: 30s }
  - { at: COMMOK,  ups: "*", cancel_timer: upsgone }
)";

struct chain_options {
  agent_options agent;
  bool broker_persistence = false;
  std::string bridge_extra;  // more YAML for the bridge (security: ...)
  std::string dev = simple_dev();

  chain_options() {
    agent.rules = kChainRules;
    agent.probe_filters = {"ups/#"};
  }
};

class chain_fixture {
 public:
  explicit chain_fixture(chain_options o = {})
      : options_(std::move(o)), broker_(broker_options(options_)), nut_(one_ups(options_.dev)) {
    nut_.start();
    bridge_ = std::make_unique<daemon_process>(bridge_dir_, "bridge", "nutmqtt-bridge",
                                               bridge_header(broker_.port(), "home") +
                                                   options_.bridge_extra + "nut:\n" +
                                                   server_entry(nut_, "dummy", "nas"));
    agent_ = std::make_unique<agent_fixture>(broker_, options_.agent);
    // The chain is up when the agent has read the UPS's state through the bridge.
    REQUIRE(wait_until([&] { return state_text() == "On line power"; }, 20s));
  }

  void set_status(const std::string& status) { nut_.set_var("dummy", "ups.status", status); }
  std::string state_text() const {
    auto s = agent_->agent_state();
    return s.is_object() && s.contains("state_text") && s["state_text"].is_string()
               ? s["state_text"].get<std::string>()
               : std::string();
  }

  agent_fixture& agent() { return *agent_; }
  daemon_process& bridge() { return *bridge_; }
  nut_server& nut() { return nut_; }
  mosquitto_broker& broker() { return broker_; }
  temp_dir& bridge_dir() { return bridge_dir_; }

 private:
  static mosquitto_broker::options broker_options(const chain_options& o) {
    mosquitto_broker::options b;
    b.persistence = o.broker_persistence;
    return b;
  }

  chain_options options_;
  mosquitto_broker broker_;
  nut_server nut_;
  temp_dir bridge_dir_;
  std::unique_ptr<daemon_process> bridge_;
  std::unique_ptr<agent_fixture> agent_;
};

}  // namespace nutmqtt::test

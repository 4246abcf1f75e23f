#pragma once
// One shutdown agent under test: a real mosquitto (its own, or one the test shares with a real
// bridge), the agent binary, a CMDSCRIPT that records its argv and environment, and a
// "shutdown command" that only writes a marker file. Without a bridge, the test publishes what
// the bridge would.

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/event_types.hpp"
#include "support/bridge_messages.hpp"
#include "support/daemon_process.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/mqtt_probe.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace nutmqtt::test {

inline constexpr const char* kRecordingScript = R"(#!/bin/sh
echo "$1|$UPSNAME|$NOTIFYTYPE|$NOTIFYMSG|$NUTMQTT_CONTROL_SOCKET" >> "$(dirname "$0")/calls"
if [ "$1" = hang ]; then
  sleep 600
fi
if [ "$1" = fsd ]; then
  exec "$AGENT_BINARY" --fsd
fi
)";

inline constexpr const char* kShutdownScript = R"(#!/bin/sh
echo "shutdown $*" >> "$(dirname "$0")/shutdown-marker"
)";

struct agent_options {
  std::string rules = R"(
  - { at: ONBATT,  ups: "*", start_timer: power-off, after: 1s }
  - { at: ONLINE,  ups: "*", cancel_timer: power-off }
  - { at: ONLINE,  ups: "*", execute: power-on }
  - { at: LOWBATT, ups: "*", execute: shutdowncritical }
  - { at: COMMBAD, ups: "*", start_timer: upsgone, after: 30s }
  - { at: COMMOK,  ups: "*", cancel_timer: upsgone }
)";
  std::string monitor = "[ { ups: nas, power_value: 1 } ]";
  std::string deadtime = "2s";
  // More keys for its critical: mapping. The tests of other behaviour take OB LB at once, as a
  // NUT primary's FSD would make it, rather than waiting HOSTSYNC for it.
  std::string critical_extra = ", wait_for_primary: 0s";
  std::string script_timeout = "60s";
  std::string final_delay = "500ms";
  std::vector<std::string> args;
  std::string extra;           // more YAML for the agent's configuration
  std::string mqtt_extra;      // more keys for its mqtt: mapping (", username: x, password: y")
  std::string mqtt_url;        // its mqtt.url as YAML (a list of brokers); empty: the broker's
  std::string shutdown_extra;  // more keys for its shutdown: mapping (", timers: [x]")
  std::string notify = "{ syslog: false }";
  // What the test's own MQTT client listens to, and as whom.
  std::vector<std::string> probe_filters = {"ups/_agent/#"};
  mqtt_probe::login probe_login;
};

class agent_fixture {
 public:
  explicit agent_fixture(agent_options o = {})
      : options_(std::move(o)),
        own_broker_(std::make_unique<mosquitto_broker>()),
        broker_(*own_broker_) {
    begin();
  }
  // The agent on a broker the test owns (shared with a bridge, restarted by the test...).
  agent_fixture(mosquitto_broker& broker, agent_options o)
      : options_(std::move(o)), broker_(broker) {
    begin();
  }

  std::string socket_path() const { return (dir_ / "run/agent.sock").string(); }
  std::string config() const {
    return "agent: { id: testhost }\n"
           "mqtt: { url: " +
           (options_.mqtt_url.empty() ? "\"" + broker_.url() + "\"" : options_.mqtt_url) +
           options_.mqtt_extra +
           " }\n"
           "monitor: " +
           options_.monitor +
           "\n"
           "cmdscript: " +
           (dir_ / "upssched-cmd").string() +
           "\n"
           "script_timeout: " +
           options_.script_timeout +
           "\n"
           "rules:" +
           options_.rules + "critical: { deadtime: " + options_.deadtime + options_.critical_extra +
           " }\n"
           "shutdown: { command: [\"" +
           (dir_ / "shutdown").string() +
           "\", \"-h\"], "
           "final_delay: " +
           options_.final_delay + options_.shutdown_extra +
           " }\n"
           "notify: " +
           options_.notify +
           "\n"
           "control_socket: " +
           socket_path() + "\n" + options_.extra;
  }

  void start_agent() {
    if (agent_) agent_->stop();
    agent_.reset();
    agent_ = std::make_unique<daemon_process>(
        dir_, "agent", "nutmqtt-shutdown-agent", config(), options_.args,
        std::map<std::string, std::string>{
            {"AGENT_BINARY", program_path("nutmqtt-shutdown-agent")}});
    // The agent publishes its state after subscribing, on the same connection.
    REQUIRE(wait_until([&] { return online(); }, 20s));
  }
  bool online() const {
    auto s = probe_->latest("ups/_agent/testhost/state");
    return s && s->find("\"online\":true") != std::string::npos;
  }

  void publish_event(common::event_type type, const std::string& status, std::uint64_t seq,
                     const std::string& boot = "b1") {
    probe_->publish("ups/nas/event", bridge_event(type, "nas", status, seq, boot));
  }
  void publish(const std::string& topic, const std::string& payload, bool retained = true) {
    probe_->publish(topic, payload, retained);
  }

  std::vector<std::string> calls() const {
    std::vector<std::string> out;
    std::string text = read_file(dir_ / "calls");
    for (std::size_t start = 0; start < text.size();) {
      auto end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      out.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }
  std::size_t calls_starting(const std::string& prefix) const {
    std::size_t n = 0;
    for (const auto& c : calls())
      if (c.starts_with(prefix)) ++n;
    return n;
  }
  bool wait_for_call(const std::string& prefix, std::chrono::milliseconds timeout = 15s) const {
    return wait_until([&] { return calls_starting(prefix) > 0; }, timeout, 50ms);
  }
  std::size_t shutdowns() const {
    std::string text = read_file(dir_ / "shutdown-marker");
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  }
  bool wait_for_shutdown(std::chrono::milliseconds timeout = 15s) const {
    return wait_until([&] { return shutdowns() > 0; }, timeout, 50ms);
  }
  // Waits for an action on the agent's event topic.
  bool wait_for_action(const std::string& action, const std::string& field,
                       const std::string& value, std::chrono::milliseconds timeout = 15s) {
    return probe_->wait_for(
        [&](const received_message& m) {
          if (m.topic != "ups/_agent/testhost/event") return false;
          auto j = nlohmann::json::parse(m.payload, nullptr, false);
          return j.is_object() && j.value("action", "") == action &&
                 (field.empty() || j.value(field, "") == value);
        },
        timeout);
  }

  // The agent's latest retained state, parsed (null until it published one).
  nlohmann::json agent_state() const {
    auto s = probe_->latest("ups/_agent/testhost/state");
    return s ? nlohmann::json::parse(*s, nullptr, false) : nlohmann::json();
  }

  // Changed options take effect at the next start_agent().
  agent_options& options() { return options_; }
  temp_dir& dir() { return dir_; }
  daemon_process& agent() { return *agent_; }
  mqtt_probe& probe() { return *probe_; }
  mosquitto_broker& broker() { return broker_; }

 private:
  void begin() {
    dir_.write("upssched-cmd", kRecordingScript, std::filesystem::perms::owner_all);
    dir_.write("shutdown", kShutdownScript, std::filesystem::perms::owner_all);
    probe_ =
        std::make_unique<mqtt_probe>(broker_.port(), options_.probe_filters, options_.probe_login);
    start_agent();
  }

  agent_options options_;
  temp_dir dir_;
  std::unique_ptr<mosquitto_broker> own_broker_;
  mosquitto_broker& broker_;
  std::unique_ptr<mqtt_probe> probe_;
  std::unique_ptr<daemon_process> agent_;
};

}  // namespace nutmqtt::test

#pragma once
// What the bridge's integration tests share: a real mosquitto, real upsd servers and the
// bridge between them, configured in YAML as a user would.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "support/daemon_process.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/mqtt_probe.hpp"
#include "support/net.hpp"
#include "support/nut_server.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace nutmqtt::test {

// The `mqtt:` and `poll:` sections every test uses: fast polls keep the tests short.
inline std::string bridge_header(int mqtt_port, const std::string& id = "test") {
  return fmt::format(R"(bridge: {{ id: {} }}
mqtt: {{ url: "tcp://127.0.0.1:{}" }}
poll: {{ status_interval: 200ms, vars_interval: 1s, timeout: 1s }}
)",
                     id, mqtt_port);
}

// One `nut:` entry watching `ups` (NUT name) as `id`.
inline std::string server_entry(const nut_server& s, const std::string& ups, const std::string& id,
                                const std::string& extra = "") {
  return fmt::format(R"(  - host: 127.0.0.1
    port: {}
{}    ups: [ {{ name: {}, id: {} }} ]
)",
                     s.port(), extra, ups, id);
}

inline nut_server::options one_ups(const std::string& dev, const std::string& name = "dummy") {
  nut_server::options o;
  o.ups.push_back(dummy_ups{name, dev, "Test UPS"});
  return o;
}

inline std::string simple_dev() {
  return dev_text({{"ups.status", "OL"},
                   {"battery.charge", "100"},
                   {"battery.runtime", "1800"},
                   {"input.voltage", "230.0"}});
}

struct bridge_setup_options {
  nut_server::options nut = one_ups(simple_dev());
  std::string nut_name = "dummy";  // the UPS the bridge watches...
  std::string id = "nas";          // ...and its id on MQTT
  std::string config;              // extra sections of the bridge's configuration
  std::string server;              // extra lines of its `nut:` entry
  mosquitto_broker::options broker;
  std::vector<std::string> watch = {"ups/#"};  // what the probe subscribes to
};

// The usual scene: a mosquitto, a upsd + dummy-ups, the bridge between them and a probe
// (members start in this order).
struct bridge_setup {
  explicit bridge_setup(bridge_setup_options o = {})
      : broker(o.broker),
        nut(std::move(o.nut)),
        nut_started((nut.start(), true)),
        bridge(dir, "bridge", "nutmqtt-bridge",
               bridge_header(broker.port()) + o.config + "nut:\n" +
                   server_entry(nut, o.nut_name, o.id, o.server)),
        probe(broker.port(), o.watch) {}

  mosquitto_broker broker;
  nut_server nut;
  bool nut_started;
  temp_dir dir;
  daemon_process bridge;
  mqtt_probe probe;
};

}  // namespace nutmqtt::test

#pragma once
// What the bridge's integration tests share: a real mosquitto, real upsd servers and the
// bridge between them, configured in YAML as a user would.

#include <memory>
#include <string>
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

}  // namespace nutmqtt::test

#pragma once
// The Synology + Raspberry Pi setup on one machine: a real upsd + dummy-ups with a real upsmon
// as the NUT primary (its SHUTDOWNCMD writes a timestamp), the bridge, and shutdown agents whose
// shutdown command writes a timestamp too. The test plays the hosts going dark by killing an
// agent once its shutdown command ran (the agents do not leave by themselves: exit_after never).

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "support/daemon_process.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/mqtt_probe.hpp"
#include "support/nut_server.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace nutmqtt::test {

// Writes the time (seconds since the epoch, with a fraction) to <dir>/<name>.time.
inline constexpr const char* kTimestampScript = R"(#!/bin/sh
date +%s.%N > "$(dirname "$0")/$1.time"
)";

inline std::optional<double> timestamp(const temp_dir& dir, const std::string& name) {
  auto text = read_file(dir / (name + ".time"));
  if (text.empty()) return std::nullopt;
  return std::stod(text);
}

inline double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The pid of an upsmon already running on this machine (upsmon 2.8.0 allows one at a time: a
// second one finds /run/nut/upsmon.pid taken and exits), or 0.
inline pid_t other_upsmon() {
  const auto text = read_file("/run/nut/upsmon.pid");
  if (text.empty()) return 0;
  const auto pid = static_cast<pid_t>(std::atol(text.c_str()));
  if (pid <= 0) return 0;
  const auto comm = read_file(fmt::format("/proc/{}/comm", pid));
  return comm.starts_with("upsmon") ? pid : 0;
}

// /lib/nut/upsmon as the primary of `nut`'s UPS `ups`: polls every second, waits at most
// `hostsync` for the other clients after setting FSD, then runs its SHUTDOWNCMD.
class upsmon_primary {
 public:
  upsmon_primary(nut_server& nut, const temp_dir& dir, int hostsync) {
    const pid_t other = other_upsmon();
    REQUIRE_MESSAGE(other == 0, "another upsmon (pid ", other,
                    ") runs on this machine; upsmon 2.8.0 allows one at a time: stop it first");
    dir.write("stamp", kTimestampScript, std::filesystem::perms::owner_all);
    auto etc = nut.dir() / "etc";
    nut.dir().write("etc/upsmon.conf",
                    fmt::format("MONITOR ups@127.0.0.1:{} 1 {} {} primary\n"
                                "MINSUPPLIES 1\n"
                                "SHUTDOWNCMD \"{} primary\"\n"
                                "POLLFREQ 1\nPOLLFREQALERT 1\nDEADTIME 15\nFINALDELAY 0\n"
                                "HOSTSYNC {}\nPOWERDOWNFLAG {}\nRUN_AS_USER root\n",
                                nut.port(), nut_server::kAdminUser, nut_server::kAdminPassword,
                                (dir / "stamp").string(), hostsync, (dir / "killpower").string()));
    // Debian's package creates it at boot; a fresh container may not have it yet.
    std::filesystem::create_directories("/run/nut");
    process_ = std::make_unique<child_process>(
        std::vector<std::string>{"/lib/nut/upsmon", "-F", "-u", "root"}, dir / "upsmon.log",
        nut.env());
  }
  ~upsmon_primary() {
    if (process_) process_->stop();
  }
  child_process& process() { return *process_; }

 private:
  std::unique_ptr<child_process> process_;
};

// upsmon 2.8.0 must write /run/nut/upsmon.pid, which needs root: without it, the tests that run
// a real upsmon primary say so and end, and ctest reports them skipped (the "not run:" message,
// tests/CMakeLists.txt); CI runs as root. doctest's own skip would leave them out of ctest's
// list altogether.
inline bool skip_without_root() {
  if (::geteuid() == 0) return false;
  MESSAGE("not run: upsmon 2.8.0 must write /run/nut/upsmon.pid, which needs root");
  return true;
}

inline std::string agent_config(const std::string& id, int mqtt_port, const temp_dir& dir,
                                const std::string& final_delay) {
  return fmt::format(R"(agent: {{ id: {} }}
mqtt: {{ url: "tcp://127.0.0.1:{}" }}
monitor: [ {{ ups: nas, power_value: 1 }} ]
critical: {{ enabled: true, deadtime: 15s }}
shutdown: {{ command: ["{}", "{}"], final_delay: {}, exit_after: never }}
notify: {{ syslog: false }}
control_socket: {}
)",
                     id, mqtt_port, (dir / "stamp").string(), id, final_delay,
                     (dir / (id + ".sock")).string());
}

inline std::string bridge_config(int mqtt_port, const nut_server& nut, bool login,
                                 const std::string& hostsync = "60s") {
  return fmt::format(R"(bridge: {{ id: home }}
mqtt: {{ url: "tcp://127.0.0.1:{}" }}
poll: {{ status_interval: 200ms, vars_interval: 1s, timeout: 1s }}
shutdown: {{ hostsync: {} }}
nut:
  - host: 127.0.0.1
    port: {}
    username: {}
    password: {}
    ups: [ {{ name: ups, id: nas, login: {} }} ]
)",
                     mqtt_port, hostsync, nut.port(), nut_server::kMonitorUser,
                     nut_server::kMonitorPassword, login ? "true" : "false");
}

}  // namespace nutmqtt::test

#pragma once
// The processes of one differential scenario, each on a free loopback port in its own temp
// directory: upsd + dummy-ups, mosquitto, nutmqtt-bridge, nutmqtt-shutdown-agent, and upsmon
// (with upssched as its NOTIFYCMD).

#include <filesystem>
#include <memory>
#include <string>

#include "differential/scenario.hpp"
#include "support/child_process.hpp"
#include "support/daemon_process.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/nut_server.hpp"
#include "support/temp_dir.hpp"

namespace nutmqtt::differential {

// The MQTT client id of the agent the rig starts (agent id `diff`), as the broker logs it.
inline constexpr const char* kAgentClientId = "nutmqtt-agent-diff";

class rig {
 public:
  rig(const settings& s, const std::string& upsmon_version);
  ~rig();
  rig(const rig&) = delete;
  rig& operator=(const rig&) = delete;

  // Starts everything and waits until upsmon is logged in and the agent has heard the UPS.
  void start();

  void set_status(const std::string& status);
  void stall_driver() { nut_.pause_driver(kUps); }
  void resume_driver() { nut_.resume_driver(kUps); }
  void stop_driver() { nut_.stop_driver(kUps); }
  void start_driver();
  void stop_upsd() { nut_.stop_upsd(); }
  void start_upsd();  // and its driver again (a 2.8.0 driver can crash under a new upsd)
  void kill_bridge();
  void start_bridge();
  void stop_broker() { broker_.stop(); }
  void start_broker() { broker_.start(); }

  bool upsmon_shut_down() const;
  bool agent_shut_down() const;
  std::filesystem::path file(const std::string& name) const { return dir_ / name; }
  // Copies the records, configurations and logs into `out`, after stopping everything.
  void stop_and_collect(const std::filesystem::path& out);

  static constexpr const char* kUps = "dummy";

 private:
  void write_upsmon_files(const std::string& upsmon_version);
  std::string bridge_yaml() const;
  std::string agent_yaml() const;
  std::string dev_file() const;

  settings settings_;
  test::temp_dir dir_;
  test::nut_server nut_;
  test::mosquitto_broker broker_;
  std::unique_ptr<test::daemon_process> bridge_;
  std::unique_ptr<test::daemon_process> agent_;
  std::unique_ptr<test::child_process> upsmon_;
  std::string status_ = "OL";
};

}  // namespace nutmqtt::differential

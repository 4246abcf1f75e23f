#pragma once
// The daemon: MQTT in, agent_logic in the middle, scripts, the shutdown command and MQTT
// out. One io_context thread; nothing polls: one Asio timer waits for the logic's next
// deadline, SIGCHLD reaps the scripts, Paho's callbacks are posted in by mqtt_session. While a
// shutdown counts down, the retained state is refreshed every second for dashboards.

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/mqtt_session.hpp"
#include "common/rate_limiter.hpp"
#include "common/topics.hpp"
#include "shutdown-agent/agent_config.hpp"
#include "shutdown-agent/control_socket.hpp"
#include "shutdown-agent/ha_announcer.hpp"
#include "shutdown-agent/logic/agent_logic.hpp"
#include "shutdown-agent/logic/message_guard.hpp"
#include "shutdown-agent/notify/notifier.hpp"
#include "shutdown-agent/notify/notify_details.hpp"
#include "shutdown-agent/processes/process_runner.hpp"
#include "shutdown-agent/state_file.hpp"

namespace nutmqtt::agent {

class agent_app {
 public:
  agent_app(boost::asio::io_context& io, agent_config config, bool dry_run);

  // Opens the control socket, takes back the state file and connects; throws
  // std::runtime_error when it cannot start.
  void start();
  // Publishes the agent's farewell state and disconnects; `done` runs when finished.
  void stop(std::function<void()> done);
  // How the agent leaves on its own after the shutdown command (shutdown.exit_after): the
  // daemon stops it as a signal would.
  void on_leave(std::function<void()> leave) { on_leave_ = std::move(leave); }

 private:
  void restore_memory();
  void save_memory();
  // Publishes the state (when it changed) and writes the state file, at most every
  // kSaveInterval unless `urgent`.
  void save_soon(bool state_changed, bool urgent);
  void save_now();
  static constexpr std::chrono::milliseconds kSaveInterval{250};

  // What arrives: MQTT messages and control requests.
  void on_connected();
  void on_message(const common::mqtt_message& m);
  void on_event_message(const std::string& ups, const std::string& payload);
  void on_state_message(const std::string& ups, const std::string& payload, bool stored);
  bool parse_online(const std::string& topic, const std::string& payload, bool& online);
  std::string on_control_request(const std::string& request);
  void complain(const std::string& topic, const std::string& what, std::string_view kind);
  // A state or event of one UPS id too many under monitor "*" (limits.max_ups).
  void over_limit(const std::string& ups);

  // What goes out: the logic's decisions carried out.
  void apply(logic_effects effects);
  void publish_action(action_json action);
  void publish(const common::mqtt_message& m);
  void run_script(const script_request& r);
  void notify(const notify_event& e);
  std::string message_of(const std::string& type, const std::string& ups) const;
  void run_shutdown_command();
  // upsmon's SHUTDOWNEXIT: once the shutdown command has run, leave after `exit_after`.
  void leave_after_shutdown();
  void publish_state();
  void arm_deadline();
  void arm_refresh();
  void on_sync(const std::string& payload);

  boost::asio::io_context& io_;
  agent_config config_;
  bool dry_run_;
  common::topic_scheme topics_;
  agent_logic logic_;
  message_guard guard_;
  state_file memory_file_;
  process_runner runner_;
  notifier notifier_;
  notify_details details_;  // ALARM's and OTHER's second %s
  control_socket control_;
  ha_announcer ha_;
  boost::asio::steady_timer deadline_;
  boost::asio::steady_timer refresh_;
  boost::asio::steady_timer leave_;
  boost::asio::steady_timer save_;
  bool save_armed_ = false;
  bool state_dirty_ = false;
  bool memory_dirty_ = false;
  time_point last_save_{};
  common::rate_limiter complaints_;
  std::shared_ptr<common::mqtt_session> mqtt_;
  std::string published_text_;  // the status in words last published
  // The marker this connection's sync waits for ("" when none): this run's id and a count,
  // so that a marker of an earlier connection, redelivered by the persistent session, does
  // not end the hold of this one.
  const std::string run_id_;
  std::uint64_t syncs_ = 0;
  std::string sync_token_;
  bool stopping_ = false;
  std::function<void()> on_leave_;
};

}  // namespace nutmqtt::agent

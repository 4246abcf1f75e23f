#pragma once
// nutmqtt-bridge's wiring: the MQTT session, one poller per NUT server, one monitor per UPS.
// Everything runs on the one io_context thread.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bridge/bridge_config.hpp"
#include "bridge/commands/command_service.hpp"
#include "bridge/discovery_service.hpp"
#include "bridge/nut/server_poller.hpp"
#include "bridge/peer_bridges.hpp"
#include "bridge/publisher.hpp"
#include "bridge/shutdown/shutdown_coordinator.hpp"
#include "bridge/ups/ups_capabilities.hpp"
#include "bridge/ups/ups_monitor.hpp"
#include "bridge/ups/ups_roster.hpp"
#include "common/mqtt_session.hpp"
#include "common/rate_limiter.hpp"

namespace nutmqtt::bridge {

class bridge_app {
 public:
  bridge_app(boost::asio::io_context& io, bridge_config config);
  ~bridge_app();

  void start();
  // Marks the bridge offline on MQTT, disconnects from everything, then calls `done`.
  void stop(std::function<void()> done);

 private:
  using ups_key = std::pair<std::size_t, std::string>;  // server index, NUT name

  void on_mqtt_connected();
  void on_mqtt_message(const common::mqtt_message& m);
  // Another bridge's availability, info or per-UPS availability: true when it was one.
  bool on_peer_message(const common::mqtt_message& m);
  // Publishes `<base>/<id>/availability` when what it says changes: online while this bridge
  // or another online bridge can poll the UPS.
  void update_availability(const std::string& id);
  void server_state_changed(std::size_t server);
  void request_capabilities(std::size_t server, const std::string& nut_name);
  void refresh_discovery(std::size_t server, const std::string& nut_name);
  void on_listed(std::size_t server, const server_poller::ups_list& list);
  void on_status(std::size_t server, const std::string& ups, const poll_outcome& poll);
  void on_vars(std::size_t server, const std::string& ups, std::map<std::string, std::string> v);
  ups_monitor& add_ups(std::size_t server, const std::string& nut_name, const std::string& id);
  // Whether a newly listed UPS can be published under its own name as id (logs why not).
  bool can_watch(std::size_t server, const std::string& nut_name);
  void apply_roster_change(std::size_t server, const ups_roster::change& c);
  // Drops a UPS the server no longer lists: its monitor, its retained topics, its discovery.
  void forget_ups(std::size_t server, const std::string& nut_name);
  ups_monitor* find(std::size_t server, const std::string& nut_name);
  void info_changed();
  // A limit count changed: the info follows, at most every ten seconds.
  void limits_changed();
  void publish_info();

  boost::asio::io_context& io_;
  bridge_config config_;
  bridge_context context_;
  common::wall_clock::time_point started_;
  std::shared_ptr<common::mqtt_session> mqtt_;
  std::unique_ptr<publisher> out_;
  peer_bridges peers_;
  std::map<std::string, bool> aggregate_;  // by UPS id: the availability last published
  std::unique_ptr<command_service> commands_;
  std::unique_ptr<discovery_service> discovery_;  // only with Home Assistant discovery on
  std::map<ups_key, ups_capabilities> capabilities_;
  std::unique_ptr<shutdown_coordinator> shutdown_;
  std::set<ups_key> capabilities_asked_;
  std::vector<std::unique_ptr<server_poller>> servers_;
  std::map<ups_key, std::unique_ptr<ups_monitor>> ups_;
  std::map<std::string, ups_key> ids_;      // UPS id -> its owner, to refuse clashes
  std::set<std::string> clashes_reported_;  // so each clash is logged once
  common::rate_limiter log_limit_{std::chrono::seconds(10)};
  // Per server watching every UPS it lists (empty for a server with a configured list).
  std::vector<std::optional<ups_roster>> rosters_;
  boost::asio::steady_timer info_timer_;
  boost::asio::steady_timer limits_timer_;
  bool info_pending_ = false;
  bool limits_pending_ = false;
  bool limits_dirty_ = false;
  bool stopping_ = false;
};

}  // namespace nutmqtt::bridge

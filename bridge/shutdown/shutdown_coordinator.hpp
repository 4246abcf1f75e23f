#pragma once
// Makes a NUT primary wait for the shutdown agents (UPSes with `login: true`):
// - holds a LOGIN on each such UPS (login_session), so the primary counts the bridge as a
//   client that must go before it cuts the power;
// - listens to the agents' retained states (<base>/_agent/<id>/state) to know who watches what;
// - once upsd says FSD, keeps the LOGIN until every agent watching the UPS is down, or until
//   `shutdown.hostsync` passed (fsd_hold), then logs out so the primary proceeds;
// - logs in again once FSD is gone (upsd restarted after the outage).

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bridge/bridge_config.hpp"
#include "bridge/nut/login_session.hpp"
#include "bridge/shutdown/agent_registry.hpp"
#include "bridge/shutdown/fsd_hold.hpp"
#include "common/mqtt_session.hpp"
#include "common/topics.hpp"

namespace nutmqtt::bridge {

class shutdown_coordinator {
 public:
  using ups_key = std::pair<std::size_t, std::string>;  // server index, NUT name

  shutdown_coordinator(boost::asio::io_context& io, const bridge_config& config,
                       common::topic_scheme topics);
  ~shutdown_coordinator();

  bool empty() const { return logins_.empty(); }
  void start();
  void stop();
  void on_connected(common::mqtt_session& session, int qos);
  // Returns true when the message was an agent's state.
  bool on_message(const common::mqtt_message& m);
  // Each good status poll of a UPS (its current flags).
  void on_status(const ups_key& key, const std::vector<std::string>& flags);

 private:
  struct login_entry {
    std::string id;
    std::unique_ptr<login_session> session;
    fsd_hold hold;
    std::unique_ptr<boost::asio::steady_timer> deadline;
    std::set<std::string> reported;  // agents whose progress was logged
  };
  void wait_for_agents(std::chrono::milliseconds at_most);
  void begin_hold(login_entry& login);
  void evaluate(login_entry& login);

  boost::asio::io_context& io_;
  common::topic_scheme topics_;
  std::chrono::milliseconds hostsync_;
  std::map<ups_key, login_entry> logins_;
  agent_registry agents_;
  // The agents' retained states arrive just after the MQTT connect; a hold that began before
  // that (the bridge restarted during a shutdown) is not released until they are in, or for a
  // few seconds at most.
  boost::asio::steady_timer agents_known_timer_;
  bool agents_known_ = false;
  bool stopped_ = false;
};

}  // namespace nutmqtt::bridge

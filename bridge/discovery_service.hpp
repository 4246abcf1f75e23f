#pragma once
// Home Assistant discovery on the bridge's MQTT session: the lifecycle around the pure builder
// and tracker of homeassistant/.
//
// - At the first connect, this bridge's retained configs are read back for a few seconds so
//   that leftovers of earlier runs (vanished variables, removed UPSes, the other discovery
//   mode) can be cleared; after that the prefix is unsubscribed again.
// - A UPS's configs are rebuilt only when its discovery fingerprint changes (measurements that
//   drift every poll change no config), and only what differs is published.
// - Removals go first; new configs follow after a pause, so that Home Assistant has dropped a
//   unique_id before it sees it again (see discovery_tracker.hpp). Batches keep their order.
// - On Home Assistant's birth message, and after every reconnect, every config is published
//   again (after a short random delay for the birth, so many bridges do not burst at once).

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/mqtt_session.hpp"
#include "common/topics.hpp"
#include "homeassistant/discovery/discovery_tracker.hpp"
#include "homeassistant/discovery/discovery_types.hpp"

namespace nutmqtt::bridge {

class discovery_service {
 public:
  discovery_service(boost::asio::io_context& io, ha::discovery_settings settings,
                    ha::bridge_identity bridge, common::topic_scheme topics,
                    common::mqtt_session& session, int qos);

  // Call after every (re)connect, once the session's own subscriptions are made.
  void on_connected();
  // Returns true when the message was for discovery (read-back or Home Assistant's birth).
  bool on_message(const common::mqtt_message& m);
  // A UPS as it is now; rebuilt and published when something its configs show changed.
  void update_ups(const ha::ups_snapshot& ups);
  // Removes a UPS's configs (it is no longer watched).
  void remove_ups(const std::string& id);
  // Cancels its timers and arms none again: what is not yet published stays unpublished (the
  // bridge is going offline, and Home Assistant takes its entities as unavailable).
  void stop();
  // Runs after Home Assistant announced itself: re-publish availability and states.
  void on_birth(std::function<void()> republish_states) {
    republish_states_ = std::move(republish_states);
  }

 private:
  struct step {
    std::vector<ha::discovery_message> messages;
    bool pause_before = false;
  };
  void end_read_back();
  void send(ha::discovery_batch batch);
  void drain();
  void publish(const ha::discovery_message& m);

  boost::asio::io_context& io_;
  ha::discovery_settings settings_;
  ha::bridge_identity bridge_;
  common::topic_scheme topics_;
  common::mqtt_session& session_;
  int qos_;
  ha::discovery_tracker tracker_;
  std::map<std::string, std::uint64_t> fingerprints_;
  std::set<std::string> clears_unsent_;  // removals that could not be sent (broker away)
  std::deque<step> steps_;
  boost::asio::steady_timer read_back_timer_;
  boost::asio::steady_timer step_timer_;
  boost::asio::steady_timer birth_timer_;
  bool stopped_ = false;
  bool connected_once_ = false;
  bool step_waiting_ = false;
  std::minstd_rand rng_;
  std::function<void()> republish_states_;
};

}  // namespace nutmqtt::bridge

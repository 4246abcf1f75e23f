#pragma once
// Announces the agent's host to Home Assistant (homeassistant/entities/agent_discovery): the
// discovery configs, retained, after every connect (a broker restarted without its persistence file
// has forgotten them); the other discovery mode's configs cleared once at start, in case the user
// switched; and everything again, with the agent's state, after Home Assistant's birth
// message, after a short random delay so that many agents do not answer at once.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/mqtt_session.hpp"
#include "common/topics.hpp"
#include "homeassistant/discovery/discovery_tracker.hpp"
#include "homeassistant/entities/agent_discovery.hpp"

namespace nutmqtt::agent {

class ha_announcer {
 public:
  struct callbacks {
    std::function<void(const common::mqtt_message&)> publish;
    std::function<void()> publish_state;  // the agent's retained state, after the configs
  };

  ha_announcer(boost::asio::io_context& io, ha::discovery_settings settings,
               ha::agent_identity agent, const common::topic_scheme& topics, callbacks cb);

  bool enabled() const { return settings_.enabled; }
  const std::string& status_topic() const { return settings_.status_topic; }

  void on_connected();
  // True when `m` was Home Assistant's status (then handled here).
  bool on_message(const common::mqtt_message& m);
  void stop();

 private:
  void publish_all_after(std::chrono::milliseconds delay);

  ha::discovery_settings settings_;
  ha::agent_identity agent_;
  common::topic_scheme topics_;
  callbacks cb_;
  ha::discovery_tracker tracker_;
  boost::asio::steady_timer timer_;
  bool cleared_ = false;
  bool stopped_ = false;
};

}  // namespace nutmqtt::agent

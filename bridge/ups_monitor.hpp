#pragma once
// One UPS on MQTT: turns its polls into retained topics (variables, status, state,
// availability) and, in the same order as they happened, its events.

#include <map>
#include <set>
#include <string>

#include "bridge/publisher.hpp"
#include "bridge/server_poller.hpp"
#include "bridge/ups_state.hpp"
#include "common/topics.hpp"

namespace nutmqtt::bridge {

struct ups_identity {
  std::string id;        // on MQTT
  std::string nut_name;  // on upsd
  std::string server;    // "host:port"
};

// What every UPS of one bridge run shares.
struct bridge_context {
  std::string bridge_id;
  std::string boot;  // changes with every start, so consumers can tell a restart from a gap
  common::topic_scheme topics;
};

class ups_monitor {
 public:
  ups_monitor(ups_identity identity, const bridge_context& context, publisher& out);

  // Returns true when the status changed (the owner then fetches the variables at once).
  bool on_status(const status_poll& poll, common::wall_clock::time_point now);
  void on_vars(std::map<std::string, std::string> vars, common::wall_clock::time_point now);

  const ups_identity& identity() const { return identity_; }
  const ups_state& state() const { return state_; }

 private:
  void publish(const ups_state::update& u, common::wall_clock::time_point now);
  void publish_state(common::wall_clock::time_point now);

  ups_identity identity_;
  const bridge_context& context_;
  publisher& out_;
  ups_state state_;
  std::set<std::string> refused_names_;  // variables whose names cannot be a topic level
};

}  // namespace nutmqtt::bridge

#pragma once
// One UPS on MQTT: turns its polls into retained topics (variables, status, state,
// availability) and then, in the order they happened, its events. Retained topics go first so
// that a consumer reacting to an event and reading the retained state sees the new state.

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "bridge/publisher.hpp"
#include "bridge/ups/event_detector.hpp"
#include "bridge/ups/ups_state.hpp"
#include "common/secret.hpp"
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
  event_detector::settings detection;
  std::uint64_t last_seq = 0;  // events are numbered per bridge run, across UPSes
  common::secret sign_key;     // when set, events and states carry a signature
  // Called with a UPS id when this bridge's own availability of it changed, before its events
  // go out: the owner publishes the aggregate availability, which counts other bridges too.
  std::function<void(const std::string& id)> availability_changed;
};

class ups_monitor {
 public:
  ups_monitor(ups_identity identity, bridge_context& context, publisher& out);

  // Returns true when the status changed (the owner then fetches the variables at once).
  bool on_status(const poll_outcome& poll, common::wall_clock::time_point now,
                 event_detector::clock::time_point steady_now);
  void on_vars(std::map<std::string, std::string> vars, common::wall_clock::time_point now);

  const ups_identity& identity() const { return identity_; }
  const ups_state& state() const { return state_; }
  // Takes the state snapshot again (a new `time`) if one was published already.
  void refresh_state(common::wall_clock::time_point now);

 private:
  void publish(const ups_state::update& u, common::wall_clock::time_point now);
  void publish_state(common::wall_clock::time_point now);
  void publish_event(const detected_event& e, common::wall_clock::time_point now);

  ups_identity identity_;
  bridge_context& context_;
  publisher& out_;
  ups_state state_;
  event_detector detector_;
  bool state_published_ = false;
  std::set<std::string> refused_names_;  // variables whose names cannot be a topic level
};

}  // namespace nutmqtt::bridge

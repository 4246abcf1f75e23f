#pragma once
// Everything the bridge puts on MQTT goes through here.
//
// Retained topics are cached: a value is sent only when it changed, and the whole cache is
// sent again after every (re)connect, so that a broker that restarted (with or without its
// persistence file) ends up with every retained topic correct. Events are not retained: they
// wait in a bounded queue while the broker is away and are delivered in order, at least once
// (consumers drop repeats by `boot` and `seq`).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "common/mqtt_session.hpp"

namespace nutmqtt::bridge {

class publisher {
 public:
  publisher(common::mqtt_session& session, int qos, std::size_t event_queue_limit);

  // Sets a retained topic; sent now if connected and the payload changed.
  void retain(const std::string& topic, const std::string& payload);
  // The same for the bulk of what the bridge publishes (variables): sent in turn, at most
  // kBulkWindow of them waiting in the session at a time, so that a server whose UPSes bring
  // tens of thousands of variables at once cannot put them ahead of another server's status
  // changes, states and events (which retain() and event() send at once).
  void retain_bulk(const std::string& topic, const std::string& payload);
  static constexpr std::size_t kBulkWindow = 128;
  // Clears a retained topic (empty retained payload) and forgets it.
  void clear(const std::string& topic);
  // Clears every retained topic that starts with `prefix` (a forgotten UPS's); returns how many.
  std::size_t clear_under(const std::string& prefix);
  // Queues an event (QoS at least 1, not retained).
  void event(const std::string& topic, std::string payload);

  // Call from the session's connected / disconnected handlers.
  void on_connected();
  void on_disconnected();
  // Sends every retained topic again (Home Assistant asked for the current picture).
  void republish_retained();

  std::size_t events_queued() const { return outbox_.size(); }
  std::uint64_t events_dropped() const { return events_dropped_; }
  std::size_t retained_topics() const { return retained_.size(); }

 private:
  struct outgoing_event {
    std::uint64_t id;
    std::string topic;
    std::string payload;
    bool in_flight = false;
  };
  void send_events();
  void on_event_delivered(std::uint64_t id, bool ok);
  void pump_bulk();

  common::mqtt_session& session_;
  int qos_;
  int event_qos_;
  std::size_t queue_limit_;
  std::unordered_map<std::string, std::string> retained_;
  std::unordered_set<std::string> clears_pending_;
  std::deque<outgoing_event> outbox_;
  // Bulk topics to send (their payload is the cached one when their turn comes), and how many
  // of them the session holds now.
  std::deque<std::string> bulk_;
  std::unordered_set<std::string> bulk_queued_;
  std::size_t bulk_in_session_ = 0;
  std::uint64_t next_event_id_ = 1;
  std::uint64_t events_dropped_ = 0;
};

}  // namespace nutmqtt::bridge

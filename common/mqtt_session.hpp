#pragma once
// One MQTT connection, driven from the daemon's io_context.
//
// Paho runs its own threads; every Paho callback here only posts into the io_context, so the
// rest of the program sees connects, losses, messages and deliveries on its one thread and
// needs no locks. Reconnecting is ours (not Paho's) so that the owner learns of every
// (re)connect and can re-subscribe and re-publish its retained state.
//
// With several brokers configured, a broker that cannot be reached hands over to the next
// (broker_rotation); once on a later broker, the first is probed every failback_after and,
// when it accepts connections again, the session leaves the later broker cleanly (its last
// will is not sent) and connects to the first. Each switch is a new connection: the owner sees
// `disconnected`, then `connected`, as after any reconnect.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/backoff.hpp"
#include "common/broker_rotation.hpp"
#include "common/mqtt_settings.hpp"

namespace mqtt {
class async_client;
}

namespace nutmqtt::common {

class tcp_probe;

// How soon a lost broker is tried again: from half a second, growing to at most 2 s. Kept
// short because an agent counts its UPSes as unheard of while it is cut off from the broker:
// a broker back after a few seconds must not leave it deaf for much longer than that - past
// its deadtime, a UPS on battery would be taken as critical.
backoff mqtt_reconnect_backoff();

struct mqtt_message {
  std::string topic;
  std::string payload;
  int qos = 1;
  bool retained = false;
  // MQTT 5 request/response properties, empty when absent (always, with MQTT 3.1.1): on a
  // received request, where its sender wants the answer and the bytes to send back with it; on
  // a publish, set as the message's own properties.
  std::string response_topic = {};
  std::string correlation_data = {};
};

class mqtt_session : public std::enable_shared_from_this<mqtt_session> {
 public:
  struct handlers {
    std::function<void()> connected;     // after every (re)connect; subscribe and publish here
    std::function<void()> disconnected;  // connection lost; publishes fail until `connected`
    std::function<void(mqtt_message)> message;
  };
  struct options {
    mqtt_settings settings;
    std::optional<mqtt_message> will;
    bool clean_session = true;
  };
  using delivery_handler = std::function<void(bool delivered)>;

  static std::shared_ptr<mqtt_session> create(boost::asio::io_context& io, options opts,
                                              handlers h);
  ~mqtt_session();
  mqtt_session(const mqtt_session&) = delete;
  mqtt_session& operator=(const mqtt_session&) = delete;

  void start();
  bool connected() const { return connected_; }

  // Queues the message for sending; false (nothing sent) when not connected. `done` runs on the
  // io thread once the broker acknowledged it (QoS 1/2) or it was written (QoS 0), or with
  // false when the connection was lost first (or the session stopped before sending it).
  //
  // At most kPahoWindow messages are in Paho's hands at a time; the rest wait here, in order.
  // Paho refuses publishes beyond its buffer limit, and its per-message bookkeeping grows with
  // what it holds, so the tens of thousands of retained messages a bridge with 1,000 UPSes sends
  // at once are fed to it as it finishes with them.
  bool publish(mqtt_message msg, delivery_handler done = {});
  // `done` runs on the io thread once the broker answered (true: granted), or with false when
  // the request could not be sent or the connection was lost first.
  using subscribe_handler = std::function<void(bool granted)>;
  void subscribe(const std::vector<std::string>& filters, int qos, subscribe_handler done = {});
  void unsubscribe(const std::vector<std::string>& filters);

  // Sends `farewell` (if connected), disconnects, then calls `done` on the io thread. The last
  // will is not sent by a clean disconnect, so `farewell` carries what it would have said.
  void stop(std::vector<mqtt_message> farewell, std::function<void()> done);

  static constexpr std::size_t kPahoWindow = 64;
  // A connection closed this soon after it was accepted counts as dropped at once; after so
  // many in a row, a session that is resumed is started anew instead.
  static constexpr std::chrono::milliseconds kQuickDrop{3000};
  static constexpr int kQuickDropsBeforeNewSession = 2;
  // Once that many messages waited at once, the memory they took is handed back to the system
  // when the last is sent.
  static constexpr std::size_t kTrimAfterBurst = 10000;

  std::uint64_t messages_sent() const { return sent_; }
  // Messages accepted by publish() and not yet handed to Paho.
  std::size_t messages_waiting() const { return outbox_.size(); }
  std::uint64_t messages_received() const { return received_; }
  // The broker connected to, or being tried.
  const std::string& url() const { return opts_.settings.urls[rotation_.current()]; }

 private:
  class listener;
  mqtt_session(boost::asio::io_context& io, options opts, handlers h);

  void connect();
  void on_connect_result(bool ok, int rc, const std::string& why);
  void on_connection_lost(const std::string& cause);
  void on_delivery(std::uint64_t id, bool ok);
  void on_subscribed(std::uint64_t id, bool ok);
  void pump();
  void schedule_reconnect();
  void arm_failback();
  void check_first_broker();
  void on_first_broker_probed(bool reachable, const std::string& why);
  void switch_to_first();
  void on_switched();
  void fail_pending_deliveries();
  void drop_waiting();
  void release_burst_memory();
  void disconnect(const std::shared_ptr<std::function<void()>>& finished);
  template <typename F>
  void post(F&& f);

  boost::asio::io_context& io_;
  options opts_;
  handlers handlers_;
  boost::asio::steady_timer reconnect_timer_;
  backoff backoff_;  // per round of the brokers, not per broker
  broker_rotation rotation_;
  boost::asio::steady_timer failback_timer_;
  std::shared_ptr<tcp_probe> probe_;  // of the first broker, while failed over
  bool started_ = false;
  bool stopping_ = false;
  bool connected_ = false;
  bool connecting_ = false;
  bool switching_ = false;  // leaving a later broker for the first
  // A broker that closes the connection right after accepting it, again and again, while the
  // session is resumed: the state of that session (messages either side resends at once) is
  // what it refuses, so the session starts anew (see connect()).
  std::chrono::steady_clock::time_point connected_at_{};
  int quick_drops_ = 0;
  std::vector<std::string> last_failure_;  // per broker: its failures are logged once each
  struct outgoing {
    mqtt_message msg;
    delivery_handler done;
  };
  std::uint64_t next_delivery_id_ = 1;
  std::deque<outgoing> outbox_;  // not yet given to Paho
  std::size_t burst_ = 0;        // the most messages waiting since the outbox was last empty
  std::unordered_map<std::uint64_t, delivery_handler> pending_;  // in Paho's hands
  std::unordered_map<std::uint64_t, subscribe_handler> pending_subscribes_;
  std::uint64_t sent_ = 0;
  std::uint64_t received_ = 0;
  // Declared before client_ so that they outlive it: Paho holds references to them.
  std::unique_ptr<listener> connect_listener_;
  std::unique_ptr<listener> delivery_listener_;
  std::unique_ptr<listener> subscribe_listener_;
  std::unique_ptr<listener> disconnect_listener_;
  std::unique_ptr<listener> switch_listener_;
  std::unique_ptr<mqtt::async_client> client_;
};

}  // namespace nutmqtt::common

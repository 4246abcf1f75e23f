#pragma once
// A test's own MQTT client: records everything it receives and can publish.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mqtt {
class async_client;
}

namespace nutmqtt::test {

struct received_message {
  std::string topic;
  std::string payload;
  bool retained = false;
  std::chrono::steady_clock::time_point at;
};

class mqtt_probe {
 public:
  struct login {
    std::string username;
    std::string password;
  };
  // Connects (clean session) and subscribes to `filters`; reconnects and re-subscribes on its
  // own when the broker restarts.
  mqtt_probe(int port, std::vector<std::string> filters)
      : mqtt_probe(port, std::move(filters), login{}) {}
  // The same, logged in as `credentials.username` (a broker that refuses anonymous clients).
  mqtt_probe(int port, std::vector<std::string> filters, login credentials);
  ~mqtt_probe();

  std::vector<received_message> messages() const;
  std::vector<received_message> messages_on(const std::string& topic) const;
  // The latest payload seen on `topic` (an empty payload means "cleared").
  std::optional<std::string> latest(const std::string& topic) const;
  // Topic -> latest payload, for every topic seen with a non-empty latest payload.
  std::map<std::string, std::string> current() const;
  void clear();

  // Waits until some message (seen already, or arriving) satisfies `match`.
  bool wait_for(const std::function<bool(const received_message&)>& match,
                std::chrono::milliseconds timeout);
  // Waits until the latest payload on `topic` equals `payload`.
  bool wait_for_latest(const std::string& topic, const std::string& payload,
                       std::chrono::milliseconds timeout);
  // Waits until `topic` has received a message at all.
  bool wait_for_topic(const std::string& topic, std::chrono::milliseconds timeout);

  void publish(const std::string& topic, const std::string& payload, bool retained = false,
               int qos = 1);
  // Publishes each (topic, payload) in order, not retained, at QoS 1, with up to `in_flight`
  // of them not yet acknowledged by the broker: a flood as fast as one client can send it.
  void publish_all(const std::vector<std::pair<std::string, std::string>>& messages,
                   std::size_t in_flight);
  bool connected() const;

 private:
  struct state;
  std::shared_ptr<state> state_;
  std::unique_ptr<mqtt::async_client> client_;
};

}  // namespace nutmqtt::test

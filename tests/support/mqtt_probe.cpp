#include "support/mqtt_probe.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <random>
#include <stdexcept>

#include <mqtt/async_client.h>

namespace nutmqtt::test {

struct mqtt_probe::state {
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::vector<received_message> messages;
  std::map<std::string, std::string> latest;
  std::atomic<bool> connected{false};
};

mqtt_probe::mqtt_probe(int port, std::vector<std::string> filters, login credentials)
    : state_(std::make_shared<state>()) {
  std::random_device rd;
  std::string id = "nutmqtt-test-probe-" + std::to_string(rd());
  client_ =
      std::make_unique<mqtt::async_client>("tcp://127.0.0.1:" + std::to_string(port), id, nullptr);
  auto st = state_;
  auto* cli = client_.get();
  client_->set_connected_handler([st, cli, filters](const std::string&) {
    auto topics = mqtt::string_collection::create(filters);
    cli->subscribe(topics, mqtt::iasync_client::qos_collection(filters.size(), 1));
    st->connected = true;
  });
  client_->set_connection_lost_handler([st](const std::string&) { st->connected = false; });
  client_->set_message_callback([st](mqtt::const_message_ptr m) {
    std::lock_guard lock(st->mutex);
    received_message r{m->get_topic(), m->to_string(), m->is_retained(),
                       std::chrono::steady_clock::now()};
    st->latest[r.topic] = r.payload;
    st->messages.push_back(std::move(r));
    st->changed.notify_all();
  });
  auto builder = mqtt::connect_options_builder()
                     .clean_session(true)
                     .automatic_reconnect(std::chrono::milliseconds(200), std::chrono::seconds(1))
                     .keep_alive_interval(std::chrono::seconds(30));
  if (!credentials.username.empty()) {
    builder.user_name(credentials.username).password(credentials.password);
  }
  auto opts = builder.finalize();
  try {
    client_->connect(opts)->wait_for(std::chrono::seconds(10));
  } catch (const mqtt::exception& e) {
    throw std::runtime_error(std::string("probe cannot connect: ") + e.what());
  }
  // Subscriptions complete asynchronously; a published retained message must not race them.
  for (int i = 0; i < 200 && !state_->connected; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

mqtt_probe::~mqtt_probe() {
  try {
    // Disconnect first: Paho C keeps publishes that arrive while no callback is set, and never
    // frees them (LeakSanitizer saw them when the bridge published during the teardown).
    if (client_->is_connected()) client_->disconnect()->wait_for(std::chrono::seconds(2));
    client_->disable_callbacks();
  } catch (...) {
  }
}

std::vector<received_message> mqtt_probe::messages() const {
  std::lock_guard lock(state_->mutex);
  return state_->messages;
}

std::vector<received_message> mqtt_probe::messages_on(const std::string& topic) const {
  std::lock_guard lock(state_->mutex);
  std::vector<received_message> out;
  for (const auto& m : state_->messages) {
    if (m.topic == topic) out.push_back(m);
  }
  return out;
}

std::optional<std::string> mqtt_probe::latest(const std::string& topic) const {
  std::lock_guard lock(state_->mutex);
  auto it = state_->latest.find(topic);
  if (it == state_->latest.end()) return std::nullopt;
  return it->second;
}

std::map<std::string, std::string> mqtt_probe::current() const {
  std::lock_guard lock(state_->mutex);
  std::map<std::string, std::string> out;
  for (const auto& [t, p] : state_->latest) {
    if (!p.empty()) out[t] = p;
  }
  return out;
}

void mqtt_probe::clear() {
  std::lock_guard lock(state_->mutex);
  state_->messages.clear();
  state_->latest.clear();
}

bool mqtt_probe::wait_for(const std::function<bool(const received_message&)>& match,
                          std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  std::size_t checked = 0;
  return state_->changed.wait_for(lock, timeout, [&] {
    for (; checked < state_->messages.size(); ++checked) {
      if (match(state_->messages[checked])) return true;
    }
    return false;
  });
}

bool mqtt_probe::wait_for_latest(const std::string& topic, const std::string& payload,
                                 std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] {
    auto it = state_->latest.find(topic);
    return it != state_->latest.end() && it->second == payload;
  });
}

bool mqtt_probe::wait_for_topic(const std::string& topic, std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return state_->latest.count(topic) != 0; });
}

void mqtt_probe::publish(const std::string& topic, const std::string& payload, bool retained,
                         int qos) {
  client_->publish(topic, payload.data(), payload.size(), qos, retained)
      ->wait_for(std::chrono::seconds(5));
}

void mqtt_probe::publish_all(const std::vector<std::pair<std::string, std::string>>& messages,
                             std::size_t in_flight) {
  std::deque<mqtt::delivery_token_ptr> pending;
  for (const auto& [topic, payload] : messages) {
    if (pending.size() >= std::max<std::size_t>(in_flight, 1)) {
      pending.front()->wait_for(std::chrono::seconds(5));
      pending.pop_front();
    }
    pending.push_back(client_->publish(topic, payload.data(), payload.size(), 1, false));
  }
  for (auto& token : pending)
    token->wait_for(std::chrono::seconds(5));
}

bool mqtt_probe::connected() const {
  return state_->connected;
}

}  // namespace nutmqtt::test

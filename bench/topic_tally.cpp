#include "bench/topic_tally.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <unordered_map>

#include <mqtt/async_client.h>
#include <nlohmann/json.hpp>

namespace nutmqtt::bench {

struct topic_tally::state {
  mutable std::mutex mutex;
  std::uint64_t messages = 0;
  std::unordered_map<std::string, std::string> group_of;  // expected topics not seen yet
  std::map<std::string, group_progress> groups;
  std::vector<event_arrival> events;
  std::string event_prefix;

  void on_message(const std::string& topic, const std::string& payload) {
    const auto now = clock::now();
    std::lock_guard lock(mutex);
    ++messages;
    if (!payload.empty()) {
      if (auto it = group_of.find(topic); it != group_of.end()) {
        auto& g = groups[it->second];
        if (++g.seen == g.expected) g.complete_at = now;
        group_of.erase(it);
      }
    }
    if (topic.starts_with(event_prefix) && topic.ends_with("/event")) {
      auto json = nlohmann::json::parse(payload, nullptr, false);
      if (json.is_object() && json.contains("event_type") && json["event_type"].is_string()) {
        auto ups = topic.substr(event_prefix.size(),
                                topic.size() - event_prefix.size() - std::string("/event").size());
        events.push_back({now, ups, json["event_type"].get<std::string>()});
      }
    }
  }
};

topic_tally::topic_tally(int port, const std::vector<std::string>& filters,
                         const std::map<std::string, std::vector<std::string>>& expected,
                         std::string event_prefix)
    : state_(std::make_shared<state>()) {
  state_->event_prefix = std::move(event_prefix);
  for (const auto& [group, topics] : expected) {
    auto& g = state_->groups[group];
    for (const auto& t : topics) {
      if (state_->group_of.emplace(t, group).second) ++g.expected;
    }
  }
  std::random_device rd;
  client_ =
      std::make_unique<mqtt::async_client>("tcp://127.0.0.1:" + std::to_string(port),
                                           "nutmqtt-bench-tally-" + std::to_string(rd()), nullptr);
  auto st = state_;
  client_->set_message_callback(
      [st](mqtt::const_message_ptr m) { st->on_message(m->get_topic(), m->get_payload_str()); });
  auto opts = mqtt::connect_options_builder()
                  .clean_session(true)
                  .keep_alive_interval(std::chrono::seconds(60))
                  .finalize();
  try {
    client_->connect(opts)->wait_for(std::chrono::seconds(10));
    auto topics = mqtt::string_collection::create(filters);
    if (!client_->subscribe(topics, mqtt::iasync_client::qos_collection(filters.size(), 1))
             ->wait_for(std::chrono::seconds(10))) {
      throw std::runtime_error("no SUBACK within 10 s");
    }
  } catch (const mqtt::exception& e) {
    throw std::runtime_error(std::string("the counting subscriber cannot subscribe: ") + e.what());
  }
}

topic_tally::~topic_tally() {
  try {
    // Disconnected first, like the tests' probe: publishes arriving with no callback set leak.
    if (client_->is_connected()) client_->disconnect()->wait_for(std::chrono::seconds(2));
    client_->disable_callbacks();
  } catch (const mqtt::exception&) {
  }
}

std::uint64_t topic_tally::messages() const {
  std::lock_guard lock(state_->mutex);
  return state_->messages;
}

std::map<std::string, topic_tally::group_progress> topic_tally::progress() const {
  std::lock_guard lock(state_->mutex);
  return state_->groups;
}

std::vector<topic_tally::event_arrival> topic_tally::events() const {
  std::lock_guard lock(state_->mutex);
  return state_->events;
}

}  // namespace nutmqtt::bench

namespace nutmqtt::bench {

std::vector<std::string> topic_tally::missing(std::size_t limit) const {
  std::vector<std::string> out;
  {
    std::lock_guard lock(state_->mutex);
    for (const auto& [topic, group] : state_->group_of)
      out.push_back(topic);
  }
  std::sort(out.begin(), out.end());
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace nutmqtt::bench

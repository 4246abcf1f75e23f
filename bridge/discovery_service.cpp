#include "bridge/discovery_service.hpp"

#include <spdlog/spdlog.h>

#include "homeassistant/discovery/discovery_builder.hpp"
#include "homeassistant/discovery/discovery_fingerprint.hpp"

namespace nutmqtt::bridge {
namespace {

using namespace std::chrono_literals;

// How long retained configs are read back at start, and the pause between removals and new
// configs: both only need to cover a round trip through the broker and Home Assistant.
constexpr auto kReadBack = 3s;
constexpr auto kPauseAfterRemovals = 1500ms;

}  // namespace

discovery_service::discovery_service(boost::asio::io_context& io, ha::discovery_settings settings,
                                     ha::bridge_identity bridge, common::topic_scheme topics,
                                     common::mqtt_session& session, int qos)
    : io_(io),
      settings_(std::move(settings)),
      bridge_(std::move(bridge)),
      topics_(std::move(topics)),
      session_(session),
      qos_(qos),
      tracker_(settings_, bridge_.id),
      read_back_timer_(io),
      step_timer_(io),
      birth_timer_(io),
      rng_(std::random_device{}()) {
  tracker_.update(std::string(ha::kBridgeOwner),
                  ha::build_bridge_discovery(bridge_, settings_, topics_));
}

void discovery_service::stop() {
  stopped_ = true;
  read_back_timer_.cancel();
  step_timer_.cancel();
  birth_timer_.cancel();
}

void discovery_service::on_connected() {
  if (stopped_) return;
  session_.subscribe({settings_.status_topic}, qos_);
  if (!connected_once_) {
    connected_once_ = true;
    session_.subscribe({settings_.prefix + "/#"}, qos_);
    read_back_timer_.expires_after(kReadBack);
    read_back_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) end_read_back();
    });
    return;
  }
  for (const auto& topic : clears_unsent_)
    publish({topic, ""});
  clears_unsent_.clear();
  // A broker that restarted without its persistence file has forgotten every config.
  for (const auto& m : tracker_.republish())
    publish(m);
}

void discovery_service::end_read_back() {
  session_.unsubscribe({settings_.prefix + "/#"});
  auto batch = tracker_.end_read_back();
  spdlog::info("Home Assistant discovery: {} configs to publish, {} leftovers to clear",
               batch.publish.size(), batch.clear.size());
  send(std::move(batch));
}

bool discovery_service::on_message(const common::mqtt_message& m) {
  if (ha::is_birth_message(settings_, m.topic, m.payload)) {
    if (stopped_) return true;
    // Many bridges hear the same birth message: a random delay spreads their bursts.
    std::uniform_int_distribution<int> delay_ms(1000, 5000);
    birth_timer_.expires_after(std::chrono::milliseconds(delay_ms(rng_)));
    birth_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      spdlog::info("Home Assistant started: publishing discovery and states again");
      for (const auto& msg : tracker_.republish())
        publish(msg);
      if (republish_states_) republish_states_();
    });
    return true;
  }
  if (m.topic.size() > settings_.prefix.size() && m.topic.starts_with(settings_.prefix) &&
      m.topic[settings_.prefix.size()] == '/') {
    if (tracker_.reading_back() && m.retained) tracker_.read_back(m.topic, m.payload);
    return true;
  }
  return m.topic == settings_.status_topic;
}

void discovery_service::update_ups(const ha::ups_snapshot& ups) {
  auto fingerprint = ha::discovery_fingerprint(ups);
  auto [it, fresh] = fingerprints_.try_emplace(ups.id, fingerprint);
  if (!fresh && it->second == fingerprint) return;
  it->second = fingerprint;
  // The tracker keeps the snapshot, not the configs: they are made again from it when Home
  // Assistant or the broker restarts.
  send(tracker_.update(
      ups.id, [this, ups] { return ha::build_ups_discovery(ups, bridge_, settings_, topics_); }));
}

void discovery_service::remove_ups(const std::string& id) {
  if (fingerprints_.erase(id) == 0) return;
  send(tracker_.remove(id));
}

void discovery_service::send(ha::discovery_batch batch) {
  if (batch.empty()) return;
  bool pause = !batch.clear.empty();
  if (pause) steps_.push_back({std::move(batch.clear), false});
  steps_.push_back({std::move(batch.publish), pause});
  drain();
}

void discovery_service::drain() {
  while (!steps_.empty() && !step_waiting_ && !stopped_) {
    auto& next = steps_.front();
    if (next.pause_before) {
      next.pause_before = false;
      step_waiting_ = true;
      step_timer_.expires_after(kPauseAfterRemovals);
      step_timer_.async_wait([this](const boost::system::error_code& ec) {
        step_waiting_ = false;
        if (!ec) drain();
      });
      return;
    }
    for (const auto& m : next.messages)
      publish(m);
    steps_.pop_front();
  }
}

void discovery_service::publish(const ha::discovery_message& m) {
  bool sent = session_.publish({m.topic, m.payload, qos_, true});
  if (m.payload.empty()) {
    if (sent) {
      clears_unsent_.erase(m.topic);
    } else {
      clears_unsent_.insert(m.topic);
    }
  }
}

}  // namespace nutmqtt::bridge

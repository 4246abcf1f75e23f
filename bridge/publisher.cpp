#include "bridge/publisher.hpp"

#include <algorithm>
#include <vector>

#include <spdlog/spdlog.h>

namespace nutmqtt::bridge {

publisher::publisher(common::mqtt_session& session, int qos, std::size_t event_queue_limit)
    : session_(session),
      qos_(qos),
      event_qos_(std::max(qos, 1)),
      queue_limit_(std::max<std::size_t>(event_queue_limit, 1)) {}

void publisher::retain(const std::string& topic, const std::string& payload) {
  auto [it, fresh] = retained_.try_emplace(topic, payload);
  if (!fresh) {
    if (it->second == payload) return;
    it->second = payload;
  }
  clears_pending_.erase(topic);
  session_.publish({topic, payload, qos_, true});
}

void publisher::retain_bulk(const std::string& topic, const std::string& payload) {
  auto [it, fresh] = retained_.try_emplace(topic, payload);
  if (!fresh) {
    if (it->second == payload) return;
    it->second = payload;
  }
  clears_pending_.erase(topic);
  if (bulk_queued_.insert(topic).second) bulk_.push_back(topic);
  pump_bulk();
}

void publisher::pump_bulk() {
  while (!bulk_.empty() && bulk_in_session_ < kBulkWindow && session_.connected()) {
    auto topic = std::move(bulk_.front());
    bulk_.pop_front();
    bulk_queued_.erase(topic);
    auto it = retained_.find(topic);
    if (it == retained_.end()) continue;  // cleared meanwhile: the clear went out already
    // The next ones go once this one has left the session (delivered or not). Counted first:
    // the session may report a failure before publish() returns.
    ++bulk_in_session_;
    const bool queued = session_.publish({topic, it->second, qos_, true}, [this](bool) {
      --bulk_in_session_;
      pump_bulk();
    });
    if (!queued) --bulk_in_session_;
  }
}

void publisher::clear(const std::string& topic) {
  retained_.erase(topic);
  // Sent again after a reconnect: a broker with a persistence file may still hold the value.
  const bool queued = session_.publish({topic, "", qos_, true}, [this, topic](bool delivered) {
    if (!delivered && retained_.count(topic) == 0) clears_pending_.insert(topic);
  });
  if (!queued) clears_pending_.insert(topic);
}

std::size_t publisher::clear_under(const std::string& prefix) {
  std::vector<std::string> topics;
  for (const auto& [topic, payload] : retained_) {
    if (topic.starts_with(prefix)) topics.push_back(topic);
  }
  for (const auto& topic : topics)
    clear(topic);
  return topics.size();
}

void publisher::event(const std::string& topic, std::string payload) {
  if (outbox_.size() >= queue_limit_) {
    // Dropping the oldest keeps the newest, which describe the present.
    auto victim = std::find_if(outbox_.begin(), outbox_.end(),
                               [](const outgoing_event& e) { return !e.in_flight; });
    if (victim == outbox_.end()) victim = outbox_.begin();
    outbox_.erase(victim);
    if (events_dropped_++ % 1000 == 0) {
      spdlog::warn(
          "the MQTT broker is unreachable and {} events are queued: dropping the oldest "
          "({} dropped so far)",
          queue_limit_, events_dropped_);
    }
  }
  outbox_.push_back(outgoing_event{next_event_id_++, topic, std::move(payload), false});
  send_events();
}

void publisher::send_events() {
  if (!session_.connected()) return;
  for (auto& e : outbox_) {
    if (e.in_flight) continue;
    e.in_flight =
        session_.publish({e.topic, e.payload, event_qos_, false},
                         [this, id = e.id](bool delivered) { on_event_delivered(id, delivered); });
    if (!e.in_flight) break;  // keep the order: nothing after an unsent event
  }
}

void publisher::on_event_delivered(std::uint64_t id, bool ok) {
  auto it = std::find_if(outbox_.begin(), outbox_.end(),
                         [id](const outgoing_event& e) { return e.id == id; });
  if (it == outbox_.end()) return;
  if (ok) {
    outbox_.erase(it);
  } else {
    it->in_flight = false;  // sent again, in order, after the reconnect
  }
}

void publisher::on_connected() {
  // Everything retained goes out below: what waited its turn is in it.
  bulk_.clear();
  bulk_queued_.clear();
  for (const auto& topic : clears_pending_)
    session_.publish({topic, "", qos_, true});
  clears_pending_.clear();
  for (const auto& [topic, payload] : retained_)
    session_.publish({topic, payload, qos_, true});
  for (auto& e : outbox_)
    e.in_flight = false;
  send_events();
}

void publisher::republish_retained() {
  for (const auto& [topic, payload] : retained_)
    session_.publish({topic, payload, qos_, true});
}

void publisher::on_disconnected() {
  for (auto& e : outbox_)
    e.in_flight = false;
}

}  // namespace nutmqtt::bridge

#include "homeassistant/discovery/discovery_tracker.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <optional>
#include <set>

#include "homeassistant/discovery/discovery_ids.hpp"
#include "homeassistant/entities/abbreviations.hpp"

namespace nutmqtt::ha {
namespace {

using nlohmann::json;

json parse_object(std::string_view payload) {
  auto parsed = json::parse(payload, nullptr, false);
  return parsed.is_object() ? parsed : json();
}

std::string string_at(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// obj[key] when both are objects, else an empty object: read-back payloads are untrusted.
json object_at(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_object() ? *it : json::object();
}

bool names_identifier(const json& identifiers, const std::string& wanted) {
  if (identifiers.is_string()) return identifiers.get<std::string>() == wanted;
  if (!identifiers.is_array()) return false;
  return std::any_of(identifiers.begin(), identifiers.end(), [&](const json& id) {
    return id.is_string() && id.get<std::string>() == wanted;
  });
}

// A component that is only {"p": ...}: a removal marker, not an entity.
bool is_stub(const json& component) {
  return component.is_object() && component.size() == 1 && component.contains("platform");
}

// Keys of `old_cmps` whose entity is gone from `new_cmps` or is now a different one.
std::vector<std::string> dropped_components(const json& old_cmps, const json& new_cmps) {
  std::vector<std::string> dropped;
  for (auto it = old_cmps.begin(); it != old_cmps.end(); ++it) {
    if (!it->is_object() || is_stub(*it)) continue;
    auto now = new_cmps.find(it.key());
    const bool same = now != new_cmps.end() && now->is_object() &&
                      string_at(*now, "platform") == string_at(*it, "platform") &&
                      string_at(*now, "unique_id") == string_at(*it, "unique_id");
    if (!same) dropped.push_back(it.key());
  }
  return dropped;
}

// The removal step for a device-based config going from `old_payload` to `new_payload`, or
// nullopt when nothing Home Assistant has must go first.
std::optional<std::string> device_removal(const std::string& old_payload,
                                          const std::string& new_payload) {
  json old_raw = parse_object(old_payload);
  const json old_cfg = expand_abbreviations(old_raw);
  const json new_cfg = expand_abbreviations(parse_object(new_payload));
  const json old_cmps = object_at(old_cfg, "components");
  const json new_cmps = object_at(new_cfg, "components");
  auto dropped = dropped_components(old_cmps, new_cmps);
  if (dropped.empty()) return std::nullopt;
  const auto live = std::count_if(old_cmps.begin(), old_cmps.end(),
                                  [](const json& c) { return c.is_object() && !is_stub(c); });
  // Nothing survives: an empty payload removes the whole device in one go.
  if (static_cast<std::size_t>(live) == dropped.size()) return std::string();
  const char* key = old_raw.contains("cmps") ? "cmps" : "components";
  for (const auto& k : dropped) {
    old_raw[key][k] = {{"p", string_at(old_cmps[k], "platform")}};
  }
  return old_raw.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Per-entity configs: a different unique_id on the same topic is a different entity.
std::optional<std::string> entity_removal(const std::string& old_payload,
                                          const std::string& new_payload) {
  const auto old_uid = string_at(expand_abbreviations(parse_object(old_payload)), "unique_id");
  const auto new_uid = string_at(expand_abbreviations(parse_object(new_payload)), "unique_id");
  if (old_uid == new_uid) return std::nullopt;
  return std::string();
}

// Equal payloads have equal digests; a changed config whose digest stays the same (odds of
// 2^-64) would not be re-sent.
std::size_t digest(std::string_view payload) {
  return std::hash<std::string_view>{}(payload);
}

const std::string* payload_of(const std::vector<discovery_message>& messages,
                              const std::string& topic) {
  auto it = std::find_if(messages.begin(), messages.end(),
                         [&](const discovery_message& m) { return m.topic == topic; });
  return it == messages.end() ? nullptr : &it->payload;
}

}  // namespace

bool written_by_bridge(const json& payload, std::string_view bridge_id) {
  const json cfg = expand_abbreviations(payload);
  if (string_at(object_at(cfg, "origin"), "name") != kOriginName) return false;
  const json device = object_at(cfg, "device");
  const auto bridge = bridge_device_identifier(bridge_id);
  auto ids = device.find("identifiers");
  return (ids != device.end() && names_identifier(*ids, bridge)) ||
         string_at(device, "via_device") == bridge;
}

bool is_birth_message(const discovery_settings& settings, std::string_view topic,
                      std::string_view payload) {
  return topic == settings.status_topic && payload == "online";
}

discovery_tracker::discovery_tracker(discovery_settings settings, std::string bridge_id)
    : settings_(std::move(settings)), bridge_id_(std::move(bridge_id)) {}

bool discovery_tracker::read_back(std::string_view topic, std::string_view payload) {
  const std::string prefix = settings_.prefix + "/";
  if (!topic.starts_with(prefix) || !topic.ends_with("/config") || payload.empty()) return false;
  if (!written_by_bridge(parse_object(payload), bridge_id_)) return false;
  published_[std::string(topic)] = {digest(payload), std::string(payload)};
  return true;
}

discovery_batch discovery_tracker::end_read_back() {
  discovery_batch batch;
  if (!reading_back_) return batch;
  reading_back_ = false;
  std::vector<std::string> stale;
  for (const auto& [topic, payload] : published_) {
    if (!desired_by_anyone(topic)) stale.push_back(topic);
  }
  for (const auto& topic : stale)
    clear_topic(topic, batch);
  const std::vector<discovery_message> none;
  for (const auto& m : republish())
    reconcile(m, batch, [&]() -> const std::vector<discovery_message>& { return none; });
  return batch;
}

discovery_batch discovery_tracker::update(const std::string& owner,
                                          std::vector<discovery_message> desired) {
  return update(owner, [desired = std::move(desired)] { return desired; });
}

discovery_batch discovery_tracker::update(const std::string& owner, renderer render) {
  discovery_batch batch;
  auto desired = render();
  owner_configs entry{std::move(render), {}};
  for (const auto& m : desired)
    entry.topics.push_back(m.topic);
  auto previous = std::exchange(owners_[owner], std::move(entry));
  if (reading_back_) return batch;
  for (const auto& topic : previous.topics) {
    if (!desired_by_anyone(topic)) clear_topic(topic, batch);
  }
  std::optional<std::vector<discovery_message>> previous_configs;
  auto old_configs = [&]() -> const std::vector<discovery_message>& {
    if (!previous_configs) {
      previous_configs = previous.render ? previous.render() : std::vector<discovery_message>{};
    }
    return *previous_configs;
  };
  for (const auto& m : desired)
    reconcile(m, batch, old_configs);
  return batch;
}

discovery_batch discovery_tracker::remove(const std::string& owner) {
  discovery_batch batch;
  auto it = owners_.find(owner);
  if (it == owners_.end()) return batch;
  auto previous = std::move(it->second);
  owners_.erase(it);
  if (reading_back_) return batch;  // end_read_back() clears what is retained
  for (const auto& topic : previous.topics) {
    if (!desired_by_anyone(topic)) clear_topic(topic, batch);
  }
  return batch;
}

std::vector<discovery_message> discovery_tracker::republish() const {
  std::vector<discovery_message> out;
  if (reading_back_) return out;
  auto append = [&out](const owner_configs& owner) {
    auto configs = owner.render();
    out.insert(out.end(), std::make_move_iterator(configs.begin()),
               std::make_move_iterator(configs.end()));
  };
  const std::string bridge(kBridgeOwner);
  if (auto it = owners_.find(bridge); it != owners_.end()) append(it->second);
  for (const auto& [owner, configs] : owners_) {
    if (owner != bridge) append(configs);
  }
  return out;
}

void discovery_tracker::reconcile(
    const discovery_message& want, discovery_batch& batch,
    const std::function<const std::vector<discovery_message>&()>& previous) {
  const auto want_digest = digest(want.payload);
  auto it = published_.find(want.topic);
  if (it != published_.end()) {
    auto& retained = it->second;
    if (retained.digest == want_digest) {
      std::string().swap(retained.read_back);  // the owner can make the same payload again
      return;
    }
    const std::string* old =
        retained.read_back.empty() ? payload_of(previous(), want.topic) : &retained.read_back;
    if (old != nullptr) {
      const bool device_topic = want.topic.starts_with(settings_.prefix + "/device/");
      auto removal =
          device_topic ? device_removal(*old, want.payload) : entity_removal(*old, want.payload);
      if (removal) batch.clear.push_back({want.topic, *removal});
    }
  }
  batch.publish.push_back(want);
  published_[want.topic] = {want_digest, {}};
}

bool discovery_tracker::desired_by_anyone(const std::string& topic) const {
  return std::any_of(owners_.begin(), owners_.end(), [&](const auto& owner) {
    const auto& topics = owner.second.topics;
    return std::find(topics.begin(), topics.end(), topic) != topics.end();
  });
}

void discovery_tracker::clear_topic(const std::string& topic, discovery_batch& batch) {
  if (published_.erase(topic) == 0) return;
  batch.clear.push_back({topic, ""});
}

}  // namespace nutmqtt::ha

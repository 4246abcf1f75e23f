#include "bridge/peer_bridges.hpp"

#include <nlohmann/json.hpp>

namespace nutmqtt::bridge {

peer_bridges::peer* peer_bridges::find_or_add(const std::string& bridge) {
  if (bridge == self_) return nullptr;
  if (auto it = peers_.find(bridge); it != peers_.end()) return &it->second;
  if (peers_.size() >= kMaxPeers) return nullptr;
  return &peers_[bridge];
}

bool peer_bridges::on_info(const std::string& bridge, std::string_view payload) {
  auto* p = find_or_add(bridge);
  if (p == nullptr) return true;
  p->ups.clear();
  if (payload.empty()) return true;
  const auto doc = nlohmann::json::parse(payload, nullptr, false);
  if (!doc.is_object() || !doc.contains("servers") || !doc["servers"].is_array()) return false;
  for (const auto& server : doc["servers"]) {
    if (!server.is_object() || !server.contains("ups") || !server["ups"].is_array()) continue;
    for (const auto& ups : server["ups"]) {
      if (p->ups.size() >= kMaxIdsPerPeer) return true;
      if (ups.is_object() && ups.contains("id") && ups["id"].is_string())
        p->ups.insert(ups["id"].get<std::string>());
    }
  }
  return true;
}

void peer_bridges::on_availability(const std::string& bridge, bool online) {
  if (auto* p = online ? find_or_add(bridge) : nullptr) {
    p->online = true;
  } else if (auto it = peers_.find(bridge); it != peers_.end()) {
    it->second.online = false;
  }
}

void peer_bridges::on_reach(const std::string& ups, const std::string& bridge,
                            std::optional<bool> reaches) {
  if (!reaches) {
    if (auto it = peers_.find(bridge); it != peers_.end()) it->second.reach.erase(ups);
    return;
  }
  auto* p = find_or_add(bridge);
  if (p == nullptr) return;
  auto it = p->reach.find(ups);
  if (it != p->reach.end()) {
    it->second = *reaches;
  } else if (p->reach.size() < kMaxIdsPerPeer) {
    p->reach.emplace(ups, *reaches);
  }
}

bool peer_bridges::another_reaches(std::string_view ups) const {
  for (const auto& [id, p] : peers_) {
    if (!p.online) continue;
    auto it = p.reach.find(ups);
    if (it != p.reach.end() && it->second) return true;
  }
  return false;
}

bool peer_bridges::another_has(std::string_view ups) const {
  for (const auto& [id, p] : peers_)
    if (p.online && p.ups.count(ups) != 0) return true;
  return false;
}

bool peer_bridges::earlier_has(std::string_view ups) const {
  for (const auto& [id, p] : peers_) {
    if (id >= self_) break;
    if (p.online && p.ups.count(ups) != 0) return true;
  }
  return false;
}

bool peer_bridges::answers_for_unknown() const {
  for (const auto& [id, p] : peers_) {
    if (id >= self_) break;  // in id order: the rest come after this bridge
    if (p.online) return false;
  }
  return true;
}

}  // namespace nutmqtt::bridge

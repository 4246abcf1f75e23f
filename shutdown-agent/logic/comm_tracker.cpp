#include "shutdown-agent/logic/comm_tracker.hpp"

namespace nutmqtt::agent {

std::string_view source_name(comm_source s) {
  switch (s) {
    case comm_source::availability:
      return "ups availability";
    case comm_source::bridge:
      return "bridge availability";
    case comm_source::broker:
      return "broker connection";
    case comm_source::bridge_event:
      return "bridge event";
    case comm_source::unpolled:
      return "bridge back, UPS not yet polled";
    case comm_source::state:
      break;
  }
  return "state cleared";
}

std::string_view source_id(comm_source s) {
  switch (s) {
    case comm_source::availability:
      return "availability";
    case comm_source::bridge:
      return "bridge";
    case comm_source::broker:
      return "broker";
    case comm_source::bridge_event:
      return "bridge_event";
    case comm_source::unpolled:
      return "unpolled";
    case comm_source::state:
      break;
  }
  return "state";
}

std::optional<comm_source> source_from_id(std::string_view id) {
  for (auto s : {comm_source::availability, comm_source::bridge, comm_source::broker,
                 comm_source::bridge_event, comm_source::state, comm_source::unpolled}) {
    if (source_id(s) == id) return s;
  }
  return std::nullopt;
}

bool comm_tracker::heard(const ups_comm& u) const {
  for (const auto& [bridge, h] : u.hearers) {
    if (h.reaches && !h.commbad && bridges_offline_.count(bridge) == 0) return true;
  }
  return false;
}

bool comm_tracker::effectively_lost(const ups_comm& u) const {
  if (u.sources.empty()) return false;
  // The agent's own broker and a cleared state: no bridge's word makes up for them.
  if (u.sources.count(comm_source::broker) != 0 || u.sources.count(comm_source::state) != 0) {
    return true;
  }
  return !heard(u);
}

std::optional<comm_change> comm_tracker::update(const std::string& ups,
                                                std::initializer_list<comm_source> add,
                                                std::initializer_list<comm_source> remove,
                                                time_point now) {
  auto& u = ups_[ups];
  const bool was_lost = lost_.count(ups) != 0;
  for (auto s : add)
    u.sources.insert(s);
  for (auto s : remove)
    u.sources.erase(s);
  const bool failed_poll = u.sources.count(comm_source::availability) != 0 ||
                           u.sources.count(comm_source::bridge_event) != 0;
  if (!failed_poll) {
    u.failed_poll_since.reset();
  } else if (!u.failed_poll_since) {
    u.failed_poll_since = now;
  }
  const bool is_lost = effectively_lost(u);
  if (was_lost == is_lost) return std::nullopt;
  if (is_lost) {
    lost_.insert(ups);
    u.since = now;
    // A poll that failed while another bridge still heard the UPS was no failure of the UPS:
    // its failed poll begins with the loss.
    if (u.failed_poll_since && *u.failed_poll_since < now) u.failed_poll_since = now;
  } else {
    lost_.erase(ups);
    u.since.reset();
  }
  // What flipped it: the source set or cleared, or else the bridges that hear the UPS.
  comm_source why = comm_source::availability;
  if (add.size() > 0) {
    why = *add.begin();
  } else if (remove.size() > 0) {
    why = *remove.begin();
  } else if (is_lost) {
    why = *u.sources.begin();
  }
  return comm_change{ups, is_lost, why};
}

std::optional<comm_change> comm_tracker::set(const std::string& ups, comm_source s, bool lost,
                                             time_point now) {
  if (s == comm_source::state) ups_[ups].retains_state = true;
  return lost ? update(ups, {s}, {}, now) : update(ups, {}, {s}, now);
}

std::optional<comm_change> comm_tracker::polled(const std::string& ups, time_point now) {
  return update(ups, {},
                {comm_source::bridge_event, comm_source::availability, comm_source::unpolled}, now);
}

std::optional<comm_change> comm_tracker::polled_again(const std::string& ups, time_point now) {
  return update(ups, {}, {comm_source::state}, now);
}

std::optional<comm_change> comm_tracker::note_bridge(const std::string& ups,
                                                     const std::string& bridge, time_point now) {
  auto& u = ups_[ups];
  if (u.bridge == bridge) return std::nullopt;
  set_bridge(ups, u, bridge);
  return set(ups, comm_source::bridge, bridges_offline_.count(bridge) != 0, now);
}

bool comm_tracker::known_bridge(std::string_view bridge) const {
  return by_bridge_.count(bridge) != 0 || heard_by_.count(bridge) != 0;
}

std::vector<comm_change> comm_tracker::bridge_availability(const std::string& bridge, bool online,
                                                           time_point now) {
  if (online) {
    bridges_offline_.erase(bridge);
  } else if (known_bridge(bridge) || bridges_offline_.size() < kMaxIdleOfflineBridges) {
    bridges_offline_.insert(bridge);
  }
  std::vector<comm_change> out;
  if (auto mine = by_bridge_.find(bridge); mine != by_bridge_.end()) {
    for (const auto& name : mine->second) {
      auto c = online ? set(name, comm_source::bridge, false, now)
                      : update(name, {comm_source::bridge, comm_source::unpolled}, {}, now);
      if (c) out.push_back(std::move(*c));
    }
  }
  if (auto heard = heard_by_.find(bridge); heard != heard_by_.end()) {
    for (const auto& name : heard->second) {
      // Back, it must say again that it polls the UPS: what it said before it died is old.
      if (!online) ups_[name].hearers[bridge].reaches = false;
      if (auto c = update(name, {}, {}, now)) out.push_back(std::move(*c));
    }
  }
  return out;
}

std::optional<comm_change> comm_tracker::bridge_reach(const std::string& ups,
                                                      const std::string& bridge,
                                                      std::optional<bool> reaches, time_point now) {
  auto it = ups_.find(ups);
  if (it == ups_.end()) return std::nullopt;
  auto& u = it->second;
  auto h = u.hearers.find(bridge);
  if (!reaches) {
    if (h == u.hearers.end()) return std::nullopt;
    u.hearers.erase(h);
    if (auto idx = heard_by_.find(bridge); idx != heard_by_.end()) {
      idx->second.erase(ups);
      if (idx->second.empty()) heard_by_.erase(idx);
    }
    return update(ups, {}, {}, now);
  }
  if (h == u.hearers.end()) {
    if (u.hearers.size() >= kMaxBridgesPerUps) return std::nullopt;
    h = u.hearers.emplace(bridge, hearer{}).first;
    heard_by_[bridge].insert(ups);
  }
  // A retained "online" of a bridge that is offline is what it said before it died.
  h->second.reaches = *reaches && bridges_offline_.count(bridge) == 0;
  if (h->second.reaches) h->second.commbad = false;
  return update(ups, {}, {}, now);
}

std::optional<comm_change> comm_tracker::bridge_event(const std::string& ups,
                                                      const std::string& bridge, bool bad,
                                                      time_point now) {
  auto& u = ups_[ups];
  if (auto h = u.hearers.find(bridge); h != u.hearers.end()) h->second.commbad = bad;
  return set(ups, comm_source::bridge_event, bad, now);
}

std::optional<comm_change> comm_tracker::polled_by(const std::string& ups,
                                                   const std::string& bridge, time_point now) {
  auto& u = ups_[ups];
  if (auto h = u.hearers.find(bridge); h != u.hearers.end()) h->second.commbad = false;
  return polled(ups, now);
}

bool comm_tracker::heard_by_a_bridge(std::string_view ups) const {
  auto it = ups_.find(ups);
  return it != ups_.end() && heard(it->second);
}

std::vector<comm_change> comm_tracker::broker_lost(const std::vector<std::string>& known,
                                                   time_point now) {
  std::vector<comm_change> out;
  for (const auto& name : known) {
    if (auto c = set(name, comm_source::broker, true, now)) out.push_back(std::move(*c));
  }
  return out;
}

std::optional<comm_change> comm_tracker::heard(const std::string& ups, time_point now) {
  auto it = ups_.find(ups);
  if (it == ups_.end() || it->second.sources.count(comm_source::broker) == 0) return std::nullopt;
  return set(ups, comm_source::broker, false, now);
}

std::vector<comm_change> comm_tracker::settle(time_point now) {
  std::vector<comm_change> out;
  for (auto& [name, u] : ups_) {
    if (u.sources.count(comm_source::broker) == 0 || u.retains_state) continue;
    if (auto c = set(name, comm_source::broker, false, now)) out.push_back(std::move(*c));
  }
  return out;
}

void comm_tracker::restore_lost(const std::string& ups, const comm_loss_record& loss) {
  auto& u = ups_[ups];
  // What said so before the restart still does until it says otherwise (a cleared state until
  // a state comes, a COMMBAD until a good poll), and nothing has been heard since.
  u.sources.insert(loss.sources.begin(), loss.sources.end());
  u.sources.insert(comm_source::broker);
  u.since = loss.since;
  u.failed_poll_since = loss.failed_poll_since;
  u.retains_state = true;  // not known: on the safe side, lost until heard
  lost_.insert(ups);
}

void comm_tracker::set_bridge(const std::string& ups, ups_comm& u, const std::string& bridge) {
  if (!u.bridge.empty()) {
    auto old = by_bridge_.find(u.bridge);
    if (old != by_bridge_.end()) {
      old->second.erase(ups);
      if (old->second.empty()) by_bridge_.erase(old);
    }
  }
  u.bridge = bridge;
  if (!bridge.empty()) by_bridge_[bridge].insert(ups);
}

std::vector<std::pair<std::string, comm_loss_record>> comm_tracker::losses() const {
  std::vector<std::pair<std::string, comm_loss_record>> out;
  for (const auto& [name, u] : ups_) {
    if (lost_.count(name) == 0 || !u.since) continue;
    out.emplace_back(
        name,
        comm_loss_record{*u.since, {u.sources.begin(), u.sources.end()}, u.failed_poll_since});
  }
  return out;
}

std::map<std::string, std::string> comm_tracker::bridges() const {
  std::map<std::string, std::string> out;
  for (const auto& [name, u] : ups_) {
    if (!u.bridge.empty()) out[name] = u.bridge;
  }
  return out;
}

std::string comm_tracker::bridge_of(std::string_view ups) const {
  auto it = ups_.find(ups);
  return it == ups_.end() ? std::string() : it->second.bridge;
}

bool comm_tracker::lost(std::string_view ups) const {
  return lost_.count(ups) != 0;
}

std::optional<time_point> comm_tracker::failed_poll_since(std::string_view ups) const {
  auto it = ups_.find(ups);
  // While another bridge hears the UPS, one bridge's failed polls are no failure of it.
  if (it == ups_.end() || !lost(ups)) return std::nullopt;
  return it->second.failed_poll_since;
}

std::optional<time_point> comm_tracker::lost_since(std::string_view ups) const {
  auto it = ups_.find(ups);
  return it == ups_.end() ? std::nullopt : it->second.since;
}

}  // namespace nutmqtt::agent

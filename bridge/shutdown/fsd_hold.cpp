#include "bridge/shutdown/fsd_hold.hpp"

namespace nutmqtt::bridge {

void fsd_hold::begin(clock::time_point now, const agent_registry& agents, const std::string& ups) {
  started_ = now;
  active_ = true;
  auto watchers = agents.online_watchers(ups);
  waited_ = std::set<std::string>(watchers.begin(), watchers.end());
}

std::chrono::milliseconds fsd_hold::elapsed(clock::time_point now) const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(now - started_);
}

fsd_hold::verdict fsd_hold::evaluate(clock::time_point now, const agent_registry& agents,
                                     const std::string& ups) {
  verdict v;
  if (!active_) return v;
  for (const auto& late : agents.online_watchers(ups))
    waited_.insert(late);
  for (const auto& id : waited_) {
    const auto* r = agents.find(id);
    if (r != nullptr && r->shutting_down) v.shutting_down.push_back(id);
    if (r != nullptr && r->online) {
      v.waiting_for.push_back(id);
    } else {
      v.done.push_back(id);
    }
  }
  v.timed_out = now >= deadline();
  v.release = v.waiting_for.empty() || v.timed_out;
  if (v.release) active_ = false;
  return v;
}

}  // namespace nutmqtt::bridge

#include "bridge/ups/ups_roster.hpp"

#include <unordered_set>

namespace nutmqtt::bridge {

ups_roster::change ups_roster::listed(const std::vector<std::string>& names, clock::time_point now,
                                      const std::function<bool(const std::string&)>& accept) {
  change c;
  // Hashed: a listing is at most max_ups names long once the reply limits have cut it, but
  // this stays linear whatever comes in.
  std::unordered_set<std::string> present(names.begin(), names.end());
  for (auto it = watched_.begin(); it != watched_.end();) {
    auto& missing_since = it->second;
    if (present.count(it->first) != 0) {
      if (missing_since) c.back.push_back(it->first);
      missing_since.reset();
    } else if (!missing_since) {
      missing_since = now;
      c.missing.push_back(it->first);
    } else if (now - *missing_since >= forget_after_) {
      c.forgotten.push_back(it->first);
      it = watched_.erase(it);
      continue;
    }
    ++it;
  }
  for (const auto& name : names) {
    if (watched_.count(name) != 0) continue;
    if (watched_.size() >= max_ups_) {
      ++c.refused;
      continue;
    }
    if (accept && !accept(name)) continue;
    watched_.emplace(name, std::nullopt);
    c.added.push_back(name);
  }
  return c;
}

std::vector<std::string> ups_roster::polled() const {
  std::vector<std::string> out;
  for (const auto& [name, missing_since] : watched_) {
    if (!missing_since) out.push_back(name);
  }
  return out;
}

}  // namespace nutmqtt::bridge

#include "shutdown-agent/logic/event_dedup.hpp"

#include <algorithm>

namespace nutmqtt::agent {

bool event_dedup::first_time(const std::string& bridge, const std::string& boot,
                             std::uint64_t seq) {
  // '\n' cannot occur in an id, so the key is unambiguous.
  std::string key = bridge + '\n' + boot;
  auto it = std::find_if(runs_.begin(), runs_.end(), [&](const run& r) { return r.key == key; });
  if (it == runs_.end()) {
    if (runs_.size() == kMaxRuns) runs_.pop_front();
    runs_.push_back(run{std::move(key), {}, {}});
    it = std::prev(runs_.end());
  } else if (std::next(it) != runs_.end()) {
    run moved = std::move(*it);
    runs_.erase(it);
    runs_.push_back(std::move(moved));
    it = std::prev(runs_.end());
  }
  if (!it->seen.insert(seq).second) return false;
  it->order.push_back(seq);
  if (it->order.size() > kMaxPerRun) {
    it->seen.erase(it->order.front());
    it->order.pop_front();
  }
  return true;
}

}  // namespace nutmqtt::agent

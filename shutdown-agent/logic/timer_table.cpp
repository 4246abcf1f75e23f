#include "shutdown-agent/logic/timer_table.hpp"

#include <algorithm>

namespace nutmqtt::agent {

bool started_by(const running_timer& t, std::string_view type, std::string_view ups) {
  if (ups.empty()) return false;
  const auto& c = t.cause;
  const bool type_in = c.type == type || std::any_of(c.joined.begin(), c.joined.end(),
                                                     [&](const auto& j) { return j.type == type; });
  const bool ups_in = c.ups == ups || std::any_of(c.joined.begin(), c.joined.end(),
                                                  [&](const auto& j) { return j.ups == ups; });
  return type_in && ups_in;
}

bool timer_table::start(std::string name, std::chrono::milliseconds length, time_point now,
                        notify_event cause) {
  if (running(name)) return false;
  running_timer t{std::move(name), now + length, length, std::move(cause)};
  // After equal deadlines, so that timers started together fire in the order they started.
  auto at = std::upper_bound(
      timers_.begin(), timers_.end(), t.deadline,
      [](time_point deadline, const running_timer& other) { return deadline < other.deadline; });
  timers_.insert(at, std::move(t));
  return true;
}

bool timer_table::join(std::string_view name, const notify_event& e) {
  auto it = find(name);
  if (it == timers_.end()) return false;
  auto& c = it->cause;
  const joined_event j{e.type, e.ups};
  if ((c.type != j.type || c.ups != j.ups) &&
      std::find(c.joined.begin(), c.joined.end(), j) == c.joined.end()) {
    c.joined.push_back(j);
  }
  return true;
}

std::optional<running_timer> timer_table::cancel(std::string_view name) {
  auto it = find(name);
  if (it == timers_.end()) return std::nullopt;
  running_timer t = std::move(*it);
  timers_.erase(it);
  return t;
}

std::optional<running_timer> timer_table::cancel_matched(std::string_view name,
                                                         std::string_view type,
                                                         std::string_view ups) {
  auto it = find(name);
  if (it == timers_.end() || !started_by(*it, type, ups)) return std::nullopt;
  return cancel(name);
}

std::vector<running_timer> timer_table::expire(time_point now) {
  auto end = std::find_if(timers_.begin(), timers_.end(),
                          [&](const running_timer& t) { return t.deadline > now; });
  std::vector<running_timer> due(std::make_move_iterator(timers_.begin()),
                                 std::make_move_iterator(end));
  timers_.erase(timers_.begin(), end);
  return due;
}

std::optional<time_point> timer_table::next_deadline() const {
  if (timers_.empty()) return std::nullopt;
  return timers_.front().deadline;
}

bool timer_table::running(std::string_view name) const {
  return std::any_of(timers_.begin(), timers_.end(),
                     [&](const running_timer& t) { return t.name == name; });
}

std::vector<running_timer>::iterator timer_table::find(std::string_view name) {
  return std::find_if(timers_.begin(), timers_.end(),
                      [&](const running_timer& t) { return t.name == name; });
}

}  // namespace nutmqtt::agent

#include "bridge/ups/ups_state.hpp"

#include "common/ups_status.hpp"

namespace nutmqtt::bridge {

var_changes diff_vars(const std::map<std::string, std::string>& before,
                      const std::map<std::string, std::string>& after) {
  var_changes c;
  auto b = before.begin();
  auto a = after.begin();
  // Both maps are sorted: one merge pass finds additions, changes and removals.
  while (b != before.end() || a != after.end()) {
    if (a == after.end() || (b != before.end() && b->first < a->first)) {
      c.removed.push_back(b->first);
      ++b;
    } else if (b == before.end() || a->first < b->first) {
      c.set.emplace_back(a->first, a->second);
      ++a;
    } else {
      if (a->second != b->second) c.set.emplace_back(a->first, a->second);
      ++a;
      ++b;
    }
  }
  return c;
}

void ups_state::set_var(const std::string& name, const std::string& value, update& u) {
  auto [it, fresh] = vars_.try_emplace(name, value);
  if (!fresh && it->second == value) return;
  it->second = value;
  u.vars.set.emplace_back(name, value);
}

void ups_state::set_status(const std::string& status, time_point now, update& u) {
  if (status == status_) return;
  u.status_changed = true;
  status_ = status;
  flags_ = common::split_status(status);
  for (auto it = since_.begin(); it != since_.end();) {
    it = common::has_token(flags_, it->first) ? std::next(it) : since_.erase(it);
  }
  for (const auto& flag : flags_)
    since_.try_emplace(flag, now);
  set_var("ups.status", status, u);
}

namespace {

// upsd says `WAIT` while a (re)connected driver has not sent its full dump yet; its variable
// list is then nearly empty. Neither is news about the UPS.
bool only_wait(std::string_view status) {
  return common::only_wait(common::split_status(status));
}

}  // namespace

ups_state::update ups_state::poll_ok(const std::string& status, const std::string& alarm,
                                     time_point now) {
  update u;
  if (available_ != true) {
    u.availability_changed = true;
    available_ = true;
  }
  waiting_for_driver_ = only_wait(status);
  if (waiting_for_driver_) return u;
  set_status(status, now, u);
  polled_ = now;
  if (!alarm.empty()) set_var("ups.alarm", alarm, u);
  return u;
}

ups_state::update ups_state::poll_failed() {
  update u;
  if (available_ != false) {
    u.availability_changed = true;
    available_ = false;
  }
  return u;
}

ups_state::update ups_state::vars_listed(std::map<std::string, std::string> vars, time_point now) {
  update u;
  if (auto it = vars.find("ups.status");
      waiting_for_driver_ || (it != vars.end() && only_wait(it->second))) {
    return u;  // a partial list: the variables have not vanished
  }
  if (!status_.empty() || available_ == true) {
    vars["ups.status"] = status_;
  } else if (auto it = vars.find("ups.status"); it != vars.end()) {
    // Variables before any status poll answered: take the status from them.
    set_status(it->second, now, u);
    polled_ = now;
  }
  if (common::has_token(flags_, "ALARM")) {
    if (auto it = vars_.find("ups.alarm"); it != vars_.end() && !vars.count("ups.alarm")) {
      vars["ups.alarm"] = it->second;
    }
  }
  auto diff = diff_vars(vars_, vars);
  u.vars.set.insert(u.vars.set.end(), diff.set.begin(), diff.set.end());
  u.vars.removed = std::move(diff.removed);
  vars_ = std::move(vars);
  return u;
}

}  // namespace nutmqtt::bridge

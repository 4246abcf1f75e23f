#include "property/agent/rule_oracle.hpp"

#include <algorithm>

namespace nutmqtt::agent::property {
namespace {

bool has(const std::vector<std::string>& tokens, const char* token) {
  return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
}

}  // namespace

// docs/shutdown-agent.md, "Behaviour": "Only events of monitored UPSes act."
bool rule_oracle::monitored(const std::string& ups) const {
  return std::any_of(config_.monitor.begin(), config_.monitor.end(),
                     [&](const monitor_entry& m) { return m.ups == "*" || m.ups == ups; });
}

void rule_oracle::on_event(const common::event_message& e, time_point now) {
  if (shutting_down_ || !monitored(e.ups)) return;
  if (!seen_.insert(e.boot + "/" + std::to_string(e.seq)).second) return;  // seen before
  // A state of the same bridge run that came first already reflects it: history, not news.
  if (auto it = reflected_.find(e.ups);
      it != reflected_.end() && it->second.first == e.boot && e.seq <= it->second.second) {
    return;
  }
  auto& k = known_[e.ups];
  // Flips `state` to `target`; true when that is news.
  auto learn = [](known& state, known target) {
    if (state == target) return false;
    state = target;
    return true;
  };
  bool news = true;
  switch (e.type) {
    case common::event_type::onbatt:
      news = learn(k.line, known::set);
      break;
    case common::event_type::online:
      news = learn(k.line, known::unset);
      break;
    case common::event_type::lowbatt:
      news = learn(k.lb, known::set);
      break;
    case common::event_type::fsd:
      news = learn(k.fsd, known::set);
      break;
    case common::event_type::cal:
      news = learn(k.cal, known::set);
      break;
    case common::event_type::notcal:
      news = learn(k.cal, known::unset);
      break;
    case common::event_type::commbad:
    case common::event_type::commok:
      return;  // the agent's own judgement: see on_comm
    default:
      break;
  }
  const std::string type(common::event_name(e.type));
  for (const auto& [event, token] : {std::pair<const char*, const char*>{"ONBATT", "OB"},
                                     {"LOWBATT", "LB"},
                                     {"FSD", "FSD"},
                                     {"CAL", "CAL"}}) {
    // Began when the bridge saw it (the event's time), whenever it is delivered.
    if (news && type == event) k.since[token] = std::min(steady(e.time), now);
  }
  if (news) learned(type, e.ups, now, now);
}

void rule_oracle::on_state(const std::string& ups, const common::state_message& s, time_point now) {
  if (shutting_down_ || !monitored(ups)) return;
  auto& r = reflected_[ups];
  if (r.first != s.boot || s.seq > r.second) r = {s.boot, s.seq};
  if (s.flags.empty()) return;
  const auto wall_now = w0_ + (now - t0_);
  if (bridge_offline_ && wall_now - s.time > config_.deadtime) return;  // what was, not news
  auto& k = known_[ups];
  auto began = [&](const char* token) {
    auto it = s.since.find(token);
    const auto at = steady(it == s.since.end() ? s.time : it->second);
    return std::min(at, now);
  };
  if (has(s.flags, "OB")) {
    if (k.line != known::set) {
      k.since["OB"] = began("OB");
      learned("ONBATT", ups, began("OB"), now);
    }
    k.line = known::set;
  } else if (has(s.flags, "OL")) {
    if (k.line == known::set) learned("ONLINE", ups, began("OL"), now);
    k.line = known::unset;
  }
  struct flag {
    const char* token;
    known rule_oracle::knowledge::*state;
    const char* on_set;
    const char* on_unset;  // nullptr: nothing is announced when it goes away
  };
  for (const flag f : {flag{"LB", &knowledge::lb, "LOWBATT", nullptr},
                       flag{"FSD", &knowledge::fsd, "FSD", nullptr},
                       flag{"CAL", &knowledge::cal, "CAL", "NOTCAL"}}) {
    known& state = k.*(f.state);
    if (has(s.flags, f.token)) {
      if (state != known::set) {
        k.since[f.token] = began(f.token);
        learned(f.on_set, ups, began(f.token), now);
      }
      state = known::set;
    } else {
      if (state == known::set && f.on_unset)
        learned(f.on_unset, ups, std::min(steady(s.time), now), now);
      state = known::unset;
    }
  }
}

void rule_oracle::on_comm(const std::string& ups, bool lost, time_point now) {
  if (!shutting_down_) act(lost ? "COMMBAD" : "COMMOK", ups, now, now);
}

void rule_oracle::on_shutdown(time_point now) {
  if (shutting_down_) return;
  act("SHUTDOWN", "", now, now);
  shutting_down_ = true;
}

void rule_oracle::on_connect(time_point now, ms settle) {
  waiting_for_first_connect_ = false;
  if (!hold_until_ || *hold_until_ <= now) hold_until_ = now + settle;
  if (!backlog_base_) backlog_base_ = known_;
}

void rule_oracle::on_synced(time_point now) {
  hold_until_.reset();
  end_backlog(now);
}

void rule_oracle::learned(const std::string& type, const std::string& ups, time_point happened,
                          time_point now) {
  if (backlog_base_) {
    deferred_.push_back({type, ups, happened});
  } else {
    act(type, ups, happened, now);
  }
}

void rule_oracle::end_backlog(time_point now) {
  if (!backlog_base_ || shutting_down_) {
    backlog_base_.reset();
    deferred_.clear();
    return;
  }
  const auto before = std::move(*backlog_base_);
  backlog_base_.reset();
  auto pending = std::move(deferred_);
  deferred_.clear();
  struct condition {
    const char* set_type;
    const char* clear_type;  // nullptr: nothing announces its end
    const char* token;
    known knowledge::*state;
  };
  std::vector<std::size_t> run;
  std::set<std::string> upses;
  for (const auto& d : pending)
    upses.insert(d.ups);
  for (const auto& ups : upses) {
    const knowledge was = before.count(ups) ? before.at(ups) : knowledge{};
    const knowledge& is = known_[ups];
    for (const condition c : {condition{"ONBATT", "ONLINE", "OB", &knowledge::line},
                              condition{"LOWBATT", nullptr, "LB", &knowledge::lb},
                              condition{"FSD", nullptr, "FSD", &knowledge::fsd},
                              condition{"CAL", "NOTCAL", "CAL", &knowledge::cal}}) {
      const known now_state = is.*(c.state);
      const known then_state = was.*(c.state);
      const char* present_type = now_state == known::set ? c.set_type : c.clear_type;
      const char* ended_type = now_state == known::set ? c.clear_type : c.set_type;
      if (present_type == nullptr || now_state == known::unknown) continue;
      std::optional<std::size_t> present, ended;
      for (std::size_t i = 0; i < pending.size(); ++i) {
        if (pending[i].ups != ups) continue;
        if (pending[i].type == present_type) present = i;
        if (ended_type != nullptr && pending[i].type == ended_type) ended = i;
      }
      if (!present) continue;
      if (then_state == known::unknown && now_state == known::unset) continue;
      if (then_state == now_state) {
        if (now_state == known::unset) continue;
        auto a = was.since.find(c.token);
        auto b = is.since.find(c.token);
        if (a != was.since.end() && b != is.since.end() && a->second == b->second) continue;
        if (ended) run.push_back(*ended);
      }
      run.push_back(*present);
    }
  }
  std::sort(run.begin(), run.end());
  for (auto i : run)
    act(pending[i].type, pending[i].ups, pending[i].happened, now);
}

void rule_oracle::on_agent_stopped() {
  running_ = false;
  hold_until_.reset();
  // Mid-backlog, the agent keeps what it knew at the connect: the rest it learns again.
  if (backlog_base_) known_ = std::move(*backlog_base_);
  backlog_base_.reset();
  deferred_.clear();
  bridge_offline_ = false;  // a restarted agent learns it again from the retained topics
  seen_.clear();            // documented as lost across restarts
}

void rule_oracle::on_agent_started() {
  running_ = true;
  waiting_for_first_connect_ = !timers_.empty();
}

bool rule_oracle::holding(time_point now) const {
  return waiting_for_first_connect_ || (hold_until_ && now < *hold_until_);
}

void rule_oracle::advance(time_point now) {
  if (hold_until_ && now >= *hold_until_) {
    hold_until_.reset();
    end_backlog(now);
  }
  if (!running_ || shutting_down_ || holding(now)) return;
  std::sort(timers_.begin(), timers_.end(), [](const timer& a, const timer& b) {
    return a.deadline != b.deadline ? a.deadline < b.deadline : a.order < b.order;
  });
  while (!timers_.empty() && timers_.front().deadline <= now) {
    scripts_.push_back({now, timers_.front().name});
    timers_.erase(timers_.begin());
  }
}

std::optional<time_point> rule_oracle::next_expiry() const {
  if (!running_ || shutting_down_) return std::nullopt;
  std::optional<time_point> next;
  for (const auto& t : timers_) {
    if (!next || t.deadline < *next) next = t.deadline;
  }
  if (next && hold_until_ && *next < *hold_until_) next = hold_until_;
  return next;
}

void rule_oracle::act(const std::string& type, const std::string& ups, time_point happened,
                      time_point now) {
  for (const auto& r : config_.rules) {
    if (r.at != type || (r.ups != "*" && r.ups != ups)) continue;
    auto running = std::find_if(timers_.begin(), timers_.end(),
                                [&](const timer& t) { return t.name == r.name; });
    switch (r.action) {
      case rule_action::start_timer_shared:
        if (running != timers_.end()) {
          running->types.insert(type);
          if (!ups.empty()) running->upses.insert(ups);
          break;
        }
        [[fallthrough]];
      case rule_action::start_timer:
        if (running == timers_.end()) {
          timer t{r.name, happened + r.after, started_++, {type}, {}};
          if (!ups.empty()) t.upses.insert(ups);
          timers_.push_back(std::move(t));
        }
        break;
      case rule_action::cancel_timer:
      case rule_action::cancel_timer_matched: {
        // CANCEL-TIMER cancels whoever started the timer; CANCEL-TIMER-MATCHED only this
        // event's type and UPS (an empty UPS is never on the list).
        const bool unconditional = r.action == rule_action::cancel_timer;
        if (running != timers_.end() &&
            (unconditional || (running->types.count(type) > 0 && running->upses.count(ups) > 0))) {
          timers_.erase(running);
        } else if (!r.else_execute.empty()) {
          scripts_.push_back({now, r.else_execute});
        }
        break;
      }
      case rule_action::execute:
        scripts_.push_back({now, r.name});
        break;
    }
  }
}

}  // namespace nutmqtt::agent::property

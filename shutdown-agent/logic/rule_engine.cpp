#include "shutdown-agent/logic/rule_engine.hpp"

#include <algorithm>

namespace nutmqtt::agent {

std::string_view outcome_name(outcome_kind k) {
  switch (k) {
    case outcome_kind::timer_started:
      return "timer_started";
    case outcome_kind::timer_already_running:
      return "timer_already_running";
    case outcome_kind::timer_joined:
      return "timer_joined";
    case outcome_kind::timer_cancelled:
      return "timer_cancelled";
    case outcome_kind::timer_not_running:
      return "timer_not_running";
    case outcome_kind::timer_kept:
      return "timer_kept";
    case outcome_kind::timer_expired:
      return "timer_expired";
    case outcome_kind::run_script:
      break;
  }
  return "run_script";
}

std::vector<rule_outcome> rule_engine::on_event(const notify_event& e, time_point now,
                                                time_point happened) {
  std::vector<rule_outcome> out;
  happened = std::min(happened, now);
  for (const auto& r : rules_) {
    if (matches(r, e.type, e.ups)) apply(r, e, happened, out);
  }
  for (auto& o : out) {
    if (o.kind == outcome_kind::timer_started) {
      o.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - happened);
    }
  }
  return out;
}

bool rule_engine::restore(const running_timer& t) {
  return timers_.start(t.name, t.length, t.deadline - t.length, t.cause);
}

void rule_engine::apply(const rule& r, const notify_event& e, time_point happened,
                        std::vector<rule_outcome>& out) {
  const std::string text = describe(r);
  switch (r.action) {
    case rule_action::start_timer_shared:
      if (timers_.join(r.name, e)) {
        out.push_back({outcome_kind::timer_joined, r.name, r.after, {}, e, text});
        return;
      }
      [[fallthrough]];
    case rule_action::start_timer: {
      bool started = timers_.start(r.name, r.after, happened, e);
      out.push_back({started ? outcome_kind::timer_started : outcome_kind::timer_already_running,
                     r.name,
                     r.after,
                     {},
                     e,
                     text});
      return;
    }
    case rule_action::cancel_timer:
    case rule_action::cancel_timer_matched:
      cancel(r, e, out);
      return;
    case rule_action::execute:
      out.push_back({outcome_kind::run_script, r.name, {}, {}, e, text});
      return;
  }
}

// The agent never runs two timers of one name, so cancelling the one cancels "every timer of
// that name" as upssched 2.8.5 does. The fallback command runs when nothing was cancelled,
// whether no timer ran or a matched cancel left it running.
void rule_engine::cancel(const rule& r, const notify_event& e, std::vector<rule_outcome>& out) {
  const std::string text = describe(r);
  const bool matched = r.action == rule_action::cancel_timer_matched;
  auto cancelled = matched ? timers_.cancel_matched(r.name, e.type, e.ups) : timers_.cancel(r.name);
  if (cancelled) {
    out.push_back({outcome_kind::timer_cancelled, r.name, cancelled->length, {}, e, text});
    return;
  }
  const bool running = timers_.running(r.name);
  out.push_back({running ? outcome_kind::timer_kept : outcome_kind::timer_not_running,
                 r.name,
                 {},
                 {},
                 e,
                 text});
  if (!r.else_execute.empty()) {
    out.push_back({outcome_kind::run_script, r.else_execute, {}, {}, e, text});
  }
}

std::vector<rule_outcome> rule_engine::on_time(time_point now) {
  std::vector<rule_outcome> out;
  for (auto& t : timers_.expire(now)) {
    out.push_back({outcome_kind::timer_expired, t.name, t.length, {}, t.cause, {}});
    out.push_back({outcome_kind::run_script, t.name, {}, {}, std::move(t.cause), {}});
  }
  return out;
}

}  // namespace nutmqtt::agent

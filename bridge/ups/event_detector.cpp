#include "bridge/ups/event_detector.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

#include "bridge/ups/event_wording.hpp"

namespace nutmqtt::bridge {
namespace {

using common::event_type;

// Tokens whose appearance (and, where upsmon has one, disappearance) is an event of its own.
struct flag_rule {
  std::string_view token;
  event_type appeared;
  std::optional<event_type> gone;
};

constexpr std::array<flag_rule, 8> kFlagRules = {{
    {"LB", event_type::lowbatt, std::nullopt},
    {"FSD", event_type::fsd, std::nullopt},
    {"CAL", event_type::cal, event_type::notcal},
    {"OFF", event_type::off, event_type::notoff},
    {"BYPASS", event_type::bypass, event_type::notbypass},
    {"OVER", event_type::over, event_type::notover},
    {"TRIM", event_type::trim, event_type::nottrim},
    {"BOOST", event_type::boost, event_type::notboost},
}};

// COMMOK leads: a consumer should hear that the UPS is back before what changed meanwhile.
int publication_rank(event_type t) {
  return t == event_type::commok ? -1 : static_cast<int>(t);
}

void sort_for_publication(std::vector<detected_event>& events) {
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) {
    return publication_rank(a.type) < publication_rank(b.type);
  });
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

void check_positive(std::chrono::milliseconds interval, const std::string& ups_id,
                    const char* name) {
  if (interval.count() <= 0) {
    throw std::invalid_argument("event detector for UPS " + ups_id + ": " + name +
                                " must be positive, got " + std::to_string(interval.count()) +
                                " ms");
  }
}

}  // namespace

event_detector::event_detector(std::string ups_id, settings s)
    : ups_id_(std::move(ups_id)), settings_(s) {
  check_positive(settings_.nocomm_interval, ups_id_, "nocomm_interval");
  check_positive(settings_.replbatt_interval, ups_id_, "replbatt_interval");
}

std::vector<detected_event> event_detector::update(const poll_outcome& poll,
                                                   clock::time_point now) {
  if (!poll.ok) return on_failure(now);
  auto next = read_status(poll.status);
  if (next.tokens.empty()) return on_failure(now);
  return on_good_poll(std::move(next), poll.alarm, now);
}

std::vector<detected_event> event_detector::on_failure(clock::time_point now) {
  std::vector<detected_event> out;
  if (comm_ != comm_state::lost) {
    comm_ = comm_state::lost;
    next_nocomm_ = now + settings_.nocomm_interval;
    add(out, event_type::commbad, last_status_);
  }
  if (now >= next_nocomm_) {
    // Counted from this warning, not on a fixed grid: after a stall of the caller, the next
    // warning still comes a full interval later instead of on the very next poll.
    next_nocomm_ = now + settings_.nocomm_interval;
    add(out, event_type::nocomm, last_status_);
  }
  return out;
}

std::vector<detected_event> event_detector::on_good_poll(status_snapshot next,
                                                         const std::string& alarm,
                                                         clock::time_point now) {
  std::vector<detected_event> out;
  // A bare WAIT (a restarted driver not ready yet) says nothing of the UPS: it is as last seen,
  // and the events say so. Consumers judge upsmon's rules on an event's status: a COMMBAD that
  // said "WAIT" would hide that the UPS was on battery when it fell silent.
  const bool news = !next.only_wait() || known_.raw.empty();
  if (comm_ == comm_state::lost) add(out, event_type::commok, news ? next.raw : known_.raw);
  comm_ = comm_state::ok;

  if (!next.only_wait()) {
    add_line_events(next, out);
    add_flag_events(next, out);
    add_alarm_events(next, alarm, out);
    add_other_events(next, out);
    if (next.has("RB") &&
        (!last_replbatt_ || now - *last_replbatt_ >= settings_.replbatt_interval)) {
      last_replbatt_ = now;
      add(out, event_type::replbatt, next.raw);
    }
  }
  sort_for_publication(out);
  if (news) last_status_ = next.raw;
  if (!next.only_wait()) known_ = std::move(next);
  return out;
}

void event_detector::add_line_events(const status_snapshot& next,
                                     std::vector<detected_event>& out) {
  if (next.has("OB")) {
    if (line_ != line_state::on_battery) add(out, event_type::onbatt, next.raw);
    line_ = line_state::on_battery;
  } else if (next.has("OL")) {
    // upsmon keeps quiet about the first OL it ever sees: being on line is the normal state.
    if (line_ == line_state::on_battery) add(out, event_type::online, next.raw);
    line_ = line_state::online;
  }
}

void event_detector::add_flag_events(const status_snapshot& next,
                                     std::vector<detected_event>& out) {
  for (const auto& rule : kFlagRules) {
    const bool was = known_.has(rule.token);
    const bool is = next.has(rule.token);
    if (is && !was) add(out, rule.appeared, next.raw);
    if (was && !is && rule.gone) add(out, *rule.gone, next.raw);
  }
  if (next.eco() && !known_.eco()) add(out, event_type::eco, next.raw);
  if (known_.eco() && !next.eco()) add(out, event_type::noteco, next.raw);
}

void event_detector::add_alarm_events(const status_snapshot& next, const std::string& alarm,
                                      std::vector<detected_event>& out) {
  const bool was = known_.has("ALARM");
  const bool is = next.has("ALARM");
  // While ALARM stays, an empty text means the driver gave none this time (upsmon keeps the
  // old one then): only a new, non-empty text is news.
  const bool new_text = was && is && !alarm.empty() && alarm != alarm_text_;
  if ((is && !was) || new_text) {
    alarm_text_ = alarm;
    add(out, event_type::alarm, next.raw, alarm);
  } else if (was && !is) {
    alarm_text_.clear();
    add(out, event_type::notalarm, next.raw);
  }
}

void event_detector::add_other_events(const status_snapshot& next,
                                      std::vector<detected_event>& out) {
  if (!next.unknown_differs(known_)) return;
  if (next.unknown.empty()) {
    add(out, event_type::notother, next.raw);
  } else {
    add(out, event_type::other, next.raw, join(next.unknown));
  }
}

void event_detector::add(std::vector<detected_event>& out, event_type type,
                         const std::string& status, std::string_view detail) const {
  out.push_back({type, upsmon_message(type, ups_id_, detail), status, last_status_});
}

}  // namespace nutmqtt::bridge

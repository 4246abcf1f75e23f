#include "bridge/ups/ups_monitor.hpp"

#include <spdlog/spdlog.h>

#include "common/event_message.hpp"
#include "common/loggable.hpp"
#include "common/signing.hpp"
#include "common/state_message.hpp"
#include "homeassistant/entities/status_text.hpp"

namespace nutmqtt::bridge {

ups_monitor::ups_monitor(ups_identity identity, bridge_context& context, publisher& out)
    : identity_(std::move(identity)),
      context_(context),
      out_(out),
      detector_(identity_.id, context.detection) {}

bool ups_monitor::on_status(const poll_outcome& poll, common::wall_clock::time_point now,
                            event_detector::clock::time_point steady_now) {
  auto u = poll.ok ? state_.poll_ok(poll.status, poll.alarm, now) : state_.poll_failed();
  if (u.availability_changed) {
    if (poll.ok) {
      spdlog::info("UPS {} ({} on {}) is available, status {}", identity_.id,
                   common::loggable(identity_.nut_name), identity_.server,
                   common::loggable(poll.status));
    } else {
      spdlog::warn("UPS {} ({} on {}) is unavailable: {}", identity_.id,
                   common::loggable(identity_.nut_name), identity_.server,
                   common::loggable(poll.failure));
    }
  }
  publish(u, now);
  for (const auto& e : detector_.update(poll, steady_now))
    publish_event(e, now);
  return u.status_changed;
}

void ups_monitor::on_vars(std::map<std::string, std::string> vars,
                          common::wall_clock::time_point now) {
  publish(state_.vars_listed(std::move(vars), now), now);
}

void ups_monitor::publish(const ups_state::update& u, common::wall_clock::time_point now) {
  const auto& t = context_.topics;
  for (const auto& [name, value] : u.vars.set) {
    if (!common::is_topic_level(name)) {
      // A server inventing new bad names on every poll must not grow this set without end.
      if (refused_names_.size() >= 1024) refused_names_.clear();
      if (refused_names_.insert(name).second) {
        spdlog::warn(
            "UPS {}: the variable name \"{}\" cannot be part of an MQTT topic; it is "
            "published in the state only",
            identity_.id, common::loggable(name));
      }
      continue;
    }
    out_.retain_bulk(t.var(identity_.id, name), value);
  }
  for (const auto& name : u.vars.removed) {
    if (common::is_topic_level(name)) out_.clear(t.var(identity_.id, name));
  }
  if (u.status_changed) {
    out_.retain(t.status(identity_.id), state_.status());
    out_.retain(t.status_text(identity_.id), ha::status_text(state_.status()));
  }
  // The snapshot carries status, variables and whether they are those of a good poll (an
  // agent must not take an older snapshot, republished, as proof that the UPS is polled).
  if (u.status_changed || !u.vars.empty() || u.availability_changed) publish_state(now);
  // This bridge's own say; the aggregate beside it is its owner's (it counts other bridges).
  if (u.availability_changed) {
    out_.retain(t.availability_by(identity_.id, context_.bridge_id),
                *state_.available() ? "online" : "offline");
    if (context_.availability_changed) context_.availability_changed(identity_.id);
  }
}

void ups_monitor::refresh_state(common::wall_clock::time_point now) {
  if (state_published_) publish_state(now);
}

void ups_monitor::publish_state(common::wall_clock::time_point now) {
  state_published_ = true;
  common::state_message s;
  s.ups = identity_.id;
  s.server = identity_.server;
  s.nut_name = identity_.nut_name;
  s.status = state_.status();
  s.flags = state_.flags();
  s.vars = state_.vars();
  s.since = state_.since();
  s.time = now;
  s.polled = state_.polled();
  s.bridge = context_.bridge_id;
  s.boot = context_.boot;
  // The events of this poll come after it and get higher numbers: they still tell what changed.
  s.seq = context_.last_seq;
  // Before the first status poll (after a reconnect the variables are asked first) what is
  // published comes from a good LIST VAR: polled.
  s.available = state_.available().value_or(true);
  auto payload = common::to_json(s);
  if (!context_.sign_key.empty()) payload = common::sign_payload(payload, context_.sign_key);
  out_.retain(context_.topics.state(identity_.id), payload);
}

}  // namespace nutmqtt::bridge

namespace nutmqtt::bridge {

void ups_monitor::publish_event(const detected_event& e, common::wall_clock::time_point now) {
  common::event_message m;
  m.type = e.type;
  m.ups = identity_.id;
  m.server = identity_.server;
  m.nut_name = identity_.nut_name;
  m.status = e.status;
  m.previous_status = e.previous_status;
  m.message = e.message;
  m.time = now;
  m.bridge = context_.bridge_id;
  m.seq = ++context_.last_seq;
  m.boot = context_.boot;
  spdlog::info("event {} #{}: {}", common::event_name(e.type), m.seq, common::loggable(e.message));
  auto payload = common::to_json(m);
  if (!context_.sign_key.empty()) payload = common::sign_payload(payload, context_.sign_key);
  const auto& t = context_.topics;
  out_.event(t.event(identity_.id), payload);
  out_.retain(t.last_event(identity_.id), payload);
}

}  // namespace nutmqtt::bridge

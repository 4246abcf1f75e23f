// agent_app: what arrives - MQTT messages (checked, then handed to the logic) and requests on
// the control socket.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/event_message.hpp"
#include "common/loggable.hpp"
#include "common/state_message.hpp"
#include "shutdown-agent/agent_app.hpp"
#include "shutdown-agent/timer_listing.hpp"

namespace nutmqtt::agent {

void agent_app::on_connected() {
  if (stopping_) return;
  // Bridge availability first: the broker then sends the retained messages in this order,
  // so a UPS is known to sit behind a dead bridge before its own topics arrive.
  // Each bridge's own say after the states, which make the agent track a UPS.
  std::vector<std::string> filters = {topics_.every_bridge_availability(),
                                      topics_.every("availability"), topics_.every("state"),
                                      topics_.every_availability_by(), topics_.every("event")};
  if (ha_.enabled()) filters.push_back(ha_.status_topic());
  const std::string sync_topic = topics_.agent_sync(config_.id);
  filters.push_back(sync_topic);
  sync_token_ = fmt::format("{}-{}", run_id_, ++syncs_);
  mqtt_->subscribe(filters, 1, [this, sync_topic, token = sync_token_](bool) {
    if (stopping_ || token != sync_token_) return;
    // Sent once the subscriptions are granted, the marker is queued behind what the broker
    // held for the agent: when it comes back, all of that has been read.
    publish({sync_topic, token, 1, false});
  });
  apply(logic_.on_broker(true, clock::now()));
  publish_state();
  ha_.on_connected();
}

void agent_app::on_message(const common::mqtt_message& m) {
  if (stopping_ || ha_.on_message(m)) return;
  if (m.topic == topics_.agent_sync(config_.id)) {
    on_sync(m.payload);
    return;
  }
  auto t = topics_.parse(m.topic);
  if (!t) return;
  if (t->ups == "_bridge") {
    const auto slash = t->leaf.find('/');
    if (slash == std::string::npos || t->leaf.substr(slash + 1) != "availability") return;
    bool online = false;
    if (parse_online(m.topic, m.payload, online)) {
      apply(logic_.on_bridge_availability(t->leaf.substr(0, slash), online, clock::now()));
    }
  } else if (t->ups.starts_with('_')) {
    return;  // other agents' topics
  } else if (t->leaf == "event") {
    on_event_message(t->ups, m.payload);
  } else if (t->leaf == "state") {
    on_state_message(t->ups, m.payload, m.retained);
  } else if (t->leaf == "availability") {
    bool online = false;
    if (parse_online(m.topic, m.payload, online)) {
      apply(logic_.on_availability(t->ups, online, clock::now(), m.retained));
    }
  } else if (auto bridge = common::topic_scheme::availability_by_bridge(*t)) {
    bool online = false;
    if (m.payload.empty()) {
      apply(logic_.on_availability_by(t->ups, *bridge, std::nullopt, clock::now()));
    } else if (parse_online(m.topic, m.payload, online)) {
      apply(logic_.on_availability_by(t->ups, *bridge, online, clock::now()));
    }
  }
}

void agent_app::on_sync(const std::string& payload) {
  if (sync_token_.empty() || payload != sync_token_) return;
  sync_token_.clear();
  spdlog::debug("read what the broker held for this agent");
  apply(logic_.on_broker_synced(clock::now()));
}

void agent_app::on_event_message(const std::string& ups, const std::string& payload) {
  const std::string topic = topics_.event(ups);
  auto e = common::parse_event_message(payload);
  if (!e) {
    complain(topic, "ignoring an invalid event: " + common::loggable(e.error), "invalid event");
    return;
  }
  if (e->ups != ups) {
    complain(topic,
             fmt::format("ignoring an event for UPS \"{}\" published on the topic of {}",
                         common::loggable(e->ups), common::loggable(ups)),
             "event of another UPS");
    return;
  }
  if (!logic_.admits(ups)) return over_limit(ups);
  if (auto v = guard_.check_event(payload, *e, common::wall_clock::now()); !v.accepted) {
    complain(topic,
             fmt::format("ignoring {} (seq {}): {}", common::event_name(e->type), e->seq,
                         common::loggable(v.why)),
             refusal_name(v.reason));
    return;
  }
  spdlog::debug("event {} for {} (bridge {}, seq {})", common::event_name(e->type),
                common::loggable(ups), common::loggable(e->bridge), e->seq);
  details_.on_status(ups, e->status);
  apply(logic_.on_event(*e, clock::now()));
}

void agent_app::on_state_message(const std::string& ups, const std::string& payload, bool stored) {
  const auto wall_now = common::wall_clock::now();
  if (payload.empty()) {
    apply(logic_.on_state(ups, nullptr, clock::now(), wall_now));
    return;
  }
  const std::string topic = topics_.state(ups);
  auto s = common::parse_state_message(payload);
  if (!s) {
    complain(topic, "ignoring an invalid state: " + common::loggable(s.error), "invalid state");
  } else if (s->ups != ups) {
    complain(topic,
             fmt::format("ignoring the state of UPS \"{}\" published on the topic of {}",
                         common::loggable(s->ups), common::loggable(ups)),
             "state of another UPS");
  } else if (!logic_.admits(ups)) {
    over_limit(ups);
  } else {
    auto v = guard_.check_state(payload, *s, wall_now);
    if (!v.accepted) {
      complain(topic, "ignoring a state: " + common::loggable(v.why), refusal_name(v.reason));
      return;
    }
    details_.on_state(ups, s->flags, s->vars);
    // The retain flag is set on what the broker kept, not on what a bridge publishes now.
    const bool live = !stored && !v.repeat;
    apply(logic_.on_state(ups, &*s, clock::now(), wall_now, live));
  }
}

bool agent_app::parse_online(const std::string& topic, const std::string& payload, bool& online) {
  if (payload == "online" || payload == "offline") {
    online = payload == "online";
    return true;
  }
  // An empty retained payload is a cleared topic, not a message about the UPS.
  if (!payload.empty()) {
    complain(topic, "ignoring an availability that is neither \"online\" nor \"offline\"",
             "invalid availability");
  }
  return false;
}

void agent_app::complain(const std::string& topic, const std::string& what, std::string_view kind) {
  // One line a minute per topic pattern and kind of problem: a flood of payloads or made-up
  // UPS ids stays quiet, and a forgery does not hide behind an earlier unsigned message.
  // `what` quotes the network only through common::loggable.
  auto t = topics_.parse(topic);
  const std::string pattern = !t                    ? topics_.base() + "/#"
                              : t->ups == "_bridge" ? topics_.every_bridge_availability()
                              : t->leaf.starts_with("availability/")
                                  ? topics_.every_availability_by()
                                  : topics_.every(t->leaf);
  const std::string key = fmt::format("{} ({})", pattern, kind);
  if (auto suppressed = complaints_.allow(key, std::chrono::steady_clock::now())) {
    spdlog::warn("{}: {}{}", common::loggable(topic), what, common::suppressed_note(*suppressed));
  }
}

void agent_app::over_limit(const std::string& ups) {
  if (!logic_.monitors(ups)) return;
  // Keyed by the topic pattern: a flood of made-up ids is one line a minute.
  complain(topics_.every("state"),
           fmt::format("ignoring UPS \"{}\": {} UPS ids are tracked already (monitor: \"*\"; "
                       "raise limits.max_ups if your site has that many)",
                       common::loggable(ups), config_.max_ups),
           "over max_ups");
}

std::string agent_app::on_control_request(const std::string& request) {
  if (request == "LIST-TIMERS") {
    std::string listing = timer_listing(
        logic_.timers().all(), clock::now(), common::wall_clock::now(),
        [this](const std::string& type, const std::string& ups) { return message_of(type, ups); });
    if (!listing.empty()) listing.pop_back();
    return listing.empty() ? "OK" : "OK\n" + listing;
  }
  if (request != "FSD") return "ERR unknown request; use FSD or LIST-TIMERS";
  spdlog::warn("forced shutdown requested through the control socket");
  apply(logic_.on_fsd_request("forced shutdown requested (nutmqtt-shutdown-agent --fsd)",
                              clock::now()));
  return "OK shutting down";
}

}  // namespace nutmqtt::agent

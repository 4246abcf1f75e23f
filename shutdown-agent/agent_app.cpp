#include "shutdown-agent/agent_app.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/duration.hpp"
#include "common/event_message.hpp"
#include "common/state_message.hpp"
#include "common/version.hpp"
#include "shutdown-agent/cmdscript.hpp"
#include "shutdown-agent/notifier.hpp"

namespace nutmqtt::agent {
namespace {

using namespace std::chrono_literals;

agent_logic::settings logic_settings(const agent_config& c) {
  agent_logic::settings s;
  s.rules = c.rules;
  s.supplies = c.supplies;
  s.final_delay = c.final_delay;
  return s;
}

std::string offline_state(const std::string& agent, bool dry_run) {
  agent_snapshot s;
  s.agent = agent;
  s.online = false;
  s.dry_run = dry_run;
  s.time = common::wall_clock::now();
  return agent_state_json(s);
}

}  // namespace

agent_app::agent_app(boost::asio::io_context& io, agent_config config, bool dry_run)
    : io_(io),
      config_(std::move(config)),
      dry_run_(dry_run),
      topics_(config_.mqtt.base_topic),
      logic_(logic_settings(config_)),
      runner_(io),
      control_(io, config_.control_socket,
               [this](const std::string& request) { return on_control_request(request); }),
      deadline_(io),
      complaints_(60s) {}

void agent_app::start() {
  for (const auto& note : config_.notes)
    spdlog::info("{}", note);
  for (const auto& warning : config_.warnings)
    spdlog::warn("{}", warning);
  control_.open();
  common::mqtt_session::options opts;
  opts.settings = config_.mqtt;
  // A persistent session: QoS 1 events sent while the agent was briefly away still arrive.
  opts.clean_session = false;
  opts.will = common::mqtt_message{topics_.agent_state(config_.id),
                                   offline_state(config_.id, dry_run_), 1, true};
  common::mqtt_session::handlers h;
  h.connected = [this] { on_connected(); };
  h.disconnected = [this] { apply(logic_.on_broker(false, clock::now())); };
  h.message = [this](common::mqtt_message m) { on_message(m); };
  mqtt_ = common::mqtt_session::create(io_, std::move(opts), std::move(h));
  mqtt_->start();
  spdlog::info("nutmqtt-shutdown-agent {} started as {}{}; {} rule(s), control socket {}", kVersion,
               config_.id, dry_run_ ? " in dry-run mode (no script, no shutdown)" : "",
               config_.rules.size(), config_.control_socket);
  publish_state();
}

void agent_app::stop(std::function<void()> done) {
  stopping_ = true;
  deadline_.cancel();
  control_.close();
  runner_.stop();
  common::mqtt_message farewell{topics_.agent_state(config_.id),
                                offline_state(config_.id, dry_run_), 1, true};
  mqtt_->stop({farewell}, std::move(done));
}

void agent_app::on_connected() {
  if (stopping_) return;
  // Bridge availability first: the broker then sends the retained messages in this order,
  // so a UPS is known to sit behind a dead bridge before its own topics arrive.
  mqtt_->subscribe({topics_.every_bridge_availability(), topics_.every("availability"),
                    topics_.every("state"), topics_.every("event")},
                   1);
  apply(logic_.on_broker(true, clock::now()));
  publish_state();
}

void agent_app::on_message(const common::mqtt_message& m) {
  if (stopping_) return;
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
    on_state_message(t->ups, m.payload);
  } else if (t->leaf == "availability") {
    bool online = false;
    if (parse_online(m.topic, m.payload, online)) {
      apply(logic_.on_availability(t->ups, online, clock::now()));
    }
  }
}

void agent_app::on_event_message(const std::string& ups, const std::string& payload) {
  const std::string topic = topics_.event(ups);
  auto e = common::parse_event_message(payload);
  if (!e) {
    complain(topic, "ignoring an invalid event: " + e.error);
    return;
  }
  if (e->ups != ups) {
    complain(topic, fmt::format("ignoring an event for UPS \"{}\" published on the topic of {}",
                                e->ups, ups));
    return;
  }
  spdlog::debug("event {} for {} (bridge {}, seq {})", common::event_name(e->type), ups, e->bridge,
                e->seq);
  apply(logic_.on_event(*e, clock::now()));
}

void agent_app::on_state_message(const std::string& ups, const std::string& payload) {
  if (payload.empty()) {
    apply(logic_.on_state(ups, nullptr, clock::now()));
    return;
  }
  const std::string topic = topics_.state(ups);
  auto s = common::parse_state_message(payload);
  if (!s) {
    complain(topic, "ignoring an invalid state: " + s.error);
  } else if (s->ups != ups) {
    complain(topic, fmt::format("ignoring the state of UPS \"{}\" published on the topic of {}",
                                s->ups, ups));
  } else {
    apply(logic_.on_state(ups, &*s, clock::now()));
  }
}

bool agent_app::parse_online(const std::string& topic, const std::string& payload, bool& online) {
  if (payload == "online" || payload == "offline") {
    online = payload == "online";
    return true;
  }
  // An empty retained payload is a cleared topic, not a message about the UPS.
  if (!payload.empty()) {
    complain(topic, "ignoring an availability that is neither \"online\" nor \"offline\"");
  }
  return false;
}

void agent_app::complain(const std::string& topic, const std::string& what) {
  if (auto suppressed = complaints_.allow(topic, std::chrono::steady_clock::now())) {
    spdlog::warn("{}: {}{}", topic, what,
                 *suppressed ? fmt::format(" ({} similar messages suppressed)", *suppressed) : "");
  }
}

std::string agent_app::on_control_request(const std::string& request) {
  if (request != "FSD") return "ERR unknown request; the only one is FSD";
  spdlog::warn("forced shutdown requested through the control socket");
  apply(logic_.on_fsd_request("forced shutdown requested (nutmqtt-shutdown-agent --fsd)",
                              clock::now()));
  return "OK shutting down";
}

void agent_app::apply(logic_effects effects) {
  if (stopping_) return;
  if (!effects.ignored.empty()) spdlog::debug("not acting: {}", effects.ignored);
  for (auto& a : effects.actions)
    publish_action(std::move(a));
  if (effects.shutdown_begun) {
    const std::string message = "SHUTDOWN: " + *effects.shutdown_begun;
    spdlog::critical("{}; running the shutdown command in {}", message,
                     common::format_duration(config_.final_delay));
    if (!dry_run_) notify_users({config_.notify_syslog, config_.notify_wall}, message, runner_);
  }
  for (const auto& s : effects.scripts)
    run_script(s);
  if (effects.run_shutdown_command) run_shutdown_command();
  if (effects.state_changed) publish_state();
  arm_deadline();
}

void agent_app::publish_action(action_json action) {
  spdlog::info("action: {}", action.dump());
  if (mqtt_ && mqtt_->connected()) {
    mqtt_->publish(
        {topics_.agent_event(config_.id),
         agent_event_json(std::move(action), config_.id, dry_run_, common::wall_clock::now()), 1,
         false});
  }
}

void agent_app::publish_state() {
  if (!mqtt_ || !mqtt_->connected()) return;
  agent_snapshot s;
  s.agent = config_.id;
  s.monitored = logic_.monitored();
  s.timers = logic_.timers().all();
  s.now = clock::now();
  s.critical = logic_.critical();
  s.shutting_down = logic_.shutting_down();
  s.shutdown_reason = logic_.shutdown_reason();
  s.dry_run = dry_run_;
  s.time = common::wall_clock::now();
  mqtt_->publish({topics_.agent_state(config_.id), agent_state_json(s), 1, true});
}

void agent_app::arm_deadline() {
  auto next = logic_.next_deadline();
  deadline_.cancel();
  if (!next || stopping_) return;
  deadline_.expires_at(*next);
  deadline_.async_wait([this](const boost::system::error_code& ec) {
    if (stopping_ || ec) return;
    apply(logic_.on_time(clock::now()));
  });
}

}  // namespace nutmqtt::agent

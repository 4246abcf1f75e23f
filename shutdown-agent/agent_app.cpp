#include "shutdown-agent/agent_app.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/duration.hpp"
#include "common/event_message.hpp"
#include "common/ids.hpp"
#include "common/loggable.hpp"
#include "common/state_message.hpp"
#include "common/version.hpp"
#include "shutdown-agent/logic/agent_status.hpp"
#include "shutdown-agent/logic/timer_listing.hpp"
#include "shutdown-agent/processes/cmdscript.hpp"

namespace nutmqtt::agent {
namespace {

using namespace std::chrono_literals;

agent_logic::settings logic_settings(const agent_config& c) {
  agent_logic::settings s;
  s.rules = c.rules;
  s.supplies = c.supplies;
  s.final_delay = c.final_delay;
  s.shutdown_timers = c.shutdown_timers;
  s.max_ups = c.max_ups;
  return s;
}

// The last will, and the farewell of a clean stop: after a shutdown it still says so (and why),
// for whoever reads the retained state while the host goes down.
std::string offline_state(const std::string& agent, bool dry_run,
                          const std::string& shutdown_reason = {}) {
  agent_snapshot s;
  s.agent = agent;
  s.online = false;
  s.shutting_down = !shutdown_reason.empty();
  s.shutdown_reason = shutdown_reason;
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
      guard_(config_.security),
      memory_file_(config_.state_file),
      runner_(io),
      notifier_(config_.notify, config_.script_timeout, runner_),
      control_(io, config_.control_socket,
               [this](const std::string& request) { return on_control_request(request); }),
      ha_(io, config_.homeassistant, {config_.id, kVersion}, topics_,
          {[this](const common::mqtt_message& m) { publish(m); }, [this] { publish_state(); }}),
      deadline_(io),
      refresh_(io),
      leave_(io),
      save_(io),
      complaints_(60s),
      run_id_(common::new_run_id()) {}

void agent_app::start() {
  for (const auto& note : config_.notes)
    spdlog::info("{}", note);
  for (const auto& warning : config_.warnings)
    spdlog::warn("{}", warning);
  // The socket first: it proves that no other agent runs and owns the state file.
  control_.open();
  restore_memory();
  common::mqtt_session::options opts;
  opts.settings = config_.mqtt;
  // A persistent session: QoS 1 events sent while the agent was briefly away still arrive.
  opts.clean_session = false;
  opts.will = common::mqtt_message{topics_.agent_state(config_.id),
                                   offline_state(config_.id, dry_run_), 1, true};
  common::mqtt_session::handlers h;
  h.connected = [this] { on_connected(); };
  h.disconnected = [this] {
    sync_token_.clear();
    apply(logic_.on_broker(false, clock::now()));
  };
  h.message = [this](common::mqtt_message m) { on_message(m); };
  mqtt_ = common::mqtt_session::create(io_, std::move(opts), std::move(h));
  mqtt_->start();
  spdlog::info("nutmqtt-shutdown-agent {} started as {}{}; {} rule(s), control socket {}{}",
               kVersion, config_.id, dry_run_ ? " in dry-run mode (no script, no shutdown)" : "",
               config_.rules.size(), config_.control_socket,
               guard_.signing() ? "; acting only on signed events and states" : "");
  publish_state();
  arm_deadline();
}

void agent_app::stop(std::function<void()> done) {
  if (memory_dirty_) save_memory();
  stopping_ = true;
  deadline_.cancel();
  refresh_.cancel();
  leave_.cancel();
  save_.cancel();
  ha_.stop();
  control_.close();
  runner_.stop();
  common::mqtt_message farewell{
      topics_.agent_state(config_.id),
      offline_state(config_.id, dry_run_, logic_.shutting_down() ? logic_.shutdown_reason() : ""),
      1, true};
  mqtt_->stop({farewell}, std::move(done));
}

void agent_app::restore_memory() {
  std::string why;
  auto text = memory_file_.read(why);
  if (!why.empty()) spdlog::warn("starting afresh: {}", why);
  if (!text) return;
  auto memory = parse_memory(*text, config_.id, dry_run_);
  if (!memory) {
    spdlog::warn("starting afresh: the state file {} is unusable ({})", memory_file_.path(),
                 common::loggable(memory.error));
    return;
  }
  logic_.restore(*memory, clock::now(), common::wall_clock::now());
  guard_.restore(memory->guard);
  spdlog::info("took back {} timer(s) and what was known of {} UPS(es) from {}",
               memory->timers.size(), memory->statuses.size(), memory_file_.path());
  if (memory->shutdown && memory->shutdown->command_run) {
    spdlog::critical(
        "the shutdown command already ran ({}; begun {}), yet this host is still up: doing "
        "nothing else. Check shutdown.command, then delete {} and restart the agent to start "
        "afresh",
        common::loggable(memory->shutdown->reason), common::format_time(memory->shutdown->begun),
        memory_file_.path());
  } else if (memory->shutdown) {
    spdlog::critical("carrying on the shutdown begun {} before the agent restarted: {}",
                     common::format_time(memory->shutdown->begun),
                     common::loggable(memory->shutdown->reason));
  }
  for (const auto& t : logic_.timers().all()) {
    spdlog::info(
        "timer {} runs on, {} left (held until the broker's retained state is read)",
        common::loggable(t.name),
        common::format_duration(std::max(
            std::chrono::duration_cast<std::chrono::milliseconds>(t.deadline - clock::now()),
            0ms)));
  }
}

void agent_app::save_memory() {
  memory_dirty_ = false;
  auto m = logic_.memory(clock::now(), common::wall_clock::now());
  m.guard = guard_.save();
  std::string why;
  if (!memory_file_.write(memory_json(m, config_.id, dry_run_), why)) {
    if (auto suppressed = complaints_.allow("state file", std::chrono::steady_clock::now())) {
      spdlog::warn("{}: timers will not survive a restart of the agent{}", why,
                   common::suppressed_note(*suppressed));
    }
  }
}

void agent_app::apply(logic_effects effects) {
  if (stopping_) return;
  if (!effects.ignored.empty()) spdlog::debug("not acting: {}", common::loggable(effects.ignored));
  for (auto& a : effects.actions)
    publish_action(std::move(a));
  if (effects.shutdown_begun) {
    spdlog::critical("SHUTDOWN: {}; running the shutdown command in {}",
                     common::loggable(*effects.shutdown_begun),
                     common::format_duration(config_.final_delay));
  }
  for (const auto& n : effects.notifications)
    notify(n);
  for (const auto& s : effects.scripts)
    run_script(s);
  // What the agent learned may change its status in words without changing anything else.
  const bool state_changed =
      effects.state_changed || describe_status(logic_, clock::now()).text != published_text_;
  // A shutdown is written down and announced before its command runs: the host may be gone
  // right after.
  const bool urgent = effects.shutdown_begun || effects.run_shutdown_command;
  save_soon(state_changed, urgent);
  if (effects.run_shutdown_command) run_shutdown_command();
  arm_deadline();
  arm_refresh();
}

// The state file and the retained state are written at most every kSaveInterval: a flood of
// messages costs one write, not one each. Urgent ones (a shutdown) go at once.
void agent_app::save_soon(bool state_changed, bool urgent) {
  state_dirty_ = state_dirty_ || state_changed;
  memory_dirty_ = true;
  const auto now = clock::now();
  if (urgent || now - last_save_ >= kSaveInterval) {
    save_now();
    return;
  }
  if (save_armed_) return;
  save_armed_ = true;
  save_.expires_at(last_save_ + kSaveInterval);
  save_.async_wait([this](const boost::system::error_code& ec) {
    save_armed_ = false;
    if (ec || stopping_) return;
    save_now();
  });
}

void agent_app::save_now() {
  last_save_ = clock::now();
  if (state_dirty_) publish_state();
  if (memory_dirty_) save_memory();
}

void agent_app::publish(const common::mqtt_message& m) {
  if (mqtt_ && mqtt_->connected()) mqtt_->publish(m);
}

void agent_app::publish_action(action_json action) {
  spdlog::info("action: {}", action.dump());
  publish({topics_.agent_event(config_.id),
           agent_event_json(std::move(action), config_.id, dry_run_, common::wall_clock::now()), 1,
           false});
}

void agent_app::publish_state() {
  state_dirty_ = false;
  if (!mqtt_ || !mqtt_->connected()) return;
  const auto now = clock::now();
  const auto status = describe_status(logic_, now);
  agent_snapshot s;
  s.agent = config_.id;
  s.monitored = logic_.monitored();
  s.timers = logic_.timers().all();
  s.now = now;
  s.critical = logic_.critical();
  s.shutting_down = logic_.shutting_down();
  s.shutdown_reason = logic_.shutdown_reason();
  s.dry_run = dry_run_;
  s.shutdown_pending = status.shutdown_pending;
  s.shutdown_in = status.shutdown_in;
  s.state_text = status.text;
  s.time = common::wall_clock::now();
  published_text_ = status.text;
  publish({topics_.agent_state(config_.id), agent_state_json(s), 1, true});
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

// A countdown on a dashboard should move: while one runs, the state is published every second
// (and not at all otherwise: nothing polls while all is well).
void agent_app::arm_refresh() {
  refresh_.cancel();
  if (stopping_ || !logic_.outlook(clock::now()).pending) return;
  refresh_.expires_after(1s);
  refresh_.async_wait([this](const boost::system::error_code& ec) {
    if (stopping_ || ec) return;
    publish_state();
    arm_refresh();
  });
}

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

namespace {

action_json result_fields(action_json j, const process_result& r) {
  if (!r.error.empty()) {
    j["error"] = r.error;
  } else if (r.signal != 0) {
    j["signal"] = r.signal;
  } else {
    j["exit_status"] = r.exit_code;
  }
  j["timed_out"] = r.timed_out;
  j["result"] = r.describe();
  return j;
}

}  // namespace

void agent_app::run_script(const script_request& r) {
  action_json j{{"action", "script"},
                {"argument", r.argument},
                {"ups", r.cause.ups},
                {"event_type", r.cause.type}};
  if (dry_run_) {
    j["would_run"] = fmt::format("{} {}", config_.cmdscript, r.argument);
    publish_action(std::move(j));
    return;
  }
  auto request = cmdscript_request(
      config_.cmdscript, r, config_.control_socket, config_.script_timeout,
      [this](const std::string& type, const std::string& ups) { return message_of(type, ups); });
  const std::string label = fmt::format("CMDSCRIPT {}", r.argument);
  pid_t pid = runner_.start(
      std::move(request), [label](std::string_view line) { spdlog::info("{}: {}", label, line); },
      [this, j, label](const process_result& result) mutable {
        if (result.success()) {
          spdlog::info("{} finished: {}", label, result.describe());
        } else {
          spdlog::warn("{} failed: {}", label, result.describe());
        }
        j["action"] = "script_finished";
        if (!stopping_) publish_action(result_fields(std::move(j), result));
      });
  if (pid > 0) {
    j["pid"] = pid;
    publish_action(j);
  }
}

std::string agent_app::message_of(const std::string& type, const std::string& ups) const {
  return config_.notify.message(type, ups, details_.detail(type, ups));
}

// upsmon's notification of an event: syslog, wall and NOTIFYCMD as notify.flags say.
void agent_app::notify(const notify_event& e) {
  const std::string message = message_of(e.type, e.ups);
  if (!dry_run_) {
    notifier_.notify(e, message);
    return;
  }
  const auto flags = config_.notify.flags_for(e.type);
  if ((flags & (kNotifySyslog | kNotifyWall | kNotifyExec)) != 0) {
    spdlog::info("dry run: would notify {} ({}): {}", e.type, format_notify_flags(flags), message);
  }
}

void agent_app::run_shutdown_command() {
  const auto& argv = config_.shutdown_command;
  action_json j{{"action", "shutdown_command"}, {"command", argv}};
  if (dry_run_) {
    spdlog::critical("dry run: would now run the shutdown command: {}", fmt::join(argv, " "));
    j["would_run"] = true;
    publish_action(std::move(j));
    return;
  }
  spdlog::critical("running the shutdown command: {}", fmt::join(argv, " "));
  process_request request;
  request.argv = argv;
  request.env = environment_with({});
  runner_.start(
      std::move(request), [](std::string_view line) { spdlog::info("shutdown command: {}", line); },
      [this, j](const process_result& result) {
        if (result.success()) {
          spdlog::info("shutdown command finished: {}", result.describe());
        } else {
          spdlog::error("shutdown command failed: {}", result.describe());
        }
        action_json done = j;
        done["action"] = "shutdown_command_finished";
        if (!stopping_) publish_action(result_fields(std::move(done), result));
        leave_after_shutdown();
      });
  publish_action(std::move(j));
}

// With login: true the bridge holds the NUT primary until every agent has gone: leaving is how
// an agent says it is done. A host whose workloads take long to stop sets exit_after, or
// `never` to leave only when the host's shutdown stops the agent.
void agent_app::leave_after_shutdown() {
  if (stopping_ || !config_.exit_after) return;
  spdlog::info("leaving {} after the shutdown command (shutdown.exit_after)",
               config_.exit_after->count() == 0
                   ? "now"
                   : "in " + common::format_duration(*config_.exit_after));
  leave_.expires_after(*config_.exit_after);
  leave_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    stop([this] { io_.stop(); });
  });
}

}  // namespace nutmqtt::agent

#include "shutdown-agent/agent_app.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/duration.hpp"
#include "common/ids.hpp"
#include "common/loggable.hpp"
#include "common/version.hpp"
#include "shutdown-agent/agent_status.hpp"

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

}  // namespace nutmqtt::agent

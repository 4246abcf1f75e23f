#include "property/agent/simulation.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/ups_status.hpp"
#include "property/agent/oracle.hpp"
#include "property/agent/rule_oracle.hpp"
#include "shutdown-agent/logic/agent_logic.hpp"

namespace nutmqtt::agent::property {

bool run_result::broke(const char* property) const {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const finding& f) { return f.property == property; });
}

std::string run_result::report(const char* property) const {
  for (const auto& f : findings) {
    if (f.property == property) return fmt::format("{}: {}\n{}", f.property, f.what, trace);
  }
  return {};
}

namespace {

using common::event_type;
using common::wall_clock;
using namespace std::chrono_literals;

const time_point kT0{};
const wall_clock::time_point kW0 = *common::parse_time("2026-11-24T10:00:00Z");
constexpr const char* kBridge = "home";
constexpr ms kSettle = 5s;           // the agent's broker_settle
constexpr ms kEpilogue = 5min;       // time let pass after the last step
constexpr int kMaxWakeUps = 100000;  // per advance: more means the agent spins

bool has(const std::vector<std::string>& tokens, const char* token) {
  return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
}

// A message as mosquitto hands it to the agent.
struct message {
  enum class kind { event, state, cleared, availability, bridge_availability } what;
  int ups = 0;
  common::event_message event;
  common::state_message state;
  bool online = false;
};

struct ups_world {
  std::vector<std::string> tokens{"OL"};
  std::map<std::string, wall_clock::time_point> since;
  bool reachable = true;
  bool cleared = false;  // its retained state was cleared and not published since
  // The bridge's view in its current run: the status it last polled (nullopt: not yet) and
  // the line state it latched.
  std::optional<std::vector<std::string>> polled;
  std::optional<bool> on_battery;
  std::optional<common::state_message> cached;  // the state it publishes again on reconnect
};

class simulation {
 public:
  explicit simulation(const scenario& s)
      : config_(s.config), oracle_(s.config), rules_(s.config, kT0, kW0) {
    for (int u = 0; u < config_.ups_count; ++u)
      ups_[u];
  }

  run_result run(const std::vector<step>& steps);

 private:
  // The world.
  void apply(const step& s);
  void set_status(int u, const std::vector<std::string>& tokens, const delivery& how);
  void bridge_poll(int u, const delivery& how);
  void bridge_publish_all(const delivery& how);
  void broker_down();
  void broker_up(bool persistence, bool agent_first);
  common::state_message state_of(int u) const;
  common::event_message event_of(int u, event_type type);
  std::vector<event_type> events_between(int u, const std::vector<std::string>& now_polled);

  // What mosquitto does with a publication.
  void publish(message m);
  void publish_events(std::vector<message> events, const message& state, const delivery& how);

  // The agent.
  void agent_connect();
  void agent_disconnect();
  void agent_stop();
  void agent_start();
  void deliver(const message& m, bool stored);
  // `fires_timers`: the call lets due timers fire before it judges (on_time, the sync).
  void agent_did(const logic_effects& fx, const std::string& what, bool fires_timers = false);
  bool agent_hears_bridge() const {
    return running_ && connected_ && broker_up_ && bridge_alive_ && !broker_stopping_;
  }
  // `may_become_heard`: which UPSes the news about to reach the agent can make heard (the
  // agent hears a UPS from news of it, never from another's); any may fall silent. Empty: all.
  void update_hearing(const std::function<bool(int)>& may_become_heard = {});

  // Time and checks.
  void advance_to(time_point target);
  void check();
  void found(const char* property, std::string what);
  void note(std::string line) {
    trace_.push_back(fmt::format("{:>8}ms {}", (t_ - kT0) / 1ms, line));
  }
  wall_clock::time_point wall() const { return kW0 + (t_ - kT0); }
  void finish();

  scenario_config config_;
  oracle oracle_;
  rule_oracle rules_;
  time_point t_ = kT0;
  std::map<int, ups_world> ups_;

  bool bridge_alive_ = true;
  std::string boot_ = "boot1";
  int boots_ = 1;
  std::uint64_t seq_ = 0;
  std::deque<message> bridge_queue_;  // events the bridge holds while the broker is away

  bool broker_up_ = true;
  bool broker_stopping_ = false;  // it hands out the last wills of the clients it drops
  std::map<int, common::state_message> retained_state_;
  std::map<int, bool> retained_availability_;
  std::optional<bool> retained_bridge_;
  std::deque<message> session_;  // the agent's persistent session while it is away
  bool has_session_ = true;      // the broker knows the agent's session (and subscriptions)

  std::unique_ptr<agent_logic> logic_;
  bool running_ = false;
  bool connected_ = false;
  bool cut_ = false;
  bool lose_next_sync_ = false;
  std::optional<agent_memory> memory_;
  std::optional<time_point> judging_from_;  // while the agent reads what the broker held
  std::optional<message> in_flight_;        // the last event delivered: unacknowledged QoS 1

  std::vector<time_point> commands_;
  std::optional<time_point> shutdown_begun_;
  bool requested_ = false;  // --fsd reached the running agent
  std::vector<expected_script> scripts_;
  std::map<std::string, std::vector<bool>> comm_;  // announced losses (true) and ends per UPS
  std::vector<std::string> trace_;
  std::vector<finding> findings_;
};

// ---------------------------------------------------------------------------------------------
// The world

common::state_message simulation::state_of(int u) const {
  common::state_message s;
  s.ups = ups_id(u);
  s.flags = *ups_.at(u).polled;
  s.status = fmt::format("{}", fmt::join(s.flags, " "));
  for (const auto& token : s.flags) {
    const auto& since = ups_.at(u).since;
    if (auto it = since.find(token); it != since.end()) s.since[token] = it->second;
  }
  s.time = wall();
  s.bridge = kBridge;
  s.boot = boot_;
  s.seq = seq_;
  s.available = ups_.at(u).reachable;
  return s;
}

common::event_message simulation::event_of(int u, event_type type) {
  common::event_message e;
  e.type = type;
  e.ups = ups_id(u);
  e.status = ups_[u].polled ? fmt::format("{}", fmt::join(*ups_[u].polled, " ")) : "";
  e.time = wall();
  e.bridge = kBridge;
  e.boot = boot_;
  e.seq = ++seq_;
  return e;
}

// What the bridge announces when its poll of `u` changes (docs/events.md): the first poll of
// a run announces every condition present but line power; then ONLINE/ONBATT on the latched
// line state, LOWBATT and FSD when they appear, CAL/NOTCAL both ways.
std::vector<event_type> simulation::events_between(int u, const std::vector<std::string>& polled) {
  auto& w = ups_[u];
  const bool first = !w.polled;
  const std::vector<std::string> before = w.polled.value_or(std::vector<std::string>{});
  std::vector<event_type> out;
  if (has(polled, "OL") && w.on_battery == true) out.push_back(event_type::online);
  if (has(polled, "OB") && w.on_battery != true) out.push_back(event_type::onbatt);
  if (has(polled, "OB")) w.on_battery = true;
  if (has(polled, "OL")) w.on_battery = false;
  if (has(polled, "LB") && (first || !has(before, "LB"))) out.push_back(event_type::lowbatt);
  if (has(polled, "FSD") && (first || !has(before, "FSD"))) out.push_back(event_type::fsd);
  if (has(polled, "CAL") && (first || !has(before, "CAL"))) out.push_back(event_type::cal);
  if (!first && !has(polled, "CAL") && has(before, "CAL")) out.push_back(event_type::notcal);
  w.polled = polled;
  return out;
}

void simulation::bridge_poll(int u, const delivery& how) {
  auto& w = ups_[u];
  if (!bridge_alive_ || !w.reachable) return;
  const bool changed = !w.polled || *w.polled != w.tokens;
  auto types = events_between(u, w.tokens);
  if (!changed && !w.cleared) return;
  w.cleared = false;
  // What the agent is told live, before the messages that tell it (the oracle judges the
  // agent's decisions as they are taken).
  if (agent_hears_bridge()) oracle_.told_status(u, w.tokens, t_);
  w.cached = state_of(u);
  message state{message::kind::state, u, {}, *w.cached, false};
  std::vector<message> events;
  for (auto type : types)
    events.push_back({message::kind::event, u, event_of(u, type), {}, false});
  publish_events(std::move(events), state, how);
}

void simulation::set_status(int u, const std::vector<std::string>& tokens, const delivery& how) {
  auto& w = ups_[u];
  for (auto it = w.since.begin(); it != w.since.end();) {
    it = has(tokens, it->first.c_str()) ? std::next(it) : w.since.erase(it);
  }
  for (const auto& token : tokens)
    w.since.emplace(token, wall());
  w.tokens = tokens;
  bridge_poll(u, how);
}

// After a (re)connect to the broker the bridge publishes every retained topic again, then the
// events it queued meanwhile.
void simulation::bridge_publish_all(const delivery& how) {
  if (!bridge_alive_ || !broker_up_) return;
  publish({message::kind::bridge_availability, 0, {}, {}, true});
  for (int u = 0; u < config_.ups_count; ++u) {
    publish({message::kind::availability, u, {}, {}, ups_[u].reachable});
    if (ups_[u].cached) {
      // Taken again: its time says now (its seq covers the events queued meanwhile), and
      // whether the UPS is polled now.
      ups_[u].cleared = false;
      ups_[u].cached->time = wall();
      ups_[u].cached->seq = seq_;
      ups_[u].cached->available = ups_[u].reachable;
      publish({message::kind::state, u, {}, *ups_[u].cached, false});
    }
  }
  auto queued = std::move(bridge_queue_);
  bridge_queue_.clear();
  for (auto& m : queued)
    publish(std::move(m));
  for (int u = 0; u < config_.ups_count; ++u)
    bridge_poll(u, how);
}

void simulation::broker_down() {
  if (!broker_up_) return;
  // mosquitto publishes the last will of the clients it drops as it stops - to the agent too,
  // when it drops the bridge first.
  broker_stopping_ = true;
  if (bridge_alive_) publish({message::kind::bridge_availability, 0, {}, {}, false});
  if (connected_) agent_disconnect();
  broker_up_ = false;
  broker_stopping_ = false;
  update_hearing();
}

void simulation::broker_up(bool persistence, bool agent_first) {
  if (broker_up_) return;
  broker_up_ = true;
  if (!persistence) {
    retained_state_.clear();
    retained_availability_.clear();
    retained_bridge_.reset();
    session_.clear();
    has_session_ = false;  // until the agent connects and subscribes again
  }
  if (agent_first && running_ && !cut_) agent_connect();
  bridge_publish_all({});
  if (!agent_first && running_ && !cut_) agent_connect();
  update_hearing();
}

void simulation::apply(const step& s) {
  const int u = config_.ups_count > 0 ? s.ups % config_.ups_count : 0;
  switch (s.kind) {
    case step_kind::advance:
      advance_to(t_ + s.duration);
      return;
    case step_kind::status:
      note(fmt::format("{} status {}", ups_id(u), fmt::join(s.tokens, " ")));
      set_status(u, s.tokens, s.how);
      break;
    case step_kind::ups_lost:
      if (!ups_[u].reachable) return;
      note(fmt::format("{} cannot be polled", ups_id(u)));
      ups_[u].reachable = false;
      if (bridge_alive_) {
        publish({message::kind::availability, u, {}, {}, false});
        if (ups_[u].cached) {
          // The bridge takes its state again: the last good poll's, marked not polled.
          ups_[u].cached->time = wall();
          ups_[u].cached->seq = seq_;
          ups_[u].cached->available = false;
          publish({message::kind::state, u, {}, *ups_[u].cached, false});
        }
        publish({message::kind::event, u, event_of(u, event_type::commbad), {}, false});
      }
      break;
    case step_kind::ups_back:
      if (ups_[u].reachable) return;
      note(fmt::format("{} can be polled again", ups_id(u)));
      ups_[u].reachable = true;
      if (bridge_alive_) {
        publish({message::kind::availability, u, {}, {}, true});
        publish({message::kind::event, u, event_of(u, event_type::commok), {}, false});
        ups_[u].cleared = true;  // so that the poll publishes its state again
        bridge_poll(u, s.how);
      }
      break;
    case step_kind::bridge_dies:
      if (!bridge_alive_) return;
      note("the bridge is killed");
      bridge_alive_ = false;
      bridge_queue_.clear();
      if (broker_up_) publish({message::kind::bridge_availability, 0, {}, {}, false});
      break;
    case step_kind::bridge_starts:
      if (bridge_alive_) return;
      note("the bridge starts again");
      bridge_alive_ = true;
      boot_ = fmt::format("boot{}", ++boots_);
      seq_ = 0;
      for (auto& [index, w] : ups_) {
        w.polled.reset();
        w.on_battery.reset();
        w.cached.reset();
      }
      if (broker_up_) {
        publish({message::kind::bridge_availability, 0, {}, {}, true});
        for (int i = 0; i < config_.ups_count; ++i) {
          publish({message::kind::availability, i, {}, {}, ups_[i].reachable});
          if (!ups_[i].reachable) {
            publish({message::kind::event, i, event_of(i, event_type::commbad), {}, false});
          }
          bridge_poll(i, s.how);
        }
      }
      break;
    case step_kind::broker_down:
      if (!broker_up_) return;
      note("the broker stops");
      broker_down();
      break;
    case step_kind::broker_up:
      if (broker_up_) return;
      note(fmt::format("the broker is back, {} its retained topics and sessions",
                       s.flag ? "with" : "without"));
      broker_up(s.flag, s.agent_first);
      break;
    case step_kind::agent_cut:
      if (!connected_) return;
      note("the agent is cut off from the broker");
      cut_ = true;
      agent_disconnect();
      break;
    case step_kind::agent_back:
      if (!cut_) return;
      note("the agent reaches the broker again");
      cut_ = false;
      if (running_ && broker_up_) agent_connect();
      break;
    case step_kind::agent_stop:
      if (!running_) return;
      note("the agent is killed");
      agent_stop();
      break;
    case step_kind::agent_start:
      if (running_) return;
      note("the agent starts again");
      agent_start();
      break;
    case step_kind::fsd_request:
      if (!running_) return;
      note("--fsd");
      requested_ = true;
      oracle_.fsd_requested();
      agent_did(logic_->on_fsd_request("--fsd", t_), "--fsd");
      break;
    case step_kind::clear_state:
      if (!broker_up_ || retained_state_.count(u) == 0) return;
      note(fmt::format("{}'s retained state is cleared", ups_id(u)));
      ups_[u].cleared = true;
      publish({message::kind::cleared, u, {}, {}, false});
      break;
    case step_kind::sync_lost:
      lose_next_sync_ = true;
      return;
  }
  update_hearing();
  // The daemon arms its timer after every message: what the step made due happens now.
  advance_to(t_);
}

// ---------------------------------------------------------------------------------------------
// mosquitto

void simulation::publish(message m) {
  if (m.what == message::kind::event && !broker_up_) {
    if (bridge_alive_) bridge_queue_.push_back(std::move(m));
    return;
  }
  if (!broker_up_) return;  // retained topics are published again on reconnect
  switch (m.what) {
    case message::kind::state:
      retained_state_[m.ups] = m.state;
      break;
    case message::kind::cleared:
      retained_state_.erase(m.ups);
      break;
    case message::kind::availability:
      retained_availability_[m.ups] = m.online;
      break;
    case message::kind::bridge_availability:
      retained_bridge_ = m.online;
      break;
    case message::kind::event:
      break;
  }
  if (!connected_ && !has_session_) return;  // no subscription of the agent's to queue it for
  if (connected_) {
    // The world has changed before its news reach the agent: the oracle judges by it.
    update_hearing(
        [&](int u) { return m.what != message::kind::bridge_availability && m.ups == u; });
    // A live state of a running bridge is what is now: the oracle judges by it.
    if (m.what == message::kind::state && bridge_alive_)
      oracle_.told_status(m.ups, m.state.flags, t_);
    deliver(m, false);
  } else {
    session_.push_back(std::move(m));  // QoS 1, persistent session: kept for the agent
  }
}

void simulation::publish_events(std::vector<message> events, const message& state,
                                const delivery& how) {
  if (!how.events_first) publish(state);
  for (auto& e : events) {
    const message copy = e;
    publish(std::move(e));
    if (how.duplicate_event && connected_) deliver(copy, false);
  }
  if (how.events_first) publish(state);
  if (how.repeat_state && connected_) deliver(state, true);
}

// ---------------------------------------------------------------------------------------------
// The agent

void simulation::deliver(const message& m, bool stored) {
  switch (m.what) {
    case message::kind::event:
      in_flight_ = m;
      rules_.on_event(m.event, t_);
      agent_did(logic_->on_event(m.event, t_),
                fmt::format("event {} {} seq {}", common::event_name(m.event.type), m.event.ups,
                            m.event.seq));
      break;
    case message::kind::state:
      rules_.on_state(m.state.ups, m.state, t_);
      agent_did(
          logic_->on_state(m.state.ups, &m.state, t_, wall(), !stored),
          fmt::format("{}state {} [{}]", stored ? "retained " : "", m.state.ups, m.state.status));
      break;
    case message::kind::cleared:
      agent_did(logic_->on_state(ups_id(m.ups), nullptr, t_, wall()),
                fmt::format("state {} cleared", ups_id(m.ups)));
      break;
    case message::kind::availability:
      agent_did(logic_->on_availability(ups_id(m.ups), m.online, t_, stored),
                fmt::format("availability {} {}", ups_id(m.ups), m.online ? "online" : "offline"));
      break;
    case message::kind::bridge_availability:
      rules_.on_bridge_availability(m.online);
      agent_did(logic_->on_bridge_availability(kBridge, m.online, t_),
                fmt::format("bridge {}", m.online ? "online" : "offline"));
      break;
  }
}

void simulation::agent_connect() {
  connected_ = true;
  has_session_ = true;
  note("the agent connects");
  rules_.on_connect(t_, kSettle);
  if (!judging_from_ || *judging_from_ <= t_) judging_from_ = t_ + kSettle;
  // What the agent will have read once the broker's backlog is through is what the oracle
  // judges by from now on: each state the session kept, in turn (a status the UPS left and
  // came back to starts afresh), then the retained one. A UPS the session shows polled (a live
  // message of a good poll) counts as heard now: what the backlog says counts as of when it
  // is read. Not a state taken while the bridge could not poll the UPS (a failed poll), nor an
  // event a state sent before it already covers (history, docs/events.md).
  std::map<int, std::pair<std::string, std::uint64_t>> covered;  // boot, seq of the last state
  for (const auto& m : session_) {
    if (m.what == message::kind::state) {
      oracle_.told_status(m.ups, m.state.flags, t_);
      covered[m.ups] = {m.state.boot, m.state.seq};
    }
    auto history = [&] {
      auto it = covered.find(m.ups);
      return it != covered.end() && it->second.first == m.event.boot &&
             it->second.second >= m.event.seq;
    };
    const bool polled = (m.what == message::kind::state && m.state.available != false) ||
                        (m.what == message::kind::availability && m.online) ||
                        (m.what == message::kind::event && m.event.type != event_type::commbad &&
                         m.event.type != event_type::nocomm && !history());
    if (polled) oracle_.hearing(m.ups, true, t_);
  }
  for (const auto& [u, s] : retained_state_)
    oracle_.told_status(u, s.flags, t_);
  // What the bridge last said of polling each UPS, as the backlog and the retained topics
  // tell it: upsmon's failed poll, even of a bridge that has died since.
  std::map<int, bool> polling;
  for (const auto& m : session_) {
    if (m.what == message::kind::availability) polling[m.ups] = m.online;
  }
  for (const auto& [u, online] : retained_availability_)
    polling[u] = online;
  for (const auto& [u, online] : polling)
    oracle_.failed_poll(u, !online, t_);
  agent_did(logic_->on_broker(true, t_), "connect");
  // A QoS 1 message whose acknowledgement the connection loss may have swallowed is sent again;
  // then what the persistent session kept, in order; then the retained topics, in the order of
  // the agent's subscriptions.
  if (in_flight_) {
    const message again = *in_flight_;
    in_flight_.reset();
    deliver(again, false);
  }
  auto queued = std::move(session_);
  session_.clear();
  for (const auto& m : queued)
    deliver(m, false);
  if (retained_bridge_)
    deliver({message::kind::bridge_availability, 0, {}, {}, *retained_bridge_}, true);
  for (const auto& [u, online] : retained_availability_)
    deliver({message::kind::availability, u, {}, {}, online}, true);
  for (const auto& [u, s] : retained_state_)
    deliver({message::kind::state, u, {}, s, false}, true);
  // Heard now: what the session showed polled (told above) and what has a retained state.
  update_hearing([&](int u) { return retained_state_.count(u) != 0; });
  if (lose_next_sync_) {
    lose_next_sync_ = false;
    note("the sync marker is lost");
    return;
  }
  judging_from_.reset();
  rules_.on_synced(t_);
  agent_did(logic_->on_broker_synced(t_), "synced", true);
}

void simulation::agent_disconnect() {
  connected_ = false;
  update_hearing();  // the oracle knows before the agent reacts
  agent_did(logic_->on_broker(false, t_), "disconnect");
}

void simulation::agent_stop() {
  memory_ = logic_->memory(t_, wall());
  in_flight_.reset();  // the restarted agent's session starts after it
  running_ = false;
  connected_ = false;
  judging_from_.reset();
  logic_.reset();
  oracle_.agent_stopped();
  rules_.on_agent_stopped();
}

void simulation::agent_start() {
  agent_logic::settings s;
  s.rules = config_.rules;
  s.supplies.monitor = config_.monitor;
  s.supplies.min_supplies = config_.min_supplies;
  s.supplies.deadtime = config_.deadtime;
  s.supplies.off_duration = config_.off_duration;
  s.supplies.over_duration = config_.over_duration;
  s.supplies.oblb_duration = config_.oblb_duration;
  s.supplies.alarm_critical = config_.alarm_critical;
  s.supplies.wait_for_primary = config_.wait_for_primary;
  s.final_delay = config_.final_delay;
  s.broker_settle = kSettle;
  logic_ = std::make_unique<agent_logic>(std::move(s));
  running_ = true;
  if (memory_) logic_->restore(*memory_, t_, wall());
  update_hearing();
  oracle_.agent_started(t_);
  rules_.on_agent_started();
  if (broker_up_ && !cut_) agent_connect();
}

void simulation::agent_did(const logic_effects& fx, const std::string& what, bool fires_timers) {
  std::vector<std::string> done;
  for (const auto& a : fx.actions) {
    const std::string action = a.value("action", "");
    if (action == "commbad" || action == "commok") {
      const std::string ups = a.value("ups", "");
      comm_[ups].push_back(action == "commbad");
      rules_.on_comm(ups, action == "commbad", t_);
      done.push_back(action + " " + ups);
    }
  }
  // The agent settles what a connect left open, then fires its due timers, then judges.
  if (fires_timers) rules_.advance(t_);
  for (const auto& sc : fx.scripts) {
    scripts_.push_back({t_, sc.argument});
    done.push_back("script " + sc.argument);
  }
  if (fx.shutdown_begun) {
    rules_.on_shutdown(t_);
    shutdown_begun_ = t_;
    done.push_back("SHUTDOWN (" + *fx.shutdown_begun + ")");
    if (!requested_ && !oracle_.shutdown_due(t_)) {
      found(kNoSpuriousShutdown,
            fmt::format("began a shutdown ({}); {}", *fx.shutdown_begun, oracle_.explain(t_)));
    }
  }
  if (fx.run_shutdown_command) {
    commands_.push_back(t_);
    done.push_back("SHUTDOWN COMMAND");
    if (commands_.size() > 1) found(kCommandOnce, "the shutdown command ran again");
    if (!shutdown_begun_ || t_ < *shutdown_begun_ + config_.final_delay) {
      found(kCommandRuns, "the shutdown command ran before final_delay had passed");
    }
  }
  note(fmt::format("  agent <- {}{}{}", what, done.empty() ? "" : " => ", fmt::join(done, ", ")));
}

// Whether the agent can hear each UPS now (docs/shutdown-agent.md: connected, bridge alive and
// polling it, its retained state there), for the oracle.
void simulation::update_hearing(const std::function<bool(int)>& may_become_heard) {
  for (int u = 0; u < config_.ups_count; ++u) {
    const bool hears = agent_hears_bridge() && ups_[u].reachable && !ups_[u].cleared;
    if (!hears || !may_become_heard || may_become_heard(u)) oracle_.hearing(u, hears, t_);
    // upsmon's failed poll: the bridge, heard, says it cannot poll the UPS. What it said last
    // stands while it is not heard: losing the bridge too does not make the UPS reachable.
    if (agent_hears_bridge()) oracle_.failed_poll(u, !ups_[u].reachable, t_);
  }
}

// ---------------------------------------------------------------------------------------------
// Time and checks

void simulation::advance_to(time_point target) {
  for (int wake_ups = 0; wake_ups < kMaxWakeUps; ++wake_ups) {
    std::optional<time_point> next;
    auto consider = [&](std::optional<time_point> at) {
      if (at && (!next || *at < *next)) next = at;
    };
    if (running_) consider(logic_->next_deadline());
    if (auto at = oracle_.next_change(t_); at && *at > t_) consider(at);
    if (auto at = rules_.next_expiry(); at && *at > t_) consider(at);
    if (judging_from_ && *judging_from_ > t_) consider(judging_from_);
    if (running_ && shutdown_begun_ && commands_.empty()) {
      consider(*shutdown_begun_ + config_.final_delay);
    }
    if (!next || *next > target) {
      t_ = target;
      rules_.advance(t_);
      check();
      return;
    }
    t_ = std::max(t_, *next);
    if (judging_from_ && *judging_from_ <= t_) judging_from_.reset();
    if (running_ && logic_->next_deadline() && *logic_->next_deadline() <= t_) {
      agent_did(logic_->on_time(t_), "time", true);
    }
    rules_.advance(t_);
    check();
  }
  found(kNoBusyLoop, fmt::format("{} wake-ups without time passing", kMaxWakeUps));
  t_ = target;
}

void simulation::check() {
  if (!running_) return;
  const bool shutting_down = logic_->shutting_down();
  if (!shutting_down && oracle_.shutdown_due(t_) && !judging_from_) {
    found(kShutdownWhenDue, "no shutdown although " + oracle_.explain(t_));
  }
  if (shutdown_begun_ && commands_.empty() && t_ >= *shutdown_begun_ + config_.final_delay) {
    found(kCommandRuns, "SHUTDOWN began and final_delay passed, but the command did not run");
  }
}

void simulation::found(const char* property, std::string what) {
  // One finding per property is enough; the first is the one that explains the rest.
  for (const auto& f : findings_) {
    if (f.property == property) return;
  }
  note(fmt::format("!! {}: {}", property, what));
  findings_.push_back({property, std::move(what)});
}

void simulation::finish() {
  // The scripts, compared as a list sorted by time and name (the order within one instant is
  // the agent's own business).
  auto sorted = [](std::vector<expected_script> v) {
    std::sort(v.begin(), v.end(), [](const expected_script& a, const expected_script& b) {
      return a.at != b.at ? a.at < b.at : a.argument < b.argument;
    });
    return v;
  };
  const auto expected = sorted(rules_.scripts());
  const auto observed = sorted(scripts_);
  auto show = [](const std::vector<expected_script>& v) {
    std::vector<std::string> out;
    for (const auto& s : v)
      out.push_back(fmt::format("{}@{}ms", s.argument, (s.at - kT0) / 1ms));
    return fmt::format("[{}]", fmt::join(out, ", "));
  };
  auto same = [](const expected_script& a, const expected_script& b) {
    return a.at == b.at && a.argument == b.argument;
  };
  if (!std::equal(expected.begin(), expected.end(), observed.begin(), observed.end(), same)) {
    found(kRulesAsDocumented,
          fmt::format("scripts expected {}, run {}", show(expected), show(observed)));
  }
  for (const auto& [ups, changes] : comm_) {
    for (std::size_t i = 1; i < changes.size(); ++i) {
      if (changes[i] == changes[i - 1]) {
        found(kCommAlternates, fmt::format("{} announced twice in a row for {}",
                                           changes[i] ? "COMMBAD" : "COMMOK", ups));
      }
    }
  }
}

run_result simulation::run(const std::vector<step>& steps) {
  // Before the agent starts, the bridge has published every UPS on line power.
  for (int u = 0; u < config_.ups_count; ++u)
    ups_[u].since["OL"] = wall();
  retained_bridge_ = true;
  for (int u = 0; u < config_.ups_count; ++u) {
    events_between(u, ups_[u].tokens);
    retained_availability_[u] = true;
    ups_[u].cached = state_of(u);
    retained_state_[u] = *ups_[u].cached;
  }
  agent_start();
  check();
  for (const auto& s : steps)
    apply(s);
  note("the end: time passes");
  advance_to(t_ + kEpilogue);
  finish();
  run_result r;
  r.findings = findings_;
  r.trace = fmt::format("{}", fmt::join(trace_, "\n"));
  r.shut_down = shutdown_begun_.has_value();
  r.scripts = scripts_.size();
  return r;
}

}  // namespace

run_result simulate(const scenario& s) {
  return simulation(s).run(s.steps);
}

}  // namespace nutmqtt::agent::property

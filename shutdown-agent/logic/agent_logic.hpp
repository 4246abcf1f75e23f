#pragma once
// Everything the agent decides, without any I/O: messages from MQTT and the passing of time go
// in, what to run, publish and log comes out. The daemon (agent_app) only carries it out, so
// the whole behaviour is unit-tested with a made-up clock.

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/event_message.hpp"
#include "common/state_message.hpp"
#include "shutdown-agent/agent_memory.hpp"
#include "shutdown-agent/logic/agent_messages.hpp"
#include "shutdown-agent/logic/comm_tracker.hpp"
#include "shutdown-agent/logic/event_dedup.hpp"
#include "shutdown-agent/logic/rule_engine.hpp"
#include "shutdown-agent/logic/supply_monitor.hpp"
#include "shutdown-agent/logic/ups_knowledge.hpp"
#include "shutdown-agent/processes/shutdown_sequence.hpp"

namespace nutmqtt::agent {

struct script_request {
  std::string argument;  // CMDSCRIPT's only argument: a timer name or an EXECUTE command
  notify_event cause;
};

struct logic_effects {
  std::vector<action_json> actions;           // to log and publish, in order
  std::vector<script_request> scripts;        // to run, in order
  std::vector<notify_event> notifications;    // events raised, for notify.flags (in order)
  std::optional<std::string> shutdown_begun;  // reason; notify now, command after final_delay
  bool run_shutdown_command = false;
  bool state_changed = false;   // the retained agent state should be published again
  std::string ignored;          // why an input was not acted on (for a debug line)
  bool over_ups_limit = false;  // ignored because max_ups UPS ids are tracked already
};

// When the host is expected to go down if nothing changes, as far as the agent can know: the
// final delay once the shutdown has begun, a UPS on battery whose silence will make it
// critical (and the host short of supplies) after deadtime, and the timers named in
// `shutdown.timers` (whose script the user says shuts the host down). A script's own effect
// is otherwise unknown to the agent.
struct shutdown_outlook {
  bool pending = false;
  std::optional<time_point> at;  // set while pending
  std::string cause;             // "timer power-off", "nas silent on battery", ...
};

class agent_logic {
 public:
  struct settings {
    std::vector<rule> rules;
    supply_settings supplies;
    std::chrono::milliseconds final_delay = std::chrono::seconds(5);
    // After a connect, what the broker held for the agent (its queued events, then the
    // retained topics) is read before timers fire and before a UPS that published nothing
    // retained counts as heard: until on_broker_synced(), or this long at most (a broker
    // that never returns the agent's sync marker).
    std::chrono::milliseconds broker_settle = std::chrono::seconds(5);
    std::vector<std::string> shutdown_timers;  // see shutdown_outlook
    // With `monitor: "*"`: the most UPS ids tracked at once; more are ignored, so that made-up
    // ids cannot grow the agent without bound. UPSes monitored by name always count.
    std::size_t max_ups = 256;
  };

  explicit agent_logic(settings s);

  logic_effects on_event(const common::event_message& e, time_point now);
  // `s` is nullptr when the retained state was cleared. `live`: published just now by a
  // running bridge (not a stored copy the broker handed over, not the state already
  // accepted): it then also ends a loss its bridge's or its own availability started. A state
  // teaches what changed since the agent last knew, and the rules of those changes run as of
  // when they happened (since.OB for ONBATT), unless its bridge is offline and the state older
  // than deadtime.
  logic_effects on_state(const std::string& ups, const common::state_message* s, time_point now,
                         common::wall_clock::time_point wall_now, bool live = false);
  // `stored`: the copy the broker kept (delivered on subscribing). It says the UPS was polled
  // when its bridge last looked: as good as a live one while that bridge is online (its
  // availability comes first after a connect), worth nothing while it is offline.
  logic_effects on_availability(const std::string& ups, bool online, time_point now,
                                bool stored = false);
  logic_effects on_bridge_availability(const std::string& bridge, bool online, time_point now);
  // `<base>/<ups>/availability/<bridge>`: whether that bridge can poll the UPS (nullopt: the
  // topic was cleared). With several bridges for one UPS, a loss one of them reports counts
  // only while no other hears the UPS (comm_tracker).
  logic_effects on_availability_by(const std::string& ups, const std::string& bridge,
                                   std::optional<bool> reaches, time_point now);
  logic_effects on_broker(bool connected, time_point now);
  // Everything the broker held for the agent when it connected has been read (the agent's
  // own sync marker, published once its subscriptions were granted, came back behind it):
  // the hold on timers and the settle time of that connect end now.
  logic_effects on_broker_synced(time_point now);
  logic_effects on_fsd_request(std::string reason, time_point now);
  logic_effects on_time(time_point now);
  // When on_time should next be called; nullopt when nothing is pending.
  std::optional<time_point> next_deadline() const;

  // What survives a restart of the agent, and putting it back at start. Timers (restored or
  // not) do not fire between a connect and its sync (or the end of broker_settle): what the
  // broker held for the agent must have been read first, the world may have changed while it
  // was away.
  agent_memory memory(time_point now, common::wall_clock::time_point wall_now) const;
  void restore(const agent_memory& m, time_point now, common::wall_clock::time_point wall_now);

  shutdown_outlook outlook(time_point now) const;
  const ups_knowledge& knowledge() const { return knowledge_; }
  bool comm_lost(std::string_view ups) const { return comm_.lost(ups); }

  bool monitors(std::string_view ups) const { return supplies_.monitors(ups); }
  // Whether a state or event about `ups` is taken: monitored by name, or by "*" and already
  // tracked or within max_ups. Messages about the others cost nothing.
  bool admits(std::string_view ups) const;
  std::size_t tracked_count() const { return tracked_.size(); }
  // UPSes whose communication is lost now, and known on battery (sorted).
  const std::set<std::string, std::less<>>& silent_ups() const { return comm_.lost_set(); }
  const std::set<std::string, std::less<>>& on_battery_ups() const {
    return knowledge_.on_battery_set();
  }
  bool shutting_down() const { return shutdown_.active(); }
  const std::string& shutdown_reason() const { return shutdown_.reason(); }
  const timer_table& timers() const { return rules_.timers(); }
  const std::vector<critical_ups>& critical() const { return critical_; }
  std::vector<std::string> monitored() const;

 private:
  void run_rules(const notify_event& e, time_point now, logic_effects& out);
  void apply_outcomes(std::vector<rule_outcome> outcomes, logic_effects& out);
  void comm_changed(const std::optional<comm_change>& c, time_point now, logic_effects& out);
  void comm_changed(const std::vector<comm_change>& changes, time_point now, logic_effects& out);
  void heard(const std::string& ups, time_point now, logic_effects& out);
  // Hands the UPS's status or communication to the critical rules.
  void status_to_supplies(const std::string& ups, std::vector<std::string> flags, time_point now);
  // With two bridges for one UPS: whether a status `bridge` read at `read` (this host's clock)
  // is older than the newest reading of `ups` taken so far, which another bridge gave. A
  // reading that is not becomes the newest. One bridge's readings are never compared: they
  // come in the order it made them.
  bool older_reading(const std::string& ups, const std::string& bridge, time_point read);
  // Whether the newest reading of `ups` taken so far came from another bridge than `bridge`.
  bool read_by_another(std::string_view ups, std::string_view bridge) const;
  void comm_to_supplies(const std::string& ups, time_point now);
  bool bridge_comm_event(const common::event_message& e, time_point now, logic_effects& out);
  // A live message from `bridge` (about `ups`, from a good poll when `ups_polled`) ends the
  // losses an "offline" of theirs started, even when no "online" comes (a fake "offline").
  void proof_of_life(const std::string& ups, const std::string& bridge, bool ups_polled,
                     time_point now, logic_effects& out);
  bool fresh(const common::state_message& s, common::wall_clock::time_point wall_now) const;
  void learn_state(const common::state_message& s, time_point now,
                   common::wall_clock::time_point wall_now, bool live, logic_effects& out);
  void check_supplies(time_point now, logic_effects& out);
  // The settle time of a connect is over: UPSes whose source retains nothing count as heard.
  // The others, and restored UPSes, stay silent until heard.
  void settle(time_point now, logic_effects& out);
  void fire_timers(time_point now, logic_effects& out);
  void begin_shutdown(std::string reason, time_point now, logic_effects& out);
  bool holding_timers(time_point now) const;
  // The rules of what the broker held, once it has all been read: see backlog_base_.
  void flush_backlog(time_point now, logic_effects& out);
  // Runs the rules of a condition learned now, or keeps them for the end of the backlog.
  void learned(common::event_type type, notify_event e, time_point started, action_json action,
               time_point now, logic_effects& out);

  rule_engine rules_;
  supply_monitor supplies_;
  comm_tracker comm_;
  event_dedup dedup_;
  ups_knowledge knowledge_;
  struct status_reading {
    std::string bridge;
    time_point read;
  };
  std::map<std::string, status_reading, std::less<>> newest_reading_;
  shutdown_sequence shutdown_;
  std::chrono::milliseconds broker_settle_;
  std::vector<std::string> shutdown_timers_;
  std::optional<time_point> settle_at_;
  // Timers do not fire until hold_until_ (a connect's sync, or its settle time at most);
  // restored ones not before the first connect either. Restored UPSes count as unheard (for
  // deadtime) until heard.
  bool hold_for_broker_ = false;
  std::optional<time_point> hold_until_;
  // What the broker held for the agent (its session's backlog, then the retained topics) is
  // taken as a whole: from a connect to its sync, the rules of what it teaches wait, and run
  // then for the net change from what was known at the connect (backlog_base_). An outage
  // that began and ended while the agent was away runs nothing: its LOWBATT's EXECUTE
  // (shutdowncritical) is long over, as the retained state after it says.
  struct deferred_rule {
    common::event_type type;
    notify_event event;
    time_point started;  // when the condition began, for START-TIMER
    action_json action;  // learned_from_state; null for an event
  };
  std::optional<ups_knowledge> backlog_base_;
  std::vector<deferred_rule> deferred_;
  // Restored UPSes not heard since the restart, silent from then on.
  std::map<std::string, time_point, std::less<>> unheard_;
  std::optional<time_point> next_check_;
  // Takes `ups` on (false, with why in `out`, when max_ups are tracked already).
  bool admit(const std::string& ups, logic_effects& out);

  std::vector<critical_ups> critical_;
  std::set<std::string, std::less<>> tracked_;
  std::size_t max_ups_;
  std::uint64_t critical_version_ = 0;
};

}  // namespace nutmqtt::agent

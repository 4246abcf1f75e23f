#include "shutdown-agent/logic/agent_logic.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "common/ups_status.hpp"

namespace nutmqtt::agent {

agent_logic::agent_logic(settings s)
    : rules_(std::move(s.rules)),
      supplies_(std::move(s.supplies)),
      shutdown_(s.final_delay),
      broker_settle_(s.broker_settle),
      shutdown_timers_(std::move(s.shutdown_timers)),
      max_ups_(s.max_ups) {}

std::vector<std::string> agent_logic::monitored() const {
  std::vector<std::string> out;
  for (const auto& m : supplies_.settings().monitor)
    out.push_back(m.ups);
  for (const auto& ups : tracked_) {
    if (!supplies_.monitors_by_name(ups)) out.push_back(ups);
  }
  return out;
}

bool agent_logic::admits(std::string_view ups) const {
  if (!monitors(ups)) return false;
  return supplies_.monitors_by_name(ups) || tracked_.count(ups) != 0 || tracked_.size() < max_ups_;
}

bool agent_logic::admit(const std::string& ups, logic_effects& out) {
  if (!monitors(ups)) {
    out.ignored = fmt::format("UPS {} is not monitored", ups);
    return false;
  }
  if (!admits(ups)) {
    out.ignored = fmt::format(
        "UPS {} would be one more than the {} UPS ids tracked (monitor: \"*\", limits.max_ups)",
        ups, max_ups_);
    out.over_ups_limit = true;
    return false;
  }
  tracked_.insert(ups);
  return true;
}

logic_effects agent_logic::on_event(const common::event_message& e, time_point now) {
  logic_effects out;
  if (shutting_down()) {
    out.ignored = "shutting down";
  } else if (!admit(e.ups, out)) {
    // admit() said why
  } else if (!dedup_.first_time(e.bridge, e.boot, e.seq)) {
    out.ignored = fmt::format("already seen (bridge {} boot {} seq {})", e.bridge, e.boot, e.seq);
  } else if (knowledge_.overtaken(e.ups, e.bridge, e.boot, e.seq)) {
    // Queued by the bridge while the broker was away and sent after its current state: what it
    // says is over, or already known - COMMBAD and COMMOK too, as the state says whether the
    // bridge could poll the UPS (`available`). Its status must not count as now.
    out.ignored = fmt::format("{} (seq {}) for {} is history: a state sent before it is newer",
                              common::event_name(e.type), e.seq, e.ups);
  } else {
    // An event is published by a running bridge; COMMBAD and NOCOMM prove it alive, not
    // that it can poll the UPS.
    const bool polled =
        e.type != common::event_type::commbad && e.type != common::event_type::nocomm;
    // The other events are published as their poll reads the change: the newest reading when
    // they arrive. COMMBAD and NOCOMM carry the status last read, of unknown age: it counts
    // only while no other bridge has given a reading (it is then the bridge's own, known).
    if (!e.status.empty() &&
        (polled ? !older_reading(e.ups, e.bridge, now) : !read_by_another(e.ups, e.bridge))) {
      status_to_supplies(e.ups, common::split_status(e.status), now);
    }
    heard(e.ups, now, out);
    comm_changed(comm_.note_bridge(e.ups, e.bridge, now), now, out);
    // A cleared state is the bridge dropping the UPS; an event of a poll says it has it back
    // (its state follows, but may come after the event).
    if (polled) comm_changed(comm_.polled_again(e.ups, now), now, out);
    proof_of_life(e.ups, e.bridge, polled, now, out);
    const std::string type(common::event_name(e.type));
    if (bridge_comm_event(e, now, out)) {
      // announced, or already announced: bridge_comm_event said so
      comm_to_supplies(e.ups, now);
    } else if (!knowledge_.learn_event(e.ups, e.type, e.time)) {
      out.ignored = fmt::format("{} for {} repeats what is known ({})", type, e.ups,
                                knowledge_.describe(e.ups));
    } else {
      learned(e.type, {type, e.ups, notify_message(type, e.ups)}, now, action_json(), now, out);
    }
    check_supplies(now, out);
  }
  return out;
}

// The bridge's COMMBAD/COMMOK count once per loss, like the agent's own, and are announced
// the same way (action, then rules) when they say it first. False for other events.
bool agent_logic::bridge_comm_event(const common::event_message& e, time_point now,
                                    logic_effects& out) {
  const bool bad = e.type == common::event_type::commbad;
  if (!bad && e.type != common::event_type::commok) return false;
  auto change = comm_.bridge_event(e.ups, e.bridge, bad, now);
  if (!change) {
    comm_to_supplies(e.ups, now);
    out.ignored =
        bad && !comm_.lost(e.ups)
            ? fmt::format("COMMBAD for {} from bridge {}: another bridge still polls it", e.ups,
                          e.bridge)
            : fmt::format("{} for {} was already announced", common::event_name(e.type), e.ups);
    return true;
  }
  comm_changed(change, now, out);
  return true;
}

logic_effects agent_logic::on_availability(const std::string& ups, bool online, time_point now,
                                           bool stored) {
  logic_effects out;
  // A UPS never heard of by state or event: its availability alone costs nothing (a UPS
  // monitored by name excepted: its loss is news even before its first state).
  if (shutting_down() || !monitors(ups)) return out;
  if (tracked_.count(ups) == 0 && !supplies_.monitors_by_name(ups)) return out;
  if (!online) {
    comm_changed(comm_.set(ups, comm_source::availability, true, now), now, out);
  } else if (stored && comm_.bridge_offline(comm_.bridge_of(ups))) {
    // A copy the broker kept, of a UPS whose bridge is gone: it proves nothing of now.
    comm_changed(comm_.set(ups, comm_source::availability, false, now), now, out);
  } else {
    // "online" is the bridge talking to upsd again: it also ends a COMMBAD the bridge sent,
    // whose COMMOK may never come (a restarted bridge does not announce one).
    comm_changed(comm_.polled(ups, now), now, out);
  }
  // After the availability: a retained "offline" heard after a reconnect is still a loss,
  // not a COMMOK followed by a COMMBAD.
  heard(ups, now, out);
  // Whether the bridge can poll it may change within a loss (a failed poll on top of a
  // silence): the critical rules hear of it either way.
  comm_to_supplies(ups, now);
  check_supplies(now, out);
  return out;
}

logic_effects agent_logic::on_availability_by(const std::string& ups, const std::string& bridge,
                                              std::optional<bool> reaches, time_point now) {
  logic_effects out;
  // Only for UPSes already heard of: a bridge's word is about a UPS the agent tracks.
  if (shutting_down() || !monitors(ups) || tracked_.count(ups) == 0) return out;
  comm_changed(comm_.bridge_reach(ups, bridge, reaches, now), now, out);
  comm_to_supplies(ups, now);
  check_supplies(now, out);
  return out;
}

logic_effects agent_logic::on_bridge_availability(const std::string& bridge, bool online,
                                                  time_point now) {
  logic_effects out;
  if (shutting_down()) return out;
  comm_changed(comm_.bridge_availability(bridge, online, now), now, out);
  check_supplies(now, out);
  return out;
}

logic_effects agent_logic::on_broker(bool connected, time_point now) {
  logic_effects out;
  if (shutting_down()) return out;
  if (connected) {
    settle_at_ = now + broker_settle_;
    // What the broker held for the agent (queued events, then retained states) comes in a
    // burst: a timer made overdue by its beginning (a state's since.OB) must not fire before
    // its end (the ONLINE that cancels it) has been read. A hold under way is not made
    // longer: a broker that keeps dropping the agent must not hold its timers forever.
    if (!hold_until_ || *hold_until_ <= now) hold_until_ = now + broker_settle_;
    hold_for_broker_ = false;
    if (!backlog_base_) backlog_base_ = knowledge_;
  } else {
    settle_at_.reset();
    comm_changed(comm_.broker_lost(supplies_.known(), now), now, out);
  }
  check_supplies(now, out);
  return out;
}

logic_effects agent_logic::on_broker_synced(time_point now) {
  logic_effects out;
  if (shutting_down()) return out;
  if (settle_at_) settle(now, out);
  hold_until_.reset();
  flush_backlog(now, out);
  fire_timers(now, out);
  check_supplies(now, out);
  return out;
}

logic_effects agent_logic::on_fsd_request(std::string reason, time_point now) {
  logic_effects out;
  begin_shutdown(std::move(reason), now, out);
  if (!out.shutdown_begun) out.ignored = "the shutdown is already under way";
  return out;
}

logic_effects agent_logic::on_time(time_point now) {
  logic_effects out;
  if (shutting_down()) {
    out.run_shutdown_command = shutdown_.take_command(now);
    return out;
  }
  if (settle_at_ && now >= *settle_at_) settle(now, out);
  if (hold_until_ && now >= *hold_until_) {
    hold_until_.reset();
    flush_backlog(now, out);
  }
  fire_timers(now, out);
  check_supplies(now, out);
  // A shutdown begun just now with no final delay has already taken its command: only add.
  if (shutting_down() && shutdown_.take_command(now)) out.run_shutdown_command = true;
  return out;
}

std::optional<time_point> agent_logic::next_deadline() const {
  if (shutting_down()) return shutdown_.command_due();
  std::optional<time_point> next;
  if (!hold_for_broker_ && !hold_until_) next = rules_.timers().next_deadline();
  for (const auto& t : {settle_at_, next_check_, hold_until_}) {
    if (t && (!next || *t < *next)) next = t;
  }
  return next;
}

void agent_logic::settle(time_point now, logic_effects& out) {
  settle_at_.reset();
  comm_changed(comm_.settle(now), now, out);
}

void agent_logic::fire_timers(time_point now, logic_effects& out) {
  if (!holding_timers(now)) apply_outcomes(rules_.on_time(now), out);
}

bool agent_logic::holding_timers(time_point now) const {
  return hold_for_broker_ || (hold_until_ && now < *hold_until_);
}

void agent_logic::run_rules(const notify_event& e, time_point now, logic_effects& out) {
  out.notifications.push_back(e);
  apply_outcomes(rules_.on_event(e, now), out);
}

void agent_logic::learned(common::event_type type, notify_event e, time_point started,
                          action_json action, time_point now, logic_effects& out) {
  if (backlog_base_ && ups_knowledge::judges(type)) {
    deferred_.push_back({type, std::move(e), started, std::move(action)});
    return;
  }
  if (!action.is_null()) {
    out.actions.push_back(std::move(action));
    out.state_changed = true;
  }
  out.notifications.push_back(std::move(e));
  apply_outcomes(rules_.on_event(out.notifications.back(), now, started), out);
}

// For each condition of each UPS the backlog taught something of: nothing when it is as it was
// at the connect; the last rule of its present value when it changed (when it ended and began
// again - on battery since another time - the last rule of its end first). A condition the
// agent knew nothing of and that is clear now (a UPS first seen on line power) announces
// nothing, as at the first sight of a UPS.
void agent_logic::flush_backlog(time_point now, logic_effects& out) {
  if (!backlog_base_) return;
  const ups_knowledge before = std::move(*backlog_base_);
  backlog_base_.reset();
  auto pending = std::move(deferred_);
  deferred_.clear();
  std::map<std::pair<std::string, std::size_t>, std::vector<std::size_t>> by_condition;
  for (std::size_t i = 0; i < pending.size(); ++i) {
    by_condition[{pending[i].event.ups, *ups_knowledge::condition_of(pending[i].type)}].push_back(
        i);
  }
  std::vector<std::size_t> run;
  for (const auto& [key, indices] : by_condition) {
    const auto& [ups, condition] = key;
    std::optional<std::size_t> present, ended;
    for (auto i : indices) {
      if (knowledge_.holds(ups, pending[i].type)) {
        present = i;
      } else {
        ended = i;
      }
    }
    if (!present) continue;
    const auto type = pending[*present].type;
    if (!before.known_at_all(ups, condition) && ups_knowledge::clears(type)) continue;
    if (before.holds(ups, type)) {
      // Clear as it was (on line power again): nothing. Set since another moment: it ended
      // and began again while the agent was away.
      if (ups_knowledge::clears(type) || before.since(ups, type) == knowledge_.since(ups, type)) {
        continue;
      }
      if (ended) run.push_back(*ended);
    }
    run.push_back(*present);
  }
  std::sort(run.begin(), run.end());
  for (auto i : run) {
    auto& d = pending[i];
    if (!d.action.is_null()) out.actions.push_back(std::move(d.action));
    out.state_changed = true;
    out.notifications.push_back(std::move(d.event));
    apply_outcomes(rules_.on_event(out.notifications.back(), now, d.started), out);
  }
}

void agent_logic::apply_outcomes(std::vector<rule_outcome> outcomes, logic_effects& out) {
  for (auto& o : outcomes) {
    if (o.kind == outcome_kind::run_script) {
      out.scripts.push_back({std::move(o.name), std::move(o.cause)});
      continue;
    }
    out.actions.push_back(outcome_action(o));
    out.state_changed = true;
  }
}

void agent_logic::comm_changed(const std::optional<comm_change>& c, time_point now,
                               logic_effects& out) {
  if (!c) return;
  comm_to_supplies(c->ups, now);
  out.actions.push_back(comm_action(*c));
  out.state_changed = true;
  const std::string type = c->lost ? "COMMBAD" : "COMMOK";
  run_rules({type, c->ups, notify_message(type, c->ups)}, now, out);
}

void agent_logic::comm_changed(const std::vector<comm_change>& changes, time_point now,
                               logic_effects& out) {
  for (const auto& c : changes)
    comm_changed(std::optional<comm_change>(c), now, out);
}

void agent_logic::heard(const std::string& ups, time_point now, logic_effects& out) {
  comm_changed(comm_.heard(ups, now), now, out);
  if (unheard_.erase(ups) != 0) {
    comm_to_supplies(ups, now);
    out.state_changed = true;
  }
}

void agent_logic::status_to_supplies(const std::string& ups, std::vector<std::string> flags,
                                     time_point now) {
  // A bare WAIT (from a bridge that does not keep the last real status, as older ones did not)
  // says nothing of the UPS: the critical rules keep what they knew, OB included.
  if (common::only_wait(flags)) return;
  const std::size_t before = supplies_.known_count();
  supplies_.on_status(ups, std::move(flags), now);
  // A UPS the critical rules hear of for the first time gets its communication too.
  if (supplies_.known_count() != before) comm_to_supplies(ups, now);
}

void agent_logic::comm_to_supplies(const std::string& ups, time_point now) {
  comm_state c{comm_.lost_since(ups), comm_.failed_poll_since(ups)};
  if (auto it = unheard_.find(ups); it != unheard_.end()) {
    c.lost_since = c.lost_since ? std::min(*c.lost_since, it->second) : it->second;
  }
  supplies_.on_comm(ups, c, now);
}

void agent_logic::check_supplies(time_point now, logic_effects& out) {
  if (shutting_down()) return;
  if (hold_until_ && now < *hold_until_) {
    // What the broker held is being read: judge once all of it has been. A LOWBATT queued in
    // the session may be long over; the retained state that follows says what is now.
    next_check_ = hold_until_;
    return;
  }
  auto verdict = supplies_.evaluate(now);
  next_check_ = verdict.next_check;
  if (supplies_.critical_version() != critical_version_) {
    critical_version_ = supplies_.critical_version();
    critical_ = supplies_.critical();
    action_json j{{"action", "critical"}, {"critical", action_json::array()}};
    for (const auto& c : critical_)
      j["critical"].push_back({{"ups", c.ups}, {"reason", c.reason}});
    j["supplies"] = verdict.supplies;
    j["min_supplies"] = supplies_.settings().min_supplies;
    out.actions.push_back(std::move(j));
    out.state_changed = true;
  }
  if (!verdict.shutdown) return;
  std::string why;
  for (const auto& c : critical_)
    why += fmt::format("{}{}: {}", why.empty() ? "" : "; ", c.ups, c.reason);
  begin_shutdown(fmt::format("the UPSes that are not critical supply a power value of {}, less "
                             "than min_supplies {} ({})",
                             verdict.supplies, supplies_.settings().min_supplies, why),
                 now, out);
}

void agent_logic::begin_shutdown(std::string reason, time_point now, logic_effects& out) {
  if (!shutdown_.begin(reason, now)) return;
  out.actions.push_back({{"action", "shutdown"}, {"reason", reason}});
  out.shutdown_begun = reason;
  out.state_changed = true;
  // upsmon announces SHUTDOWN; an `AT SHUTDOWN` rule's EXECUTE runs now. Nothing runs later,
  // so a timer started here would never fire.
  const std::string type(kShutdownNotify);
  run_rules({type, "", notify_message(type, "")}, now, out);
  if (shutdown_.take_command(now)) out.run_shutdown_command = true;
}

namespace {

using common::wall_clock;
using std::chrono::milliseconds;

// How long ago `then` was, never negative (a bridge whose clock runs ahead must not make a
// timer fire later than if it had started now).
milliseconds elapsed_since(wall_clock::time_point then, wall_clock::time_point now) {
  return std::max(std::chrono::duration_cast<milliseconds>(now - then), milliseconds(0));
}

}  // namespace

logic_effects agent_logic::on_state(const std::string& ups, const common::state_message* s,
                                    time_point now, wall_clock::time_point wall_now, bool live) {
  logic_effects out;
  if (shutting_down()) return out;
  if (s == nullptr) {
    // A cleared state of a UPS never heard of is nothing to act on.
    if (tracked_.count(ups) == 0 && !supplies_.monitors_by_name(ups)) return out;
    comm_changed(comm_.set(ups, comm_source::state, true, now), now, out);
    check_supplies(now, out);
    return out;
  }
  if (!admit(ups, out)) return out;
  knowledge_.saw_state(ups, s->bridge, s->boot, s->seq);
  // When the bridge read the status it states: the reading's age by the bridge's own clock
  // (time minus polled: no two hosts' clocks compared), before the moment it arrived; a copy
  // the broker kept is older by the time since it was taken, which only this host's clock can
  // tell.
  const auto polled = s->polled.value_or(s->time);
  const time_point read =
      now - (live ? elapsed_since(polled, s->time) : elapsed_since(polled, wall_now));
  const bool says_status = !s->flags.empty() && !common::only_wait(s->flags);
  const bool older = says_status && older_reading(ups, s->bridge, read);
  if (!older) status_to_supplies(ups, s->flags, now);
  heard(ups, now, out);
  if (!s->bridge.empty()) comm_changed(comm_.note_bridge(ups, s->bridge, now), now, out);
  comm_changed(comm_.set(ups, comm_source::state, false, now), now, out);
  if (s->available == false) {
    // Taken while its bridge could not poll it: a failed poll, as its availability says.
    comm_changed(comm_.set(ups, comm_source::availability, true, now), now, out);
    comm_to_supplies(ups, now);
  } else if (live) {
    // A stored copy is no sign of life: it may be all the broker kept of a dead bridge.
    proof_of_life(ups, s->bridge, true, now, out);
  }
  // What the broker held (the backlog read after a connect) is no news of now, even when it
  // was queued rather than retained: its age needs this host's clock.
  // A bare WAIT says nothing of the UPS (see status_to_supplies): what was known stands.
  if (older) {
    const auto& newest = newest_reading_.find(ups)->second;
    out.ignored = fmt::format(
        "the status of {} from bridge {} (\"{}\") was read before bridge {}'s: not taken, the "
        "newer reading stands",
        ups, s->bridge, s->status, newest.bridge);
  } else if (!common::only_wait(s->flags)) {
    learn_state(*s, now, wall_now, live && !(hold_until_ && now < *hold_until_), out);
  }
  check_supplies(now, out);
  return out;
}

bool agent_logic::older_reading(const std::string& ups, const std::string& bridge,
                                time_point read) {
  auto [it, first] = newest_reading_.try_emplace(ups, status_reading{bridge, read});
  if (first) return false;
  if (it->second.bridge != bridge && read < it->second.read) return true;
  it->second = {bridge, read};
  return false;
}

bool agent_logic::read_by_another(std::string_view ups, std::string_view bridge) const {
  auto it = newest_reading_.find(ups);
  return it != newest_reading_.end() && it->second.bridge != bridge;
}

// Fresh unless its bridge is offline and it is older than deadtime: then it tells what was,
// not what is, and may only count for upsmon's dead-UPS rule (through its flags).
bool agent_logic::fresh(const common::state_message& s, wall_clock::time_point wall_now) const {
  return !comm_.bridge_offline(s.bridge) ||
         elapsed_since(s.time, wall_now) <= supplies_.settings().deadtime;
}

void agent_logic::learn_state(const common::state_message& s, time_point now,
                              wall_clock::time_point wall_now, bool live, logic_effects& out) {
  if (!fresh(s, wall_now)) {
    out.ignored =
        fmt::format("the state of {} is {} old and its bridge {} is offline: not taken as news",
                    s.ups, common::format_duration(elapsed_since(s.time, wall_now)), s.bridge);
    return;
  }
  for (const auto& learned : knowledge_.learn_state(s.ups, s.flags, s.since, s.time)) {
    const std::string type(common::event_name(learned.type));
    // How long ago the condition began. A live state says it by its own clock (its time minus
    // the condition's since, both the bridge's): a skew between the two hosts does not shorten
    // a countdown. A copy the broker kept is older by the time since it was taken, which only
    // this host's clock can tell.
    const auto ago = elapsed_since(learned.since, s.time) +
                     (live ? milliseconds(0) : elapsed_since(s.time, wall_now));
    out.state_changed = true;
    this->learned(learned.type, {type, s.ups, notify_message(type, s.ups)}, now - ago,
                  {{"action", "learned_from_state"},
                   {"event_type", type},
                   {"ups", s.ups},
                   {"since", common::format_time(learned.since)}},
                  now, out);
  }
}

void agent_logic::proof_of_life(const std::string& ups, const std::string& bridge, bool ups_polled,
                                time_point now, logic_effects& out) {
  if (!bridge.empty() && comm_.bridge_offline(bridge)) {
    comm_changed(comm_.bridge_availability(bridge, true, now), now, out);
  }
  if (ups_polled) {
    comm_changed(comm_.polled_by(ups, bridge, now), now, out);
    comm_to_supplies(ups, now);
  }
}

agent_memory agent_logic::memory(time_point now, wall_clock::time_point wall_now) const {
  auto to_wall = [&](time_point t) {
    return wall_now + std::chrono::duration_cast<wall_clock::duration>(t - now);
  };
  agent_memory m;
  // Mid-backlog, what was known at the connect: rules not yet run are learned again after a
  // restart, from the retained state, rather than taken as done.
  m.knowledge = backlog_base_ ? backlog_base_->save() : knowledge_.save();
  for (const auto& t : rules_.timers().all())
    m.timers.push_back({t.name, to_wall(t.deadline), t.length, t.cause});
  for (const auto& [ups, loss] : comm_.losses()) {
    auto& saved = m.comm_lost[ups];
    saved.since = to_wall(loss.since);
    for (auto source : loss.sources)
      saved.sources.emplace_back(source_id(source));
    if (loss.failed_poll_since) saved.failed_poll_since = to_wall(*loss.failed_poll_since);
  }
  m.statuses = supplies_.statuses();
  m.bridges = comm_.bridges();
  for (const auto& [ups, tokens] : supplies_.token_since()) {
    for (const auto& [token, at] : tokens)
      m.status_since[ups][token] = to_wall(at);
  }
  if (auto started = shutdown_.started()) {
    m.shutdown = saved_shutdown{shutdown_.reason(), to_wall(*started), shutdown_.command_taken()};
  }
  return m;
}

void agent_logic::restore(const agent_memory& m, time_point now, wall_clock::time_point wall_now) {
  auto to_steady = [&](wall_clock::time_point t) {
    return now + std::chrono::duration_cast<clock::duration>(t - wall_now);
  };
  knowledge_.restore(m.knowledge);
  if (m.shutdown) {
    // A restart does not undo a shutdown: it carries on, and its command runs once at most.
    shutdown_.restore(m.shutdown->reason, to_steady(m.shutdown->begun), m.shutdown->command_run);
  }
  for (const auto& t : m.timers) {
    if (rules_.restore({t.name, to_steady(t.deadline), t.length, t.cause})) {
      hold_for_broker_ = true;
    }
  }
  for (const auto& [ups, bridge] : m.bridges) {
    if (monitors(ups)) comm_.restore_bridge(ups, bridge);
  }
  for (const auto& [ups, flags] : m.statuses) {
    if (!monitors(ups) || (!supplies_.monitors_by_name(ups) && tracked_.size() >= max_ups_)) {
      continue;
    }
    tracked_.insert(ups);
    if (auto lost = m.comm_lost.find(ups); lost != m.comm_lost.end()) {
      comm_loss_record loss{to_steady(lost->second.since), {}, std::nullopt};
      for (const auto& id : lost->second.sources) {
        if (auto source = source_from_id(id)) loss.sources.push_back(*source);
      }
      if (lost->second.failed_poll_since)
        loss.failed_poll_since = to_steady(*lost->second.failed_poll_since);
      comm_.restore_lost(ups, loss);
    } else {
      // Heard before the restart, not yet since: silent past deadtime, a UPS on battery is
      // critical, as it would have been had the agent lost the broker.
      unheard_[ups] = now;
    }
    status_to_supplies(ups, flags, now);
    if (auto since = m.status_since.find(ups); since != m.status_since.end()) {
      std::map<std::string, time_point> steady;
      for (const auto& [token, at] : since->second)
        steady[token] = to_steady(at);
      supplies_.restore_since(ups, steady, now);
    }
    comm_to_supplies(ups, now);
  }
  // Judged at once: what was known may already make the host's supplies short (a UPS on
  // battery silent since before the restart).
  next_check_ = now;
}

shutdown_outlook agent_logic::outlook(time_point now) const {
  shutdown_outlook o;
  if (shutting_down()) {
    o.pending = true;
    o.at = shutdown_.command_due().value_or(now);
    o.cause = "shutting down";
    return o;
  }
  auto consider = [&](time_point at, std::string cause) {
    if (o.at && *o.at <= at) return;
    o.pending = true;
    o.at = at;
    o.cause = std::move(cause);
  };
  for (const auto& t : rules_.timers().all()) {
    if (std::find(shutdown_timers_.begin(), shutdown_timers_.end(), t.name) !=
        shutdown_timers_.end()) {
      consider(t.deadline, "timer " + t.name);
    }
  }
  if (auto at = supplies_.next_shutdown(now)) consider(*at, "a UPS on battery fell silent");
  return o;
}

}  // namespace nutmqtt::agent

// agent_logic: what the retained state of a UPS teaches, what survives the agent's restarts,
// and when the host is expected to go down.

#include <algorithm>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "common/ups_status.hpp"
#include "shutdown-agent/agent_logic.hpp"

namespace nutmqtt::agent {
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

#pragma once
// Whether the agent can hear each UPS, from every source that can say it cannot: the UPS's
// availability topic, its bridge's availability, the agent's own broker connection, the bridge's
// COMMBAD/COMMOK events and a cleared state topic. Turns them into one COMMBAD per loss and one
// COMMOK when it ends, whichever source speaks first. Pure: times are passed in.
//
// Several bridges may publish one UPS (active-active), each saying on
// `<base>/<ups>/availability/<bridge>` whether it can poll it. What a bridge says (its
// availability, its COMMBAD, the aggregate availability, a dead bridge's absence) is then a loss
// only while no other bridge hears the UPS: online, saying "online" for it, no COMMBAD since.
// The agent's own broker and a cleared state are losses whatever the bridges say. The loss, and
// deadtime with it, begins when the last bridge that heard the UPS stopped hearing it.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "shutdown-agent/notify/notify_event.hpp"

namespace nutmqtt::agent {

enum class comm_source : std::uint8_t {
  availability,  // <base>/<ups>/availability is offline
  bridge,        // <base>/_bridge/<bridge>/availability is offline
  broker,        // the agent lost the broker (cleared when the UPS is heard again)
  bridge_event,  // the bridge sent COMMBAD (cleared by its COMMOK)
  state,         // the retained state was cleared
  unpolled,      // its bridge went offline: it must show it polls the UPS again, not only that
                 // it is back (a restarted bridge that cannot reach upsd says so only after
                 // its first poll times out)
};

std::string_view source_name(comm_source s);
// The stable name a source is saved under in the state file ("availability", "state"...).
std::string_view source_id(comm_source s);
std::optional<comm_source> source_from_id(std::string_view id);

// A loss as it is kept across the agent's restarts: what says the UPS is unheard, since when.
struct comm_loss_record {
  time_point since;
  std::vector<comm_source> sources;
  std::optional<time_point> failed_poll_since;
};

struct comm_change {
  std::string ups;
  bool lost = false;  // true: COMMBAD, false: COMMOK
  comm_source source = comm_source::availability;
};

class comm_tracker {
 public:
  // Sets or clears one source; returns the change when the UPS's overall state flips.
  std::optional<comm_change> set(const std::string& ups, comm_source s, bool lost, time_point now);
  // The bridge polled the UPS successfully (its availability says online, or a live state or
  // event from a good poll came): ends what its COMMBAD, an "offline" availability and its own
  // absence started.
  std::optional<comm_change> polled(const std::string& ups, time_point now);
  // Remembers which bridge publishes a UPS (from its state and events).
  std::optional<comm_change> note_bridge(const std::string& ups, const std::string& bridge,
                                         time_point now);
  std::vector<comm_change> bridge_availability(const std::string& bridge, bool online,
                                               time_point now);
  // `<base>/<ups>/availability/<bridge>`: whether that bridge can poll the UPS (nullopt:
  // cleared, the bridge no longer has it). Only for UPSes already tracked; at most
  // kMaxBridgesPerUps bridges each.
  std::optional<comm_change> bridge_reach(const std::string& ups, const std::string& bridge,
                                          std::optional<bool> reaches, time_point now);
  // The bridge's COMMBAD (bad) or COMMOK for the UPS.
  std::optional<comm_change> bridge_event(const std::string& ups, const std::string& bridge,
                                          bool bad, time_point now);
  // `bridge` polled the UPS successfully (a live state or an event of a poll): ends its COMMBAD.
  std::optional<comm_change> polled_by(const std::string& ups, const std::string& bridge,
                                       time_point now);
  // The agent lost the broker: every UPS in `known` is unheard from now on.
  std::vector<comm_change> broker_lost(const std::vector<std::string>& known, time_point now);
  // An event of a poll: the bridge has the UPS again, which ends a loss its cleared state
  // began (without marking the UPS as one whose source retains a state).
  std::optional<comm_change> polled_again(const std::string& ups, time_point now);
  // After a reconnect, anything heard about `ups` ends its broker loss.
  std::optional<comm_change> heard(const std::string& ups, time_point now);
  // After a reconnect, UPSes whose source retains nothing (events only) are taken as heard;
  // those whose retained state did not come stay lost until heard (a dead bridge whose topics
  // a restarted broker lost is a silence, as upsd gone is to upsmon).
  std::vector<comm_change> settle(time_point now);

  // A loss announced before the agent restarted (from its state file): the UPS counts as
  // unheard, silently, until what said so says otherwise and it is heard again (then COMMOK)
  // - no second COMMBAD. A record without sources (an older state file) waits for hearing.
  void restore_lost(const std::string& ups, const comm_loss_record& loss);
  // Which bridge publishes `ups`, as known before the restart (saved with the losses), so that
  // the bridge's retained "offline" counts for it before its state arrives.
  void restore_bridge(const std::string& ups, const std::string& bridge) {
    set_bridge(ups, ups_[ups], bridge);
  }
  // Every UPS whose bridge is known, with it.
  std::map<std::string, std::string> bridges() const;

  bool lost(std::string_view ups) const;
  std::optional<time_point> lost_since(std::string_view ups) const;
  // Since when the bridge says it cannot poll the UPS (its availability offline, its COMMBAD):
  // upsmon's failed poll, as opposed to a silence of the path to the bridge.
  std::optional<time_point> failed_poll_since(std::string_view ups) const;
  // Every UPS whose communication is lost now, with since when and why.
  std::vector<std::pair<std::string, comm_loss_record>> losses() const;
  // The UPSes whose communication is lost now (sorted).
  const std::set<std::string, std::less<>>& lost_set() const { return lost_; }
  // Whether a bridge other than what says it is lost hears the UPS now (see the top).
  bool heard_by_a_bridge(std::string_view ups) const;
  // Whether `bridge`'s availability says offline.
  bool bridge_offline(std::string_view bridge) const { return bridges_offline_.count(bridge) != 0; }
  // The bridge that publishes `ups` ("" when not known).
  std::string bridge_of(std::string_view ups) const;

 private:
  // One bridge's own say about a UPS (from its per-UPS availability and its events).
  struct hearer {
    bool reaches = false;
    bool commbad = false;
  };
  struct ups_comm {
    std::set<comm_source> sources;
    std::map<std::string, hearer, std::less<>> hearers;  // by bridge
    std::optional<time_point> since;
    std::optional<time_point> failed_poll_since;
    std::string bridge;
    // Its source retains a state (one has come, or was cleared): after a reconnect, a UPS
    // whose retained state does not come is not heard.
    bool retains_state = false;
  };
  std::optional<comm_change> update(const std::string& ups, std::initializer_list<comm_source> add,
                                    std::initializer_list<comm_source> remove, time_point now);
  bool heard(const ups_comm& u) const;
  bool effectively_lost(const ups_comm& u) const;
  // Whether `bridge` says anything of a UPS the agent tracks (publishes or hears one).
  bool known_bridge(std::string_view bridge) const;

  void set_bridge(const std::string& ups, ups_comm& u, const std::string& bridge);

  std::map<std::string, ups_comm, std::less<>> ups_;
  std::set<std::string, std::less<>> lost_;
  // The UPSes of each bridge, so that a bridge's availability costs O(its UPSes).
  std::map<std::string, std::set<std::string>, std::less<>> by_bridge_;
  // The UPSes each bridge says it polls or not (its per-UPS availability topics).
  std::map<std::string, std::set<std::string>, std::less<>> heard_by_;

 public:
  static constexpr std::size_t kMaxBridgesPerUps = 8;

 private:
  // Offline bridges; those that publish no UPS the agent tracks are remembered only up to a
  // bound (a UPS learnt later behind one still counts it), so made-up bridge ids cost nothing.
  std::set<std::string, std::less<>> bridges_offline_;
  static constexpr std::size_t kMaxIdleOfflineBridges = 64;
};

}  // namespace nutmqtt::agent

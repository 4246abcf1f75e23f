#pragma once
// upsmon's critical rules and MINSUPPLIES, on what the bridge publishes. Pure: statuses and
// communication losses go in with their times, the verdict comes out.
//
// A UPS is critical (as upsmon 2.8.5 judges it on a secondary) when
//   - FSD is set;
//   - it is on battery with low battery (OB LB) - for at least `oblb_duration`, and, unless the
//     primary sets FSD first, `wait_for_primary` after it was last seen not OB LB (upsmon's
//     HOSTSYNC wait), except while it calibrates (CAL);
//   - it was last seen on battery and nothing was heard from it for `deadtime`: upsmon then
//     takes it as OB LB, and the rule above applies from there;
//   - it is in a volatile state - calibrating (CAL), on bypass (BYPASS), in ALARM (with
//     `alarm_critical`) or administratively off (OFF, unless `off_duration` is never) - and
//     the bridge cannot poll it (upsmon's failed poll), or nothing was heard from it for
//     `deadtime` (the path to the bridge is down: the bridge, the broker, the agent's restart);
//   - it is overloaded (OVER) and not heard from for `over_duration` (never by default);
//   - it has reported OFF for `off_duration`: it no longer feeds the host.
// Only the current status counts: NUT 2.8.0's bug where one CAL made a UPS never critical again
// is not copied.
//
// The verdict is kept up to date incrementally: a message about one UPS costs O(log n) in the
// number of UPSes, whatever their number, and so does the passing of time.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shutdown-agent/notify/notify_event.hpp"

namespace nutmqtt::agent {

struct monitor_entry {
  std::string ups;  // UPS id, or "*" for every UPS heard of
  int power_value = 1;
};

struct supply_settings {
  std::vector<monitor_entry> monitor;
  int min_supplies = 1;
  bool critical_enabled = true;
  std::chrono::milliseconds deadtime = std::chrono::seconds(15);
  std::optional<std::chrono::milliseconds> off_duration = std::chrono::seconds(30);  // or never
  std::optional<std::chrono::milliseconds> over_duration;  // nullopt: never (upsmon's -1)
  std::chrono::milliseconds oblb_duration{0};
  bool alarm_critical = true;
  std::chrono::milliseconds wait_for_primary = std::chrono::seconds(15);  // upsmon's HOSTSYNC
};

struct critical_ups {
  std::string ups;
  std::string reason;  // "FSD is set", ...
};

// What the agent knows of a UPS's communication (from comm_tracker).
struct comm_state {
  std::optional<time_point> lost_since;         // nothing heard since (any cause)
  std::optional<time_point> failed_poll_since;  // the bridge says it cannot poll it
};

struct supply_verdict {
  int supplies = 0;                      // power value of the UPSes that are not critical
  bool shutdown = false;                 // supplies < min_supplies
  std::optional<time_point> next_check;  // when a UPS becomes critical if nothing changes
};

class supply_monitor {
 public:
  explicit supply_monitor(supply_settings s);

  bool monitors(std::string_view ups) const;
  // Monitored by its own entry, not only by "*".
  bool monitors_by_name(std::string_view ups) const;
  // The latest ups.status tokens of a UPS (from an event or a state snapshot), seen at `now`.
  void on_status(const std::string& ups, std::vector<std::string> flags, time_point now);
  void on_comm(const std::string& ups, comm_state comm, time_point now);
  // Monitored UPSes heard of (sorted).
  std::vector<std::string> known() const;
  std::size_t known_count() const { return ups_.size(); }
  const supply_settings& settings() const { return settings_; }

  // The verdict at `now` (time only moves forward: calls must come with non-decreasing times).
  supply_verdict evaluate(time_point now) const;
  // The critical UPSes at the last evaluate(), in UPS id order, and a number that changes
  // whenever they or their reasons do.
  std::vector<critical_ups> critical() const;
  std::uint64_t critical_version() const { return critical_version_; }
  // When the critical rules will shut the host down if nothing else changes; `now` when they
  // already would; nullopt when they won't.
  std::optional<time_point> next_shutdown(time_point now) const;
  // The last status tokens of each UPS heard of.
  std::map<std::string, std::vector<std::string>> statuses() const;
  // Since when each of them has been seen (for the state file), and putting that back.
  std::map<std::string, std::map<std::string, time_point>> token_since() const;
  void restore_since(const std::string& ups, const std::map<std::string, time_point>& since,
                     time_point now);

 private:
  struct ups_state {
    std::vector<std::string> flags;
    std::map<std::string, time_point, std::less<>> since;  // token -> first seen
    comm_state comm;
    int power = 0;
    bool explicit_entry = false;
    std::string reason;                     // critical now: why ("": not critical)
    std::optional<time_point> critical_at;  // not critical yet: when it will be, unchanged
  };
  int power_value(std::string_view ups, bool& explicit_entry) const;
  // When `s` is (or becomes) critical if nothing changes, and why.
  std::optional<std::pair<time_point, std::string>> critical_from(const ups_state& s) const;
  void reevaluate(const std::string& ups, ups_state& s, time_point now) const;
  // Brings the verdicts of the UPSes whose critical_at has come up to date.
  void catch_up(time_point now) const;

  supply_settings settings_;
  // Explicit MONITOR lines never heard of count as supplying.
  int unheard_supplies_ = 0;
  bool unheard_explicit_ = false;
  // The verdicts, kept up to date as time passes: mutable because reading them at a later time
  // first brings them there (the rules only depend on the inputs and the time).
  mutable std::map<std::string, ups_state, std::less<>> ups_;
  mutable int heard_supplies_ = 0;  // of the UPSes in ups_ that are not critical
  mutable std::map<std::string, std::string, std::less<>> critical_;
  mutable std::set<std::pair<time_point, std::string>> pending_;  // (critical_at, ups)
  mutable std::uint64_t critical_version_ = 0;
};

}  // namespace nutmqtt::agent

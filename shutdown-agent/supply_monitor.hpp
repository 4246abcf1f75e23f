#pragma once
// upsmon's critical rules and MINSUPPLIES, on what the bridge publishes. Pure: statuses and
// communication losses go in with their times, the verdict comes out.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shutdown-agent/notify_event.hpp"

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
};

struct critical_ups {
  std::string ups;
  std::string reason;  // "FSD is set", ...
};

struct supply_verdict {
  std::vector<critical_ups> critical;    // in UPS id order
  int supplies = 0;                      // power value of the UPSes that are not critical
  bool shutdown = false;                 // supplies < min_supplies
  std::optional<time_point> next_check;  // when a dead UPS on battery becomes critical
};

class supply_monitor {
 public:
  explicit supply_monitor(supply_settings s) : settings_(std::move(s)) {}

  bool monitors(std::string_view ups) const;
  // The latest ups.status tokens of a UPS (from an event or a state snapshot).
  void on_status(const std::string& ups, std::vector<std::string> flags);
  // When communication with the UPS was lost (nullopt: it is fine).
  void on_comm(const std::string& ups, std::optional<time_point> lost_since);
  // Monitored UPSes heard of (sorted).
  std::vector<std::string> known() const;
  const supply_settings& settings() const { return settings_; }

  supply_verdict evaluate(time_point now) const;
  // When the critical rules will shut the host down if nothing else changes (a UPS on battery
  // that stays silent past deadtime); `now` when they already would; nullopt when they won't.
  std::optional<time_point> next_shutdown(time_point now) const;
  // The last status tokens of each UPS heard of.
  std::map<std::string, std::vector<std::string>> statuses() const;

 private:
  struct ups_state {
    std::vector<std::string> flags;
    std::optional<time_point> lost_since;
  };
  int power_value(std::string_view ups) const;
  // Why `s` is critical at `now`, or "" when it is not; sets `next` for a pending deadtime.
  std::string critical_reason(const ups_state& s, time_point now,
                              std::optional<time_point>& next) const;

  supply_settings settings_;
  std::map<std::string, ups_state> ups_;
};

}  // namespace nutmqtt::agent

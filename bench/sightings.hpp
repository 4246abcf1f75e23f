#pragma once
// When each watcher saw each status flip: parsing what the watchers wrote, and matching their
// sightings to the flips. Pure. Times are seconds since the epoch (CLOCK_REALTIME), the clock
// bash's $EPOCHREALTIME and mosquitto_sub's %U use, so that the harness and every watcher
// share one clock.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::bench {

struct sighting {
  double at = 0;
  std::string event;  // upsmon's name: ONBATT, ONLINE
};

// A CMDSCRIPT's log: "<$EPOCHREALTIME> <argument>" lines; the argument (onbatt, online) is taken
// as the event's name in upper case. Lines that do not parse are skipped.
std::vector<sighting> parse_script_log(std::string_view text);

// mosquitto_sub -F '%U %p' on <base>/+/event: "<seconds.nanoseconds> <JSON event>" lines; the
// event is the payload's event_type. Lines that do not parse are skipped.
std::vector<sighting> parse_event_log(std::string_view text);

struct flip {
  double requested = 0;  // when the harness started changing ups.status (upsrw)
  double visible = 0;    // when upsd last answered the old status: the change came after it
  std::string event;     // what a watcher should raise: ONBATT for OB, ONLINE for OL
};

// For every flip, when the watcher first raised its event after the flip was requested, or
// nullopt when it did not before the next flip to the same state. Each sighting counts once.
std::vector<std::optional<double>> match_sightings(const std::vector<flip>& flips,
                                                   std::vector<sighting> sightings);

// `seen[i] - since(flips[i])` for each flip that was seen.
std::vector<std::optional<double>> delays(const std::vector<flip>& flips,
                                          const std::vector<std::optional<double>>& seen,
                                          double flip::*since);

}  // namespace nutmqtt::bench

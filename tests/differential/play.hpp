#pragma once
// Plays one scenario on real processes: upsd + dummy-ups, watched by a real upsmon secondary
// (NOTIFYCMD upssched, whose CMDSCRIPT records the events) and by nutmqtt (mosquitto, the
// bridge, the agent, whose cmdscript records the events), both with the same settings; both
// shutdown commands write a timestamped marker.

#include <filesystem>
#include <string>

#include "differential/compare.hpp"
#include "differential/scenario.hpp"

namespace nutmqtt::differential {

struct play_record {
  scenario sc;
  std::string upsmon_version;  // "2.8.0"
  double t0 = 0;               // when the first step began (seconds since the epoch)
  side upsmon;
  side agent;
  played p;
  std::string error;  // set when the scenario could not be played
};

// Plays the scenario, leaving the logs, configurations and records in `out`.
play_record play(const scenario& sc, const std::filesystem::path& out);

// The version of /lib/nut/upsmon, e.g. "2.8.0".
std::string upsmon_version();

// result.json in a scenario's directory.
void save(const play_record& r, const std::filesystem::path& file);
play_record load(const std::filesystem::path& file);

// The times mosquitto dropped `client_id` on its own (from its log: "Client X disconnected due
// to ...", "Client X has exceeded timeout"), each until that client's next connect (or the end
// of the log). A broker stopping, or the client closing its connection, is not a drop.
std::vector<played::drop> broker_drops(const std::string& mosquitto_log,
                                       const std::string& client_id);

// Parses a record file: one "<seconds since the epoch> <TYPE>" line per event.
std::vector<timed_event> parse_events(const std::string& text);

}  // namespace nutmqtt::differential

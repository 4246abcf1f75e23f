#pragma once
// Turns the polls of one UPS's `ups.status` into upsmon's events, raised on exactly the
// transitions upsmon reacts to. Pure: the caller passes each poll's outcome and the time.
//
// The rules, in short (upsmon 2.8.3+ semantics unless noted):
// - A token appearing raises its event, its disappearance the NOT* event where one exists:
//   CAL, OFF, BYPASS, ECO (or HE), ALARM, OVER, TRIM, BOOST. LB raises LOWBATT and FSD raises
//   FSD when they appear, nothing when they go. CHRG, DISCHRG, HB, TEST and WAIT raise
//   nothing. ALARM is raised again when the `ups.alarm` text changes while ALARM stays.
// - The line state is latched as upsmon latches it: ONBATT when OB appears and the UPS was
//   not already known on battery, ONLINE when OL appears and it was not already known on line
//   power. A status without OL or OB (OFF, a transient WAIT) leaves the latch alone, so
//   "OL" -> "OFF" -> "OL" raises OFF and NOTOFF but no second ONLINE. OB wins over OL in the
//   odd status that carries both.
// - RB raises REPLBATT while present, at most once per `replbatt_interval` (the first at once).
// - Unknown tokens: OTHER when their set changes and is not empty, NOTOTHER when it empties.
// - Start-up: every token present on the first informative status raises its event, except
//   the first OL (upsmon does not announce being on line at start); no NOT* events then.
// - Communication: COMMBAD on the first failed poll (also when the very first poll fails),
//   COMMOK on the first good poll after a failure, NOCOMM once communication has been lost for
//   `nocomm_interval` since the first failed poll and again every `nocomm_interval` after the
//   previous NOCOMM. After COMMOK, the status is compared with the last one known before the
//   loss.
// - An empty status (or one with nothing but spaces and control characters) from a good poll
//   counts as a failed poll, as upsmon treats it ("empty response is the same as a dead ups").
// - A status of `WAIT` alone is a good poll (it can raise COMMOK) that carries no news about
//   the UPS: nothing is compared, so a driver restart does not raise NOT* and then the same
//   events again, and the events keep the last informative status (a COMMBAD while the
//   driver restarts still says the UPS was on battery).
//
// Events of one poll come in this order: COMMOK, then the others in `common::event_type`
// order (ONLINE, ONBATT, LOWBATT, FSD, COMMBAD, NOCOMM, REPLBATT, CAL ... NOTOTHER), so
// OL -> "OB LB" gives ONBATT then LOWBATT, and a failed poll gives COMMBAD before NOCOMM.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "bridge/ups/status_snapshot.hpp"
#include "common/event_types.hpp"

namespace nutmqtt::bridge {

struct poll_outcome {
  bool ok = false;      // false: communication failure this poll
  std::string status;   // raw ups.status when ok
  std::string alarm;    // ups.alarm when ok and ALARM is in the status ("" otherwise)
  std::string failure;  // when !ok: why (e.g. "ERR DATA-STALE"), for logs only
};

struct detected_event {
  common::event_type type;
  std::string message;          // upsmon's wording, with the UPS id
  std::string status;           // status after (the last known status for COMMBAD/NOCOMM)
  std::string previous_status;  // the last status of a good poll before this one ("" if none)
};

class event_detector {  // one per UPS
 public:
  using clock = std::chrono::steady_clock;
  struct settings {
    std::chrono::milliseconds nocomm_interval = std::chrono::seconds(300);
    std::chrono::milliseconds replbatt_interval = std::chrono::hours(12);
  };

  // Throws std::invalid_argument when an interval is not positive.
  event_detector(std::string ups_id, settings s);

  // Call once per status poll, failed polls included; `now` must not go backwards.
  std::vector<detected_event> update(const poll_outcome& poll, clock::time_point now);

  // The raw status of the last good poll ("" before the first one), for logs and the state
  // topic; a bare WAIT only while nothing else was seen.
  const std::string& last_status() const { return last_status_; }
  // Whether the last poll was good (false before the first poll).
  bool communicating() const { return comm_ == comm_state::ok; }

 private:
  enum class comm_state { unknown, ok, lost };
  enum class line_state { unknown, online, on_battery };

  std::vector<detected_event> on_failure(clock::time_point now);
  std::vector<detected_event> on_good_poll(status_snapshot next, const std::string& alarm,
                                           clock::time_point now);
  void add_line_events(const status_snapshot& next, std::vector<detected_event>& out);
  void add_flag_events(const status_snapshot& next, std::vector<detected_event>& out);
  void add_alarm_events(const status_snapshot& next, const std::string& alarm,
                        std::vector<detected_event>& out);
  void add_other_events(const status_snapshot& next, std::vector<detected_event>& out);
  void add(std::vector<detected_event>& out, common::event_type type, const std::string& status,
           std::string_view detail = {}) const;

  std::string ups_id_;
  settings settings_;
  comm_state comm_ = comm_state::unknown;
  line_state line_ = line_state::unknown;
  status_snapshot known_;    // the last informative status: what the next one is compared with
  std::string last_status_;  // the last good poll's raw status (a bare WAIT only before any other)
  std::string alarm_text_;   // the ups.alarm text last announced
  std::optional<clock::time_point> last_replbatt_;
  clock::time_point next_nocomm_{};
};

}  // namespace nutmqtt::bridge

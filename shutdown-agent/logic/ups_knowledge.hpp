#pragma once
// What the agent knows of each UPS's conditions (on battery, low battery, FSD, calibrating...),
// and has therefore already acted on. An event or a state runs rules only when it tells the
// agent something it did not know: a bridge that restarts and announces ONBATT again, a
// retained state repeating what an event said, the same state delivered again after a
// reconnect - none of them run a rule twice. Pure: values and times in, decisions out.
//
// "Known" is per UPS and per condition, whoever said it: the line state (OL or OB, latched as
// upsmon and the bridge latch it: a status with neither changes nothing), LB, FSD, and the
// token pairs CAL, OFF, BYPASS, ECO (or HE), OVER, TRIM, BOOST. Events that are news every
// time (COMMBAD/COMMOK are judged by comm_tracker; NOCOMM, REPLBATT, ALARM, OTHER and their
// NOT... are reminders or carry text) are not judged here and always act.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/event_types.hpp"
#include "common/time_format.hpp"

namespace nutmqtt::agent {

// A change a state revealed, as the bridge would have announced it.
struct learned_event {
  common::event_type type;
  common::wall_clock::time_point since;  // when the condition began (the state's `since`)
};

class ups_knowledge {
 public:
  static constexpr std::size_t kConditions = 10;

  // True when `type` is news about `ups` (then remembered as known since `time`), or is not
  // a kind this class judges. False when it repeats what is known.
  bool learn_event(const std::string& ups, common::event_type type,
                   common::wall_clock::time_point time);

  // The events the status tokens `flags` imply compared with what is known, in the order the
  // bridge publishes them; what they say is then known. The first sight of a UPS announces
  // every condition present except on line power, as upsmon does at start-up. An empty
  // `flags` (a UPS never polled) teaches nothing.
  std::vector<learned_event> learn_state(
      const std::string& ups, const std::vector<std::string>& flags,
      const std::map<std::string, common::wall_clock::time_point>& since,
      common::wall_clock::time_point time);

  // A state of `ups` from `bridge`'s run `boot` reflects its events up to `seq`.
  void saw_state(const std::string& ups, const std::string& bridge, const std::string& boot,
                 std::uint64_t seq);
  // Whether an event of that run numbered `seq` is history: a state that arrived before it
  // already reflects it (the bridge queued it while the broker was away and flushed it after
  // publishing its current state).
  bool overtaken(std::string_view ups, std::string_view bridge, std::string_view boot,
                 std::uint64_t seq) const;

  // Whether what `type` announces (its condition set, or cleared) is what is known of `ups`
  // now. False for a type this class does not judge.
  bool holds(std::string_view ups, common::event_type type) const;
  // Since when what `type` announces has been known of `ups` (nullopt unless holds()).
  std::optional<common::wall_clock::time_point> since(std::string_view ups,
                                                      common::event_type type) const;
  // Whether this class judges `type` (the condition events, not COMMBAD, NOCOMM, REPLBATT...).
  static bool judges(common::event_type type) { return condition_of(type).has_value(); }
  // The condition `type` announces (ONBATT and ONLINE: the line state), and whether it says
  // the condition is clear (ONLINE, NOTCAL...).
  static std::optional<std::size_t> condition_of(common::event_type type);
  static bool clears(common::event_type type);
  // Whether anything is known of that condition of `ups` (set or clear).
  bool known_at_all(std::string_view ups, std::size_t index) const;

  // Whether `ups` is known on battery (nullopt: its line state is unknown), and since when.
  std::optional<bool> on_battery(std::string_view ups) const;
  std::optional<common::wall_clock::time_point> on_battery_since(std::string_view ups) const;
  // The UPSes known on battery (sorted), and whether the line state of any UPS is known.
  const std::set<std::string, std::less<>>& on_battery_set() const { return on_battery_; }
  bool any_line_state_known() const { return line_known_ > 0; }
  // What is known, described for a log line ("on battery since ..., low battery").
  std::string describe(std::string_view ups) const;

  // For the state file: {"nas": {"OB": "2026-...Z", "LB": false, ...,
  // "state": {"bridge", "boot", "seq"}}} (absent: unknown).
  nlohmann::json save() const;
  // Reads what save() wrote; entries that do not parse are skipped (then unknown).
  void restore(const nlohmann::json& saved);

 private:
  enum class known : std::uint8_t { unknown, unset, set };
  struct condition {
    known state = known::unknown;
    common::wall_clock::time_point since{};
  };
  using conditions = std::array<condition, kConditions>;
  struct reflected {
    std::string bridge, boot;
    std::uint64_t seq = 0;
  };

  // Keeps on_battery_ and line_known_ in step with a UPS's line condition.
  void line_changed(const std::string& ups, known before, known after);

  std::map<std::string, conditions, std::less<>> ups_;
  std::set<std::string, std::less<>> on_battery_;
  std::size_t line_known_ = 0;
  std::map<std::string, reflected, std::less<>> states_;
};

}  // namespace nutmqtt::agent

#pragma once
// Which event and state payloads the agent may act on.
//
// Always: a state older than one already accepted from the same bridge run is a retained copy
// overtaken by a newer one, and is dropped.
//
// With a verify key (`security.verify_key_file`), a payload is accepted only when
//   1. it carries a valid signature (common/signing) - forged and unsigned ones are dropped;
//   2. its `time` is not ahead of this host's clock by more than `max_skew`;
//   3. it is not older than what was already accepted about its UPS (events: than the last
//      event and state; states: than the last state, the very same state excepted, which a
//      reconnect delivers again and which changes nothing) - replays of old payloads are
//      dropped, and (bridge, boot, seq) duplicates are dropped by the agent's event_dedup;
//   4. it is fresh (`time` within `max_skew` of this host's clock), or comes from a bridge
//      run (bridge, boot) the agent already accepted a fresh payload from - so that events
//      the bridge queued while the broker was away still count when they arrive late, while
//      payloads recorded from runs the agent never heard live are refused once stale.
// Pure: payloads and the wall-clock time in, a verdict out.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/event_message.hpp"
#include "common/secret.hpp"
#include "common/state_message.hpp"

namespace nutmqtt::agent {

struct guard_settings {
  common::secret key;  // empty: signatures are not required
  std::chrono::milliseconds max_skew = std::chrono::seconds(30);
};

enum class refusal : std::uint8_t { none, not_signed, bad_signature, ahead, stale, older };

// "not signed", "bad signature", ...: what kind of refusal, for rate-limiting its log lines.
std::string_view refusal_name(refusal r);

struct guard_verdict {
  bool accepted = true;
  refusal reason = refusal::none;
  std::string why;      // why it was refused, for the log
  bool repeat = false;  // a state: the very one already accepted, delivered again
};

class message_guard {
 public:
  // Bridge runs remembered as heard live; older ones must send something fresh again.
  static constexpr std::size_t kMaxRuns = 16;

  explicit message_guard(guard_settings s) : settings_(std::move(s)) {}

  bool signing() const { return !settings_.key.empty(); }
  const guard_settings& settings() const { return settings_; }

  guard_verdict check_event(std::string_view payload, const common::event_message& e,
                            common::wall_clock::time_point now);
  guard_verdict check_state(std::string_view payload, const common::state_message& s,
                            common::wall_clock::time_point now);

  // What it remembers, for the state file, so that a restarted agent still accepts the
  // retained state it had accepted before.
  nlohmann::json save() const;
  void restore(const nlohmann::json& saved);

 private:
  struct ups_seen {
    std::optional<common::wall_clock::time_point> state_time;
    std::string state_boot;
    std::optional<common::wall_clock::time_point> event_time;
  };

  std::optional<guard_verdict> signature_problem(std::string_view payload) const;
  // A payload about `ups` dated `time` that is older than the latest event or state accepted.
  static std::optional<guard_verdict> older_than_accepted(const std::string& ups,
                                                          common::wall_clock::time_point time,
                                                          const ups_seen& seen);
  std::optional<guard_verdict> time_problem(const std::string& bridge, const std::string& boot,
                                            common::wall_clock::time_point time,
                                            common::wall_clock::time_point now) const;
  bool live(const std::string& bridge, const std::string& boot) const;
  void mark_live(const std::string& bridge, const std::string& boot);

  guard_settings settings_;
  std::deque<std::pair<std::string, std::string>> live_runs_;  // most recent last
  std::map<std::string, ups_seen, std::less<>> ups_;
};

}  // namespace nutmqtt::agent

#pragma once
// What the bridge knows about one UPS, and what changed with each poll. Pure: no I/O, the
// time is passed in, so change detection is unit-tested without sockets.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/state_message.hpp"
#include "common/time_format.hpp"

namespace nutmqtt::bridge {

struct var_changes {
  std::vector<std::pair<std::string, std::string>> set;  // new or changed: name, value
  std::vector<std::string> removed;
  bool empty() const { return set.empty() && removed.empty(); }
};

// The difference between two variable lists.
var_changes diff_vars(const std::map<std::string, std::string>& before,
                      const std::map<std::string, std::string>& after);

class ups_state {
 public:
  using time_point = common::wall_clock::time_point;

  struct update {
    var_changes vars;
    bool status_changed = false;
    bool availability_changed = false;
    bool changed() const { return status_changed || availability_changed || !vars.empty(); }
  };

  // A successful status poll: `alarm` is ups.alarm when ALARM is set. A status of `WAIT`
  // alone (upsd waiting for a restarted driver) keeps the last known status and variables.
  update poll_ok(const std::string& status, const std::string& alarm, time_point now);
  // A failed poll (connection lost, timeout, DATA-STALE, DRIVER-NOT-CONNECTED, UNKNOWN-UPS).
  update poll_failed();
  // A full variable list. The status poll stays the authority on ups.status, so that the two
  // kinds of poll never make the status flicker between their values.
  update vars_listed(std::map<std::string, std::string> vars, time_point now);

  const std::string& status() const { return status_; }
  const std::vector<std::string>& flags() const { return flags_; }
  const std::map<std::string, std::string>& vars() const { return vars_; }
  const std::map<std::string, time_point>& since() const { return since_; }
  // nullopt until the first poll, answered or not.
  std::optional<bool> available() const { return available_; }
  // When status() was last read from upsd (nullopt: never). A failed poll, a variable list and
  // upsd's WAIT leave it: the status they keep was read then.
  std::optional<time_point> polled() const { return polled_; }

 private:
  void set_status(const std::string& status, time_point now, update& u);
  void set_var(const std::string& name, const std::string& value, update& u);

  std::string status_;
  std::vector<std::string> flags_;
  std::map<std::string, std::string> vars_;
  std::map<std::string, time_point> since_;
  std::optional<bool> available_;
  std::optional<time_point> polled_;
  bool waiting_for_driver_ = false;
};

}  // namespace nutmqtt::bridge

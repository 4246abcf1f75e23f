#pragma once
// How long the bridge keeps its LOGIN on a UPS once upsd says FSD.
//
// A NUT primary that set FSD waits until it is the only client logged in to the UPS (or its
// HOSTSYNC passed) before it cuts the power. Agents that only listen to MQTT are not logged in,
// so the bridge holds a LOGIN for them: from FSD on, it waits until every agent that watched
// the UPS and was online has gone offline (its host is going down; the agent normally says
// shutting_down first), or until `hostsync` passed, and then lets go. Pure: time passed in.

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "bridge/shutdown/agent_registry.hpp"

namespace nutmqtt::bridge {

class fsd_hold {
 public:
  using clock = std::chrono::steady_clock;

  struct verdict {
    bool release = false;
    std::vector<std::string> waiting_for;    // agents still online
    std::vector<std::string> done;           // agents gone offline since the hold began
    std::vector<std::string> shutting_down;  // agents that said so
    bool timed_out = false;
  };

  explicit fsd_hold(std::chrono::milliseconds hostsync) : hostsync_(hostsync) {}

  // FSD seen: remembers who to wait for.
  void begin(clock::time_point now, const agent_registry& agents, const std::string& ups);
  bool active() const { return active_; }
  clock::time_point deadline() const { return started_ + hostsync_; }
  std::chrono::milliseconds elapsed(clock::time_point now) const;
  const std::set<std::string>& waited() const { return waited_; }

  // What to do now. An agent that comes online watching the UPS during the hold is waited for
  // too. Once release is answered, the hold ends.
  verdict evaluate(clock::time_point now, const agent_registry& agents, const std::string& ups);

 private:
  std::chrono::milliseconds hostsync_;
  clock::time_point started_{};
  bool active_ = false;
  std::set<std::string> waited_;
};

}  // namespace nutmqtt::bridge

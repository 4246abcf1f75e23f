#pragma once
// Which UPSes of one server the bridge watches when it watches every UPS the server lists.
//
// At most `max_ups` are watched: a server listing more (a hostile one inventing new names on
// every connection) gets the first ones and a count of the others. A UPS that is no longer
// listed is not polled any more (asking upsd for a UPS it does not have only fails); it is
// forgotten once it has been missing from every listing for `forget_after`, and until then it
// still takes its place, so a server cannot push the bridge past the limit by renaming its
// UPSes. A UPS listed again within that time is simply polled again. Pure: the time is passed
// in; forgetting happens only as listings come, so a server that cannot be reached keeps its
// UPSes (they are unavailable, not gone).

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nutmqtt::bridge {

class ups_roster {
 public:
  using clock = std::chrono::steady_clock;

  struct change {
    std::vector<std::string> added;      // newly watched
    std::vector<std::string> missing;    // watched, not in this listing (and not before)
    std::vector<std::string> back;       // missing before, listed again
    std::vector<std::string> forgotten;  // missing for `forget_after`: no longer watched
    std::size_t refused = 0;             // listed, new, but over `max_ups`
    bool empty() const {
      return added.empty() && missing.empty() && back.empty() && forgotten.empty();
    }
  };

  ups_roster(std::size_t max_ups, std::chrono::milliseconds forget_after)
      : max_ups_(max_ups), forget_after_(forget_after) {}

  // A successful LIST UPS. `accept` may refuse a new name (one that cannot be an MQTT id); a
  // refused name takes no place.
  change listed(const std::vector<std::string>& names, clock::time_point now,
                const std::function<bool(const std::string&)>& accept = {});

  // Watched and listed the last time: what to poll.
  std::vector<std::string> polled() const;
  std::size_t size() const { return watched_.size(); }
  bool watches(const std::string& name) const { return watched_.count(name) != 0; }

 private:
  std::size_t max_ups_;
  std::chrono::milliseconds forget_after_;
  std::map<std::string, std::optional<clock::time_point>> watched_;  // name -> missing since
};

}  // namespace nutmqtt::bridge

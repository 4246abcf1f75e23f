#pragma once
// The second `%s` of ALARM's and OTHER's messages: a UPS's `ups.alarm` text and its status
// tokens NUT does not define, as last heard (a state carries both; the bridge publishes it
// before the events of the same poll). Pure.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::agent {

class notify_details {
 public:
  // A state's tokens and variables (`vars` empty: the state listed none; the alarm text heard
  // before is kept).
  void on_state(const std::string& ups, const std::vector<std::string>& tokens,
                const std::map<std::string, std::string>& vars);
  // An event's status.
  void on_status(const std::string& ups, std::string_view status);
  // ALARM: the alarm text; OTHER: the unknown tokens, space-separated; other types: "".
  std::string detail(std::string_view type, const std::string& ups) const;

 private:
  struct known {
    std::string alarm;
    std::string unknown_tokens;
  };
  std::map<std::string, known> upses_;
};

}  // namespace nutmqtt::agent

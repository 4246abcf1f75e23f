#pragma once
// Commands arriving on MQTT (<base>/<ups>/cmd/instcmd and <base>/<ups>/cmd/set/<variable>),
// checked before anything reaches upsd. Pure: topic and payload in, request or refusal out.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace nutmqtt::bridge {

// Larger command payloads are refused unread.
inline constexpr std::size_t kMaxCommandPayload = 1024;

struct command_request {
  enum class kind { instcmd, set } type = kind::instcmd;
  std::string ups;    // UPS id
  std::string name;   // the instant command or the variable
  std::string value;  // the command's optional argument, or the variable's new value
};

struct command_refusal {
  std::string ups;     // as far as it could be read, for the result topic
  std::string reason;  // for the result and the log
};

struct command_policy {
  std::vector<std::string> instcmd;  // allowed instant commands
  std::vector<std::string> set;      // allowed writable variables
};

// `leaf` is what follows <base>/<ups>/ in the topic: "cmd/instcmd" or "cmd/set/<variable>".
std::variant<command_request, command_refusal> read_command(const std::string& ups,
                                                            std::string_view leaf,
                                                            std::string_view payload,
                                                            const command_policy& policy);

// The JSON of a request, as echoed in its result.
nlohmann::ordered_json describe(const command_request& r);

}  // namespace nutmqtt::bridge

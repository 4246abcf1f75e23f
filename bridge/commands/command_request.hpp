#pragma once
// Commands arriving on MQTT (<base>/<ups>/cmd/instcmd and <base>/<ups>/cmd/set/<variable>),
// checked before anything reaches upsd. Pure: topic and payload in, request or refusal out.
//
// Payloads: cmd/instcmd takes a command name, or {"command":"...","value":"...","id":"..."};
// cmd/set/<variable> takes the new value, or {"value":"...","id":"..."}. `id` (optional) is
// echoed in the result so that a client can match results to its requests.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "bridge/commands/command_result.hpp"
#include "common/topics.hpp"

namespace nutmqtt::bridge {

// Larger command payloads are refused unread.
inline constexpr std::size_t kMaxCommandPayload = 1024;
// Request ids: printable ASCII, at most this long.
inline constexpr std::size_t kMaxRequestId = 128;

struct command_request {
  enum class kind { instcmd, set } type = kind::instcmd;
  std::string ups;                   // UPS id
  std::string name;                  // the instant command or the variable
  std::optional<std::string> value;  // the command's optional argument, or the new value
  std::optional<std::string> id;     // the client's request id

  request_echo echo() const;
};

struct command_refusal {
  request_echo request;  // what could be read of it, for the result
  command_error code = command_error::bad_request;
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

// Why `topic`, an MQTT 5 response topic of a request for `ups`, cannot receive its result, or
// nullopt. Results never go where others would take them for something else: under the base
// topic only <base>/<ups>/cmd/response/..., and nothing in the `protected_trees` (the Home
// Assistant discovery prefix and status topic), nor in `$` system topics.
std::optional<std::string> response_topic_problem(std::string_view topic, std::string_view ups,
                                                  const common::topic_scheme& topics,
                                                  const std::vector<std::string>& protected_trees);

}  // namespace nutmqtt::bridge

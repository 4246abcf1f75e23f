#pragma once
// The outcome of a command from MQTT, in the one shape every result has, accepted or refused:
//   {"request":{"ups","kind","command"|"variable","value","id"},"ok","error","detail","time"}
// `request` holds what could be read of the request; `error` is null when ok, otherwise one of
// the stable codes below (documented in docs/commands.md, "Results"); `detail` is for
// people. Pure: values in, JSON out.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bridge/nut/nut_errors.hpp"

namespace nutmqtt::bridge {

enum class command_error {
  none,
  bad_request,          // malformed, oversized, bad name, value, id or response topic
  refused_not_allowed,  // not on commands.instcmd / commands.set
  refused_retained,     // published with the retain flag
  unknown_ups,          // no UPS with that id on this bridge, or upsd does not know it
  busy,                 // too many requests for this UPS are waiting
  not_connected,        // upsd could not be reached, or the connection failed before its answer
  access_denied,        // upsd refused the user (ERR ACCESS-DENIED, USERNAME-/PASSWORD-REQUIRED)
  cmd_not_supported,    // the UPS or its driver does not know the instant command
  var_not_supported,    // the UPS or its driver does not have the variable
  readonly,             // the variable cannot be written
  invalid_value,        // upsd or the driver refused the value or argument
  ups_unavailable,      // no valid data for the UPS (DATA-STALE, DRIVER-NOT-CONNECTED)
  failed,               // the driver tried and failed
  timeout,              // the driver gave no outcome in time
  upsd_error,           // any other error upsd sent
};

// "bad-request", "refused-not-allowed", ...; "" for none.
std::string_view error_code_name(command_error e);

struct command_outcome {
  bool ok = false;
  command_error error = command_error::none;
  std::string detail;  // words for a person, also on success
};

// What upsd's ERR means for this command. `from_tracking`: the error is the driver's verdict
// given through GET TRACKING (ERR UNKNOWN there means the driver does not know the command).
// `username` is the user the bridge sent, for the access-denied advice.
command_outcome outcome_of_upsd_error(const nut::error& e, bool is_set, std::string_view name,
                                      std::string_view username, bool from_tracking);

// The request as far as it could be read, for the result's "request" object.
struct request_echo {
  std::string ups;
  std::optional<std::string> kind;  // "instcmd" or "set"
  std::optional<std::string> name;  // the command or the variable
  std::optional<std::string> value;
  std::optional<std::string> id;

  nlohmann::ordered_json to_json() const;
};

// The result payload; `time` is the formatted time of the outcome.
nlohmann::ordered_json result_json(const request_echo& request, const command_outcome& outcome,
                                   const std::string& time);

}  // namespace nutmqtt::bridge

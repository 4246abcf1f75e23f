#include "bridge/commands/command_result.hpp"

#include <array>
#include <utility>

#include <fmt/format.h>

namespace nutmqtt::bridge {
namespace {

constexpr std::array<std::pair<command_error, std::string_view>, 16> kNames = {{
    {command_error::none, ""},
    {command_error::bad_request, "bad-request"},
    {command_error::refused_not_allowed, "refused-not-allowed"},
    {command_error::refused_retained, "refused-retained"},
    {command_error::unknown_ups, "unknown-ups"},
    {command_error::busy, "busy"},
    {command_error::not_connected, "not-connected"},
    {command_error::access_denied, "access-denied"},
    {command_error::cmd_not_supported, "cmd-not-supported"},
    {command_error::var_not_supported, "var-not-supported"},
    {command_error::readonly, "readonly"},
    {command_error::invalid_value, "invalid-value"},
    {command_error::ups_unavailable, "ups-unavailable"},
    {command_error::failed, "failed"},
    {command_error::timeout, "timeout"},
    {command_error::upsd_error, "upsd-error"},
}};

command_error classify(nut::error_code code, bool is_set) {
  using nut::error_code;
  switch (code) {
    case error_code::access_denied:
    case error_code::username_required:
    case error_code::password_required:
    case error_code::invalid_password:
    case error_code::invalid_username:
      return command_error::access_denied;
    case error_code::unknown_ups:
      return command_error::unknown_ups;
    case error_code::cmd_not_supported:
    case error_code::unknown_instcmd:
      return command_error::cmd_not_supported;
    case error_code::var_not_supported:
    case error_code::var_unknown:
      return command_error::var_not_supported;
    case error_code::readonly:
      return command_error::readonly;
    case error_code::invalid_value:
    case error_code::too_long:
    case error_code::invalid_argument:
    case error_code::missing_argument:
      return command_error::invalid_value;
    case error_code::data_stale:
    case error_code::driver_not_connected:
      return command_error::ups_unavailable;
    case error_code::instcmd_failed:
    case error_code::set_failed:
      return command_error::failed;
    default:
      return is_set && code == error_code::unknown_type ? command_error::var_not_supported
                                                        : command_error::upsd_error;
  }
}

// GET TRACKING's verdicts are the driver's: ERR UNKNOWN (it does not handle the command or
// variable), ERR INVALID-ARGUMENT, ERR FAILED.
command_outcome tracking_outcome(const nut::error& e, bool is_set) {
  const char* what = is_set ? "variable" : "command";
  if (e.name == "UNKNOWN") {
    return {false, is_set ? command_error::var_not_supported : command_error::cmd_not_supported,
            fmt::format("the driver does not handle this {} (GET TRACKING answered {})", what,
                        e.text())};
  }
  if (e.name == "INVALID-ARGUMENT") {
    return {false, command_error::invalid_value,
            fmt::format("the driver refused the value (GET TRACKING answered {})", e.text())};
  }
  return {false, command_error::failed,
          fmt::format("the driver failed to carry out the {} (GET TRACKING answered {})", what,
                      e.text())};
}

}  // namespace

std::string_view error_code_name(command_error e) {
  for (const auto& [code, name] : kNames) {
    if (code == e) return name;
  }
  return "upsd-error";
}

command_outcome outcome_of_upsd_error(const nut::error& e, bool is_set, std::string_view name,
                                      std::string_view username, bool from_tracking) {
  if (from_tracking) return tracking_outcome(e, is_set);
  auto code = classify(e.code, is_set);
  if (code == command_error::access_denied) {
    return {false, code,
            fmt::format("{}: {}", e.text(), nut::explain_command_denied(username, is_set, name))};
  }
  return {false, code, fmt::format("{}: {}", e.text(), nut::explain(e.code))};
}

nlohmann::ordered_json request_echo::to_json() const {
  nlohmann::ordered_json j;
  j["ups"] = ups;
  if (kind) j["kind"] = *kind;
  if (name) j[kind == "set" ? "variable" : "command"] = *name;
  if (value) j["value"] = *value;
  if (id) j["id"] = *id;
  return j;
}

nlohmann::ordered_json result_json(const request_echo& request, const command_outcome& outcome,
                                   const std::string& time) {
  nlohmann::ordered_json j;
  j["request"] = request.to_json();
  j["ok"] = outcome.ok;
  if (outcome.ok) {
    j["error"] = nullptr;
  } else {
    j["error"] = error_code_name(outcome.error);
  }
  j["detail"] = outcome.detail;
  j["time"] = time;
  return j;
}

}  // namespace nutmqtt::bridge

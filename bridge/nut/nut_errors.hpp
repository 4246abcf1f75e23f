#pragma once
// upsd's `ERR <CODE> [extra]` replies, and what each means for the user.

#include <string>
#include <string_view>

namespace nutmqtt::bridge::nut {

enum class error_code {
  access_denied,
  unknown_ups,
  var_not_supported,
  cmd_not_supported,
  invalid_argument,
  instcmd_failed,
  set_failed,
  readonly,
  too_long,
  invalid_value,
  feature_not_supported,
  feature_not_configured,
  already_ssl_mode,
  driver_not_connected,
  data_stale,
  already_logged_in,
  already_set_password,
  already_set_username,
  username_required,
  password_required,
  unknown_command,
  invalid_password,  // older upsd
  invalid_username,  // older upsd
  unknown_instcmd,   // older upsd
  var_unknown,       // older upsd
  unknown_type,      // older upsd
  missing_argument,  // older upsd
  unknown,           // tracking result, or a code we do not know
};

struct error {
  error_code code = error_code::unknown;
  std::string name;   // the code as sent, e.g. "DATA-STALE"
  std::string extra;  // words after the code, if any

  // "ERR DATA-STALE" (plus extra words), as upsd sent it.
  std::string text() const;
};

// Maps a code name to its enum; unknown names map to error_code::unknown (kept, never fatal).
error parse_error(std::string_view name, std::string_view extra = {});

// True for the errors that mean "no valid data for this UPS right now": upsmon treats them
// as a communication failure (COMMBAD), and so do we.
bool is_communication_failure(error_code code);

// A short explanation for logs: what the error means and what to check.
std::string_view explain(error_code code);

// What ERR ACCESS-DENIED on INSTCMD or SET VAR means for `username` (empty: the bridge sent
// none): the upsd.users line it lacks for `name` (a command, or a variable when `is_set`), and
// for Synology's built-in `monuser`, that it can never run commands.
std::string explain_command_denied(std::string_view username, bool is_set, std::string_view name);

}  // namespace nutmqtt::bridge::nut

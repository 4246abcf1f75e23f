#include "bridge/nut/nut_errors.hpp"

#include <array>
#include <utility>

#include <fmt/format.h>

namespace nutmqtt::bridge::nut {
namespace {

struct known_error {
  std::string_view name;
  error_code code;
  std::string_view explanation;
};

constexpr std::array<known_error, 27> kErrors = {{
    {"ACCESS-DENIED", error_code::access_denied,
     "access denied: check the user and password in upsd.users, and that upsd lets this host in "
     "(on a Synology NAS, add this machine's address to the UPS server's list of permitted "
     "devices)"},
    {"UNKNOWN-UPS", error_code::unknown_ups, "upsd has no UPS of that name"},
    {"VAR-NOT-SUPPORTED", error_code::var_not_supported, "the UPS does not have that variable"},
    {"CMD-NOT-SUPPORTED", error_code::cmd_not_supported,
     "the UPS does not support that instant command"},
    {"INVALID-ARGUMENT", error_code::invalid_argument, "upsd refused the arguments"},
    {"INSTCMD-FAILED", error_code::instcmd_failed, "the driver failed to run the command"},
    {"SET-FAILED", error_code::set_failed, "the driver failed to set the variable"},
    {"READONLY", error_code::readonly, "the variable is read-only"},
    {"TOO-LONG", error_code::too_long, "the value is too long for the variable"},
    {"INVALID-VALUE", error_code::invalid_value, "the value is not valid for the variable"},
    {"FEATURE-NOT-SUPPORTED", error_code::feature_not_supported,
     "upsd was built without that feature (TLS)"},
    {"FEATURE-NOT-CONFIGURED", error_code::feature_not_configured,
     "upsd has that feature but it is not configured (TLS certificates)"},
    {"ALREADY-SSL-MODE", error_code::already_ssl_mode, "the connection already uses TLS"},
    {"DRIVER-NOT-CONNECTED", error_code::driver_not_connected,
     "upsd is not connected to the UPS driver: check that the driver runs (upsdrvctl)"},
    {"DATA-STALE", error_code::data_stale,
     "the driver has not refreshed the data for too long (MAXAGE): check the UPS cable and the "
     "driver"},
    {"ALREADY-LOGGED-IN", error_code::already_logged_in, "already logged in to a UPS"},
    {"ALREADY-SET-PASSWORD", error_code::already_set_password, "the password was already sent"},
    {"ALREADY-SET-USERNAME", error_code::already_set_username, "the user name was already sent"},
    {"USERNAME-REQUIRED", error_code::username_required, "upsd needs a user name for this"},
    {"PASSWORD-REQUIRED", error_code::password_required, "upsd needs a password for this"},
    {"UNKNOWN-COMMAND", error_code::unknown_command, "upsd does not know the command"},
    {"INVALID-PASSWORD", error_code::invalid_password, "wrong password"},
    {"INVALID-USERNAME", error_code::invalid_username, "unknown user"},
    {"UNKNOWN-INSTCMD", error_code::unknown_instcmd, "the UPS does not know that command"},
    {"VAR-UNKNOWN", error_code::var_unknown, "the UPS does not have that variable"},
    {"UNKNOWN-TYPE", error_code::unknown_type, "upsd cannot tell the variable's type"},
    {"MISSING-ARGUMENT", error_code::missing_argument, "upsd missed an argument"},
}};

}  // namespace

std::string error::text() const {
  std::string t = "ERR " + name;
  if (!extra.empty()) t += " " + extra;
  return t;
}

error parse_error(std::string_view name, std::string_view extra) {
  error e{error_code::unknown, std::string(name), std::string(extra)};
  for (const auto& k : kErrors) {
    if (k.name == name) e.code = k.code;
  }
  return e;
}

bool is_communication_failure(error_code code) {
  return code == error_code::data_stale || code == error_code::driver_not_connected ||
         code == error_code::unknown_ups;
}

std::string_view explain(error_code code) {
  for (const auto& k : kErrors) {
    if (k.code == code) return k.explanation;
  }
  return "upsd sent an error this bridge does not know";
}

std::string explain_command_denied(std::string_view username, bool is_set, std::string_view name) {
  const char* request = is_set ? "SET VAR" : "INSTCMD";
  if (username.empty()) {
    return fmt::format(
        "upsd refused {} {}: the bridge sends no user name for this server; set `username` and "
        "`password` in its `nut:` entry to a user of upsd.users with {}",
        request, name, is_set ? "`actions = SET`" : fmt::format("`instcmds = {}`", name));
  }
  std::string advice =
      is_set ? fmt::format(
                   "upsd refused SET VAR {} to user `{}`: add `actions = SET` to [{}] in "
                   "upsd.users on the NUT server and reload upsd (`upsd -c reload`), or check "
                   "the password the bridge sends",
                   name, username, username)
             : fmt::format(
                   "upsd refused INSTCMD {} to user `{}`: add `instcmds = {}` (or `instcmds = "
                   "ALL`) to [{}] in upsd.users on the NUT server and reload upsd (`upsd -c "
                   "reload`), or check the password the bridge sends",
                   name, username, name, username);
  if (username == "monuser") {
    // Synology DSM's upsd.users has only this user, with an upsmon line and no actions or
    // instcmds, and DSM writes that file anew on updates and whenever the UPS settings change.
    advice +=
        ". If this server is a Synology NAS: its built-in user `monuser` may only monitor the "
        "UPS, never run commands, and DSM rewrites upsd.users, so commands from MQTT cannot "
        "work against it";
  }
  return advice;
}

}  // namespace nutmqtt::bridge::nut

#pragma once
// upsd answers OK to any USERNAME and PASSWORD and checks them only when an action needs them.
// A wrong password would thus go unnoticed until the worst moment (a LOGIN during an outage,
// a command from Home Assistant). This check logs in on a short second connection and logs
// out at once, so the user hears about it at start-up.
//
// LOGIN needs an `upsmon` line in upsd.users, which a user set up only for commands (with
// `actions = SET` and `instcmds`) lacks. When LOGIN is refused, the check asks for a SET VAR of
// a variable no UPS has: upsd checks the user's SET right before the variable, so
// ERR VAR-NOT-SUPPORTED proves the password right without changing anything. (INSTCMD cannot
// be probed that way: upsd checks that the UPS has the command before the user's right.)

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <spdlog/common.h>

#include "bridge/nut/nut_connection.hpp"
#include "common/secret.hpp"

namespace nutmqtt::bridge {

struct credential_verdict {
  enum class outcome {
    accepted,       // LOGIN accepted
    commands_only,  // LOGIN refused, SET allowed: the password is right, no upsmon line
    refused,        // LOGIN refused, and SET refused too (or could not be told)
    unknown,        // the check could not be made
  } result = outcome::unknown;
  std::string detail;  // the errors upsd sent, or why the check could not be made
};

// The variable the SET probe names; no UPS has it.
inline constexpr const char* kProbeVariable = "nutmqtt.credentials-check";

// Runs USERNAME, PASSWORD, LOGIN <ups> (and, if refused, the SET probe), LOGOUT and reports
// what upsd said. The connection is returned so its owner can close it when stopping: until it
// ends, its handlers keep it alive.
std::shared_ptr<nut_connection> check_credentials(
    boost::asio::io_context& io, const nut_endpoint& endpoint, std::chrono::milliseconds timeout,
    const std::string& username, const common::secret& password, const std::string& ups,
    std::function<void(const credential_verdict&)> done);

struct credential_report {
  spdlog::level::level_enum level = spdlog::level::debug;
  std::string message;
};

// What to tell the user about a verdict on `server` for `username`. `login_needed`: a UPS of
// that server has `login: true` (its LOGIN session reports a refused LOGIN itself).
credential_report describe_verdict(const std::string& server, const std::string& username,
                                   const credential_verdict& v, bool login_needed);

}  // namespace nutmqtt::bridge

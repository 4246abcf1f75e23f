#pragma once
// upsd answers OK to any USERNAME and PASSWORD and checks them only when an action needs them.
// A wrong password would thus go unnoticed until the worst moment (a LOGIN during an outage,
// a command from Home Assistant). This check logs in on a short second connection and logs
// out at once, so the user hears about it at start-up.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "bridge/nut_connection.hpp"
#include "common/secret.hpp"

namespace nutmqtt::bridge {

struct credential_verdict {
  enum class outcome { accepted, refused, unknown } result = outcome::unknown;
  std::string detail;  // the error upsd sent, or why the check could not be made
};

// Runs USERNAME, PASSWORD, LOGIN <ups>, LOGOUT and reports what LOGIN said. The connection is
// returned so its owner can close it when stopping: until it ends, its handlers keep it alive.
std::shared_ptr<nut_connection> check_credentials(
    boost::asio::io_context& io, const nut_endpoint& endpoint, std::chrono::milliseconds timeout,
    const std::string& username, const common::secret& password, const std::string& ups,
    std::function<void(const credential_verdict&)> done);

// The log line for a refused check.
std::string describe_refusal(const std::string& server, const std::string& username,
                             const credential_verdict& v);

}  // namespace nutmqtt::bridge

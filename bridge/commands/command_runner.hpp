#pragma once
// Runs one checked command on upsd and reports its real outcome. With tracking on, upsd's
// "OK TRACKING <id>" only means "passed to the driver": the runner then asks GET TRACKING until
// the driver's verdict (SUCCESS, or an ERR such as ERR UNKNOWN for a command it does not know).

#include <chrono>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>

#include "bridge/commands/command_request.hpp"
#include "bridge/commands/command_result.hpp"
#include "bridge/nut/server_poller.hpp"

namespace nutmqtt::bridge {

// `nut_name` is the UPS's name on upsd; `done` runs on the io thread. The poller must outlive
// the run (the bridge stops its pollers only when it stops altogether).
void run_command(boost::asio::io_context& io, server_poller& server, const std::string& nut_name,
                 const command_request& request, std::function<void(command_outcome)> done,
                 std::chrono::milliseconds tracking_limit = std::chrono::seconds(10));

}  // namespace nutmqtt::bridge

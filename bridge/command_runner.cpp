#include "bridge/command_runner.hpp"

#include <memory>

#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include "bridge/nut_replies.hpp"

namespace nutmqtt::bridge {
namespace {

command_outcome from_error(const nut::error& e) {
  return {false, e.text(), std::string(nut::explain(e.code))};
}

// Asks GET TRACKING <id> until the driver's verdict, at most until `deadline`.
struct tracking_poll : std::enable_shared_from_this<tracking_poll> {
  boost::asio::steady_timer timer;
  server_poller& server;
  std::string id;
  std::chrono::steady_clock::time_point deadline;
  std::function<void(command_outcome)> done;

  tracking_poll(boost::asio::io_context& io, server_poller& s, std::string tracking_id,
                std::chrono::milliseconds limit, std::function<void(command_outcome)> d)
      : timer(io),
        server(s),
        id(std::move(tracking_id)),
        deadline(std::chrono::steady_clock::now() + limit),
        done(std::move(d)) {}

  void ask() {
    server.execute(nut::get_tracking(id),
                   [self = shared_from_this()](const nut_result& r) { self->on_reply(r); });
  }

  void on_reply(const nut_result& r) {
    if (!r.delivered) return done({false, r.failure, "the connection to upsd was lost"});
    if (r.reply.err) return done(from_error(*r.reply.err));
    const auto& words = r.reply.words;
    if (!words.empty() && words[0] == "SUCCESS") return done({true, {}, {}});
    if (words.empty() || words[0] != "PENDING") {
      return done({false, "unexpected reply to GET TRACKING", "upsd answered something unknown"});
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return done({false, "PENDING",
                   "the driver gave no outcome in time; the command may still take effect"});
    }
    timer.expires_after(std::chrono::milliseconds(200));
    timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->ask();
    });
  }
};

}  // namespace

void run_command(boost::asio::io_context& io, server_poller& server, const std::string& nut_name,
                 const command_request& request, std::function<void(command_outcome)> done,
                 std::chrono::milliseconds tracking_limit) {
  auto r = request.type == command_request::kind::instcmd
               ? nut::instcmd(nut_name, request.name, request.value)
               : nut::set_var(nut_name, request.name, request.value);
  server.execute(std::move(r), [&io, &server, done = std::move(done),
                                tracking_limit](const nut_result& result) mutable {
    if (!result.delivered) return done({false, result.failure, "upsd could not be reached"});
    if (result.reply.err) return done(from_error(*result.reply.err));
    const auto& words = result.reply.words;
    if (!nut::is_ok(result.reply)) {
      return done({false, "unexpected reply", "upsd answered something unknown"});
    }
    if (words.size() == 3 && words[1] == "TRACKING") {
      std::make_shared<tracking_poll>(io, server, words[2], tracking_limit, std::move(done))->ask();
      return;
    }
    done({true, {}, {}});
  });
}

}  // namespace nutmqtt::bridge

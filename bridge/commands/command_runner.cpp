#include "bridge/commands/command_runner.hpp"

#include <memory>

#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include "bridge/nut/nut_replies.hpp"

namespace nutmqtt::bridge {
namespace {

// What the outcome words need to know of the request.
struct command_context {
  bool is_set = false;
  std::string name;
  std::string username;

  command_outcome from_error(const nut::error& e, bool from_tracking) const {
    return outcome_of_upsd_error(e, is_set, name, username, from_tracking);
  }
};

command_outcome lost(const std::string& failure) {
  return {false, command_error::not_connected,
          fmt::format("upsd could not be reached, or the connection failed before its answer: {}",
                      failure)};
}

command_outcome unexpected(const std::string& what) {
  return {false, command_error::upsd_error, "upsd answered something unknown: " + what};
}

// Asks GET TRACKING <id> until the driver's verdict, at most until `deadline`.
struct tracking_poll : std::enable_shared_from_this<tracking_poll> {
  boost::asio::steady_timer timer;
  server_poller& server;
  std::string id;
  command_context context;
  std::chrono::steady_clock::time_point deadline;
  std::function<void(command_outcome)> done;

  tracking_poll(boost::asio::io_context& io, server_poller& s, std::string tracking_id,
                command_context c, std::chrono::milliseconds limit,
                std::function<void(command_outcome)> d)
      : timer(io),
        server(s),
        id(std::move(tracking_id)),
        context(std::move(c)),
        deadline(std::chrono::steady_clock::now() + limit),
        done(std::move(d)) {}

  void ask() {
    server.execute(nut::get_tracking(id),
                   [self = shared_from_this()](const nut_result& r) { self->on_reply(r); });
  }

  void on_reply(const nut_result& r) {
    if (!r.delivered) return done(lost(r.failure));
    if (r.reply.err) return done(context.from_error(*r.reply.err, true));
    const auto& words = r.reply.words;
    if (!words.empty() && words[0] == "SUCCESS") {
      return done({true, command_error::none, "the driver reported success"});
    }
    if (words.empty() || words[0] != "PENDING") {
      return done(unexpected(words.empty() ? "an empty reply" : words[0]));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return done({false, command_error::timeout,
                   "the driver gave no outcome in time (GET TRACKING still answers PENDING); the "
                   "command may still take effect"});
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
  const bool is_set = request.type == command_request::kind::set;
  const std::string value = request.value.value_or("");
  auto r = is_set ? nut::set_var(nut_name, request.name, value)
                  : nut::instcmd(nut_name, request.name, value);
  command_context context{is_set, request.name, server.config().username};
  server.execute(std::move(r), [&io, &server, context, done = std::move(done),
                                tracking_limit](const nut_result& result) mutable {
    if (!result.delivered) return done(lost(result.failure));
    if (result.reply.err) return done(context.from_error(*result.reply.err, false));
    const auto& words = result.reply.words;
    if (!nut::is_ok(result.reply)) return done(unexpected(words.empty() ? "" : words[0]));
    if (words.size() == 3 && words[1] == "TRACKING") {
      std::make_shared<tracking_poll>(io, server, words[2], std::move(context), tracking_limit,
                                      std::move(done))
          ->ask();
      return;
    }
    done({true, command_error::none,
          "upsd accepted it (this upsd does not report the driver's outcome)"});
  });
}

}  // namespace nutmqtt::bridge

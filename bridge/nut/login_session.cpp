#include "bridge/nut/login_session.hpp"

#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bridge/nut/nut_replies.hpp"
#include "common/loggable.hpp"

namespace nutmqtt::bridge {

using namespace std::chrono_literals;

login_session::login_session(boost::asio::io_context& io, const server_config& server,
                             std::string nut_name, std::chrono::milliseconds timeout)
    : io_(io),
      server_(server),
      ups_(std::move(nut_name)),
      label_(fmt::format("{} on {}", ups_, server.endpoint.label())),
      timeout_(timeout),
      retry_timer_(io),
      keepalive_timer_(io),
      backoff_(2s, 60s) {}

login_session::~login_session() {
  stop();
}

void login_session::start() {
  stopped_ = false;
  released_ = false;
  connect();
}

void login_session::connect() {
  if (stopped_ || released_) return;
  connection_ = nut_connection::create(io_, server_.endpoint, timeout_);
  connection_->on_failure([this](const std::string& why) { lost(why); });
  connection_->connect([this](const std::string& error) {
    if (stopped_ || released_) return;
    if (!error.empty()) return lost(error);
    nut_connection::batch b;
    auto ignore = [](const nut_result&) {};
    b.emplace_back(nut::username(server_.username), ignore);
    b.emplace_back(nut::password(server_.password.reveal()), ignore);
    b.emplace_back(nut::login(ups_), [this](const nut_result& r) { on_login(r); });
    connection_->send(std::move(b));
  });
}

void login_session::on_login(const nut_result& r) {
  if (!r.delivered || stopped_ || released_) return;
  if (r.reply.err) {
    const auto& e = *r.reply.err;
    std::string why =
        e.code == nut::error_code::access_denied
            ? fmt::format(
                  "upsd refused LOGIN for user `{}` ({}): `login: true` needs "
                  "an upsd.users user with an `upsmon secondary` line and "
                  "its password; until then the NUT primary will not wait "
                  "for the agents",
                  server_.username, e.text())
            : fmt::format("upsd refused LOGIN ({}): {}", e.text(), nut::explain(e.code));
    return lost(why);
  }
  logged_in_ = true;
  backoff_.reset();
  last_error_.clear();
  spdlog::info("logged in to {}: a NUT primary now waits for this bridge's agents", label_);
  keep_alive();
}

void login_session::keep_alive() {
  // upsd drops a client that sends nothing for a minute; a cheap request keeps the login.
  keepalive_timer_.expires_after(20s);
  keepalive_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_ || released_ || !connection_) return;
    connection_->send(nut::get_numlogins(ups_), [this](const nut_result& r) {
      if (r.delivered) {
        spdlog::debug("{}: {} client(s) logged in", label_,
                      nut::read_numlogins(r.reply).value_or(-1));
      }
    });
    keep_alive();
  });
}

void login_session::lost(const std::string& why) {
  logged_in_ = false;
  keepalive_timer_.cancel();
  if (connection_) connection_->close();
  connection_.reset();
  if (stopped_ || released_) return;
  if (why != last_error_) {
    spdlog::error("cannot hold the LOGIN on {}: {}; retrying", label_, common::loggable(why));
    last_error_ = why;
  }
  retry_timer_.expires_after(backoff_.next());
  retry_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) connect();
  });
}

void login_session::release() {
  if (released_) return;
  released_ = true;
  retry_timer_.cancel();
  keepalive_timer_.cancel();
  if (!connection_) return;
  logged_in_ = false;
  // LOGOUT makes upsd drop us from NUMLOGINS at once.
  connection_->log_out();
  logging_out_ = std::exchange(connection_, nullptr);
}

void login_session::stop() {
  stopped_ = true;
  retry_timer_.cancel();
  keepalive_timer_.cancel();
  if (connection_) connection_->close();
  connection_.reset();
  if (auto conn = logging_out_.lock()) conn->close();
  logged_in_ = false;
}

}  // namespace nutmqtt::bridge

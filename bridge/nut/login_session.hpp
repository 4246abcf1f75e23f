#pragma once
// Holds `LOGIN <ups>` on a connection of its own, so that upsd counts the bridge among the
// UPS's clients (GET NUMLOGINS) like an upsmon secondary: a NUT primary that set FSD then
// waits for it (up to its HOSTSYNC) before cutting the power. The bridge lets go - LOGOUT -
// once the agents it speaks for are down (see fsd_hold.hpp).

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bridge/bridge_config.hpp"
#include "bridge/nut/nut_connection.hpp"
#include "common/backoff.hpp"

namespace nutmqtt::bridge {

class login_session {
 public:
  login_session(boost::asio::io_context& io, const server_config& server, std::string nut_name,
                std::chrono::milliseconds timeout);
  ~login_session();
  login_session(const login_session&) = delete;
  login_session& operator=(const login_session&) = delete;

  void start();
  // LOGOUT, and no new LOGIN until start() again.
  void release();
  void stop();
  bool logged_in() const { return logged_in_; }
  bool released() const { return released_; }

 private:
  void connect();
  void on_login(const nut_result& r);
  void lost(const std::string& why);
  void keep_alive();

  boost::asio::io_context& io_;
  server_config server_;
  std::string ups_;
  std::string label_;
  std::chrono::milliseconds timeout_;
  std::shared_ptr<nut_connection> connection_;
  // After release(), the connection waiting for LOGOUT's answer; stop() closes it, as its
  // handler keeps it alive until then.
  std::weak_ptr<nut_connection> logging_out_;
  boost::asio::steady_timer retry_timer_;
  boost::asio::steady_timer keepalive_timer_;
  common::backoff backoff_;
  bool logged_in_ = false;
  bool released_ = false;
  bool stopped_ = true;
  std::string last_error_;
};

}  // namespace nutmqtt::bridge

#pragma once
// One listening port of the fake upsd: accepts connections, keeps their sessions, and holds the
// state they share. Lives on the fake's io_context thread; nothing here is thread-safe.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "fake_upsd/asio.hpp"
#include "fake_upsd/misbehaviour.hpp"
#include "fake_upsd/random_source.hpp"
#include "fake_upsd/server_options.hpp"
#include "fake_upsd/server_state.hpp"

namespace nutmqtt::fake_upsd {

class session;

class server {
 public:
  // Listens at once; throws std::runtime_error when the address cannot be bound or the TLS
  // files cannot be used.
  server(boost::asio::io_context& io, server_options options, std::uint64_t seed);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  void start();
  // Stops accepting and closes every connection.
  void stop();

  int port() const { return port_; }
  const std::string& address() const { return address_; }
  server_state& state() { return state_; }

  misbehaviour mode() const { return mode_; }
  void set_mode(misbehaviour mode) { mode_ = mode; }
  std::chrono::milliseconds slow_delay() const { return slow_delay_; }
  void set_slow_delay(std::chrono::milliseconds delay) { slow_delay_ = delay; }
  std::chrono::milliseconds idle_timeout() const { return idle_timeout_; }
  void set_idle_timeout(std::chrono::milliseconds timeout) { idle_timeout_ = timeout; }
  random_source& garbage_random() { return garbage_random_; }
  const std::string& long_reply() const { return long_reply_; }
  // misbehaviour::huge_list's answer for `ups`, made once.
  const std::string& huge_reply(const std::string& ups);
  // misbehaviour::new_names: a listing of names never listed before.
  std::string ghost_listing();
  std::chrono::milliseconds new_names_linger() const { return new_names_linger_; }
  boost::asio::ssl::context* tls_context() { return tls_.get(); }

  std::size_t open_connections() const { return sessions_.size(); }
  void disconnect_all();
  // Called by a session as it closes.
  void forget(const session* s);

 private:
  void accept();
  void on_accept(const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket);

  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  server_state state_;
  misbehaviour mode_;
  std::chrono::milliseconds slow_delay_;
  std::chrono::milliseconds idle_timeout_;
  random_source garbage_random_;
  std::string long_reply_;
  std::size_t huge_list_lines_;
  std::map<std::string, std::string> huge_replies_;
  std::size_t new_names_per_connection_;
  std::chrono::milliseconds new_names_linger_;
  std::uint64_t next_ghost_ = 1;
  std::unordered_map<const session*, std::shared_ptr<session>> sessions_;
  std::string address_;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace nutmqtt::fake_upsd

#pragma once
// One client connection: reads every complete request that has arrived, answers them in order
// in one write (pipelining), and misbehaves the way its server is told to. Lives on the
// server's thread; the server closes it when it stops.

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fake_upsd/asio.hpp"
#include "fake_upsd/command_handler.hpp"
#include "fake_upsd/misbehaviour.hpp"
#include "fake_upsd/request_parser.hpp"

namespace nutmqtt::fake_upsd {

class server;

class session : public std::enable_shared_from_this<session> {
 public:
  session(boost::asio::ip::tcp::socket socket, server& owner);

  void start();
  // Idempotent; also releases the connection's LOGIN.
  void close();

 private:
  void read();
  void on_read(const boost::system::error_code& ec, std::size_t size);
  void answer(const std::vector<request>& requests);
  // The answer of the hostile modes (huge_list, new_names, bad_list_var); false: answer as
  // upsd would.
  bool answer_hostile(const request& r, misbehaviour mode);
  // new_names: a request about an invented name is answered as the first UPS, renamed.
  void answer_as_alias(const request& r);
  void write();
  void on_written(const boost::system::error_code& ec);
  void start_tls();
  // (Re)starts the idle timeout, as upsd does on every complete request.
  void arm_idle();
  boost::asio::ip::tcp::socket& lowest_layer();

  boost::asio::ip::tcp::socket socket_;
  // Set by STARTTLS: the socket moves in and every later byte goes through TLS.
  std::optional<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> tls_;
  server& owner_;
  connection_state conn_;
  request_parser parser_;
  std::array<char, 16 * 1024> input_{};
  std::string output_;
  after_reply after_ = after_reply::keep_going;
  boost::asio::steady_timer delay_;
  boost::asio::steady_timer idle_;
  boost::asio::steady_timer linger_;
  bool closed_ = false;
};

}  // namespace nutmqtt::fake_upsd

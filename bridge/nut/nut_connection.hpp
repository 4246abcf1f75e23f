#pragma once
// One TCP (optionally STARTTLS) connection to upsd, asynchronous on the daemon's io_context.
//
// Requests are written as they come (a batch in one write) and replies are matched to them in
// order, as upsd answers strictly in order. Each request has a deadline; the first one missed,
// any I/O error, a garbage or over-long line resets the whole connection: after that nothing
// read could be trusted to belong to the right request.
//
// What a server can make the bridge hold is bounded where it comes in: each line as it is
// read (max_line_bytes), each list reply as its lines arrive (nut::reply_limits: the lines past
// a limit are read and dropped), and the requests written per second (the others wait their
// turn, their deadline starting when they are written).

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bridge/nut/nut_protocol.hpp"
#include "bridge/nut/request_pacer.hpp"

namespace nutmqtt::bridge {

enum class tls_mode { off, opportunistic, required };

struct nut_endpoint {
  std::string host;
  std::uint16_t port = 3493;
  tls_mode tls = tls_mode::opportunistic;
  std::string tls_ca_file;  // when set, the server's certificate and name are verified

  // "host:port", with brackets around IPv6 addresses.
  std::string label() const;
};

struct connection_limits {
  nut::reply_limits reply;
  std::size_t max_line_bytes = 8192;
  unsigned max_requests_per_second = 0;  // 0: no limit
};

struct nut_result {
  bool delivered = false;  // false: the connection failed before the reply came
  nut::reply reply;        // when delivered (it may still be an ERR)
  std::string failure;     // when not delivered
};

class nut_connection : public std::enable_shared_from_this<nut_connection> {
 public:
  using reply_handler = std::function<void(const nut_result&)>;
  // Empty `error` on success.
  using connect_handler = std::function<void(const std::string& error)>;
  using failure_handler = std::function<void(const std::string& why)>;
  // A limit of connection_limits was hit: its key, what happened, how many times.
  using limit_handler =
      std::function<void(std::string_view limit, const std::string& what, std::uint64_t count)>;
  using batch = std::vector<std::pair<nut::request, reply_handler>>;

  static std::shared_ptr<nut_connection> create(boost::asio::io_context& io, nut_endpoint endpoint,
                                                std::chrono::milliseconds timeout,
                                                connection_limits limits = {});

  void connect(connect_handler done);
  // Called once when an open connection fails (never after close()).
  void on_failure(failure_handler h) { on_failure_ = std::move(h); }
  void on_limit(limit_handler h) { on_limit_ = std::move(h); }
  void send(nut::request r, reply_handler h);
  void send(batch requests);
  // Closes at once; pending requests get a "closed" result, the failure handler is not called.
  void close();
  // Sends LOGOUT (upsd then drops the login at once) and closes when it is answered or fails.
  // The request keeps the connection alive until then: whoever may stop first must close it.
  void log_out();

  bool is_open() const { return state_ == state::open; }
  bool tls_active() const { return tls_; }
  std::size_t outstanding() const { return pending_.size(); }
  const nut_endpoint& endpoint() const { return endpoint_; }

 private:
  enum class state { idle, connecting, open, closed };
  struct pending_request {
    nut::request request;
    reply_handler handler;
    nut::reply_assembler assembler;
    std::chrono::steady_clock::time_point deadline;  // set when written
  };

  nut_connection(boost::asio::io_context& io, nut_endpoint endpoint,
                 std::chrono::milliseconds timeout, connection_limits limits);

  void on_resolved(const boost::system::error_code& ec,
                   const boost::asio::ip::tcp::resolver::results_type& results);
  void on_connected(const boost::system::error_code& ec);
  void start_tls_negotiation();
  void on_starttls_reply(const nut_result& r);
  void finish_connect(const std::string& error);
  void arm_connect_deadline(const char* stage);

  void enqueue(nut::request r, reply_handler h);
  void flush_writes();
  void release_paced();
  void arm_pace_timer(std::chrono::steady_clock::time_point when);
  void report_limit(std::string_view limit, const std::string& what, std::uint64_t count = 1);
  void read_more();
  void on_read(const boost::system::error_code& ec, std::size_t n);
  bool dispatch(const std::string& line);
  void arm_deadline();
  void fail(const std::string& why);
  // Every request still waiting gets `why` as its failed result.
  void fail_pending(const std::string& why);
  void shut_socket();

  boost::asio::io_context& io_;
  nut_endpoint endpoint_;
  std::chrono::milliseconds timeout_;
  connection_limits limits_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ssl::context ssl_ctx_;
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream_;
  boost::asio::steady_timer deadline_;
  boost::asio::steady_timer pace_timer_;
  request_pacer pacer_;
  bool pace_armed_ = false;
  state state_ = state::idle;
  bool tls_ = false;
  bool tcp_up_ = false;
  bool reading_paused_ = false;
  connect_handler on_connect_;
  failure_handler on_failure_;
  limit_handler on_limit_;
  // Oldest first; the first `written_` have been written, the others wait for the pacer.
  std::deque<pending_request> pending_;
  std::size_t written_ = 0;
  std::string outgoing_;  // written after the write in flight completes
  std::string writing_;   // the write in flight
  std::array<char, 4096> read_buffer_{};
  nut::line_splitter splitter_;
};

// A user-facing explanation of a connection error, with what to check.
std::string describe_connect_error(const boost::system::error_code& ec, const nut_endpoint& ep);

}  // namespace nutmqtt::bridge

#pragma once
// The agent's Unix control socket, for `nutmqtt-shutdown-agent --fsd` (the drop-in for
// `upsmon -c fsd` in existing scripts) and `--list-timers` (upssched's `-l`). One request line;
// the reply's lines follow, then the agent closes the connection:
//   "FSD\n" -> "OK shutting down\n" or "ERR <why>\n";
//   "LIST-TIMERS\n" -> "OK\n" and one line per running timer.
// The socket is owner-only (mode 0600 in a 0700 directory the agent creates if missing).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>

namespace nutmqtt::agent {

class control_socket {
 public:
  // Returns the reply (its lines, without the last newline) to a request line.
  using request_handler = std::function<std::string(const std::string& request)>;

  control_socket(boost::asio::io_context& io, std::string path, request_handler handler);
  ~control_socket();
  control_socket(const control_socket&) = delete;
  control_socket& operator=(const control_socket&) = delete;

  // Binds and listens. Throws std::runtime_error with a message the user can act on (another
  // agent runs, no permission, ...).
  void open();
  void close();

 private:
  void accept();
  void serve(std::shared_ptr<boost::asio::local::stream_protocol::socket> s);

  boost::asio::io_context& io_;
  std::string path_;
  request_handler handler_;
  boost::asio::local::stream_protocol::acceptor acceptor_;
  // The clients being served, closed with the socket: a client that connected and said nothing
  // must not keep the agent from stopping.
  std::vector<std::weak_ptr<boost::asio::local::stream_protocol::socket>> clients_;
  bool open_ = false;
};

// Client side: sends `request` to the agent at `path` and returns its whole reply (without the
// last newline), or throws std::runtime_error saying why no running agent could be reached.
std::string request_control(const std::string& path, const std::string& request);

// --fsd: the reply to "FSD".
inline std::string request_fsd(const std::string& path) {
  return request_control(path, "FSD");
}

}  // namespace nutmqtt::agent

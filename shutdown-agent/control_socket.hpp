#pragma once
// The agent's Unix control socket, for `nutmqtt-shutdown-agent --fsd` (the drop-in for
// `upsmon -c fsd` in existing scripts). One request line, one reply line:
//   "FSD\n" -> "OK shutting down\n" or "ERR <why>\n".
// The socket is owner-only (mode 0600 in a 0700 directory the agent creates if missing).

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>

namespace nutmqtt::agent {

class control_socket {
 public:
  // Returns the reply line (without newline) to a request line.
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
  bool open_ = false;
};

// Client side of --fsd: sends "FSD" to the agent at `path`. Returns the agent's reply, or
// throws std::runtime_error saying why no running agent could be reached.
std::string request_fsd(const std::string& path);

}  // namespace nutmqtt::agent

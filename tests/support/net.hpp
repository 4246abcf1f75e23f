#pragma once
// Loopback networking helpers for tests: free ports and a tiny blocking line client.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace nutmqtt::test {

// A TCP port on 127.0.0.1 that is free now and stays this process's until it exits: taken
// below the kernel's ephemeral range (so no outgoing connection is given it meanwhile) and
// claimed with a lock file that every test process honours, so that a server stopped and
// started again on it (a broker restart) finds it still free.
int free_port();

// True once something accepts connections on 127.0.0.1:port.
bool port_open(int port);

// A blocking line-oriented TCP client with timeouts, for talking to upsd directly.
class line_client {
 public:
  explicit line_client(int port, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~line_client();
  line_client(const line_client&) = delete;
  line_client& operator=(const line_client&) = delete;

  bool connected() const { return fd_ >= 0; }
  void send(const std::string& line);  // appends '\n'
  std::optional<std::string> read_line();
  // Sends one request and returns its single-line reply (nullopt on timeout or EOF).
  std::optional<std::string> request(const std::string& line);
  // The next `count` bytes, newlines or not (nullopt when fewer arrive before timeout or EOF;
  // what did arrive stays buffered).
  std::optional<std::string> read_bytes(std::size_t count);
  // True once the server closed the connection (a read saw EOF or a reset), as opposed to a
  // timeout.
  bool eof() const { return eof_; }

 private:
  // Reads once more into the buffer; false on timeout or EOF.
  bool fill();
  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

}  // namespace nutmqtt::test

#pragma once
// Whether something accepts TCP connections at a host and port: resolve, connect, close.
//
// An MQTT session that failed over uses it to see its first broker back before leaving a
// broker that works: a plain connect opens no MQTT session there (no client id taken, no will
// armed), and the probe sends nothing.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

namespace nutmqtt::common {

class tcp_probe {
 public:
  // reachable, or why not ("connection refused", "timed out"...), for a log line.
  using handler = std::function<void(bool reachable, const std::string& why)>;

  // Starts the probe; `done` runs once on the io thread, within about `timeout`, unless the
  // returned probe is cancelled or dropped first.
  static std::shared_ptr<tcp_probe> start(boost::asio::io_context& io, const std::string& host,
                                          int port, std::chrono::milliseconds timeout,
                                          handler done);
  // Ends the probe without calling its handler (its owner is stopping).
  void cancel();

  ~tcp_probe();
  tcp_probe(const tcp_probe&) = delete;
  tcp_probe& operator=(const tcp_probe&) = delete;

 private:
  struct state;
  explicit tcp_probe(std::shared_ptr<state> s) : state_(std::move(s)) {}
  std::shared_ptr<state> state_;
};

}  // namespace nutmqtt::common

#include "common/tcp_probe.hpp"

#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace nutmqtt::common {

using boost::asio::ip::tcp;

// Shared by the pending operations, so that it lives until the last of them completed, even
// after the probe itself was dropped.
struct tcp_probe::state {
  explicit state(boost::asio::io_context& io) : resolver(io), socket(io), timer(io) {}

  void finish(bool reachable, const std::string& why) {
    if (!done) return;
    auto h = std::move(done);
    done = nullptr;
    end();
    h(reachable, why);
  }
  void end() {
    timer.cancel();
    resolver.cancel();
    boost::system::error_code ignored;
    socket.close(ignored);
  }

  tcp::resolver resolver;
  tcp::socket socket;
  boost::asio::steady_timer timer;
  handler done;
};

std::shared_ptr<tcp_probe> tcp_probe::start(boost::asio::io_context& io, const std::string& host,
                                            int port, std::chrono::milliseconds timeout,
                                            handler done) {
  auto s = std::make_shared<state>(io);
  s->done = std::move(done);
  s->timer.expires_after(timeout);
  s->timer.async_wait([s](const boost::system::error_code& ec) {
    if (!ec) s->finish(false, "timed out");
  });
  s->resolver.async_resolve(
      host, std::to_string(port),
      [s](const boost::system::error_code& ec, const tcp::resolver::results_type& results) {
        if (!s->done) return;
        if (ec) return s->finish(false, ec.message());
        boost::asio::async_connect(
            s->socket, results, [s](const boost::system::error_code& error, const tcp::endpoint&) {
              s->finish(!error, error ? error.message() : std::string());
            });
      });
  return std::shared_ptr<tcp_probe>(new tcp_probe(std::move(s)));
}

void tcp_probe::cancel() {
  state_->done = nullptr;
  state_->end();
}

tcp_probe::~tcp_probe() {
  cancel();
}

}  // namespace nutmqtt::common

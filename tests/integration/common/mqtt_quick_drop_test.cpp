// A broker that closes a resumed session right after accepting it, every time (what mosquitto
// did, as "malformed packet", after the messages both sides resend on resuming): the session
// must not stay locked out. A fake broker, since no real one does this on demand: it answers
// each CONNECT with a CONNACK saying the session is present, and hangs up at once on the first
// two connections.

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include "common/mqtt_session.hpp"
#include "support/run_until.hpp"

using namespace nutmqtt;
using namespace nutmqtt::test;
using namespace std::chrono_literals;

namespace {

class hanging_up_broker {
 public:
  explicit hanging_up_broker(int hang_ups) : hang_ups_(hang_ups) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listener_, 4) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~hanging_up_broker() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
    if (kept_ >= 0) ::close(kept_);
  }

  int port() const { return port_; }
  // The clean-session flag of each CONNECT received, in order.
  std::vector<bool> clean_flags() {
    std::lock_guard<std::mutex> lock(mutex_);
    return clean_;
  }

 private:
  // Reads one whole packet; false when the peer went away first.
  static bool read_packet(int fd, std::vector<std::uint8_t>& body) {
    std::uint8_t header = 0;
    if (::recv(fd, &header, 1, MSG_WAITALL) != 1) return false;
    std::size_t length = 0;
    for (int shift = 0; shift < 28; shift += 7) {
      std::uint8_t byte = 0;
      if (::recv(fd, &byte, 1, MSG_WAITALL) != 1) return false;
      length |= static_cast<std::size_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) break;
    }
    body.resize(length);
    return length == 0 ||
           ::recv(fd, body.data(), length, MSG_WAITALL) == static_cast<ssize_t>(length);
  }

  void serve() {
    for (int n = 0; n < 8 && !stopping_; ++n) {
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      std::vector<std::uint8_t> connect;
      // MQTT 3.1.1 CONNECT: protocol name (2 + 4 bytes), level, then the flags; 0x02: clean.
      if (!read_packet(fd, connect) || connect.size() < 8) {
        ::close(fd);
        continue;
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        clean_.push_back((connect[7] & 0x02) != 0);
      }
      const std::uint8_t connack[] = {0x20, 0x02, 0x01, 0x00};  // accepted, session present
      if (::send(fd, connack, sizeof connack, MSG_NOSIGNAL) != sizeof connack) {
        ::close(fd);
        continue;
      }
      if (n < hang_ups_) {
        std::this_thread::sleep_for(50ms);
        ::close(fd);
        continue;
      }
      kept_ = fd;  // stays open until the broker goes
      return;
    }
  }

  int hang_ups_;
  int listener_ = -1;
  int port_ = 0;
  int kept_ = -1;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<bool> clean_;
  std::thread thread_;
};

}  // namespace

TEST_CASE("a broker that drops a resumed session at once, twice, gets a new session") {
  hanging_up_broker broker(2);
  boost::asio::io_context io;
  common::mqtt_session::options o;
  o.settings.urls = {"tcp://127.0.0.1:" + std::to_string(broker.port())};
  o.settings.client_id = "quick-drop-test";
  o.clean_session = false;
  int connects = 0;
  common::mqtt_session::handlers h;
  h.connected = [&] { ++connects; };
  auto session = common::mqtt_session::create(io, std::move(o), std::move(h));
  session->start();
  REQUIRE(run_until(
      io, [&] { return connects == 3 && session->connected(); }, 20s));
  // Resumed twice and dropped at once both times; then a new session, which stays.
  CHECK(broker.clean_flags() == std::vector<bool>{false, false, true});
  run_until(
      io, [] { return false; }, 500ms);
  CHECK(session->connected());
  bool stopped = false;
  session->stop({}, [&] { stopped = true; });
  run_until(
      io, [&] { return stopped; }, 10s);
}

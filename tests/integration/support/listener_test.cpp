// Whose the listener on a port is (support/listener.hpp), and the servers of the tests started
// until it is theirs: another process holding the port, before or between restarts.

#include "support/listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "support/mosquitto_broker.hpp"
#include "support/net.hpp"
#include "support/nut_server.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

using namespace nutmqtt::test;

namespace {

// A mosquitto of the test's own, not through mosquitto_broker: "another process" on `port`.
child_process holder_on(const temp_dir& dir, int port) {
  const auto name = "holder-" + std::to_string(port);
  auto conf = dir.write(name + ".conf", "listener " + std::to_string(port) +
                                            " 127.0.0.1\nallow_anonymous true\n" +
                                            (::geteuid() == 0 ? "user root\n" : ""));
  child_process p({"mosquitto", "-c", conf.string()}, dir / (name + ".log"));
  REQUIRE(wait_until([&] { return listener_of(port, p.pid()) == listener_state::ours; }));
  return p;
}

// A socket of this process listening on `address`:`port` (IPv4 or IPv6 text).
class own_listener {
 public:
  own_listener(const std::string& address, int port) {
    const bool v6 = address.find(':') != std::string::npos;
    fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    int rc = -1;
    if (v6) {
      sockaddr_in6 a{};
      a.sin6_family = AF_INET6;
      a.sin6_port = htons(static_cast<std::uint16_t>(port));
      REQUIRE(::inet_pton(AF_INET6, address.c_str(), &a.sin6_addr) == 1);
      rc = ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    } else {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(static_cast<std::uint16_t>(port));
      REQUIRE(::inet_pton(AF_INET, address.c_str(), &a.sin_addr) == 1);
      rc = ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    }
    REQUIRE(rc == 0);
    REQUIRE(::listen(fd_, 4) == 0);
  }
  ~own_listener() { ::close(fd_); }
  own_listener(const own_listener&) = delete;
  own_listener& operator=(const own_listener&) = delete;

 private:
  int fd_ = -1;
};

// The message of what `f` throws ("" when it does not).
template <typename F>
std::string thrown(F&& f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

nut_server::options one_dummy(int port) {
  nut_server::options o;
  o.ups.push_back({"dummy", dev_text({{"ups.status", "OL"}, {"battery.charge", "100"}}), "UPS"});
  o.port = port;
  return o;
}

}  // namespace

TEST_CASE("a port nobody listens on has no listener") {
  const int port = free_port();
  CHECK(listener_of(port, ::getpid()) == listener_state::none);
  CHECK(port_listeners(port).empty());
  CHECK(describe(port_listeners(port)) == "nobody");
}

TEST_CASE("the child listening on a port is its listener, and any other process is not") {
  temp_dir dir;
  const int port = free_port();
  auto server = holder_on(dir, port);
  child_process bystander({"sleep", "30"}, dir / "sleep.log");
  CHECK(listener_of(port, server.pid()) == listener_state::ours);
  CHECK(listener_of(port, bystander.pid()) == listener_state::foreign);
  CHECK(listener_of(port, ::getpid()) == listener_state::foreign);
  const auto holders = port_listeners(port);
  REQUIRE(holders.size() == 1);
  CHECK(holders[0].pid == server.pid());
  CHECK(holders[0].command == "mosquitto");
  CHECK(describe(holders) == "pid " + std::to_string(server.pid()) + " (mosquitto)");
  server.stop();
  CHECK(listener_of(port, server.pid()) == listener_state::none);
}

TEST_CASE("listeners on any address count (IPv4 and IPv6), one on another address does not") {
  const int any4 = free_port();
  const int any6 = free_port();
  const int other = free_port();
  own_listener a("0.0.0.0", any4);
  own_listener b("::", any6);
  own_listener c("127.0.0.2", other);
  CHECK(listener_of(any4, ::getpid()) == listener_state::ours);
  CHECK(listener_of(any6, ::getpid()) == listener_state::ours);
  CHECK(listener_of(other, ::getpid()) == listener_state::none);
}

TEST_CASE("a broker whose port another process took starts on a port of its own") {
  temp_dir dir;
  const int taken = free_port();
  auto holder = holder_on(dir, taken);
  mosquitto_broker::options o;
  o.port = taken;
  mosquitto_broker broker(o);
  CHECK(broker.port() != taken);
  CHECK(broker.running());
  const auto holders = port_listeners(broker.port());
  REQUIRE(holders.size() == 1);
  CHECK(holders[0].command == "mosquitto");
  CHECK(holders[0].pid != holder.pid());
  CHECK(listener_of(taken, holder.pid()) == listener_state::ours);
  CHECK(contains(read_file(broker.dir() / "mosquitto.conf"),
                 "listener " + std::to_string(broker.port()) + " 127.0.0.1\n"));
}

TEST_CASE("a restarted broker comes back on its port, or says who holds it") {
  temp_dir dir;
  mosquitto_broker broker;
  const int port = broker.port();
  broker.restart();
  CHECK(broker.port() == port);
  CHECK(broker.running());

  broker.stop();
  auto holder = holder_on(dir, port);
  const auto why = thrown([&] { broker.start(); });
  CAPTURE(why);
  CHECK(contains(why, "mosquitto cannot listen on 127.0.0.1:" + std::to_string(port) + " again"));
  CHECK(contains(why, "held by pid " + std::to_string(holder.pid()) + " (mosquitto)"));
  CHECK(broker.port() == port);
  CHECK_FALSE(broker.running());

  holder.stop();
  broker.start();
  CHECK(broker.port() == port);
  CHECK(broker.running());
}

TEST_CASE("a broker whose port was given out before its first start keeps it too") {
  temp_dir dir;
  const int taken = free_port();
  auto holder = holder_on(dir, taken);
  mosquitto_broker::options o;
  o.port = taken;
  o.start = false;
  mosquitto_broker broker(o);
  CHECK(broker.url() == "tcp://127.0.0.1:" + std::to_string(taken));  // a client knows it now
  const auto why = thrown([&] { broker.start(); });
  CAPTURE(why);
  CHECK(contains(why, "127.0.0.1:" + std::to_string(taken) + " again"));
  CHECK(broker.port() == taken);
}

TEST_CASE("a server failing for a reason of its own is not retried on other ports") {
  mosquitto_broker::options o;
  o.extra_conf = "no_such_option 1\n";
  o.start = false;
  mosquitto_broker broker(o);
  const auto why = thrown([&] { broker.start(); });
  CAPTURE(why);
  CHECK(contains(why, "mosquitto exited before listening on 127.0.0.1:"));
  CHECK(contains(why, "no_such_option"));
  CHECK_FALSE(contains(why, "attempts"));
}

TEST_CASE("the retries on new ports are bounded") {
  temp_dir dir;
  const int taken = free_port();
  auto holder = holder_on(dir, taken);
  // A server that always binds the taken port, whichever port it is given.
  const auto conf = dir.write("stubborn.conf", "listener " + std::to_string(taken) +
                                                   " 127.0.0.1\nallow_anonymous true\n" +
                                                   (::geteuid() == 0 ? "user root\n" : ""));
  int port = taken;
  int launches = 0;
  const auto why = thrown([&] {
    start_listening("stubborn", port, true,
                    [&](int) {
                      ++launches;
                      return std::make_unique<child_process>(
                          std::vector<std::string>{"mosquitto", "-c", conf.string()},
                          dir / "stubborn.log");
                    },
                    {3, std::chrono::seconds(10)});
  });
  CAPTURE(why);
  CHECK(launches == 3);
  CHECK(contains(why, "stubborn found no port of its own in 3 attempts"));
  CHECK(contains(why, "127.0.0.1:" + std::to_string(taken) + " held by pid " +
                          std::to_string(holder.pid()) + " (mosquitto)"));
}

TEST_CASE("upsd whose port another process took starts on a port of its own") {
  temp_dir dir;
  const int taken = free_port();
  auto holder = holder_on(dir, taken);
  nut_server nut(one_dummy(taken));
  nut.start();
  CHECK(nut.port() != taken);
  CHECK(nut.get_var("dummy", "ups.status") == "OL");
  const auto holders = port_listeners(nut.port());
  REQUIRE(holders.size() == 1);
  CHECK(holders[0].command == "upsd");

  // Restarted, it comes back on the same port, or says who holds it.
  const int port = nut.port();
  nut.stop_upsd();
  nut.start_upsd();
  CHECK(nut.port() == port);
  nut.stop_upsd();
  auto second = holder_on(dir, port);
  const auto why = thrown([&] { nut.start_upsd(); });
  CAPTURE(why);
  CHECK(contains(why, "upsd cannot listen on 127.0.0.1:" + std::to_string(port) + " again"));
  CHECK(contains(why, "held by pid " + std::to_string(second.pid()) + " (mosquitto)"));
}

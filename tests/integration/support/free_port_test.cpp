// The ports tests run their servers on: distinct, outside the kernel's ephemeral range, and
// claimed so that no other test process is given one while this one may still restart a
// server on it.

#include <fstream>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "support/net.hpp"

using namespace nutmqtt::test;

namespace {

int ephemeral_low() {
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  int low = 32768;
  range >> low;
  return low;
}

}  // namespace

TEST_CASE("free ports are distinct, free, and below the ephemeral range") {
  std::set<int> seen;
  for (int i = 0; i < 50; ++i) {
    const int port = free_port();
    CHECK(seen.insert(port).second);
    CHECK(port < ephemeral_low());
    CHECK(port >= 1024);
    CHECK_FALSE(port_open(port));
  }
}

TEST_CASE("a port one test process holds is never given to another") {
  // A child process takes 200 ports and holds them (as a test holds its broker's across a
  // restart); this process then asks for as many: none may be one of the child's.
  int ports_pipe[2];
  int done_pipe[2];
  REQUIRE(::pipe(ports_pipe) == 0);
  REQUIRE(::pipe(done_pipe) == 0);
  constexpr int kCount = 200;
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(ports_pipe[0]);
    ::close(done_pipe[1]);
    int ports[kCount];
    for (int& p : ports)
      p = free_port();
    const bool sent = ::write(ports_pipe[1], ports, sizeof ports) == sizeof ports;
    char c = 0;
    const bool told = ::read(done_pipe[0], &c, 1) >= 0;  // hold them until the parent is done
    ::_exit(sent && told ? 0 : 1);
  }
  ::close(ports_pipe[1]);
  ::close(done_pipe[0]);
  int theirs[kCount];
  const bool received = ::read(ports_pipe[0], theirs, sizeof theirs) == sizeof theirs;
  CHECK(received);
  std::set<int> held(theirs, theirs + kCount);
  int clashes = 0;
  for (int i = 0; i < kCount; ++i)
    clashes += held.count(free_port()) != 0 ? 1 : 0;
  CHECK(clashes == 0);
  ::close(done_pipe[1]);
  ::close(ports_pipe[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

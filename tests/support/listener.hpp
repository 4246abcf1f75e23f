#pragma once
// Who listens on a loopback TCP port (Linux: /proc/net/tcp{,6} and /proc/<pid>/fd), and starting
// a server until the listener on its port is the process we started: with ctest -j, another
// test's server may take a port between our pick and our server's bind.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

#include "support/child_process.hpp"

namespace nutmqtt::test {

// A process holding a socket that listens on a port.
struct port_holder {
  pid_t pid = -1;       // -1: no process this user can see holds the socket
  std::string command;  // /proc/<pid>/cmdline's first word (or comm)
};

// The holders of every socket listening on TCP `port` in a way that takes connections to
// 127.0.0.1: bound to 127.0.0.1 or to any address, IPv4 or IPv6 (a v6-only [::] counts too).
std::vector<port_holder> port_listeners(int port);
// "pid 123 (mosquitto), pid 456 (upsd)", or "nobody".
std::string describe(const std::vector<port_holder>& holders);

enum class listener_state {
  none,     // nobody listens on the port
  ours,     // every listening socket is held by the process (or its process group)
  shared,   // the process listens, and another process too (SO_REUSEPORT)
  foreign,  // only other processes listen
};
// Whose the listener on 127.0.0.1:port is, as seen from `pid`, the server we started (a process
// of its process group counts as it: child_process makes each child lead its own group).
listener_state listener_of(int port, pid_t pid);
const char* to_string(listener_state state);

// Starts a server with `launch(port)` and waits (up to `timeout`) until the listener on
// 127.0.0.1:port is that child. When it is not because the port is another process's (the child
// exited on "address in use", or someone else listens there): with `may_move`, picks a new
// free_port() and tries again, `attempts` times in all; without it (a restart: clients know the
// port), throws at once, naming the port and who holds it. Any other failure (the child exited
// with the port free, or never listened) throws with the child's log. `port` is updated to the
// port the child listens on.
struct listen_attempts {
  int attempts = 5;
  std::chrono::milliseconds timeout = std::chrono::seconds(10);
};
std::unique_ptr<child_process> start_listening(
    const std::string& name, int& port, bool may_move,
    const std::function<std::unique_ptr<child_process>(int port)>& launch,
    listen_attempts limits = {});

}  // namespace nutmqtt::test

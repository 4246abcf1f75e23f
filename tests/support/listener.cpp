#include "support/listener.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <set>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

#include "common/ascii.hpp"
#include "support/net.hpp"
#include "support/wait.hpp"

namespace nutmqtt::test {
namespace {

using inode_set = std::set<unsigned long>;

std::uint32_t hex32(const std::string& text) {
  return static_cast<std::uint32_t>(std::stoul(text, nullptr, 16));
}

// /proc/net/tcp prints an IPv4 address as the 32-bit number the host reads from it.
bool takes_loopback_v4(const std::string& hex) {
  if (hex.size() != 8) return false;
  const std::uint32_t raw = hex32(hex);
  return raw == htonl(INADDR_LOOPBACK) || raw == htonl(INADDR_ANY);
}

// /proc/net/tcp6: the four 32-bit words of the address, each as the host reads it.
bool takes_loopback_v6(const std::string& hex) {
  if (hex.size() != 32) return false;
  in6_addr a{};
  for (int i = 0; i < 4; ++i) {
    const std::uint32_t word = hex32(hex.substr(static_cast<std::size_t>(i) * 8, 8));
    std::memcpy(a.s6_addr + static_cast<std::ptrdiff_t>(i) * 4, &word, 4);
  }
  if (IN6_IS_ADDR_UNSPECIFIED(&a)) return true;
  if (!IN6_IS_ADDR_V4MAPPED(&a)) return false;
  std::uint32_t v4 = 0;
  std::memcpy(&v4, a.s6_addr + 12, 4);
  return v4 == htonl(INADDR_LOOPBACK) || v4 == htonl(INADDR_ANY);
}

// The inodes of the sockets listening on `port` for 127.0.0.1.
inode_set listening_inodes(int port) {
  inode_set out;
  bool read_any = false;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    if (!in) continue;  // no IPv6 here
    read_any = true;
    const bool v6 = std::string_view(table).ends_with('6');
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      std::istringstream fields(line);
      std::string sl, local, remote, state, queues, timer, retransmits, uid, timeout;
      unsigned long inode = 0;
      if (!(fields >> sl >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
            timeout >> inode)) {
        continue;
      }
      const auto colon = local.find(':');
      if (state != "0A" || colon == std::string::npos) continue;  // 0A: TCP_LISTEN
      if (static_cast<int>(hex32(local.substr(colon + 1))) != port) continue;
      const auto address = local.substr(0, colon);
      if (v6 ? takes_loopback_v6(address) : takes_loopback_v4(address)) out.insert(inode);
    }
  }
  if (!read_any) {
    throw std::runtime_error("cannot read /proc/net/tcp: the tests need Linux's /proc");
  }
  return out;
}

// The sockets process `pid` has open (empty when it is gone or not ours to look at).
inode_set socket_inodes(pid_t pid) {
  inode_set out;
  std::error_code ec;
  const std::filesystem::path fds = "/proc/" + std::to_string(pid) + "/fd";
  for (std::filesystem::directory_iterator it(fds, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code link_ec;
    const auto target = std::filesystem::read_symlink(it->path(), link_ec).string();
    constexpr std::string_view kPrefix = "socket:[";
    if (link_ec || !target.starts_with(kPrefix) || !target.ends_with(']')) continue;
    out.insert(std::stoul(target.substr(kPrefix.size(), target.size() - kPrefix.size() - 1)));
  }
  return out;
}

std::vector<pid_t> all_pids() {
  std::vector<pid_t> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it("/proc", ec), end; !ec && it != end;
       it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (!name.empty() && std::all_of(name.begin(), name.end(),
                                     [](unsigned char c) { return std::isdigit(c) != 0; })) {
      out.push_back(static_cast<pid_t>(std::stol(name)));
    }
  }
  return out;
}

// The process group of `pid` (-1 when it is gone).
pid_t process_group(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return -1;
  // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(stat.substr(close + 1));
  std::string state;
  long ppid = 0;
  long pgrp = -1;
  if (!(rest >> state >> ppid >> pgrp)) return -1;
  return static_cast<pid_t>(pgrp);
}

std::string command_of(pid_t pid) {
  std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline");
  std::string first;
  if (std::getline(cmdline, first, '\0') && !first.empty()) {
    return std::filesystem::path(first).filename().string();
  }
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name.empty() ? "?" : name;
}

// Who holds the sockets `inodes`: every process is looked at (only on the way to an error).
std::vector<port_holder> holders_of(const inode_set& inodes) {
  std::vector<port_holder> out;
  inode_set found;
  for (pid_t pid : all_pids()) {
    const auto sockets = socket_inodes(pid);
    bool holds = false;
    for (auto inode : inodes) {
      if (sockets.count(inode) != 0) {
        holds = true;
        found.insert(inode);
      }
    }
    if (holds) out.push_back({pid, command_of(pid)});
  }
  if (found.size() < inodes.size()) out.push_back({-1, ""});
  return out;
}

bool bindable_now(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const int one = 1;
  // As a server binds: a connection of the last run in TIME_WAIT does not count.
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

bool says_in_use(std::string_view log) {
  return common::ascii_lower(log).find("address already in use") != std::string::npos;
}

std::string address_of(int port) {
  return "127.0.0.1:" + std::to_string(port);
}

}  // namespace

std::vector<port_holder> port_listeners(int port) {
  return holders_of(listening_inodes(port));
}

std::string describe(const std::vector<port_holder>& holders) {
  if (holders.empty()) return "nobody";
  std::string out;
  for (const auto& h : holders) {
    if (!out.empty()) out += ", ";
    out += h.pid > 0 ? "pid " + std::to_string(h.pid) + " (" + h.command + ")"
                     : std::string("a process this user cannot see");
  }
  return out;
}

listener_state listener_of(int port, pid_t pid) {
  const auto listening = listening_inodes(port);
  if (listening.empty()) return listener_state::none;
  auto mine = socket_inodes(pid);
  const bool all_found = std::all_of(listening.begin(), listening.end(),
                                     [&](unsigned long inode) { return mine.count(inode) != 0; });
  if (!all_found) {
    // A server that forked a helper: its process group is the child's too.
    for (pid_t other : all_pids()) {
      if (other != pid && process_group(other) == pid) mine.merge(socket_inodes(other));
    }
  }
  std::size_t ours = 0;
  for (auto inode : listening)
    ours += mine.count(inode);
  if (ours == listening.size()) return listener_state::ours;
  return ours > 0 ? listener_state::shared : listener_state::foreign;
}

const char* to_string(listener_state state) {
  switch (state) {
    case listener_state::none:
      return "none";
    case listener_state::ours:
      return "ours";
    case listener_state::shared:
      return "shared";
    case listener_state::foreign:
      return "foreign";
  }
  return "?";
}

std::unique_ptr<child_process> start_listening(
    const std::string& name, int& port, bool may_move,
    const std::function<std::unique_ptr<child_process>(int port)>& launch, listen_attempts limits) {
  std::string tried;
  // What the log held after the last failed attempt: each attempt is judged by its own lines.
  std::filesystem::path last_log;
  std::size_t last_log_size = 0;
  for (int attempt = 1;; ++attempt) {
    auto child = launch(port);
    listener_state state = listener_state::none;
    wait_until(
        [&] {
          state = listener_of(port, child->pid());
          return state == listener_state::ours || state == listener_state::shared ||
                 !child->running();
        },
        limits.timeout);
    if (state == listener_state::ours) return child;

    // Not ours: the port is another process's, or the child failed for reasons of its own.
    const bool alive = child->running();
    const pid_t child_pid = child->pid();
    child->stop();
    const std::string log = child->log();
    const std::string own_lines = child->log_path() == last_log && log.size() >= last_log_size
                                      ? log.substr(last_log_size)
                                      : log;
    last_log = child->log_path();
    last_log_size = log.size();
    std::vector<port_holder> others;
    for (auto& h : port_listeners(port)) {
      if (h.pid != child_pid) others.push_back(std::move(h));
    }
    const bool taken = state == listener_state::shared || !others.empty() ||
                       (!alive && (says_in_use(own_lines) || !bindable_now(port)));
    if (!taken) {
      throw std::runtime_error(name +
                               (alive ? " did not listen on " + address_of(port) + " within " +
                                            std::to_string(limits.timeout.count()) + " ms"
                                      : " exited before listening on " + address_of(port)) +
                               "; its log: " + log);
    }
    const std::string holder =
        others.empty() ? "another process (gone again by now)" : describe(others);
    if (!may_move) {
      throw std::runtime_error(
          name + " cannot listen on " + address_of(port) + " again: the port is held by " + holder +
          " (clients know this port, so it is not changed); " + name + "'s log: " + log);
    }
    tried += (tried.empty() ? "" : "; ") + address_of(port) + " held by " + holder;
    if (attempt >= limits.attempts) {
      throw std::runtime_error(name + " found no port of its own in " +
                               std::to_string(limits.attempts) + " attempts (" + tried +
                               "); its last log: " + log);
    }
    port = free_port();
  }
}

}  // namespace nutmqtt::test

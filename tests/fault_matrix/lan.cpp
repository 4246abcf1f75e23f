#include "fault_matrix/lan.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <sched.h>
#include <sstream>
#include <stdexcept>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/child_process.hpp"

namespace nutmqtt::fault_matrix {
namespace {

using namespace std::chrono_literals;

constexpr const char* kNetnsDir = "/run/netns";
constexpr const char* kPrefix = "fm";
constexpr std::size_t kMaxInterfaceName = 15;

// The full path of a program on PATH or in the sbin directories (which a root shell has on its
// PATH, but not every CI runner), or "".
std::string find_program(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = std::string(path != nullptr ? path : "") + ":/usr/sbin:/sbin";
  std::istringstream in(dirs);
  for (std::string dir; std::getline(in, dir, ':');) {
    if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) {
      return dir + "/" + program;
    }
  }
  return "";
}

const std::string& ip() {
  static const std::string path = find_program("ip");
  return path;
}

const std::string& nft() {
  static const std::string path = find_program("nft");
  return path;
}

// Whether this process may make a network namespace, tried in a child that exits at once.
bool can_unshare_net() {
  const pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) ::_exit(::unshare(CLONE_NEWNET) == 0 ? 0 : 1);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Setting namespaces up and down is serialised between the cells that run side by side: `ip`
// makes /run/netns a shared mount on first use, which two processes must not race for.
class netns_lock {
 public:
  netns_lock() : fd_(::open("/run/lock/nutmqtt-fault-matrix.lock", O_CREAT | O_RDWR, 0600)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~netns_lock() {
    if (fd_ >= 0) ::close(fd_);
  }
  netns_lock(const netns_lock&) = delete;
  netns_lock& operator=(const netns_lock&) = delete;

 private:
  int fd_;
};

void best_effort(const std::vector<std::string>& argv) {
  auto r = test::run(argv, 10s);
  if (r.status != 0) std::cerr << "fault matrix: cleaning up, " << argv[0] << " said: " << r.output;
}

// Ends what still runs in a namespace of ours (a script a daemon started, say), by pid.
void end_processes_in(const std::string& ns) {
  auto r = test::run({ip(), "netns", "pids", ns}, 10s);
  std::istringstream in(r.output);
  for (long pid = 0; in >> pid;)
    if (pid > 1) ::kill(static_cast<pid_t>(pid), SIGKILL);
}

void delete_netns(const std::string& ns) {
  end_processes_in(ns);
  best_effort({ip(), "netns", "delete", ns});
}

// Namespaces named fm<pid>x<n>-... whose process is gone: a run that was killed (a ctest
// timeout) could not tear its cell down.
void remove_stale_namespaces() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(kNetnsDir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kPrefix)) continue;
    const auto x = name.find('x');
    if (x == std::string::npos || x <= 2) continue;
    const long pid = std::strtol(name.substr(2, x - 2).c_str(), nullptr, 10);
    if (pid <= 0 || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    delete_netns(name);
  }
}

}  // namespace

std::string lan_unavailable_reason() {
  static const std::string reason = [] {
    if (::geteuid() != 0) return std::string("not root (network namespaces need root)");
    if (ip().empty()) return std::string("no `ip` (Debian package iproute2)");
    if (nft().empty()) return std::string("no `nft` (Debian package nftables)");
    if (!can_unshare_net()) return std::string("the kernel refuses new network namespaces");
    return std::string();
  }();
  return reason;
}

lan::lan(std::filesystem::path dir) : dir_(std::move(dir)) {
  static std::atomic<int> counter{0};
  prefix_ = kPrefix + std::to_string(::getpid()) + "x" + std::to_string(counter++);
  switch_ns_ = prefix_ + "-switch";
  netns_lock lock;
  remove_stale_namespaces();
  must({ip(), "netns", "add", switch_ns_});
  must({ip(), "-n", switch_ns_, "link", "add", "br0", "type", "bridge"});
  must({ip(), "-n", switch_ns_, "link", "set", "br0", "up"});
  apply_partitions();
}

lan::~lan() {
  netns_lock lock;
  for (const auto& [host, ns] : hosts_)
    delete_netns(ns);
  delete_netns(switch_ns_);
}

void lan::add_host(const std::string& name, const std::string& address) {
  if (port(name).size() > kMaxInterfaceName) {
    throw std::invalid_argument("host name \"" + name + "\" is too long for an interface name");
  }
  const std::string ns = prefix_ + "-" + name;
  netns_lock lock;
  must({ip(), "netns", "add", ns});
  hosts_[name] = ns;
  must({ip(), "-n", switch_ns_, "link", "add", port(name), "type", "veth", "peer", "name", "eth0",
        "netns", ns});
  must({ip(), "-n", switch_ns_, "link", "set", port(name), "master", "br0", "up"});
  must({ip(), "-n", ns, "link", "set", "lo", "up"});
  must({ip(), "-n", ns, "addr", "add", address + "/24", "dev", "eth0"});
  must({ip(), "-n", ns, "link", "set", "eth0", "up"});
}

const std::string& lan::netns(const std::string& host) const {
  auto it = hosts_.find(host);
  if (it == hosts_.end()) throw std::invalid_argument("the LAN has no host \"" + host + "\"");
  return it->second;
}

std::vector<std::string> lan::in(const std::string& host, std::vector<std::string> argv) const {
  std::vector<std::string> out = {ip(), "netns", "exec", netns(host)};
  out.insert(out.end(), std::make_move_iterator(argv.begin()), std::make_move_iterator(argv.end()));
  return out;
}

void lan::partition(const std::string& a, const std::string& b) {
  netns(a);
  netns(b);
  partitions_.insert(std::minmax(a, b));
  apply_partitions();
}

void lan::heal(const std::string& a, const std::string& b) {
  partitions_.erase(std::minmax(a, b));
  apply_partitions();
}

void lan::unplug(const std::string& host) {
  must({ip(), "-n", switch_ns_, "link", "set", port(host), "down"});
}

void lan::plug(const std::string& host) {
  must({ip(), "-n", switch_ns_, "link", "set", port(host), "up"});
}

// The whole rule set is replaced in one nft transaction, so a heal never leaves a gap.
void lan::apply_partitions() {
  std::ostringstream s;
  s << "add table bridge faults\nflush table bridge faults\n"
       "add chain bridge faults forward { type filter hook forward priority 0; policy accept; }\n";
  for (const auto& [a, b] : partitions_) {
    s << "add rule bridge faults forward iifname \"" << port(a) << "\" oifname \"" << port(b)
      << "\" drop\n";
    s << "add rule bridge faults forward iifname \"" << port(b) << "\" oifname \"" << port(a)
      << "\" drop\n";
  }
  const auto file = dir_ / "partitions.nft";
  std::ofstream(file, std::ios::trunc) << s.str();
  must({ip(), "netns", "exec", switch_ns_, "nft", "-f", file.string()});
}

void lan::must(const std::vector<std::string>& argv) const {
  auto r = test::run(argv, 10s);
  if (r.status == 0) return;
  std::string line;
  for (const auto& a : argv)
    line += (line.empty() ? "" : " ") + a;
  throw std::runtime_error("`" + line + "` failed (" + std::to_string(r.status) + "): " + r.output);
}

}  // namespace nutmqtt::fault_matrix

#include "support/net.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <netinet/in.h>
#include <random>
#include <set>
#include <stdexcept>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace nutmqtt::test {
namespace {

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// The lowest port the kernel hands out for outgoing connections (32768 unless tuned).
int ephemeral_low() {
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  int low = 0;
  return range >> low ? low : 32768;
}

bool bindable(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  auto addr = loopback(port);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// Claims `port` for this process (released when it exits, however it exits): false when
// another test process holds it.
bool claim(int port) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "nutmqtt-test-ports";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::filesystem::permissions(dir, std::filesystem::perms::all, ec);  // root and users alike
  const auto file = dir / std::to_string(port);
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) return false;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return false;
  }
  return true;  // the descriptor stays open: the claim lasts as long as the process
}

// The ports of the range below the ephemeral one, in an order of this process's own.
int port_by_chance() {
  static std::mt19937 random(std::random_device{}() ^ static_cast<unsigned>(::getpid()));
  const int high = std::min(ephemeral_low(), 65536) - 1;
  const int low = std::max(1024, high - 12000);
  return std::uniform_int_distribution<int>(low, high)(random);
}

int kernel_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  auto addr = loopback(0);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("bind() failed");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

int free_port() {
  static std::mutex lock;
  const std::lock_guard<std::mutex> hold(lock);
  static std::set<int> mine;  // claimed already by this process (flock would grant them again)
  constexpr int kTries = 2000;
  for (int i = 0; i < kTries; ++i) {
    const int port = port_by_chance();
    if (mine.count(port) == 0 && claim(port) && bindable(port)) {
      mine.insert(port);
      return port;
    }
  }
  return kernel_port();  // a range that crowded: the old way, racy but working
}

bool port_open(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  auto addr = loopback(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

line_client::line_client(int port, std::chrono::milliseconds timeout) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  auto addr = loopback(port);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

line_client::~line_client() {
  if (fd_ >= 0) ::close(fd_);
}

void line_client::send(const std::string& line) {
  if (fd_ < 0) return;
  std::string data = line + "\n";
  std::size_t done = 0;
  while (done < data.size()) {
    auto n = ::write(fd_, data.data() + done, data.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

bool line_client::fill() {
  char chunk[4096];
  auto n = ::read(fd_, chunk, sizeof chunk);
  // A reset is a close too: it comes when the server closed with data of ours still unread.
  if (n == 0 || (n < 0 && errno == ECONNRESET)) eof_ = true;
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<std::string> line_client::read_line() {
  if (fd_ < 0) return std::nullopt;
  while (true) {
    auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (!fill()) return std::nullopt;
  }
}

std::optional<std::string> line_client::read_bytes(std::size_t count) {
  if (fd_ < 0) return std::nullopt;
  while (buffer_.size() < count) {
    if (!fill()) return std::nullopt;
  }
  std::string out = buffer_.substr(0, count);
  buffer_.erase(0, count);
  return out;
}

std::optional<std::string> line_client::request(const std::string& line) {
  send(line);
  return read_line();
}

}  // namespace nutmqtt::test

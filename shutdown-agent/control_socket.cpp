#include "shutdown-agent/control_socket.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace nutmqtt::agent {
namespace {

namespace fs = std::filesystem;
using boost::asio::local::stream_protocol;

constexpr std::size_t kMaxRequest = 256;
constexpr std::size_t kMaxReply = 1024 * 1024;
constexpr std::chrono::seconds kClientTimeout{10};

// A blocking connection to `path`, or -1 with errno set.
int connect_to(const std::string& path) {
  sockaddr_un addr{};
  if (path.size() >= sizeof(addr.sun_path)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

// Makes room for the socket: a stale one (agent killed) is removed, a live one is an error.
void clear_stale(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;
  if (!S_ISSOCK(st.st_mode)) {
    throw std::runtime_error(
        fmt::format("control socket {} exists and is not a socket; remove it or set "
                    "control_socket to another path",
                    path));
  }
  if (int fd = connect_to(path); fd >= 0) {
    ::close(fd);
    throw std::runtime_error(
        fmt::format("another nutmqtt-shutdown-agent is already running (it listens on {})", path));
  }
  ::unlink(path.c_str());
}

void make_private_dir(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec)) return;
  fs::create_directories(dir, ec);
  if (ec) {
    throw std::runtime_error(
        fmt::format("cannot create the directory {} for the control socket: "
                    "{}",
                    dir.string(), ec.message()));
  }
  fs::permissions(dir, fs::perms::owner_all, ec);
}

}  // namespace

control_socket::control_socket(boost::asio::io_context& io, std::string path,
                               request_handler handler)
    : io_(io), path_(std::move(path)), handler_(std::move(handler)), acceptor_(io) {}

control_socket::~control_socket() {
  close();
}

void control_socket::open() {
  make_private_dir(fs::path(path_).parent_path());
  clear_stale(path_);
  boost::system::error_code ec;
  acceptor_.open(stream_protocol(), ec);
  // The socket file is created owner-only from the start, not chmod-ed after a window.
  const mode_t old_mask = ::umask(0077);
  if (!ec) acceptor_.bind(stream_protocol::endpoint(path_), ec);
  ::umask(old_mask);
  if (!ec) acceptor_.listen(8, ec);
  if (ec) {
    acceptor_.close(ec);
    throw std::runtime_error(
        fmt::format("cannot listen on the control socket {}: {}", path_, ec.message()));
  }
  ::chmod(path_.c_str(), 0600);
  open_ = true;
  accept();
}

void control_socket::close() {
  if (!open_) return;
  open_ = false;
  boost::system::error_code ec;
  acceptor_.close(ec);
  ::unlink(path_.c_str());
  // Ends their reads, whose handlers cancel their timers.
  for (const auto& client : clients_) {
    if (auto s = client.lock()) s->close(ec);
  }
  clients_.clear();
}

void control_socket::accept() {
  acceptor_.async_accept([this](const boost::system::error_code& ec, stream_protocol::socket s) {
    if (!open_) return;
    if (!ec) serve(std::make_shared<stream_protocol::socket>(std::move(s)));
    accept();
  });
}

void control_socket::serve(std::shared_ptr<stream_protocol::socket> s) {
  std::erase_if(clients_, [](const auto& client) { return client.expired(); });
  clients_.push_back(s);
  auto buffer = std::make_shared<boost::asio::streambuf>(kMaxRequest);
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, kClientTimeout);
  // A client that never finishes its line is cut off: closing the socket ends the read.
  timer->async_wait([s](const boost::system::error_code& ec) {
    if (ec) return;
    boost::system::error_code ignored;
    s->close(ignored);
  });
  boost::asio::async_read_until(
      *s, *buffer, '\n',
      [this, s, buffer, timer](const boost::system::error_code& ec, std::size_t n) {
        timer->cancel();
        if (!open_ || ec) return;
        std::string line(boost::asio::buffers_begin(buffer->data()),
                         boost::asio::buffers_begin(buffer->data()) + static_cast<long>(n - 1));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto reply = std::make_shared<std::string>(handler_(line) + "\n");
        boost::asio::async_write(*s, boost::asio::buffer(*reply),
                                 [s, reply](const boost::system::error_code&, std::size_t) {
                                   boost::system::error_code ignored;
                                   s->close(ignored);
                                 });
      });
}

std::string request_control(const std::string& path, const std::string& request) {
  int fd = connect_to(path);
  if (fd < 0) {
    throw std::runtime_error(fmt::format(
        "no nutmqtt-shutdown-agent is running: cannot connect to its control socket {} ({}). "
        "Check that the agent runs, and that control_socket (or ${}) names the same path",
        path, std::strerror(errno), "NUTMQTT_CONTROL_SOCKET"));
  }
  timeval tv{kClientTimeout.count(), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  const std::string line = request + "\n";
  std::string reply;
  if (::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size())) {
    // The agent closes the connection after its reply.
    char buffer[4096];
    ssize_t n = 0;
    while (reply.size() < kMaxReply && (n = ::read(fd, buffer, sizeof(buffer))) > 0)
      reply.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (!reply.empty() && reply.back() == '\n') reply.pop_back();
  if (reply.empty()) {
    throw std::runtime_error(fmt::format("the agent at {} did not answer", path));
  }
  return reply;
}

}  // namespace nutmqtt::agent

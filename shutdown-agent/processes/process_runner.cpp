#include "shutdown-agent/processes/process_runner.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include "common/duration.hpp"

extern char** environ;

namespace nutmqtt::agent {
namespace {

// Output lines longer than this are split: a runaway script must not grow our memory.
constexpr std::size_t kMaxLine = 4096;

struct spawn_setup {
  posix_spawn_file_actions_t actions{};
  posix_spawnattr_t attr{};
  spawn_setup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~spawn_setup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  spawn_setup(const spawn_setup&) = delete;
  spawn_setup& operator=(const spawn_setup&) = delete;
};

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Spawns `r` with stdout and stderr on `out_fd`; returns the pid or sets `error`.
pid_t spawn(process_request& r, int out_fd, std::string& error) {
  spawn_setup s;
  posix_spawn_file_actions_addopen(&s.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&s.actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&s.actions, out_fd, STDERR_FILENO);
  // Nothing else of the agent's: a script holding its control socket would make a restarted
  // agent believe another one runs, and one holding its MQTT connection would delay its last
  // will, for as long as the script runs.
  posix_spawn_file_actions_addclosefrom_np(&s.actions, STDERR_FILENO + 1);
  // Its own process group, so that a time limit ends whatever the script started too; default
  // signal handling and an empty mask, whatever the agent itself uses.
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGCHLD, SIGPIPE, SIGTERM, SIGINT, SIGHUP})
    sigaddset(&defaults, sig);
  posix_spawnattr_setflags(&s.attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&s.attr, 0);
  posix_spawnattr_setsigmask(&s.attr, &none);
  posix_spawnattr_setsigdefault(&s.attr, &defaults);
  auto argv = pointers(r.argv);
  auto envp = pointers(r.env);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &s.actions, &s.attr, argv.data(), envp.data());
  if (rc != 0) {
    error = fmt::format("cannot run {}: {}", r.argv[0], std::strerror(rc));
    return -1;
  }
  return pid;
}

}  // namespace

std::string process_result::describe() const {
  if (!error.empty()) return error;
  std::string limit = timed_out ? " after its time limit" : "";
  if (signal != 0)
    return fmt::format("killed by signal {} ({}){}", signal, strsignal(signal), limit);
  return fmt::format("exit status {}{}", exit_code, limit);
}

struct process_runner::child {
  child(boost::asio::io_context& io, int fd) : output(io, fd), timer(io), drain(io) {}
  pid_t pid = -1;
  boost::asio::posix::stream_descriptor output;
  boost::asio::steady_timer timer;
  boost::asio::steady_timer drain;
  std::array<char, 1024> buffer{};
  std::string partial;
  line_handler on_line;
  exit_handler on_exit;
  process_result result;
  bool reaped = false;
  bool eof = false;
  bool finished = false;
};

process_runner::process_runner(boost::asio::io_context& io) : io_(io), sigchld_(io, SIGCHLD) {
  wait_signal();
}

process_runner::~process_runner() {
  stop();
}

void process_runner::stop() {
  if (stopped_) return;
  stopped_ = true;
  boost::system::error_code ignored;
  sigchld_.cancel(ignored);
  for (auto& [pid, c] : children_) {
    c->timer.cancel();
    c->drain.cancel();
    c->output.close(ignored);
  }
  children_.clear();
}

pid_t process_runner::start(process_request r, line_handler on_line, exit_handler on_exit) {
  int fds[2];
  std::string error;
  pid_t pid = -1;
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    error = fmt::format("cannot create a pipe: {}", std::strerror(errno));
  } else {
    pid = spawn(r, fds[1], error);
    ::close(fds[1]);
    if (pid < 0) ::close(fds[0]);
  }
  if (pid < 0) {
    process_result failed;
    failed.error = error;
    boost::asio::post(io_, [on_exit = std::move(on_exit), failed] { on_exit(failed); });
    return -1;
  }
  auto c = std::make_shared<child>(io_, fds[0]);
  c->pid = pid;
  c->on_line = std::move(on_line);
  c->on_exit = std::move(on_exit);
  children_.emplace(pid, c);
  if (r.timeout) arm_timeout(c, *r.timeout, SIGTERM);
  read_output(c);
  // The child may have ended before it was in the table.
  boost::asio::post(io_, [this] {
    if (!stopped_) reap();
  });
  return pid;
}

void process_runner::wait_signal() {
  sigchld_.async_wait([this](const boost::system::error_code& ec, int) {
    if (stopped_ || ec) return;
    reap();
    wait_signal();
  });
}

void process_runner::reap() {
  std::vector<std::shared_ptr<child>> done;
  for (auto& [pid, c] : children_) {
    if (c->reaped) continue;
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) != pid) continue;
    c->reaped = true;
    if (WIFEXITED(status)) c->result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) c->result.signal = WTERMSIG(status);
    c->timer.cancel();
    done.push_back(c);
  }
  for (auto& c : done) {
    if (c->eof) {
      finish(c);
      continue;
    }
    c->drain.expires_after(kDrainTime);
    c->drain.async_wait([this, c](const boost::system::error_code& ec) {
      if (stopped_ || ec) return;
      finish(c);
    });
  }
}

void process_runner::arm_timeout(const std::shared_ptr<child>& c, std::chrono::milliseconds after,
                                 int sig) {
  c->timer.expires_after(after);
  c->timer.async_wait([this, c, sig](const boost::system::error_code& ec) {
    if (stopped_ || ec || c->reaped) return;
    c->result.timed_out = true;
    ::kill(-c->pid, sig);
    if (sig != SIGKILL) arm_timeout(c, kKillGrace, SIGKILL);
  });
}

void process_runner::read_output(const std::shared_ptr<child>& c) {
  c->output.async_read_some(boost::asio::buffer(c->buffer),
                            [this, c](const boost::system::error_code& ec, std::size_t n) {
                              if (stopped_ || c->finished) return;
                              for (std::size_t i = 0; i < n; ++i) {
                                char ch = c->buffer[i];
                                if (ch != '\n' && c->partial.size() < kMaxLine) {
                                  c->partial += ch;
                                  continue;
                                }
                                c->on_line(c->partial);
                                c->partial = ch == '\n' ? "" : std::string(1, ch);
                              }
                              if (!ec) {
                                read_output(c);
                                return;
                              }
                              if (!c->partial.empty()) c->on_line(c->partial);
                              c->partial.clear();
                              c->eof = true;
                              if (c->reaped) finish(c);
                            });
}

void process_runner::finish(const std::shared_ptr<child>& c) {
  if (c->finished) return;
  c->finished = true;
  c->drain.cancel();
  boost::system::error_code ignored;
  c->output.close(ignored);
  children_.erase(c->pid);
  c->on_exit(c->result);
}

std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  auto name_of = [](std::string_view entry) { return entry.substr(0, entry.find('=')); };
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    bool replaced = false;
    for (const auto& x : extra)
      replaced = replaced || name_of(x) == name_of(entry);
    if (!replaced) out.emplace_back(entry);
  }
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

}  // namespace nutmqtt::agent

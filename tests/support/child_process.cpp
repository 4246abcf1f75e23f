#include "support/child_process.hpp"

#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "support/temp_dir.hpp"

extern char** environ;

namespace nutmqtt::test {
namespace {

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : extra) {
    if (v.empty()) {
      env.erase(k);
    } else {
      env[k] = v;
    }
  }
  std::vector<std::string> out;
  for (const auto& [k, v] : env)
    out.push_back(k + "=" + v);
  return out;
}

int decode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

child_process::child_process(std::vector<std::string> argv, std::filesystem::path log,
                             std::map<std::string, std::string> env)
    : log_(std::move(log)) {
  std::vector<char*> args;
  for (auto& a : argv)
    args.push_back(a.data());
  args.push_back(nullptr);
  auto env_strings = merged_environment(env);
  std::vector<char*> envp;
  for (auto& e : env_strings)
    envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so that a terminal's Ctrl-C reaches only the test runner.
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  int rc = posix_spawnp(&pid_, args[0], &actions, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  }
}

child_process::~child_process() {
  if (pid_ > 0 && !status_) stop(std::chrono::seconds(3));
}

child_process::child_process(child_process&& other) noexcept
    : pid_(other.pid_),
      status_(other.status_),
      cpu_seconds_(other.cpu_seconds_),
      log_(std::move(other.log_)) {
  other.pid_ = -1;
}

child_process& child_process::operator=(child_process&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0 && !status_) stop(std::chrono::seconds(3));
    pid_ = other.pid_;
    status_ = other.status_;
    cpu_seconds_ = other.cpu_seconds_;
    log_ = std::move(other.log_);
    other.pid_ = -1;
  }
  return *this;
}

bool child_process::reap(bool block) {
  if (pid_ <= 0 || status_) return true;
  int status = 0;
  rusage usage{};
  pid_t r = ::wait4(pid_, &status, block ? 0 : WNOHANG, &usage);
  if (r == pid_) {
    status_ = decode(status);
    auto seconds = [](const timeval& tv) {
      return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    cpu_seconds_ = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    return true;
  }
  return false;
}

bool child_process::running() {
  return pid_ > 0 && !reap(false);
}

void child_process::signal(int sig) {
  if (running()) ::kill(pid_, sig);
}

void child_process::signal_group(int sig) {
  if (running()) ::kill(-pid_, sig);
}

std::optional<int> child_process::wait_exit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!reap(false)) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_;
}

int child_process::stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return -1;
  if (!status_) {
    ::kill(pid_, SIGCONT);  // a stopped process cannot act on SIGTERM
    ::kill(pid_, SIGTERM);
    if (!wait_exit(grace)) {
      ::kill(pid_, SIGKILL);
      reap(true);
    }
  }
  return status_.value_or(-1);
}

std::string child_process::log() const {
  return read_file(log_);
}

run_result run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
               const std::map<std::string, std::string>& env) {
  temp_dir dir;
  auto out = dir / "output";
  child_process p(argv, out, env);
  run_result r;
  if (auto status = p.wait_exit(timeout)) {
    r.status = *status;
  } else {
    r.status = p.stop(std::chrono::seconds(1));
  }
  r.output = read_file(out);
  return r;
}

}  // namespace nutmqtt::test

#include "support/daemon_process.hpp"

#include "support/wait.hpp"

namespace nutmqtt::test {
namespace {

std::function<void(const std::string&)>& undrained_report() {
  static std::function<void(const std::string&)> report;
  return report;
}

}  // namespace

void on_undrained_daemon(std::function<void(const std::string& name)> report) {
  undrained_report() = std::move(report);
}

std::string program_path(const std::string& name) {
  return std::string(NUTMQTT_BIN_DIR) + "/" + name;
}

daemon_process::daemon_process(const temp_dir& dir, std::string name, std::string program,
                               std::string config, std::vector<std::string> args,
                               std::map<std::string, std::string> env)
    : dir_(dir),
      name_(std::move(name)),
      program_(std::move(program)),
      args_(std::move(args)),
      env_(std::move(env)) {
  dir_.write(name_ + ".yaml", config);
  start();
}

void daemon_process::start() {
  std::vector<std::string> argv = {program_path(program_), "-c",
                                   (dir_ / (name_ + ".yaml")).string(), "--log-level", "debug"};
  argv.insert(argv.end(), args_.begin(), args_.end());
  process_ = std::make_unique<child_process>(argv, dir_ / (name_ + ".log"), env_);
}

daemon_process::~daemon_process() {
  stop();
}

int daemon_process::stop() {
  if (!process_) return -1;
  const int status = process_->stop();
  // common/daemon.cpp's words for work left outstanding after the daemon stopped, whether a
  // test stopped it or it left by itself (the agent after its shutdown command). Once.
  if (!undrained_reported_ && log().find("did not drain") != std::string::npos &&
      undrained_report()) {
    undrained_reported_ = true;
    undrained_report()(name_);
  }
  return status;
}

std::string daemon_process::log() const {
  return read_file(dir_ / (name_ + ".log"));
}

bool daemon_process::wait_for_log(const std::string& text, std::chrono::milliseconds timeout) {
  return wait_until([&] { return log().find(text) != std::string::npos; }, timeout, 50ms);
}

bool daemon_process::wait_for_log_count(const std::string& text, std::size_t n,
                                        std::chrono::milliseconds timeout) {
  return wait_until([&] { return count_in_log(text) >= n; }, timeout, 50ms);
}

std::size_t daemon_process::count_in_log(const std::string& text) const {
  std::string l = log();
  std::size_t n = 0;
  for (auto pos = l.find(text); pos != std::string::npos; pos = l.find(text, pos + 1))
    ++n;
  return n;
}

}  // namespace nutmqtt::test

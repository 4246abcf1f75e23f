#include "bench/upsmon_watcher.hpp"

#include <csignal>
#include <stdexcept>
#include <unistd.h>

#include <fmt/format.h>

#include "bench/interrupt.hpp"
#include "bench/proc_stats.hpp"

namespace nutmqtt::bench {
namespace {

using namespace std::chrono_literals;

const std::filesystem::path kPidFile = "/run/nut/upsmon.pid";

std::optional<pid_t> pid_in_file() {
  auto text = test::read_file(kPidFile);
  try {
    return static_cast<pid_t>(std::stoi(text));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool is_upsmon(pid_t pid) {
  auto comm = test::read_file("/proc/" + std::to_string(pid) + "/comm");
  return comm.rfind("upsmon", 0) == 0;
}

}  // namespace

upsmon_files upsmon_configuration(const std::string& ups, const std::string& user,
                                  const std::string& password, const std::filesystem::path& dir,
                                  const std::filesystem::path& cmdscript,
                                  const std::string& shutdown) {
  upsmon_files f;
  // Nothing but what a netclient needs: POLLFREQ, POLLFREQALERT, DEADTIME and the rest keep
  // NUT's defaults. Only the two events of the benchmark go to upssched.
  f.upsmon_conf = fmt::format(
      "MONITOR {} 1 {} {} secondary\n"
      "MINSUPPLIES 1\n"
      "SHUTDOWNCMD \"{}\"\n"
      "NOTIFYCMD /usr/sbin/upssched\n"
      "NOTIFYFLAG ONBATT EXEC\n"
      "NOTIFYFLAG ONLINE EXEC\n"
      "POWERDOWNFLAG {}/killpower\n",
      ups, user, password, shutdown, dir.string());
  f.upssched_conf = fmt::format(
      "CMDSCRIPT {}\n"
      "PIPEFN {}/upssched.pipe\n"
      "LOCKFN {}/upssched.lock\n"
      "AT ONBATT * EXECUTE onbatt\n"
      "AT ONLINE * EXECUTE online\n",
      cmdscript.string(), dir.string(), dir.string());
  return f;
}

upsmon_watcher::upsmon_watcher(const test::temp_dir& dir, const std::string& ups,
                               const std::string& user, const std::string& password,
                               const std::filesystem::path& cmdscript,
                               const std::filesystem::path& shutdown_marker)
    : dir_(dir) {
  std::filesystem::create_directories(dir_ / "upsmon-state");
  auto files = upsmon_configuration(ups, user, password, dir_ / "upsmon-state", cmdscript,
                                    shutdown_marker.string() + " upsmon");
  dir_.write("upsmon-etc/upsmon.conf", files.upsmon_conf);
  dir_.write("upsmon-etc/upssched.conf", files.upssched_conf);
}

upsmon_watcher::~upsmon_watcher() {
  stop();
}

void upsmon_watcher::start() {
  if (auto other = pid_in_file(); other && ::kill(*other, 0) == 0 && is_upsmon(*other)) {
    throw std::runtime_error(fmt::format(
        "another upsmon runs (pid {} in {}); NUT 2.8.0's upsmon always uses that file, so only "
        "one can run: stop it and run the benchmark again",
        *other, kPidFile.string()));
  }
  std::error_code ec;
  std::filesystem::create_directories(kPidFile.parent_path(), ec);
  const auto state = (dir_ / "upsmon-state").string();
  std::vector<std::string> argv = {"/lib/nut/upsmon", "-F"};
  if (::geteuid() == 0) argv.insert(argv.end(), {"-u", "root"});
  process_ = std::make_unique<test::child_process>(
      argv, dir_ / "upsmon.log",
      std::map<std::string, std::string>{{"NUT_CONFPATH", (dir_ / "upsmon-etc").string()},
                                         {"NUT_STATEPATH", state},
                                         {"NUT_ALTPIDPATH", state}});
  const pid_t parent = process_->pid();
  if (!wait_until(
          [&] {
            auto children = children_of(parent);
            if (!children.empty()) monitor_ = children.front();
            return monitor_.has_value() || !process_->running();
          },
          10s) ||
      !monitor_) {
    throw std::runtime_error("upsmon did not start: " + log());
  }
}

void upsmon_watcher::stop() {
  if (!process_) return;
  // The monitoring child first: the privileged parent exits when its pipe closes.
  if (monitor_) ::kill(*monitor_, SIGTERM);
  process_->stop();
  if (monitor_) {
    for (int i = 0; i < 50 && ::kill(*monitor_, 0) == 0; ++i)
      ::usleep(20000);
    if (::kill(*monitor_, 0) == 0 && is_upsmon(*monitor_)) ::kill(*monitor_, SIGKILL);
    // upsmon 2.8.0 leaves its pid file behind; remove it only when it is still ours.
    if (pid_in_file() == monitor_) std::filesystem::remove(kPidFile);
  }
  process_.reset();
  monitor_.reset();
}

pid_t upsmon_watcher::parent_pid() const {
  return process_ ? process_->pid() : -1;
}

std::string upsmon_watcher::log() const {
  return test::read_file(dir_ / "upsmon.log");
}

}  // namespace nutmqtt::bench

#include "support/nut_server.hpp"

#include <filesystem>
#include <signal.h>
#include <stdexcept>
#include <thread>
#include <unistd.h>

#include "support/listener.hpp"
#include "support/net.hpp"
#include "support/wait.hpp"

namespace nutmqtt::test {
namespace {

const char* run_as_args() {
  return ::geteuid() == 0 ? "root" : nullptr;
}

}  // namespace

std::string dev_text(const std::vector<std::pair<std::string, std::string>>& vars) {
  std::string out;
  for (const auto& [k, v] : vars)
    out += k + ": " + v + "\n";
  return out;
}

std::string fixture(const std::string& relative_path) {
  auto p = std::filesystem::path(NUTMQTT_TEST_FIXTURES) / relative_path;
  if (!std::filesystem::exists(p)) throw std::runtime_error("no fixture " + p.string());
  return read_file(p);
}

nut_server::nut_server(options opts)
    : opts_(std::move(opts)), port_(opts_.port > 0 ? opts_.port : free_port()) {
  std::filesystem::create_directories(dir_ / "state");
  std::string ups_conf;
  for (const auto& u : opts_.ups) {
    ups_conf += "[" + u.name + "]\n  driver = dummy-ups\n  port = " + u.name + ".dev\n" +
                "  desc = \"" + u.desc + "\"\n";
    dir_.write("etc/" + u.name + ".dev", u.dev);
  }
  dir_.write("etc/ups.conf", ups_conf);
  write_upsd_conf();
  dir_.write("etc/upsd.users", std::string("[") + kAdminUser + "]\n  password = " + kAdminPassword +
                                   "\n  actions = SET\n  actions = FSD\n  instcmds = ALL\n"
                                   "  upsmon primary\n[" +
                                   kMonitorUser + "]\n  password = " + kMonitorPassword +
                                   "\n  upsmon secondary\n" + opts_.extra_users);
}

void nut_server::write_upsd_conf() {
  dir_.write("etc/upsd.conf", "LISTEN 127.0.0.1 " + std::to_string(port_) + "\nMAXAGE " +
                                  std::to_string(opts_.maxage) + "\n" + opts_.extra_upsd_conf);
}

nut_server::~nut_server() {
  if (upsd_) upsd_->stop();
  for (auto& [name, d] : drivers_) {
    if (d) d->stop();
  }
}

std::map<std::string, std::string> nut_server::env() const {
  auto state = (dir_ / "state").string();
  return {{"NUT_CONFPATH", (dir_ / "etc").string()},
          {"NUT_STATEPATH", state},
          {"NUT_ALTPIDPATH", state}};
}

void nut_server::start() {
  for (const auto& u : opts_.ups)
    start_driver(u.name);
  start_upsd();
}

void nut_server::start_driver(const std::string& ups) {
  std::vector<std::string> argv = {"/lib/nut/dummy-ups", "-a", ups, "-F"};
  if (const char* user = run_as_args()) {
    argv.insert(argv.end(), {"-u", user});
  }
  auto socket = dir_ / ("state/dummy-ups-" + ups);
  std::filesystem::remove(socket);
  drivers_[ups] = std::make_unique<child_process>(argv, dir_ / ("driver-" + ups + ".log"), env());
  if (!wait_until([&] { return std::filesystem::exists(socket); }, 10s)) {
    throw std::runtime_error("dummy-ups for " + ups + " did not start: " + drivers_[ups]->log());
  }
  if (upsd_ && upsd_->running()) {
    // upsd reconnects to a restarted driver on its own; wait until the data flows again.
    wait_until([&] { return ups_ready(ups); }, 15s, 100ms);
  }
}

void nut_server::stop_driver(const std::string& ups) {
  if (auto it = drivers_.find(ups); it != drivers_.end() && it->second) it->second->stop();
}

void nut_server::pause_driver(const std::string& ups) {
  drivers_.at(ups)->signal(SIGSTOP);
}
void nut_server::resume_driver(const std::string& ups) {
  drivers_.at(ups)->signal(SIGCONT);
}

void nut_server::start_upsd() {
  std::vector<std::string> argv = {"/lib/nut/upsd", "-F"};
  if (const char* user = run_as_args()) argv.insert(argv.end(), {"-u", user});
  // Listening, and the listener is this upsd: not another's that took the port meanwhile.
  upsd_ = start_listening("upsd", port_, !port_fixed_, [&](int port) {
    port_ = port;
    write_upsd_conf();
    return std::make_unique<child_process>(argv, dir_ / "upsd.log", env());
  });
  port_fixed_ = true;
  for (const auto& u : opts_.ups) {
    if (drivers_.count(u.name) && drivers_[u.name]->running() &&
        !wait_until([&] { return ups_ready(u.name); }, 20s, 50ms)) {
      line_client c(port_, 2s);
      throw std::runtime_error(
          "upsd on " + address() + " has no data for " + u.name +
          " (GET VAR says: " + c.request("GET VAR " + u.name + " ups.status").value_or("nothing") +
          "); upsd log: " + upsd_->log() + "; driver log: " + drivers_[u.name]->log());
    }
  }
}

void nut_server::stop_upsd() {
  if (upsd_) upsd_->stop();
  upsd_.reset();
}

void nut_server::kill_upsd() {
  if (upsd_) upsd_->signal(SIGKILL);
  if (upsd_) upsd_->wait_exit(5s);
  upsd_.reset();
}

bool nut_server::ups_ready(const std::string& ups) {
  line_client c(port_, 2s);
  auto reply = c.request("GET VAR " + ups + " ups.status");
  if (!reply || reply->rfind("VAR ", 0) != 0 || reply->find("\"WAIT\"") != std::string::npos) {
    return false;
  }
  // dummy-ups marks its variables writable a moment after upsd first serves them; tests
  // change the UPS with upsrw, so ready means writable.
  auto type = c.request("GET TYPE " + ups + " ups.status");
  return type && type->find(" RW") != std::string::npos;
}

void nut_server::set_var(const std::string& ups, const std::string& var, const std::string& value) {
  auto r = run({"upsrw", "-s", var + "=" + value, "-u", kAdminUser, "-p", kAdminPassword,
                ups + "@" + address()},
               10s);
  if (r.status != 0) throw std::runtime_error("upsrw failed: " + r.output);
}

std::string nut_server::get_var(const std::string& ups, const std::string& var) {
  line_client c(port_, 2s);
  auto reply = c.request("GET VAR " + ups + " " + var);
  if (!reply) return "";
  std::string prefix = "VAR " + ups + " " + var + " \"";
  if (reply->rfind(prefix, 0) == 0 && reply->size() > prefix.size()) {
    return reply->substr(prefix.size(), reply->size() - prefix.size() - 1);
  }
  return *reply;
}

int nut_server::numlogins(const std::string& ups) {
  line_client c(port_, 2s);
  auto reply = c.request("GET NUMLOGINS " + ups);
  std::string prefix = "NUMLOGINS " + ups + " ";
  if (!reply || reply->rfind(prefix, 0) != 0) return -1;
  return std::stoi(reply->substr(prefix.size()));
}

void nut_server::set_fsd(const std::string& ups) {
  line_client c(port_, 5s);
  c.request(std::string("USERNAME ") + kAdminUser);
  c.request(std::string("PASSWORD ") + kAdminPassword);
  auto reply = c.request("FSD " + ups);
  if (!reply || reply->rfind("OK", 0) != 0) {
    throw std::runtime_error("FSD refused: " + reply.value_or("(no reply)"));
  }
}

void nut_server::rewrite_dev(const std::string& ups, const std::string& dev) {
  auto path = dir_ / ("etc/" + ups + ".dev");
  auto before = std::filesystem::last_write_time(path);
  dir_.write("etc/" + ups + ".dev", dev);
  // dummy-ups notices the change by mtime; make sure it moved even within one second.
  std::filesystem::last_write_time(path, before + std::chrono::seconds(2));
}

}  // namespace nutmqtt::test

#include "differential/rig.hpp"

#include <signal.h>
#include <stdexcept>

#include <fmt/format.h>

#include "differential/compare.hpp"
#include "support/wait.hpp"

namespace nutmqtt::differential {
namespace {

using namespace std::chrono_literals;

constexpr auto kExecutable = std::filesystem::perms::owner_all;

// Every event type the bridge publishes, and the agent's SHUTDOWN.
constexpr const char* kAgentTypes[] = {
    "ONLINE",   "ONBATT", "LOWBATT",  "FSD",      "COMMOK",   "COMMBAD", "NOCOMM",
    "REPLBATT", "CAL",    "NOTCAL",   "OFF",      "NOTOFF",   "BYPASS",  "NOTBYPASS",
    "ECO",      "NOTECO", "ALARM",    "NOTALARM", "OVER",     "NOTOVER", "TRIM",
    "NOTTRIM",  "BOOST",  "NOTBOOST", "OTHER",    "NOTOTHER", "SHUTDOWN"};

// A CMDSCRIPT that records its argument (the event type) with the time.
std::string recorder(const std::filesystem::path& events) {
  return fmt::format("#!/bin/sh\necho \"$(date +%s.%N) $1\" >> \"{}\"\n", events.string());
}

test::nut_server::options nut_options(const settings& s) {
  test::nut_server::options o;
  o.ups.push_back({rig::kUps,
                   "ups.status: OL\nbattery.charge: 100\nbattery.runtime: 1800\n"
                   "ups.alarm: n/a\n",
                   "UPS of the differential test"});
  o.maxage = s.maxage_s;
  return o;
}

}  // namespace

rig::rig(const settings& s, const std::string& upsmon_version)
    : settings_(s), nut_(nut_options(s)), broker_([] {
        test::mosquitto_broker::options o;
        o.persistence = true;  // the agent's session and the retained state survive a restart
        o.start = false;
        return o;
      }()) {
  write_upsmon_files(upsmon_version);
  dir_.write("record-agent", recorder(dir_ / "agent.events"), kExecutable);
  dir_.write("shutdown",
             fmt::format("#!/bin/sh\necho \"$(date +%s.%N)\" >> \"{}/$1.shutdown\"\n",
                         dir_.path().string()),
             kExecutable);
  std::filesystem::create_directories(dir_ / "run");
}

rig::~rig() = default;

void rig::write_upsmon_files(const std::string& version) {
  std::string conf = fmt::format(
      "RUN_AS_USER root\nMONITOR {}@127.0.0.1:{} 1 {} {} secondary\nMINSUPPLIES 1\n"
      "SHUTDOWNCMD \"{} upsmon\"\nNOTIFYCMD /usr/sbin/upssched\nPOLLFREQ 1\nPOLLFREQALERT 1\n"
      "DEADTIME {}\nFINALDELAY {}\nHOSTSYNC {}\nNOCOMMWARNTIME {}\nRBWARNTIME 43200\n"
      "POWERDOWNFLAG {}\n",
      kUps, nut_.port(), test::nut_server::kMonitorUser, test::nut_server::kMonitorPassword,
      (dir_ / "shutdown").string(), settings_.deadtime_s, settings_.finaldelay_s,
      settings_.hostsync_s, settings_.nocomm_s, (dir_ / "killpower").string());
  if (!version.starts_with("2.8.0")) {
    // The agent runs with these (see agent_yaml); 2.8.0 knows none of them.
    conf += "OFFDURATION -1\nOVERDURATION -1\nOBLBDURATION 0\nALARMCRITICAL 0\n";
  }
  std::string sched =
      fmt::format("CMDSCRIPT {}\nPIPEFN {}\nLOCKFN {}\n", (dir_ / "record-upsmon").string(),
                  (dir_ / "state/upssched.pipe").string(), (dir_ / "state/upssched.lock").string());
  for (const auto& type : upsmon_notify_types(version)) {
    conf += fmt::format("NOTIFYFLAG {} EXEC\n", type);
    sched += fmt::format("AT {0} * EXECUTE {0}\n", type);
  }
  dir_.write("etc/upsmon.conf", conf);
  dir_.write("etc/upssched.conf", sched);
  dir_.write("record-upsmon", recorder(dir_ / "upsmon.events"), kExecutable);
  std::filesystem::create_directories(dir_ / "state");
}

std::string rig::bridge_yaml() const {
  return fmt::format(R"(bridge: {{ id: diff }}
mqtt: {{ url: "{}", keepalive: 5s }}
poll: {{ status_interval: 1s, vars_interval: 5s, timeout: 2s }}
events: {{ nocomm_interval: {}s }}
nut:
  - host: 127.0.0.1
    port: {}
    ups: [ {{ name: {}, id: {} }} ]
)",
                     broker_.url(), settings_.nocomm_s, nut_.port(), kUps, kUps);
}

std::string rig::agent_yaml() const {
  std::string rules;
  for (const auto* type : kAgentTypes)
    rules += fmt::format("  - {{ at: {0}, execute: {0} }}\n", type);
  // The upsmon-parity settings are those of upsmon 2.8.0, which has no OFFDURATION,
  // OVERDURATION, OBLBDURATION nor ALARMCRITICAL (it behaves as never, never, 0 and off).
  return fmt::format(R"(agent: {{ id: diff }}
mqtt: {{ url: "{}", keepalive: 5s }}
monitor: [ {{ ups: {}, power_value: 1 }} ]
min_supplies: 1
cmdscript: {}
rules:
{}critical:
  enabled: true
  deadtime: {}s
  wait_for_primary: {}s
  oblb_duration: 0s
  off_duration: never
  over_duration: never
  alarm_critical: false
shutdown: {{ command: ["{}", "agent"], final_delay: {}s, exit_after: 0s }}
notify: {{ syslog: false }}
control_socket: {}
state_file: {}
)",
                     broker_.url(), kUps, (dir_ / "record-agent").string(), rules,
                     settings_.deadtime_s, settings_.hostsync_s, (dir_ / "shutdown").string(),
                     settings_.finaldelay_s, (dir_ / "run/agent.sock").string(),
                     (dir_ / "agent.state").string());
}

std::string rig::dev_file() const {
  return "ups.status: " + status_ + "\nbattery.charge: 100\nbattery.runtime: 1800\n" +
         "ups.alarm: n/a\n";
}

void rig::start() {
  nut_.start();
  broker_.start();
  bridge_ = std::make_unique<test::daemon_process>(dir_, "bridge", "nutmqtt-bridge", bridge_yaml());
  agent_ =
      std::make_unique<test::daemon_process>(dir_, "agent", "nutmqtt-shutdown-agent", agent_yaml());
  auto env = nut_.env();
  env["NUT_CONFPATH"] = (dir_ / "etc").string();
  env["NUT_STATEPATH"] = (dir_ / "state").string();
  env["NUT_ALTPIDPATH"] = (dir_ / "state").string();
  // upsmon 2.8.0 insists on /run/nut/upsmon.pid: each gets a /run/nut of its own, in a mount
  // namespace of its own, so that scenarios run side by side. -p: one process.
  upsmon_ = std::make_unique<test::child_process>(
      std::vector<std::string>{"unshare", "-m", "sh", "-c",
                               "mount -t tmpfs -o size=1m,mode=0770 nutmqtt-diff /run/nut && "
                               "exec \"$0\" \"$@\"",
                               "/lib/nut/upsmon", "-F", "-p", "-D"},
      dir_ / "upsmon.log", env);
  if (!test::wait_until([&] { return nut_.numlogins(kUps) >= 1; }, 20s, 100ms)) {
    throw std::runtime_error("upsmon did not log in: " + upsmon_->log());
  }
  if (!agent_->wait_for_log("read what the broker held", 20s)) {
    throw std::runtime_error("the agent never synchronised with the broker: " + agent_->log());
  }
  // Both (and the bridge) have polled a few times: neither announces the first OL.
  std::this_thread::sleep_for(3s);
}

void rig::set_status(const std::string& status) {
  status_ = status;
  nut_.set_var(kUps, "ups.status", status);
}

void rig::start_driver() {
  nut_.dir().write(std::string("etc/") + kUps + ".dev", dev_file());
  nut_.start_driver(kUps);
}

void rig::start_upsd() {
  nut_.stop_driver(kUps);
  start_driver();
  nut_.start_upsd();
}

void rig::kill_bridge() {
  bridge_->process().signal(SIGKILL);
  bridge_->process().wait_exit(5s);
}

void rig::start_bridge() {
  bridge_->start();
}

bool rig::upsmon_shut_down() const {
  return std::filesystem::exists(dir_ / "upsmon.shutdown");
}

bool rig::agent_shut_down() const {
  return std::filesystem::exists(dir_ / "agent.shutdown");
}

void rig::stop_and_collect(const std::filesystem::path& out) {
  if (upsmon_) upsmon_->stop();
  if (agent_) agent_->stop();
  if (bridge_) bridge_->stop();
  broker_.stop();
  std::filesystem::create_directories(out);
  const auto copy = [&](const std::filesystem::path& from, const std::string& name) {
    std::error_code ec;
    if (std::filesystem::exists(from, ec))
      std::filesystem::copy_file(from, out / name,
                                 std::filesystem::copy_options::overwrite_existing, ec);
  };
  for (const auto* name : {"upsmon.events", "agent.events", "upsmon.shutdown", "agent.shutdown",
                           "upsmon.log", "agent.log", "bridge.log", "agent.yaml", "bridge.yaml"})
    copy(dir_ / name, name);
  copy(dir_ / "etc/upsmon.conf", "upsmon.conf");
  copy(dir_ / "etc/upssched.conf", "upssched.conf");
  copy(broker_.dir() / "mosquitto.log", "mosquitto.log");
  copy(nut_.dir() / "upsd.log", "upsd.log");
  copy(nut_.dir() / (std::string("driver-") + kUps + ".log"), "driver.log");
}

}  // namespace nutmqtt::differential

#include "fault_matrix/service_plan.hpp"

#include <fmt/format.h>

#include "support/daemon_process.hpp"

namespace nutmqtt::fault_matrix {
namespace {

constexpr const char* kAdminUser = "admin";
constexpr const char* kAdminPassword = "adminpw";
constexpr const char* kMonitorUser = "monuser";  // Synology's
constexpr const char* kMonitorPassword = "secret";

std::string marker_script(const std::filesystem::path& dir) {
  return fmt::format("#!/bin/sh\necho \"$(date +%s.%N) $*\" >> \"{}\"\n",
                     (dir / kShutdownMarker).string());
}

std::map<std::string, std::string> nut_env(const std::filesystem::path& dir) {
  const auto state = (dir / "state").string();
  return {{"NUT_CONFPATH", (dir / "etc").string()},
          {"NUT_STATEPATH", state},
          {"NUT_ALTPIDPATH", state}};
}

// mqtt.url as YAML: one broker, or the list to fail over along.
std::string mqtt_url(const topology& t, const std::vector<std::string>& brokers) {
  std::vector<std::string> urls;
  for (const auto& b : brokers)
    urls.push_back(fmt::format("\"tcp://{}:{}\"", t.address_of(b), kMqttPort));
  if (urls.size() == 1) return urls.front();
  return fmt::format("[{}]", fmt::join(urls, ", "));
}

service_plan plan(const nut_server_spec& s, const topology& t, const plan_context& ctx) {
  const auto& host = t.host_of(s.name);
  service_plan p;
  p.files.push_back({"etc/ups.conf", fmt::format("[{0}]\n  driver = dummy-ups\n  port = {0}.dev\n"
                                                 "  desc = \"UPS of the fault matrix\"\n",
                                                 s.ups)});
  p.files.push_back({"etc/" + s.ups + ".dev",
                     "ups.status: OL\nbattery.charge: 100\nbattery.runtime: 1800\n"
                     "input.voltage: 230.0\n"});
  // Loopback for the test's own upsrw; the LAN address for everyone else.
  p.files.push_back(
      {"etc/upsd.conf",
       fmt::format("LISTEN 127.0.0.1 {0}\nLISTEN {1} {0}\nMAXAGE 15\n", kNutPort, host.address)});
  p.files.push_back(
      {"etc/upsd.users",
       fmt::format("[{}]\n  password = {}\n  actions = SET\n  actions = FSD\n  instcmds = ALL\n"
                   "  upsmon primary\n[{}]\n  password = {}\n  upsmon secondary\n",
                   kAdminUser, kAdminPassword, kMonitorUser, kMonitorPassword)});
  p.files.push_back({"state/.keep", ""});
  const auto env = nut_env(ctx.dir);
  p.processes.push_back(
      {"dummy-ups", {"/lib/nut/dummy-ups", "-a", s.ups, "-F", "-u", "root"}, env});
  p.processes.push_back({"upsd", {"/lib/nut/upsd", "-F", "-u", "root"}, env});
  return p;
}

service_plan plan(const upsmon_primary_spec& s, const topology& t, const plan_context& ctx) {
  const auto& server_host = t.host(s.server);
  const bool local = t.host_of(s.name).name == server_host.name;
  std::string ups;
  for (const auto& svc : server_host.services)
    if (const auto* n = std::get_if<nut_server_spec>(&svc)) ups = n->ups;
  service_plan p;
  p.files.push_back({"shutdown", marker_script(ctx.dir), true});
  p.files.push_back(
      {"etc/upsmon.conf",
       fmt::format("MONITOR {}@{}:{} 1 {} {} primary\nMINSUPPLIES 1\nSHUTDOWNCMD \"{} primary\"\n"
                   "POLLFREQ 1\nPOLLFREQALERT 1\nDEADTIME 15\nFINALDELAY 0\nHOSTSYNC {}\n"
                   "POWERDOWNFLAG {}\nRUN_AS_USER root\n",
                   ups, local ? "127.0.0.1" : server_host.address, kNutPort, kAdminUser,
                   kAdminPassword, (ctx.dir / "shutdown").string(), s.hostsync_s,
                   (ctx.dir / "killpower").string())});
  p.files.push_back({"state/.keep", ""});
  // upsmon 2.8.0 insists on /run/nut/upsmon.pid: each primary gets a /run/nut of its own, in
  // the mount namespace `ip netns exec` made for it, so that cells run side by side. -p: one
  // process, whose pid is the one `upsmon -c fsd -P` signals.
  p.processes.push_back(
      {"upsmon",
       {"sh", "-c", "mount -t tmpfs -o size=1m,mode=0770 nutmqtt-fm /run/nut && exec \"$0\" \"$@\"",
        "/lib/nut/upsmon", "-F", "-p"},
       nut_env(ctx.dir)});
  return p;
}

service_plan plan(const broker_spec& s, const topology& t, const plan_context& ctx) {
  service_plan p;
  std::string conf =
      fmt::format("listener {} 0.0.0.0\nallow_anonymous true\nuser root\n", kMqttPort);
  if (s.persistence) {
    conf += fmt::format("persistence true\npersistence_location {}/\n", ctx.dir.string());
  }
  if (!s.join.empty()) {
    // docs/larger-sites.md's link: on one side only, the base topic both ways at QoS 1, a
    // session kept across drops. Its keepalive is the lab's (5 s, as every client's), so that
    // a silent peer is noticed within the same bounds.
    const auto name = broker_link(t.host_of(s.name).name, s.join);
    conf += fmt::format(
        "connection {0}\naddress {1}:{2}\nremote_clientid {0}\n"
        "bridge_protocol_version mqttv311\ncleansession false\nkeepalive_interval 5\n"
        "topic {3}/# both 1\n",
        name, t.address_of(s.join), kMqttPort, kBaseTopic);
  }
  conf +=
      "log_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\n"
      "log_type information\nconnection_messages true\nlog_timestamp_format %H:%M:%S\n";
  p.files.push_back({"mosquitto.conf", conf});
  p.processes.push_back(
      {"mosquitto", {"mosquitto", "-c", (ctx.dir / "mosquitto.conf").string()}, {}});
  return p;
}

service_plan plan(const bridge_spec& s, const topology& t, const plan_context& ctx) {
  std::string yaml = fmt::format(R"(bridge: {{ id: {} }}
mqtt: {{ url: {}, keepalive: {} }}
poll: {{ status_interval: {}, vars_interval: 5s, timeout: {} }}
shutdown: {{ hostsync: {} }}
)",
                                 s.id, mqtt_url(t, s.brokers), s.keepalive, s.status_interval,
                                 s.timeout, s.hostsync);
  if (s.sign) yaml += fmt::format("security: {{ sign_key_file: {} }}\n", ctx.key_file.string());
  yaml += "nut:\n";
  for (const auto& server : s.nut_servers) {
    std::string ups;
    for (const auto& svc : t.host(server).services)
      if (const auto* n = std::get_if<nut_server_spec>(&svc)) ups = n->ups;
    yaml += fmt::format(
        "  - host: {}\n    port: {}\n    username: {}\n    password: {}\n"
        "    ups: [ {{ name: {}, id: {}, login: {} }} ]\n",
        t.address_of(server), kNutPort, kMonitorUser, kMonitorPassword, ups, s.ups_id,
        s.login ? "true" : "false");
  }
  service_plan p;
  p.files.push_back({"bridge.yaml", yaml});
  std::map<std::string, std::string> env;
  if (!s.clock_offset.empty()) {
    // Only the wall clock is off, as on a host whose clock is wrong: the monotonic clock its
    // timers run on is left alone.
    env = {{"LD_PRELOAD", ctx.libfaketime},
           {"FAKETIME", s.clock_offset},
           {"FAKETIME_DONT_FAKE_MONOTONIC", "1"}};
  }
  p.processes.push_back({"nutmqtt-bridge",
                         {test::program_path("nutmqtt-bridge"), "-c",
                          (ctx.dir / "bridge.yaml").string(), "--log-level", "debug"},
                         env});
  return p;
}

std::string recording_cmdscript(const std::filesystem::path& dir, int onbatt_seconds) {
  return fmt::format(R"(#!/bin/sh
# Records every call; power-off and shutdowncritical shut down as config/upssched-cmd.example's do.
echo "$(date +%s.%N)|$1|$UPSNAME|$NOTIFYTYPE" >> "{}"
case "$1" in
  onbatt) sleep {} ;;
  power-off|shutdowncritical) exec "{}" --fsd ;;
esac
)",
                     (dir / kCalls).string(), onbatt_seconds,
                     test::program_path("nutmqtt-shutdown-agent"));
}

service_plan plan(const agent_spec& s, const topology& t, const plan_context& ctx) {
  std::string yaml =
      fmt::format(R"(agent: {{ id: {} }}
mqtt: {{ url: {}, keepalive: {} }}
monitor: [ {{ ups: {}, power_value: 1 }} ]
cmdscript: {}
rules:
  - {{ at: ONBATT,  ups: "*", execute: onbatt }}
  - {{ at: ONBATT,  ups: "*", start_timer: power-off, after: {} }}
  - {{ at: ONLINE,  ups: "*", cancel_timer: power-off }}
  - {{ at: ONLINE,  ups: "*", execute: power-on }}
  - {{ at: LOWBATT, ups: "*", execute: shutdowncritical }}
  - {{ at: COMMBAD, ups: "*", start_timer: upsgone, after: 30s }}
  - {{ at: COMMOK,  ups: "*", cancel_timer: upsgone }}
{}critical: {{ enabled: true, deadtime: {} }}
shutdown: {{ command: ["{}"], final_delay: {}, timers: [power-off] }}
notify: {{ syslog: false }}
control_socket: {}
)",
                  s.id, mqtt_url(t, s.brokers), s.keepalive, s.ups_id,
                  (ctx.dir / "upssched-cmd").string(), s.power_off,
                  s.record_comm ? "  - { at: COMMBAD, ups: \"*\", execute: commbad }\n"
                                  "  - { at: COMMOK,  ups: \"*\", execute: commok }\n"
                                : "",
                  s.deadtime, (ctx.dir / "shutdown").string(), s.final_delay,
                  (ctx.dir / "run/agent.sock").string());
  if (s.verify) yaml += fmt::format("security: {{ verify_key_file: {} }}\n", ctx.key_file.string());
  service_plan p;
  p.files.push_back({"agent.yaml", yaml});
  p.files.push_back({"upssched-cmd", recording_cmdscript(ctx.dir, s.onbatt_seconds), true});
  p.files.push_back({"shutdown", marker_script(ctx.dir), true});
  p.processes.push_back({"nutmqtt-shutdown-agent",
                         {test::program_path("nutmqtt-shutdown-agent"), "-c",
                          (ctx.dir / "agent.yaml").string(), "--log-level", "debug"},
                         {}});
  return p;
}

}  // namespace

service_plan plan_service(const service_spec& spec, const topology& t, const plan_context& ctx) {
  return std::visit([&](const auto& s) { return plan(s, t, ctx); }, spec);
}

std::string find_libfaketime() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib", ec)) {
    const auto candidate = entry.path() / "faketime/libfaketimeMT.so.1";
    if (std::filesystem::exists(candidate, ec)) return candidate.string();
  }
  return "";
}

}  // namespace nutmqtt::fault_matrix

#include "shutdown-agent/agent_config.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sys/un.h>
#include <unistd.h>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "common/ids.hpp"
#include "common/notify_wording.hpp"
#include "common/signing.hpp"
#include "homeassistant/discovery/discovery_config.hpp"
#include "shutdown-agent/processes/command_line.hpp"
#include "shutdown-agent/rule_reader.hpp"
#include "shutdown-agent/upsmon/upssched_conf.hpp"

namespace nutmqtt::agent {
namespace {

using namespace std::chrono_literals;
using common::map_reader;

// Checks that `path` names a program the agent can run, reporting on `key` of `m` if not.
void check_program(map_reader& m, std::string_view key, const std::string& path) {
  if (path.empty() || path.front() != '/') {
    m.report(key, fmt::format("program \"{}\" must be an absolute path (it is run without a shell)",
                              path));
  } else if (::access(path.c_str(), X_OK) != 0) {
    m.report(key, fmt::format("program \"{}\" does not exist or is not executable", path));
  }
}

void read_agent_section(map_reader& root, agent_config& c) {
  if (auto a = root.map("agent")) {
    if (a->read("id", c.id)) {
      if (auto why = common::id_problem(c.id)) a->report("id", "the agent id " + *why);
    }
    a->finish();
  }
  if (c.id.empty()) c.id = common::host_id();
}

void read_monitor(map_reader& root, agent_config& c) {
  auto& s = c.supplies;
  if (!root.has("monitor")) {
    s.monitor = {{"*", 1}};
  }
  std::set<std::string> seen;
  for (auto& m : root.maps("monitor")) {
    monitor_entry e;
    m.require("ups");
    if (m.read("ups", e.ups) && e.ups != "*") {
      if (auto why = common::id_problem(e.ups)) m.report("ups", "the UPS id " + *why);
      if (auto warning = upssched_ups_name_warning(e.ups)) c.warnings.push_back(*warning);
    }
    m.read("power_value", e.power_value, 0, 1000);
    if (!e.ups.empty() && !seen.insert(e.ups).second) {
      m.report("ups", fmt::format("\"{}\" is listed twice", e.ups));
    }
    m.finish();
    s.monitor.push_back(std::move(e));
  }
  if (root.has("monitor") && s.monitor.empty()) {
    root.report("monitor", "list at least one UPS (or ups: \"*\")");
  }
  root.read("min_supplies", s.min_supplies, 0, 100000);
  int total = 0;
  bool wildcard = false;
  for (const auto& e : s.monitor) {
    total += e.power_value;
    wildcard = wildcard || e.ups == "*";
  }
  if (!wildcard && !s.monitor.empty() && total < s.min_supplies) {
    root.report("min_supplies",
                fmt::format("is {} but the monitored UPSes only add up to a power value of {}: "
                            "the host would shut down at once",
                            s.min_supplies, total));
  }
}

void read_rules_and_script(map_reader& root, agent_config& c) {
  if (root.read("upssched_conf", c.upssched_conf)) {
    auto imported = read_upssched_conf(c.upssched_conf);
    for (auto& p : imported.problems)
      root.source().report(std::move(p));
    c.rules = std::move(imported.rules);
    c.cmdscript = imported.cmdscript;
    c.notes.insert(c.notes.end(), imported.notes.begin(), imported.notes.end());
    c.warnings.insert(c.warnings.end(), imported.warnings.begin(), imported.warnings.end());
  }
  std::string cmdscript;
  if (root.read("cmdscript", cmdscript)) {
    if (!c.cmdscript.empty() && c.cmdscript != cmdscript) {
      c.notes.push_back(
          fmt::format("cmdscript {} replaces the imported CMDSCRIPT {}", cmdscript, c.cmdscript));
    }
    c.cmdscript = cmdscript;
    check_program(root, "cmdscript", c.cmdscript);
  } else if (!c.cmdscript.empty()) {
    check_program(root, "upssched_conf", c.cmdscript);
  }
  root.read("script_timeout", c.script_timeout, 1s, 24h);
  read_rules(root, c.rules, c.warnings);
  if (!c.rules.empty() && c.cmdscript.empty()) {
    root.report(
        "rules run CMDSCRIPT: set `cmdscript` (or CMDSCRIPT in the imported upssched_conf)");
  }
}

// Timers whose script the user says shuts the host down: the agent cannot tell by itself.
void read_shutdown_timers(map_reader& sh, agent_config& c) {
  if (!sh.read("timers", c.shutdown_timers)) return;
  for (const auto& name : c.shutdown_timers) {
    if (auto why = script_argument_problem(name)) {
      sh.report("timers", fmt::format("timer name {}", *why));
      continue;
    }
    const bool started = std::any_of(c.rules.begin(), c.rules.end(), [&](const rule& r) {
      return starts_timer(r.action) && r.name == name;
    });
    if (!started) {
      c.warnings.push_back(
          fmt::format("{}: no rule starts a timer named \"{}\"", sh.key_path("timers"), name));
    }
  }
}

void read_critical_and_shutdown(map_reader& root, agent_config& c) {
  if (auto cr = root.map("critical")) {
    auto& s = c.supplies;
    cr->read("enabled", s.critical_enabled);
    cr->read("deadtime", s.deadtime, 1s, 24h);
    cr->read("off_duration", s.off_duration, 0s, 24h);
    cr->read("over_duration", s.over_duration, 0s, 24h);
    cr->read("oblb_duration", s.oblb_duration, 0s, 24h);
    cr->read("alarm_critical", s.alarm_critical);
    cr->read("wait_for_primary", s.wait_for_primary, 0s, 1h);
    cr->finish();
  }
  if (auto sh = root.map("shutdown")) {
    if (sh->read("command", c.shutdown_command) && c.shutdown_command.empty()) {
      sh->report("command",
                 "must name the program to run, as in [\"/sbin/shutdown\", \"-h\", \"now\"]");
    }
    if (sh->has("command") && !c.shutdown_command.empty()) {
      check_program(*sh, "command", c.shutdown_command.front());
    }
    sh->read("final_delay", c.final_delay, 0s, 1h);
    sh->read("exit_after", c.exit_after, 0s, 24h);
    read_shutdown_timers(*sh, c);
    sh->finish();
  }
}

// notify.messages and notify.flags: one key per notify type, as upsmon's NOTIFYMSG and
// NOTIFYFLAG lines.
void read_notify_types(map_reader& n, notify_settings& s) {
  if (auto m = n.map("messages")) {
    for (auto type : notify_types()) {
      std::string format;
      if (!m->read(type, format)) continue;
      if (auto why = common::notify_format_problem(format, common::notify_format_slots(type))) {
        m->report(type, *why);
      } else {
        s.messages[std::string(type)] = format;
      }
    }
    m->finish();
  }
  if (auto f = n.map("flags")) {
    for (auto type : notify_types()) {
      std::string text;
      if (!f->read(type, text)) continue;
      std::string why;
      if (auto flags = parse_notify_flags(text, why)) {
        s.flags[std::string(type)] = *flags;
      } else {
        f->report(type, why);
      }
    }
    f->finish();
  }
}

// notify.command: an argv list, or one string split into words (no shell runs it).
void read_notify_command(map_reader& n, agent_config& c) {
  auto& command = c.notify.command;
  const YAML::Node node = n.raw("command");
  if (node.IsScalar()) {
    std::string why;
    auto words = split_command(node.Scalar(), why);
    if (!words) {
      n.report("command", fmt::format("{}: it runs without a shell; write the argv as a list, or "
                                      "[\"/bin/sh\", \"-c\", \"...\"] if a shell is really "
                                      "needed",
                                      why));
    } else {
      command = std::move(*words);
    }
  } else {
    n.read("command", command);
  }
  if (!n.has("command")) return;
  if (command.empty()) {
    n.report("command", "must name the program to run, as in [\"/usr/local/bin/notify-me\"]");
    return;
  }
  check_program(n, "command", command.front());
  const bool exec = std::any_of(c.notify.flags.begin(), c.notify.flags.end(),
                                [](const auto& f) { return (f.second & kNotifyExec) != 0; });
  if (!exec) {
    c.warnings.push_back(fmt::format(
        "{}: no type in notify.flags has EXEC, so the command never runs", n.key_path("command")));
  }
}

void read_notify_section(map_reader& root, agent_config& c) {
  auto n = root.map("notify");
  if (!n) return;
  n->read("syslog", c.notify.syslog);
  n->read("wall", c.notify.wall);
  read_notify_types(*n, c.notify);
  read_notify_command(*n, c);
  if (c.notify.command.empty()) {
    for (const auto& [type, flags] : c.notify.flags) {
      if ((flags & kNotifyExec) != 0) {
        c.warnings.push_back(
            fmt::format("notify.flags.{} has EXEC but notify.command is not set: "
                        "nothing runs",
                        type));
      }
    }
  }
  n->finish();
}

void read_control_socket(map_reader& root, agent_config& c) {
  if (root.read("control_socket", c.control_socket)) {
    if (c.control_socket.empty() || c.control_socket.front() != '/') {
      root.report("control_socket", "must be an absolute path");
    } else if (c.control_socket.size() >= sizeof(sockaddr_un{}.sun_path)) {
      root.report("control_socket", fmt::format("must be shorter than {} characters",
                                                sizeof(sockaddr_un{}.sun_path)));
    }
  }
  if (root.read("state_file", c.state_file)) {
    if (c.state_file.empty() || c.state_file.front() != '/') {
      root.report("state_file", "must be an absolute path");
    }
  } else {
    // Beside the control socket: the directory is the agent's own, and under systemd it is the
    // runtime directory, which lives until the host restarts.
    c.state_file =
        (std::filesystem::path(c.control_socket).parent_path() / "shutdown-agent.state").string();
  }
}

void read_security(map_reader& root, agent_config& c) {
  auto m = root.map("security");
  if (!m) return;
  m->require("verify_key_file");
  if (m->read("verify_key_file", c.verify_key_file)) {
    std::string why;
    if (auto key = common::read_key_file(c.verify_key_file, why)) {
      c.security.key = *key;
    } else {
      m->report("verify_key_file", why);
    }
  }
  m->read("max_skew", c.security.max_skew, 1s, 1h);
  m->finish();
}

YAML::Node notify_yaml(const notify_settings& s) {
  YAML::Node n;
  n["syslog"] = s.syslog;
  n["wall"] = s.wall;
  for (const auto& [type, format] : s.messages)
    n["messages"][type] = format;
  for (const auto& [type, flags] : s.flags)
    n["flags"][type] = format_notify_flags(flags);
  if (!s.command.empty()) n["command"] = s.command;
  return n;
}

}  // namespace

agent_config read_agent_config(common::config_source& source, const YAML::Node& root_node) {
  agent_config c;
  c.file = source.file();
  map_reader root(source, root_node, "");
  read_agent_section(root, c);
  common::read_mqtt_settings(root, c.mqtt);
  if (c.mqtt.client_id.empty()) c.mqtt.client_id = "nutmqtt-agent-" + c.id;
  read_monitor(root, c);
  read_rules_and_script(root, c);
  read_critical_and_shutdown(root, c);
  if (auto limits = root.map("limits")) {
    int max_ups = static_cast<int>(c.max_ups);
    if (limits->read("max_ups", max_ups, 1, 100000)) c.max_ups = static_cast<std::size_t>(max_ups);
    limits->finish();
  }
  read_notify_section(root, c);
  read_control_socket(root, c);
  read_security(root, c);
  ha::read_discovery_settings(root, c.homeassistant);
  common::read_log_settings(root, c.log);
  root.finish();
  return c;
}

agent_config load_agent_config(const std::string& path) {
  common::config_source source(path);
  YAML::Node root = source.load();
  agent_config c = read_agent_config(source, root);
  source.throw_if_problems();
  return c;
}

YAML::Node to_yaml(const agent_config& c) {
  YAML::Node n;
  n["agent"]["id"] = c.id;
  n["mqtt"] = common::to_yaml(c.mqtt);
  for (const auto& m : c.supplies.monitor) {
    YAML::Node e;
    e["ups"] = m.ups;
    e["power_value"] = m.power_value;
    n["monitor"].push_back(e);
  }
  n["min_supplies"] = c.supplies.min_supplies;
  n["cmdscript"] = c.cmdscript;
  n["script_timeout"] = common::format_duration(c.script_timeout);
  if (!c.upssched_conf.empty()) n["upssched_conf"] = c.upssched_conf;
  n["rules"] = YAML::Node(YAML::NodeType::Sequence);
  for (const auto& r : c.rules)
    n["rules"].push_back(fmt::format("{}  (from {})", describe(r), r.origin));
  n["critical"]["enabled"] = c.supplies.critical_enabled;
  n["critical"]["deadtime"] = common::format_duration(c.supplies.deadtime);
  auto or_never = [](const std::optional<std::chrono::milliseconds>& d) {
    return d ? common::format_duration(*d) : std::string("never");
  };
  n["critical"]["off_duration"] = or_never(c.supplies.off_duration);
  n["critical"]["over_duration"] = or_never(c.supplies.over_duration);
  n["critical"]["oblb_duration"] = common::format_duration(c.supplies.oblb_duration);
  n["critical"]["alarm_critical"] = c.supplies.alarm_critical;
  n["critical"]["wait_for_primary"] = common::format_duration(c.supplies.wait_for_primary);
  n["shutdown"]["command"] = c.shutdown_command;
  n["shutdown"]["final_delay"] = common::format_duration(c.final_delay);
  n["shutdown"]["exit_after"] = or_never(c.exit_after);
  if (!c.shutdown_timers.empty()) n["shutdown"]["timers"] = c.shutdown_timers;
  n["notify"] = notify_yaml(c.notify);
  n["limits"]["max_ups"] = c.max_ups;
  n["control_socket"] = c.control_socket;
  n["state_file"] = c.state_file;
  if (!c.verify_key_file.empty()) {
    n["security"]["verify_key_file"] = c.verify_key_file;
    n["security"]["max_skew"] = common::format_duration(c.security.max_skew);
  }
  if (c.homeassistant.enabled) n["homeassistant"] = ha::to_yaml(c.homeassistant);
  n["log"]["level"] = std::string(spdlog::level::to_string_view(c.log.level).data(),
                                  spdlog::level::to_string_view(c.log.level).size());
  return n;
}

}  // namespace nutmqtt::agent

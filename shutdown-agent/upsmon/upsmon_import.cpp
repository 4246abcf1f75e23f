#include "shutdown-agent/upsmon/upsmon_import.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "common/ids.hpp"
#include "shutdown-agent/notify/notify_settings.hpp"
#include "shutdown-agent/processes/command_line.hpp"
#include "shutdown-agent/rule_reader.hpp"
#include "shutdown-agent/upsmon/import_writer.hpp"
#include "shutdown-agent/upsmon/upsmon_leftovers.hpp"

namespace nutmqtt::agent {
namespace {

// The agent's ranges for the settings upsmon.conf gives in seconds.
constexpr int kMaxDeadtime = 24 * 3600;
constexpr int kMaxFinalDelay = 3600;

// Seconds as upsmon.conf counts them ("90s", not "1m30s"-like spellings of another unit).
std::string duration_text(int s) {
  return fmt::format("{}s", s);
}

// upsmon's duration settings where a negative value means "never".
std::string duration_or_never(int s) {
  return s < 0 ? std::string("never") : duration_text(s);
}

class importer {
 public:
  importer(const upsmon_conf& u, const upssched_import* s, std::string upssched_file,
           const program_finder& find)
      : u_(u),
        s_(s),
        sched_file_(std::move(upssched_file)),
        find_(find),
        name_(std::filesystem::path(u.file).filename().string()),
        sched_name_(std::filesystem::path(sched_file_).filename().string()) {}

  upsmon_import run() {
    check();
    if (!result_.problems.empty()) return std::move(result_);
    header();
    mqtt();
    monitors();
    critical();
    shutdown();
    notify();
    rules();
    not_carried_over();
    result_.yaml = w_.text();
    result_.warnings = w_.warnings();
    return std::move(result_);
  }

 private:
  const upsmon_setting* setting(std::string_view name) const {
    auto it = u_.settings.find(std::string(name));
    return it == u_.settings.end() ? nullptr : &it->second;
  }
  // Comments name the files without their directory: the header gives the whole paths.
  std::string where(int line) const { return fmt::format("{}:{}", name_, line); }
  std::string origin(std::string_view name) const {
    const auto* s = setting(name);
    if (!s) return "upsmon's default";
    return fmt::format("{} {} ({})", name, conf_args(s->args), where(s->line));
  }
  // A rule's origin ("/etc/nut/upssched.conf:5") without the directory.
  std::string rule_origin(const rule& r) const { return short_name(r.origin); }
  // upssched.conf's notes and origins begin with the path given.
  std::string short_name(const std::string& text) const {
    return text.starts_with(sched_file_) ? sched_name_ + text.substr(sched_file_.size()) : text;
  }
  int number(std::string_view name, int fallback) const {
    const auto* s = setting(name);
    return s ? conf_integer(s->args[0]).value_or(fallback) : fallback;
  }
  void warn(std::string text) { w_.warn(std::move(text)); }

  // What makes the files unusable, as upsmon and upssched would refuse them.
  void check() {
    result_.problems = u_.problems;
    if (s_) {
      result_.problems.insert(result_.problems.end(), s_->problems.begin(), s_->problems.end());
      if (!s_->rules.empty() && s_->cmdscript.empty()) {
        result_.problems.push_back(
            {sched_file_, 0, 0, "", "has AT lines but no CMDSCRIPT (upssched refuses it too)"});
      }
    }
  }

  void header() {
    w_.comment(
        "nutmqtt-shutdown-agent configuration, made by `nutmqtt-shutdown-agent --import-upsmon`");
    w_.comment(fmt::format("from {}", u_.file));
    if (s_) w_.comment(fmt::format("and {}", sched_file_));
    w_.comment("Review it (the WARNING lines first), then check it:");
    w_.comment("  nutmqtt-shutdown-agent -c FILE --check-config");
    w_.blank();
    w_.comment("agent:");
    w_.comment(
        "  id: pi          # this host on MQTT (<base>/_agent/<id>/...); default: its host name");
    w_.blank();
  }

  void mqtt() {
    w_.comment("nutmqtt-bridge talks to upsd now, in upsmon's place; the agent reads what it");
    w_.comment("publishes. Write the bridge's broker and base topic here.");
    w_.line("mqtt:");
    w_.line("  url: tcp://127.0.0.1:1883");
    w_.line("  base_topic: ups");
    w_.blank();
  }

  void monitors();
  void bridge_hint();
  void critical();
  void shutdown();
  std::vector<std::string> command(const upsmon_setting& s, std::string_view name, bool notify);
  void notify();
  void notify_flags(bool via_upssched);
  void notify_messages();
  void rules();
  void rule_line(const rule& r, std::uint8_t flags_known, bool via_upssched);
  void not_carried_over();
  bool calls_upssched() const;
  std::uint8_t upsmon_flags(const std::string& type) const;

  const upsmon_conf& u_;
  const upssched_import* s_;
  std::string sched_file_;
  const program_finder& find_;
  import_writer w_;
  upsmon_import result_;
  std::string name_;                        // upsmon.conf's file name
  std::string sched_name_;                  // upssched.conf's
  std::map<std::string, std::string> ids_;  // MONITOR's ups@host -> the UPS id
};

void importer::monitors() {
  w_.comment("upsmon's MONITOR lines. The UPS id is the one nutmqtt-bridge publishes for the UPS");
  w_.comment("(<base>/<id>/state): the `id:` its configuration gives the UPS, else the UPS's NUT");
  w_.comment("name, written here. If the bridge gives it another id, write that id here and in");
  w_.comment("the rules below.");
  if (u_.monitors.empty()) {
    warn(
        fmt::format("{} has no MONITOR line: the agent watches every UPS the bridge publishes "
                    "(ups: \"*\"); list the ones that feed this host",
                    name_));
    w_.line("monitor:");
    w_.line("  - { ups: \"*\", power_value: 1 }");
    w_.blank();
    return;
  }
  w_.line("monitor:");
  std::map<std::string, int> used;
  for (const auto& m : u_.monitors) {
    std::string id = common::sanitize_id(m.ups);
    if (id.empty()) id = "ups";
    if (used[id]++ > 0) {
      id = common::sanitize_id(fmt::format("{}-{}", id, m.host));
      warn(
          fmt::format("{}: two MONITOR lines name a UPS \"{}\": this one is written as \"{}\"; "
                      "give each the id the bridge publishes for it",
                      where(m.line), m.ups, id));
    }
    ids_[m.system] = id;
    w_.line(fmt::format("  - ups: {}", yaml_scalar(id)),
            fmt::format("MONITOR {} {} {} <password> {} ({})", m.system, m.power_value, m.user,
                        m.primary ? "primary" : "secondary", where(m.line)));
    w_.line(fmt::format("    power_value: {}", m.power_value));
    if (m.primary) {
      warn(fmt::format(
          "{}: this host was upsmon's primary for {}: the agent only watches (it sets no FSD and "
          "waits for no secondary), so keep a NUT primary on the host wired to the UPS",
          where(m.line), m.system));
    }
  }
  const int minsupplies = number("MINSUPPLIES", 1);
  w_.line(fmt::format("min_supplies: {}", minsupplies), origin("MINSUPPLIES"));
  w_.blank();
  bridge_hint();
}

// What the MONITOR lines become in the bridge's configuration: a comment, never the password.
void importer::bridge_hint() {
  w_.comment("nutmqtt-bridge's configuration (not this file) needs, for these MONITOR lines:");
  w_.comment("  nut:");
  std::vector<std::string> servers;
  for (const auto& m : u_.monitors) {
    const std::string server = fmt::format("{}:{}", m.host, m.port);
    if (std::find(servers.begin(), servers.end(), server) != servers.end()) continue;
    servers.push_back(server);
    w_.comment(fmt::format("    - host: {}", m.host));
    if (m.port != 3493) w_.comment(fmt::format("      port: {}", m.port));
    w_.comment(fmt::format("      username: {}", m.user));
    w_.comment("      password_file: /etc/nutmqtt/nut-password   # the MONITOR line's password");
    w_.comment("      ups:");
    for (const auto& other : u_.monitors) {
      if (other.host != m.host || other.port != m.port) continue;
      w_.comment(fmt::format("        - {{ name: {}, id: {}{} }}", other.ups, ids_[other.system],
                             other.power_value > 0 ? ", login: true" : ""));
    }
  }
  w_.comment("`login: true` holds a LOGIN as upsmon did, so that the NUT primary waits for this");
  w_.comment("host before it cuts the power (see docs/safe-shutdown.md).");
  w_.blank();
}

void importer::critical() {
  int deadtime = number("DEADTIME", 15);
  if (deadtime < 1 || deadtime > kMaxDeadtime) {
    const int clamped = std::clamp(deadtime, 1, kMaxDeadtime);
    warn(fmt::format("{}: the agent's deadtime is 1s to 24h: {} written as {}", origin("DEADTIME"),
                     duration_text(deadtime), duration_text(clamped)));
    deadtime = clamped;
  }
  // Values beyond what the agent accepts are written as its limit, with a warning, so that the
  // output passes --check-config as it is.
  auto within = [&](const char* directive, int value, int max) {
    if (value <= max) return value;
    warn(fmt::format("{}: the agent takes at most {}: written as that", origin(directive),
                     duration_text(max)));
    return max;
  };
  const int oblb = within("OBLBDURATION", number("OBLBDURATION", 0), 24 * 3600);
  w_.comment("upsmon's critical rules.");
  w_.line("critical:");
  w_.line(fmt::format("  deadtime: {}", duration_text(deadtime)), origin("DEADTIME"));
  w_.line(fmt::format("  wait_for_primary: {}",
                      duration_text(std::max(within("HOSTSYNC", number("HOSTSYNC", 15), 3600), 0))),
          origin("HOSTSYNC"));
  w_.line(
      fmt::format("  off_duration: {}",
                  duration_or_never(within("OFFDURATION", number("OFFDURATION", 30), 24 * 3600))),
      origin("OFFDURATION"));
  w_.line(
      fmt::format("  over_duration: {}",
                  duration_or_never(within("OVERDURATION", number("OVERDURATION", -1), 24 * 3600))),
      origin("OVERDURATION"));
  w_.line(fmt::format("  oblb_duration: {}", duration_text(std::max(oblb, 0))),
          origin("OBLBDURATION") + (oblb < 0 ? ": negative, so at once" : ""));
  const auto* alarm = setting("ALARMCRITICAL");
  const bool alarm_critical = alarm ? conf_boolean(alarm->args[0]).value_or(true) : true;
  w_.line(fmt::format("  alarm_critical: {}", alarm_critical ? "true" : "false"),
          origin("ALARMCRITICAL"));
  w_.blank();
}

void importer::shutdown() {
  w_.line("shutdown:");
  if (const auto* cmd = setting("SHUTDOWNCMD")) {
    w_.line(fmt::format("  command: {}", yaml_list(command(*cmd, "SHUTDOWNCMD", false))),
            origin("SHUTDOWNCMD"));
  } else {
    warn(
        fmt::format("{} has no SHUTDOWNCMD (upsmon could not shut down): the agent's default "
                    "is written",
                    name_));
    w_.line(R"(  command: ["/sbin/shutdown", "-h", "now"])", "the agent's default");
  }
  int delay = number("FINALDELAY", 5);
  if (delay > kMaxFinalDelay) {
    warn(fmt::format("{}: the agent's final_delay is at most 1h", origin("FINALDELAY")));
    delay = kMaxFinalDelay;
  }
  w_.line(fmt::format("  final_delay: {}", duration_text(delay)), origin("FINALDELAY"));
  std::string exit_after = "0s";
  if (const auto* e = setting("SHUTDOWNEXIT")) {
    if (auto b = conf_boolean(e->args[0])) {
      exit_after = *b ? "0s" : "never";
    } else {
      int seconds = conf_integer(e->args[0]).value_or(0);
      if (seconds > 24 * 3600) {
        warn(fmt::format("{}: the agent's exit_after is at most 24h: written as that",
                         origin("SHUTDOWNEXIT")));
        seconds = 24 * 3600;
      }
      exit_after = duration_or_never(seconds);
    }
  }
  w_.line(fmt::format("  exit_after: {}", exit_after),
          setting("SHUTDOWNEXIT") ? origin("SHUTDOWNEXIT") : "upsmon's default (yes: at once)");
  w_.blank();
}

std::vector<std::string> importer::command(const upsmon_setting& s, std::string_view name,
                                           bool notify) {
  auto converted = shell_command_argv(s.args[0], notify, find_);
  if (!converted.why.empty()) {
    warn(
        fmt::format("{} ({}): {}: kept as a shell command (/bin/sh -c); make it a plain argv "
                    "if you can",
                    name, where(s.line), converted.why));
  }
  return std::move(converted.argv);
}

bool importer::calls_upssched() const {
  const auto* cmd = setting("NOTIFYCMD");
  if (!cmd) return false;
  std::string why;
  auto words = split_command(cmd->args[0], why);
  return words && !words->empty() && std::filesystem::path(words->front()).filename() == "upssched";
}

// The flags upsmon gave `type`: its NOTIFYFLAG line, else SYSLOG+WALL.
std::uint8_t importer::upsmon_flags(const std::string& type) const {
  auto it = u_.notify_flags.find(type);
  if (it == u_.notify_flags.end()) return kNotifySyslog | kNotifyWall;
  std::string why;
  return parse_notify_flags(it->second.args[0], why).value_or(0);
}

void importer::notify() {
  const bool via_upssched = calls_upssched();
  w_.comment(
      "upsmon's notifications. Types without a flags line get upsmon's default, SYSLOG+WALL:");
  w_.line("notify:");
  w_.line("  syslog: true");
  w_.line("  wall: true");
  notify_flags(via_upssched);
  notify_messages();
  if (const auto* cmd = setting("NOTIFYCMD"); cmd && !via_upssched) {
    w_.line(fmt::format("  command: {}", yaml_list(command(*cmd, "NOTIFYCMD", true))),
            origin("NOTIFYCMD"));
  } else if (cmd) {
    w_.line("  # command:", origin("NOTIFYCMD") + ": upssched, whose work the rules do now");
  }
  w_.blank();
}

void importer::notify_flags(bool via_upssched) {
  bool opened = false;
  for (const auto& [type, s] : u_.notify_flags) {
    if (type == "NOPARENT" || type.starts_with("SUSPEND_")) continue;  // listed as not carried
    std::uint8_t flags = upsmon_flags(type);
    std::string note = fmt::format("NOTIFYFLAG {} {} ({})", type, s.args[0], where(s.line));
    if ((flags & kNotifyExec) != 0 && (via_upssched || !setting("NOTIFYCMD"))) {
      flags = static_cast<std::uint8_t>(flags & ~kNotifyExec);
      note += via_upssched ? ": its EXEC ran upssched, whose AT lines are the rules"
                           : ": EXEC without a NOTIFYCMD ran nothing";
    }
    if (!opened) w_.line("  flags:");
    opened = true;
    w_.line(fmt::format("    {}: {}", type, flags == 0 ? "IGNORE" : format_notify_flags(flags)),
            note);
  }
}

void importer::notify_messages() {
  bool opened = false;
  for (const auto& [type, s] : u_.notify_messages) {
    if (type == "NOPARENT" || type.starts_with("SUSPEND_")) continue;
    if (!opened) w_.line("  messages:");
    opened = true;
    w_.line(fmt::format("    {}: {}", type, yaml_quoted(s.args[0])),
            fmt::format("NOTIFYMSG {} ({})", type, where(s.line)));
  }
}

void importer::rules() {
  const bool via_upssched = calls_upssched();
  const auto* cmd = setting("NOTIFYCMD");
  if (!s_) {
    if (via_upssched) {
      warn(
          fmt::format("{} runs upssched ({}): give --upssched with its upssched.conf to carry "
                      "its timers over",
                      name_, origin("NOTIFYCMD")));
    }
    return;
  }
  w_.comment("upssched is replaced by the agent's own timers: the CMDSCRIPT and AT lines of");
  w_.comment(fmt::format("{}.", sched_file_));
  w_.comment("Your script keeps working; in it, replace `upsmon -c fsd` with");
  w_.comment("`nutmqtt-shutdown-agent --fsd`.");
  if (!via_upssched && !s_->rules.empty()) {
    warn(
        fmt::format("{} does not run upssched ({}): upsmon never ran the AT lines of {}; the "
                    "agent will",
                    name_, cmd ? origin("NOTIFYCMD") : std::string("no NOTIFYCMD"), sched_name_));
  }
  if (!s_->cmdscript.empty()) {
    w_.line(fmt::format("cmdscript: {}", yaml_scalar(s_->cmdscript)),
            fmt::format("CMDSCRIPT ({})", sched_name_));
  }
  for (const auto& w : rule_warnings(s_->rules))
    warn(short_name(w));
  if (!s_->rules.empty()) w_.line("rules:");
  for (const auto& r : s_->rules)
    rule_line(r, upsmon_flags(r.at), via_upssched);
  w_.blank();
}

void importer::rule_line(const rule& r, std::uint8_t flags, bool via_upssched) {
  std::string ups = r.ups;
  std::string note = fmt::format("{}: {}", rule_origin(r), describe(r));
  if (ups != "*") {
    if (auto it = ids_.find(ups); it != ids_.end()) {
      ups = it->second;
    } else {
      warn(
          fmt::format("{}: no MONITOR line names \"{}\": the rule is written with it as the UPS "
                      "id",
                      rule_origin(r), r.ups));
    }
  }
  const std::string yaml = "- " + rule_yaml(r, ups);
  if (via_upssched && (flags & kNotifyExec) == 0) {
    w_.line("  # " + yaml, fmt::format("{}: never ran: NOTIFYFLAG {} has no EXEC, so upsmon did "
                                       "not call upssched for it",
                                       note, r.at));
    return;
  }
  w_.line("  " + yaml, note);
}

void importer::not_carried_over() {
  for (const auto& s : u_.unknown) {
    warn(fmt::format("{}: {} is no upsmon.conf directive this importer knows: not carried over",
                     where(s.line), s.args[0]));
  }
  auto lines = upsmon_leftovers(u_, name_);
  if (s_) {
    for (const auto& note : s_->notes)
      lines.push_back(short_name(note));
  }
  if (lines.empty()) return;
  w_.comment("Not carried over (they mean nothing for the agent):");
  for (const auto& l : lines)
    w_.comment("  " + l);
}

}  // namespace

upsmon_import import_upsmon(const upsmon_conf& upsmon, const upssched_import* upssched,
                            const std::string& upssched_file, const program_finder& find_program) {
  return importer(upsmon, upssched, upssched_file, find_program).run();
}

}  // namespace nutmqtt::agent

#include "shutdown-agent/upsmon/upsmon_leftovers.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace nutmqtt::agent {
namespace {

struct reason {
  std::string_view name;
  std::string_view why;
};

constexpr reason kReasons[] = {
    {"POLLFREQ", "nutmqtt-bridge polls upsd (its poll.status_interval, 500ms by default)"},
    {"POLLFREQALERT", "nutmqtt-bridge polls upsd (its poll.status_interval)"},
    {"POLLFAIL_LOG_THROTTLE_MAX", "nutmqtt-bridge logs failed polls"},
    {"RBWARNTIME", "how often REPLBATT repeats is the bridge's events.replbatt_interval"},
    {"NOCOMMWARNTIME", "when NOCOMM comes is the bridge's events.nocomm_interval"},
    {"POWERDOWNFLAG", "the agent never powers a UPS off: that is the NUT primary's job"},
    {"RUN_AS_USER", "the agent runs as its systemd unit says (root: it shuts the host down)"},
    {"DEBUG_MIN", "set log.level (or --log-level debug)"},
    {"CERTPATH", "TLS to upsd is the bridge's (nut[].tls, tls_ca_file)"},
    {"CERTIDENT", "TLS to upsd is the bridge's"},
    {"CERTHOST", "TLS to upsd is the bridge's"},
    {"CERTVERIFY", "TLS to upsd is the bridge's"},
    {"FORCESSL", "TLS to upsd is the bridge's (nut[].tls: required)"},
    {"CERTFILE", "TLS to upsd is the bridge's"},
};

bool agent_has_no(const std::string& type) {
  return type == "NOPARENT" || type.starts_with("SUSPEND_");
}

std::string conf_quoted(const std::string& arg) {
  if (!arg.empty() && arg.find_first_of(" \t\"\\#") == std::string::npos) return arg;
  std::string out = "\"";
  for (char c : arg) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string conf_args(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args)
    out += (out.empty() ? "" : " ") + conf_quoted(a);
  return out;
}

std::vector<std::string> upsmon_leftovers(const upsmon_conf& conf, const std::string& name) {
  std::vector<std::pair<int, std::string>> lines;
  for (const auto& r : kReasons) {
    auto it = conf.settings.find(std::string(r.name));
    if (it == conf.settings.end()) continue;
    const auto& s = it->second;
    lines.emplace_back(
        s.line, fmt::format("{} {} ({}:{}): {}", r.name, conf_args(s.args), name, s.line, r.why));
  }
  for (const auto& [directive, list] : {std::pair{"NOTIFYFLAG", &conf.notify_flags},
                                        std::pair{"NOTIFYMSG", &conf.notify_messages}}) {
    for (const auto& [type, s] : *list) {
      if (!agent_has_no(type)) continue;
      lines.emplace_back(s.line, fmt::format("{} {} ({}:{}): the agent raises no {} event",
                                             directive, type, name, s.line, type));
    }
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& l : lines)
    out.push_back(std::move(l.second));
  return out;
}

}  // namespace nutmqtt::agent

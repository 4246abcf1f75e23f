#include "shutdown-agent/upsmon/upsmon_conf.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "common/ascii.hpp"
#include "common/file_limits.hpp"
#include "common/notify_wording.hpp"
#include "shutdown-agent/notify/notify_settings.hpp"
#include "shutdown-agent/upsmon/nut_conf.hpp"

namespace nutmqtt::agent {
namespace {

enum class value_kind : std::uint8_t { none, text, count, integer, boolean, exit_after, secret };

struct directive_spec {
  std::string_view name;
  std::size_t min_args;
  std::size_t max_args;
  value_kind kind;  // of the first argument
};

// upsmon.conf(5) of NUT 2.8.5. MONITOR, NOTIFYMSG and NOTIFYFLAG are read on their own.
constexpr directive_spec kSpecs[] = {
    {"MINSUPPLIES", 1, 1, value_kind::count},
    {"SHUTDOWNCMD", 1, 1, value_kind::text},
    {"NOTIFYCMD", 1, 1, value_kind::text},
    {"POLLFREQ", 1, 1, value_kind::count},
    {"POLLFREQALERT", 1, 1, value_kind::count},
    {"POLLFAIL_LOG_THROTTLE_MAX", 1, 1, value_kind::integer},
    {"HOSTSYNC", 1, 1, value_kind::count},
    {"DEADTIME", 1, 1, value_kind::count},
    {"FINALDELAY", 1, 1, value_kind::count},
    {"RBWARNTIME", 1, 1, value_kind::count},
    {"NOCOMMWARNTIME", 1, 1, value_kind::count},
    {"OFFDURATION", 1, 1, value_kind::integer},
    {"OVERDURATION", 1, 1, value_kind::integer},
    {"OBLBDURATION", 1, 1, value_kind::integer},
    {"ALARMCRITICAL", 1, 1, value_kind::boolean},
    {"SHUTDOWNEXIT", 1, 1, value_kind::exit_after},
    {"POWERDOWNFLAG", 1, 1, value_kind::text},
    {"RUN_AS_USER", 1, 1, value_kind::text},
    {"DEBUG_MIN", 1, 1, value_kind::integer},
    {"CERTPATH", 1, 1, value_kind::text},
    {"CERTIDENT", 2, 2, value_kind::text},  // name, then the database password
    {"CERTHOST", 4, 4, value_kind::text},
    {"CERTVERIFY", 1, 1, value_kind::boolean},
    {"FORCESSL", 1, 1, value_kind::boolean},
    {"CERTFILE", 1, 2, value_kind::text},
};

class conf_reader {
 public:
  conf_reader(upsmon_conf& out) : out_(out) {}

  void line(const conf_line& l) {
    line_ = l.line;
    const auto& w = l.words;
    const std::string& name = w[0].text;
    if (name == "MONITOR") {
      monitor(w);
    } else if (name == "NOTIFYMSG" || name == "NOTIFYFLAG") {
      notify(w);
    } else if (const auto* spec = find(name)) {
      setting(*spec, w);
    } else {
      out_.unknown.push_back({{name}, line_});
    }
  }

 private:
  static const directive_spec* find(std::string_view name) {
    for (const auto& s : kSpecs) {
      if (s.name == name) return &s;
    }
    return nullptr;
  }

  void fail(const conf_word& at, std::string message) {
    out_.problems.push_back({out_.file, line_, at.column, "", std::move(message)});
  }

  bool arity(const std::vector<conf_word>& w, std::size_t min, std::size_t max,
             std::string_view usage) {
    const std::size_t n = w.size() - 1;
    if (n >= min && n <= max) return true;
    fail(w[0], fmt::format("{} takes {} argument{} ({}), got {}", w[0].text,
                           min == max ? fmt::format("{}", min) : fmt::format("{} to {}", min, max),
                           max == 1 ? "" : "s", usage, n));
    return false;
  }

  void setting(const directive_spec& spec, const std::vector<conf_word>& w) {
    if (!arity(w, spec.min_args, spec.max_args, "see upsmon.conf(5)")) return;
    const std::string& v = w[1].text;
    bool ok = true;
    switch (spec.kind) {
      case value_kind::count:
        ok = conf_integer(v).value_or(-1) >= 0;
        if (!ok)
          fail(w[1], fmt::format("{} needs a whole number of 0 or more, got \"{}\"", spec.name, v));
        break;
      case value_kind::integer:
        ok = conf_integer(v).has_value();
        if (!ok) fail(w[1], fmt::format("{} needs a whole number, got \"{}\"", spec.name, v));
        break;
      case value_kind::boolean:
        ok = conf_boolean(v).has_value();
        if (!ok) fail(w[1], fmt::format("{} needs yes or no, got \"{}\"", spec.name, v));
        break;
      case value_kind::exit_after:
        ok = conf_boolean(v).has_value() || conf_integer(v).has_value();
        if (!ok) {
          fail(w[1],
               fmt::format("{} needs yes, no or a number of seconds, got \"{}\"", spec.name, v));
        }
        break;
      default:
        break;
    }
    if (!ok) return;
    upsmon_setting s{{}, line_};
    for (std::size_t i = 1; i < w.size(); ++i)
      s.args.push_back(w[i].text);
    if (spec.name == "CERTIDENT") s.args[1] = "<password not shown>";
    out_.settings[std::string(spec.name)] = std::move(s);
  }

  void notify(const std::vector<conf_word>& w) {
    const bool message = w[0].text == "NOTIFYMSG";
    if (!arity(
            w, 2, 2,
            message ? "NOTIFYMSG <type> \"<message>\"" : "NOTIFYFLAG <type> <flag>[+<flag>...]")) {
      return;
    }
    const std::string& type = w[1].text;
    if (!common::default_notify_format(type) && type != "NOPARENT" && type != "SUSPEND_STARTING" &&
        type != "SUSPEND_FINISHED") {
      fail(w[1], fmt::format("\"{}\" is not a notify type of upsmon", type));
      return;
    }
    if (message) {
      if (auto why = common::notify_format_problem(w[2].text, common::notify_format_slots(type))) {
        fail(w[2], *why);
        return;
      }
      out_.notify_messages[type] = {{w[2].text}, line_};
      return;
    }
    std::string why;
    if (!parse_notify_flags(w[2].text, why)) {
      fail(w[2], why);
      return;
    }
    out_.notify_flags[type] = {{w[2].text}, line_};
  }

  void monitor(const std::vector<conf_word>& w) {
    if (!arity(w, 5, 5,
               "MONITOR <ups>@<host>[:<port>] <powervalue> <user> <password> primary|secondary")) {
      return;
    }
    upsmon_monitor m;
    m.system = w[1].text;
    m.line = line_;
    if (!system_name(w[1], m)) return;
    auto power = conf_integer(w[2].text);
    if (!power || *power < 0 || *power > 1000) {
      fail(w[2], fmt::format("the power value must be a whole number from 0 to 1000, got \"{}\"",
                             w[2].text));
      return;
    }
    m.power_value = *power;
    m.user = w[3].text;
    const std::string role = common::ascii_lower(w[5].text);
    if (role != "primary" && role != "master" && role != "secondary" && role != "slave") {
      fail(w[5],
           fmt::format("\"{}\" is neither primary (master) nor secondary (slave)", w[5].text));
      return;
    }
    m.primary = role == "primary" || role == "master";
    out_.monitors.push_back(std::move(m));
  }

  // ups@host[:port], host possibly an [IPv6] address; a bare name is on localhost.
  bool system_name(const conf_word& w, upsmon_monitor& m) {
    const std::string& s = w.text;
    const auto at = s.find('@');
    m.ups = s.substr(0, at);
    m.host = at == std::string::npos ? "localhost" : s.substr(at + 1);
    std::string port;
    if (!m.host.empty() && m.host.front() == '[') {
      const auto close = m.host.find(']');
      if (close != std::string::npos && close + 1 < m.host.size() && m.host[close + 1] == ':') {
        port = m.host.substr(close + 2);
      }
      m.host = m.host.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    } else if (const auto colon = m.host.find(':');
               colon != std::string::npos && m.host.find(':', colon + 1) == std::string::npos) {
      port = m.host.substr(colon + 1);
      m.host = m.host.substr(0, colon);
    }
    if (!port.empty()) {
      auto p = conf_integer(port);
      if (!p || *p < 1 || *p > 65535) {
        fail(w, fmt::format("\"{}\": the port must be a number from 1 to 65535", s));
        return false;
      }
      m.port = *p;
    }
    if (m.ups.empty() || m.host.empty()) {
      fail(w, fmt::format("\"{}\" is not <ups>@<host>[:<port>]", s));
      return false;
    }
    return true;
  }

  upsmon_conf& out_;
  int line_ = 0;
};

// upsmon refuses to start when the MONITOR lines cannot add up to MINSUPPLIES.
void check_supplies(upsmon_conf& out) {
  auto min = out.settings.find("MINSUPPLIES");
  if (min == out.settings.end() || out.monitors.empty()) return;
  int total = 0;
  for (const auto& m : out.monitors)
    total += m.power_value;
  const int wanted = conf_integer(min->second.args[0]).value_or(1);
  if (wanted <= total) return;
  out.problems.push_back(
      {out.file, min->second.line, 1, "",
       fmt::format("MINSUPPLIES {} is more than the MONITOR lines' power values add up to ({}): "
                   "upsmon refuses this too",
                   wanted, total)});
}

}  // namespace

std::optional<int> conf_integer(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<bool> conf_boolean(std::string_view text) {
  const std::string t = common::ascii_lower(text);
  if (t == "yes" || t == "on" || t == "true" || t == "1") return true;
  if (t == "no" || t == "off" || t == "false" || t == "0") return false;
  return std::nullopt;
}

upsmon_conf parse_upsmon_conf(std::string_view text, const std::string& file) {
  upsmon_conf out;
  out.file = file;
  const nut_conf conf = parse_nut_conf(text);
  for (const auto& e : conf.errors)
    out.problems.push_back({file, e.line, e.column, "", e.message});
  conf_reader reader(out);
  for (const auto& l : conf.lines)
    reader.line(l);
  check_supplies(out);
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const auto& a, const auto& b) { return a.line < b.line; });
  return out;
}

upsmon_conf read_upsmon_conf(const std::string& path) {
  auto file = common::read_file_limited(path, common::kMaxImportedFileBytes);
  if (!file) {
    upsmon_conf out;
    out.file = path;
    out.problems.push_back(
        {path, 0, 0, "", "cannot open the upsmon.conf to import: " + file.error});
    return out;
  }
  return parse_upsmon_conf(*file.text, path);
}

}  // namespace nutmqtt::agent

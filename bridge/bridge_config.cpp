#include "bridge/bridge_config.hpp"

#include <map>

#include <fmt/format.h>

#include "bridge/nut/nut_protocol.hpp"
#include "common/config_reader.hpp"
#include "common/duration.hpp"
#include "common/ids.hpp"
#include "common/signing.hpp"
#include "common/topics.hpp"
#include "homeassistant/discovery/discovery_config.hpp"

namespace nutmqtt::bridge {
namespace {

using namespace std::chrono_literals;
using common::map_reader;

constexpr common::choice<tls_mode> kTlsModes[] = {
    {"auto", tls_mode::opportunistic}, {"required", tls_mode::required}, {"off", tls_mode::off}};

bool is_nut_name(std::string_view name) {
  return !name.empty() && name.size() <= 256 && nut::is_printable(name) &&
         name.find_first_of(" \"\\#") == std::string_view::npos;
}

void read_ups(map_reader& u, ups_config& out) {
  u.require("name");
  if (u.read("name", out.name) && !is_nut_name(out.name)) {
    u.report("name", "a NUT UPS name is printable text without blanks, quotes or '#'");
  }
  out.id = out.name;
  bool explicit_id = u.read("id", out.id);
  if (auto why = common::id_problem(out.id); why && !out.name.empty()) {
    if (explicit_id) {
      u.report("id", "the UPS id " + *why);
    } else {
      u.report("name",
               fmt::format("\"{}\" cannot be the UPS id on MQTT ({}); set `id:`", out.name, *why));
    }
  }
  u.read("login", out.login);
  u.finish();
}

void read_size(map_reader& m, std::string_view key, std::size_t& out, int min, int max) {
  int value = static_cast<int>(out);
  if (m.read(key, value, min, max)) out = static_cast<std::size_t>(value);
}

// Reads a `limits:` section over `out` (the bridge's own, or a server's over the bridge's).
void read_limits(map_reader& parent, limit_settings& out) {
  auto m = parent.map("limits");
  if (!m) return;
  read_size(*m, "max_ups", out.reply.max_ups, 1, 100'000);
  read_size(*m, "max_vars", out.reply.max_vars, 16, 1'000'000);
  read_size(*m, "max_list_items", out.reply.max_list_items, 16, 1'000'000);
  // upsd's own lines are at most 512 bytes long; its longest values are 256 characters.
  read_size(*m, "max_line_bytes", out.max_line_bytes, 512, 1 << 20);
  read_size(*m, "max_reply_bytes", out.reply.max_reply_bytes, 64 << 10, 1 << 30);
  int rate = static_cast<int>(out.max_requests_per_second);
  if (m->read("max_requests_per_second", rate, 10, 1'000'000)) {
    out.max_requests_per_second = static_cast<unsigned>(rate);
  }
  m->read("forget_after", out.forget_after, std::chrono::seconds(1), std::chrono::hours(24 * 30));
  m->finish();
}

void read_server(map_reader& s, server_config& out, std::size_t index,
                 const limit_settings& limits) {
  out.where = fmt::format("nut[{}]", index);
  out.limits = limits;
  read_limits(s, out.limits);
  s.require("host");
  s.read("host", out.endpoint.host);
  int port = 3493;
  if (s.read("port", port, 1, 65535)) out.endpoint.port = static_cast<std::uint16_t>(port);
  s.read("username", out.username);
  s.read_secret("password", "password_file", out.password);
  if (!out.password.empty() && out.username.empty()) {
    s.report("password", "a password needs a username");
  }
  s.read<tls_mode>("tls", out.endpoint.tls, kTlsModes);
  if (s.read("tls_ca_file", out.endpoint.tls_ca_file) && out.endpoint.tls == tls_mode::off) {
    s.report("tls_ca_file", "a CA file needs `tls: auto` or `tls: required`");
  }
  for (auto& u : s.maps("ups")) {
    ups_config ups;
    read_ups(u, ups);
    out.ups.push_back(std::move(ups));
  }
  for (std::size_t i = 0; i < out.ups.size(); ++i) {
    if (out.ups[i].login && (out.username.empty() || out.password.empty())) {
      s.report("ups", fmt::format("ups[{}] has `login: true`, which needs this server's username "
                                  "and password (an upsmon secondary user in upsd.users)",
                                  i));
    }
  }
  if (s.has("ups") && out.ups.empty()) {
    s.report("ups", "an empty list; leave `ups` out to watch every UPS of the server");
  }
  s.finish();
}

void check_clashes(map_reader& root, const bridge_config& c) {
  std::map<std::string, std::string> servers;
  std::map<std::string, std::string> ids;  // id -> "ups on server (where)"
  for (std::size_t i = 0; i < c.servers.size(); ++i) {
    const auto& s = c.servers[i];
    auto label = s.endpoint.label();
    if (auto [it, fresh] = servers.emplace(label, s.where); !fresh) {
      root.report("nut", fmt::format("{} and {} are the same server ({}); list it once", it->second,
                                     s.where, label));
    }
    for (std::size_t j = 0; j < s.ups.size(); ++j) {
      const auto& u = s.ups[j];
      auto who = fmt::format("`{}` on {} ({}.ups[{}])", u.name, label, s.where, j);
      if (auto [it, fresh] = ids.emplace(u.id, who); !fresh) {
        root.report("nut", fmt::format("the UPS id `{}` is used by {} and by {}; give one of them "
                                       "another `id:`",
                                       u.id, it->second, who));
      }
    }
  }
}

void read_poll(map_reader& root, poll_settings& p) {
  auto m = root.map("poll");
  if (!m) return;
  // upsd drops a client that sends nothing for 60 s: polls are what keep us connected.
  m->read("status_interval", p.status_interval, 100ms, 30s);
  m->read("vars_interval", p.vars_interval, 1s, 1h);
  m->read("timeout", p.timeout, 100ms, 60s);
  m->finish();
}

void read_events(map_reader& root, event_settings& e) {
  auto m = root.map("events");
  if (!m) return;
  m->read("nocomm_interval", e.nocomm_interval, 1s, 24h);
  m->read("replbatt_interval", e.replbatt_interval, 1min, 24h * 365);
  int limit = static_cast<int>(e.queue_limit);
  if (m->read("queue_limit", limit, 1, 1'000'000)) e.queue_limit = static_cast<std::size_t>(limit);
  m->finish();
}

void read_names(map_reader& m, std::string_view key, std::vector<std::string>& out) {
  if (!m.read(key, out)) return;
  for (const auto& name : out) {
    if (!common::is_topic_level(name) || !is_nut_name(name)) {
      m.report(key, fmt::format("\"{}\" is not a NUT command or variable name", name));
    }
  }
}

void read_commands(map_reader& root, command_settings& c) {
  auto m = root.map("commands");
  if (!m) return;
  read_names(*m, "instcmd", c.instcmd);
  read_names(*m, "set", c.set);
  m->finish();
}

void read_shutdown(map_reader& root, shutdown_settings& s) {
  auto m = root.map("shutdown");
  if (!m) return;
  m->read("hostsync", s.hostsync, 1s, 1h);
  m->finish();
}

void read_security(map_reader& root, security_settings& s) {
  auto m = root.map("security");
  if (!m) return;
  if (m->read("sign_key_file", s.sign_key_file)) {
    std::string why;
    if (auto key = common::read_key_file(s.sign_key_file, why)) {
      s.sign_key = *key;
    } else {
      m->report("sign_key_file", why);
    }
  }
  m->finish();
}

bridge_config read(common::config_source& src, const YAML::Node& doc) {
  bridge_config c;
  c.file = src.file();
  map_reader root(src, doc, "");
  c.id = common::host_id();
  if (auto b = root.map("bridge")) {
    if (b->read("id", c.id)) {
      if (auto why = common::id_problem(c.id)) b->report("id", "the bridge id " + *why);
    }
    b->finish();
  }
  common::read_mqtt_settings(root, c.mqtt);
  if (c.mqtt.client_id.empty()) c.mqtt.client_id = "nutmqtt-bridge-" + c.id;
  read_limits(root, c.limits);
  auto servers = root.maps("nut");
  if (servers.empty()) {
    root.report(root.has("nut") ? "nut" : "",
                "list at least one NUT server under `nut:` (- host: 192.168.1.12)");
  }
  for (std::size_t i = 0; i < servers.size(); ++i) {
    server_config s;
    read_server(servers[i], s, i, c.limits);
    c.servers.push_back(std::move(s));
  }
  check_clashes(root, c);
  read_poll(root, c.poll);
  read_events(root, c.events);
  read_commands(root, c.commands);
  read_security(root, c.security);
  read_shutdown(root, c.shutdown);
  ha::read_discovery_settings(root, c.homeassistant);
  common::read_log_settings(root, c.log);
  root.finish();
  src.throw_if_problems();
  return c;
}

}  // namespace

bridge_config load_bridge_config(const std::string& file) {
  common::config_source src(file);
  auto doc = src.load();
  return read(src, doc);
}

bridge_config parse_bridge_config(const std::string& yaml, const std::string& file_name) {
  common::config_source src(file_name);
  auto doc = src.load_string(yaml);
  return read(src, doc);
}

namespace {

YAML::Node limits_yaml(const limit_settings& l) {
  YAML::Node n;
  n["max_ups"] = l.reply.max_ups;
  n["max_vars"] = l.reply.max_vars;
  n["max_list_items"] = l.reply.max_list_items;
  n["max_line_bytes"] = l.max_line_bytes;
  n["max_reply_bytes"] = l.reply.max_reply_bytes;
  n["max_requests_per_second"] = l.max_requests_per_second;
  n["forget_after"] = common::format_duration(l.forget_after);
  return n;
}

}  // namespace

YAML::Node to_yaml(const bridge_config& c) {
  using common::format_duration;
  YAML::Node n;
  n["bridge"]["id"] = c.id;
  n["mqtt"] = common::to_yaml(c.mqtt);
  for (const auto& s : c.servers) {
    YAML::Node sn;
    sn["host"] = s.endpoint.host;
    sn["port"] = s.endpoint.port;
    if (!s.username.empty()) sn["username"] = s.username;
    if (!s.password.empty()) sn["password"] = common::secret::kMask;
    sn["tls"] = s.endpoint.tls == tls_mode::off        ? "off"
                : s.endpoint.tls == tls_mode::required ? "required"
                                                       : "auto";
    if (!s.endpoint.tls_ca_file.empty()) sn["tls_ca_file"] = s.endpoint.tls_ca_file;
    for (const auto& u : s.ups) {
      YAML::Node un;
      un["name"] = u.name;
      un["id"] = u.id;
      if (u.login) un["login"] = true;
      sn["ups"].push_back(un);
    }
    if (s.ups.empty()) sn["ups"] = "every UPS the server lists";
    sn["limits"] = limits_yaml(s.limits);
    n["nut"].push_back(sn);
  }
  n["limits"] = limits_yaml(c.limits);
  n["poll"]["status_interval"] = format_duration(c.poll.status_interval);
  n["poll"]["vars_interval"] = format_duration(c.poll.vars_interval);
  n["poll"]["timeout"] = format_duration(c.poll.timeout);
  n["events"]["nocomm_interval"] = format_duration(c.events.nocomm_interval);
  n["events"]["replbatt_interval"] = format_duration(c.events.replbatt_interval);
  n["events"]["queue_limit"] = c.events.queue_limit;
  n["commands"]["instcmd"] = c.commands.instcmd;
  n["commands"]["set"] = c.commands.set;
  auto level = spdlog::level::to_string_view(c.log.level);
  n["shutdown"]["hostsync"] = format_duration(c.shutdown.hostsync);
  n["homeassistant"] = ha::to_yaml(c.homeassistant);
  if (!c.security.sign_key_file.empty()) n["security"]["sign_key_file"] = c.security.sign_key_file;
  n["log"]["level"] = std::string(level.data(), level.size());
  return n;
}

}  // namespace nutmqtt::bridge

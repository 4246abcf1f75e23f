#include "common/mqtt_settings.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "common/config_reader.hpp"
#include "common/duration.hpp"
#include "common/topics.hpp"

namespace nutmqtt::common {

std::optional<std::string> normalize_broker_url(std::string_view url, std::string& why) {
  struct scheme {
    std::string_view prefix;
    std::string_view paho;
    int port;
  };
  static constexpr scheme kSchemes[] = {{"tcp://", "tcp://", 1883},
                                        {"mqtt://", "tcp://", 1883},
                                        {"ssl://", "ssl://", 8883},
                                        {"mqtts://", "ssl://", 8883}};
  const scheme* found = nullptr;
  for (const auto& s : kSchemes) {
    if (url.starts_with(s.prefix)) found = &s;
  }
  if (found == nullptr) {
    why = "must start with tcp://, mqtt://, ssl:// or mqtts://";
    return std::nullopt;
  }
  std::string_view rest = url.substr(found->prefix.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  std::string_view host = rest;
  std::string_view port_text;
  if (rest.starts_with('[')) {
    auto close = rest.find(']');
    if (close == std::string_view::npos) {
      why = "an IPv6 address needs a closing ']'";
      return std::nullopt;
    }
    host = rest.substr(0, close + 1);
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        why = "expected ':port' after the IPv6 address";
        return std::nullopt;
      }
      port_text = after.substr(1);
    }
  } else if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port_text = rest.substr(colon + 1);
  }
  if (host.empty() || host == "[]" || host.find_first_of("/ ") != std::string_view::npos) {
    why = "needs a host name or address, as in tcp://192.168.1.10:1883";
    return std::nullopt;
  }
  int port = found->port;
  if (!port_text.empty()) {
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port < 1 ||
        port > 65535) {
      why = fmt::format("port \"{}\" is not a number from 1 to 65535", port_text);
      return std::nullopt;
    }
  }
  return fmt::format("{}{}:{}", found->paho, host, port);
}

broker_address broker_address_of(std::string_view url) {
  broker_address a;
  const auto scheme_end = url.find("://");
  std::string_view rest = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  const auto colon = rest.rfind(':');
  std::string_view host = rest.substr(0, colon);
  if (colon != std::string_view::npos) {
    std::string_view port = rest.substr(colon + 1);
    std::from_chars(port.data(), port.data() + port.size(), a.port);
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  a.host = std::string(host);
  return a;
}

namespace {

// `url:` is one broker, or a list of them tried in turn.
void read_broker_urls(map_reader& m, mqtt_settings& out) {
  YAML::Node n = m.raw("url");
  if (!n.IsDefined() || n.IsNull()) return;
  std::string why;
  if (n.IsScalar()) {
    if (auto normalized = normalize_broker_url(n.Scalar(), why)) {
      out.urls = {*normalized};
    } else {
      m.report("url", fmt::format("\"{}\" {}", n.Scalar(), why));
    }
    return;
  }
  if (!n.IsSequence() || n.size() == 0) {
    m.report("url",
             "expected a broker url, or a list of them such as [tcp://a:1883, tcp://b:1883]");
    return;
  }
  std::vector<std::string> urls;
  bool ok = true;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const auto path = fmt::format("{}[{}]", m.key_path("url"), i);
    auto problem = [&](std::string message) {
      m.source().report(n[i].Mark(), path, std::move(message));
      ok = false;
    };
    if (!n[i].IsScalar()) {
      problem("expected a broker url such as tcp://192.168.1.10:1883");
      continue;
    }
    auto normalized = normalize_broker_url(n[i].Scalar(), why);
    if (!normalized) {
      problem(fmt::format("\"{}\" {}", n[i].Scalar(), why));
    } else if (auto same = std::find(urls.begin(), urls.end(), *normalized); same != urls.end()) {
      problem(
          fmt::format("\"{}\" is the same broker as url[{}]", n[i].Scalar(), same - urls.begin()));
    } else {
      urls.push_back(*normalized);
    }
  }
  const auto tls = std::count_if(urls.begin(), urls.end(),
                                 [](const std::string& u) { return u.starts_with("ssl://"); });
  if (tls != 0 && tls != static_cast<std::ptrdiff_t>(urls.size())) {
    // Whoever can make the TLS brokers unreachable would get the password and every state in
    // the clear from the failover.
    m.report("url",
             "mixes TLS (ssl://, mqtts://) and plain (tcp://, mqtt://) brokers: a failover "
             "would drop TLS; list brokers of one kind");
    return;
  }
  if (ok) out.urls = std::move(urls);
}

// `failback_after: 0` or `never`: stay on the broker that works.
void read_failback(map_reader& m, mqtt_settings& out) {
  std::optional<std::chrono::milliseconds> value = out.failback_after;
  if (!m.read("failback_after", value, std::chrono::milliseconds(0), std::chrono::hours(24))) {
    return;
  }
  if (value && *value == std::chrono::milliseconds(0)) value.reset();
  if (value && *value < std::chrono::seconds(1)) {
    m.report("failback_after", "must be 0 or never (stay on the broker that works), or 1s or more");
    return;
  }
  out.failback_after = value;
}

}  // namespace

void read_mqtt_settings(map_reader& root, mqtt_settings& out) {
  auto m = root.map("mqtt");
  if (!m) return;
  read_broker_urls(*m, out);
  read_failback(*m, out);
  m->read("client_id", out.client_id);
  if (out.client_id.size() > 256) m->report("client_id", "must be at most 256 characters");
  m->read("username", out.username);
  m->read_secret("password", "password_file", out.password);
  if (!out.password.empty() && out.username.empty()) {
    m->report("password", "a password needs a username");
  }
  if (m->read("base_topic", out.base_topic)) {
    if (auto why = base_topic_problem(out.base_topic)) m->report("base_topic", *why);
  }
  m->read("qos", out.qos, 0, 2);
  m->read("keepalive", out.keepalive, std::chrono::seconds(5), std::chrono::hours(18));
  static constexpr choice<int> kProtocols[] = {{"3.1.1", 4}, {"5", 5}};
  m->read<int>("protocol", out.protocol_version, kProtocols);
  if (auto t = m->map("tls")) {
    mqtt_tls_settings tls;
    t->read("ca_file", tls.ca_file);
    t->read("cert_file", tls.cert_file);
    t->read("key_file", tls.key_file);
    t->read("verify", tls.verify);
    if (tls.cert_file.empty() != tls.key_file.empty()) {
      t->report("a client certificate needs both cert_file and key_file");
    }
    t->finish();
    out.tls = tls;
    if (!out.uses_tls()) {
      m->report("tls", "TLS settings need an ssl:// or mqtts:// url");
    }
  }
  m->finish();
}

YAML::Node to_yaml(const mqtt_settings& s) {
  YAML::Node n;
  if (s.urls.size() == 1) {
    n["url"] = s.urls.front();
  } else {
    for (const auto& url : s.urls)
      n["url"].push_back(url);
    n["failback_after"] = s.failback_after ? format_duration(*s.failback_after) : "never";
  }
  n["client_id"] = s.client_id;
  if (!s.username.empty()) n["username"] = s.username;
  if (!s.password.empty()) n["password"] = secret::kMask;
  n["base_topic"] = s.base_topic;
  n["qos"] = s.qos;
  n["keepalive"] = format_duration(s.keepalive);
  n["protocol"] = s.protocol_version == 5 ? "5" : "3.1.1";
  if (s.tls) {
    YAML::Node t;
    if (!s.tls->ca_file.empty()) t["ca_file"] = s.tls->ca_file;
    if (!s.tls->cert_file.empty()) t["cert_file"] = s.tls->cert_file;
    if (!s.tls->key_file.empty()) t["key_file"] = s.tls->key_file;
    t["verify"] = s.tls->verify;
    n["tls"] = t;
  }
  return n;
}

}  // namespace nutmqtt::common

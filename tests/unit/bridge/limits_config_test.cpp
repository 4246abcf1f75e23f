#include <doctest/doctest.h>

#include "bridge/bridge_config.hpp"
#include "common/config_reader.hpp"

using namespace nutmqtt::bridge;
using namespace std::chrono_literals;

namespace {

std::string problems_of(const std::string& yaml) {
  try {
    parse_bridge_config(yaml, "bridge.yaml");
  } catch (const nutmqtt::common::config_error& e) {
    return e.what();
  }
  return "";
}

bool mentions(const std::string& all, const std::string& needle) {
  bool found = all.find(needle) != std::string::npos;
  if (!found) MESSAGE("looking for: " << needle << "\nin:\n" << all);
  return found;
}

}  // namespace

TEST_CASE("limits have defaults no real site reaches") {
  auto c = parse_bridge_config("nut:\n  - host: 127.0.0.1\n", "bridge.yaml");
  const auto& l = c.servers.at(0).limits;
  // Real UPSes have 50 to 200 variables, a big PDU up to about 2,000.
  CHECK(l.reply.max_vars >= 2000);
  CHECK(l.reply.max_ups >= 100);
  CHECK(l.reply.max_list_items >= 2000);
  CHECK(l.max_line_bytes == 8192);
  CHECK(l.reply.max_reply_bytes == 1u << 20);
  CHECK(l.max_requests_per_second == 1000);
  CHECK(l.forget_after == 10min);
}

TEST_CASE("a server's own limits override the bridge's, key by key") {
  auto c = parse_bridge_config(R"(limits:
  max_vars: 500
  max_ups: 20
  forget_after: 1h
nut:
  - host: 127.0.0.1
    limits: { max_ups: 3, max_requests_per_second: 50 }
  - host: 127.0.0.2
)",
                               "bridge.yaml");
  const auto& first = c.servers.at(0).limits;
  CHECK(first.reply.max_ups == 3);
  CHECK(first.reply.max_vars == 500);
  CHECK(first.max_requests_per_second == 50);
  CHECK(first.forget_after == 1h);
  const auto& second = c.servers.at(1).limits;
  CHECK(second.reply.max_ups == 20);
  CHECK(second.max_requests_per_second == 1000);
  auto yaml = YAML::Dump(to_yaml(c));
  CHECK(mentions(yaml, "max_ups: 3"));
  CHECK(mentions(yaml, "forget_after: 1h"));
}

TEST_CASE("out-of-range and unknown limits are reported with their place") {
  auto all = problems_of(R"(limits:
  max_vars: 0
  max_line_bytes: 100
  forget_after: 0s
  max_items: 5
nut:
  - host: 127.0.0.1
    limits:
      max_requests_per_second: 1
)");
  CHECK(mentions(all, "bridge.yaml:2"));
  CHECK(mentions(all, "limits.max_vars"));
  CHECK(mentions(all, "limits.max_line_bytes"));
  CHECK(mentions(all, "limits.forget_after"));
  CHECK(mentions(all, "limits.max_items"));
  CHECK(mentions(all, "nut[0].limits.max_requests_per_second"));
}

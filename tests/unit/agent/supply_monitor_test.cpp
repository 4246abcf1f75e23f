#include "shutdown-agent/logic/supply_monitor.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::agent;
using namespace std::chrono_literals;

namespace {

const time_point t0{};

supply_settings two_ups(int min_supplies) {
  supply_settings s;
  s.monitor = {{"a", 1}, {"b", 1}};
  s.min_supplies = min_supplies;
  s.deadtime = 15s;
  s.wait_for_primary = 0s;
  return s;
}

comm_state lost(time_point since) {
  return {since, std::nullopt};
}
comm_state failed_poll(time_point since) {
  return {since, since};
}

std::string reason_of(const supply_monitor& m, const std::string& ups) {
  for (const auto& c : m.critical())
    if (c.ups == ups) return c.reason;
  return "";
}

}  // namespace

TEST_CASE("UPSes never heard from count as OK") {
  supply_monitor m(two_ups(2));
  auto v = m.evaluate(t0);
  CHECK(v.supplies == 2);
  CHECK_FALSE(v.shutdown);
  CHECK(m.critical().empty());
}

TEST_CASE("FSD, and OB with LB, make a UPS critical - OB alone or LB alone do not") {
  supply_monitor m(two_ups(1));
  m.on_status("a", {"OB", "DISCHRG"}, t0);
  m.evaluate(t0);
  CHECK(m.critical().empty());
  m.on_status("a", {"OL", "LB"}, t0);
  m.evaluate(t0);
  CHECK(m.critical().empty());
  m.on_status("a", {"OB", "LB"}, t0);
  auto v = m.evaluate(t0);
  REQUIRE(m.critical().size() == 1);
  CHECK(m.critical()[0].ups == "a");
  CHECK(v.supplies == 1);
  CHECK_FALSE(v.shutdown);  // b still supplies 1 >= min_supplies 1
  m.on_status("b", {"FSD", "OL"}, t0);
  v = m.evaluate(t0);
  CHECK(m.critical().size() == 2);
  CHECK(v.supplies == 0);
  CHECK(v.shutdown);
}

TEST_CASE("power values and min_supplies decide together") {
  supply_settings s;
  s.monitor = {{"big", 2}, {"small", 1}};
  s.min_supplies = 2;
  s.wait_for_primary = 0s;
  supply_monitor m(s);
  m.on_status("small", {"OB", "LB"}, t0);
  CHECK_FALSE(m.evaluate(t0).shutdown);  // big alone still gives 2
  m.on_status("small", {"OL"}, t0);
  m.on_status("big", {"OB", "LB"}, t0);
  auto v = m.evaluate(t0);
  CHECK(v.supplies == 1);
  CHECK(v.shutdown);
}

TEST_CASE("a UPS last seen on battery becomes critical after deadtime without news") {
  supply_monitor m(two_ups(2));
  m.on_status("a", {"OB"}, t0);
  m.on_comm("a", lost(t0), t0);
  auto v = m.evaluate(t0 + 14s);
  CHECK(m.critical().empty());
  CHECK(v.next_check == t0 + 15s);
  v = m.evaluate(t0 + 15s);
  CHECK(reason_of(m, "a").find("not heard from") != std::string::npos);
  CHECK(v.shutdown);
  m.on_comm("a", {}, t0 + 20s);
  CHECK(m.critical().empty());
}

TEST_CASE("a UPS last seen on line power is not critical however long it is silent") {
  supply_monitor m(two_ups(2));
  m.on_status("a", {"OL"}, t0);
  m.on_comm("a", lost(t0), t0);
  auto v = m.evaluate(t0 + 1h);
  CHECK(m.critical().empty());
  CHECK_FALSE(v.next_check);
}

TEST_CASE("after a calibration a UPS can still be critical (NUT 2.8.0 bug not copied)") {
  supply_monitor m(two_ups(2));
  m.on_status("a", {"OL", "CAL"}, t0);
  m.on_status("a", {"OL"}, t0);
  m.on_status("a", {"OB", "LB"}, t0);
  m.evaluate(t0);
  CHECK(m.critical().size() == 1);
}

TEST_CASE("with * every UPS heard of counts - nothing heard means nothing to judge") {
  supply_settings s;
  s.monitor = {{"*", 1}};
  s.wait_for_primary = 0s;
  supply_monitor m(s);
  CHECK(m.monitors("anything"));
  CHECK_FALSE(m.evaluate(t0).shutdown);
  m.on_status("x", {"OB", "LB"}, t0);
  CHECK(m.evaluate(t0).shutdown);
}

TEST_CASE("UPSes not monitored are ignored, and critical rules can be switched off") {
  supply_settings s = two_ups(1);
  supply_monitor m(s);
  CHECK_FALSE(m.monitors("c"));
  m.on_status("c", {"FSD"}, t0);
  CHECK(m.known().empty());
  s.critical_enabled = false;
  supply_monitor off(s);
  off.on_status("a", {"FSD"}, t0);
  off.on_status("b", {"FSD"}, t0);
  auto v = off.evaluate(t0);
  CHECK(off.critical().empty());
  CHECK_FALSE(v.shutdown);
}

TEST_CASE("wait_for_primary: OB LB waits for the primary's FSD, as upsmon's secondary does") {
  auto s = two_ups(2);
  s.wait_for_primary = 15s;
  supply_monitor m(s);
  m.on_status("a", {"OB", "LB"}, t0);
  auto v = m.evaluate(t0);
  CHECK_FALSE(v.shutdown);
  CHECK(v.next_check == t0 + 15s);
  CHECK(m.next_shutdown(t0) == t0 + 15s);
  // A short blip the primary missed does not shut the secondary down...
  m.on_status("a", {"OB"}, t0 + 5s);
  CHECK_FALSE(m.evaluate(t0 + 20s).shutdown);
  // ...and counts afresh when it comes back; the primary's FSD ends the wait at once.
  m.on_status("a", {"OB", "LB"}, t0 + 21s);
  CHECK_FALSE(m.evaluate(t0 + 30s).shutdown);
  m.on_status("a", {"FSD", "OB", "LB"}, t0 + 31s);
  CHECK(m.evaluate(t0 + 31s).shutdown);
}

TEST_CASE("wait_for_primary counts from the last sight of the UPS for a silent one on battery") {
  auto s = two_ups(2);
  s.deadtime = 6s;
  s.wait_for_primary = 15s;
  supply_monitor m(s);
  m.on_status("a", {"OB"}, t0);
  m.on_comm("a", lost(t0 + 1s), t0 + 1s);
  CHECK_FALSE(m.evaluate(t0 + 15s).shutdown);
  CHECK(m.evaluate(t0 + 16s).shutdown);  // upsmon: about DEADTIME, or HOSTSYNC if longer
}

TEST_CASE("oblb_duration: OB LB counts only once it has lasted") {
  auto s = two_ups(2);
  s.oblb_duration = 10s;
  supply_monitor m(s);
  m.on_status("a", {"OB", "LB"}, t0);
  CHECK_FALSE(m.evaluate(t0 + 9s).shutdown);
  CHECK(m.evaluate(t0 + 10s).shutdown);
}

TEST_CASE("OB LB while calibrating is not critical, as upsmon judges it") {
  supply_monitor m(two_ups(2));
  m.on_status("a", {"OB", "LB", "CAL"}, t0);
  CHECK_FALSE(m.evaluate(t0 + 1h).shutdown);
}

TEST_CASE("off_duration: a UPS reporting OFF that long no longer feeds the host") {
  supply_monitor m(two_ups(2));
  m.on_status("a", {"OFF"}, t0);
  CHECK_FALSE(m.evaluate(t0 + 29s).shutdown);
  CHECK(m.evaluate(t0 + 30s).shutdown);
  CHECK(reason_of(m, "a").find("output off") != std::string::npos);
  auto never = two_ups(2);
  never.off_duration.reset();
  supply_monitor n(never);
  n.on_status("a", {"OFF"}, t0);
  n.on_comm("a", failed_poll(t0), t0);
  CHECK_FALSE(n.evaluate(t0 + 1h).shutdown);
  auto at_once = two_ups(2);
  at_once.off_duration = 0s;
  supply_monitor z(at_once);
  z.on_status("a", {"OFF"}, t0);
  CHECK(z.evaluate(t0).shutdown);
}

TEST_CASE("volatile statuses: critical at upsmon's failed poll, after deadtime of silence") {
  for (const char* token : {"CAL", "BYPASS", "ALARM", "OFF"}) {
    CAPTURE(token);
    supply_monitor polled(two_ups(2));
    polled.on_status("a", {"OL", token}, t0);
    polled.on_comm("a", failed_poll(t0 + 1s), t0 + 1s);
    CHECK(polled.evaluate(t0 + 1s).shutdown);
    supply_monitor silent(two_ups(2));
    silent.on_status("a", {"OL", token}, t0);
    silent.on_comm("a", lost(t0 + 1s), t0 + 1s);
    CHECK_FALSE(silent.evaluate(t0 + 15s).shutdown);
    CHECK(silent.evaluate(t0 + 16s).shutdown);
  }
  auto s = two_ups(2);
  s.alarm_critical = false;
  supply_monitor off(s);
  off.on_status("a", {"OL", "ALARM"}, t0);
  off.on_comm("a", failed_poll(t0), t0);
  CHECK_FALSE(off.evaluate(t0 + 1h).shutdown);
}

TEST_CASE("over_duration: overloaded and not heard from that long") {
  auto s = two_ups(2);
  s.over_duration = 5s;
  supply_monitor m(s);
  m.on_status("a", {"OL", "OVER"}, t0);
  CHECK_FALSE(m.evaluate(t0 + 1h).shutdown);  // communicating: notifications only
  m.on_comm("a", lost(t0 + 1h), t0 + 1h);
  CHECK_FALSE(m.evaluate(t0 + 1h + 4s).shutdown);
  CHECK(m.evaluate(t0 + 1h + 5s).shutdown);
  supply_monitor never(two_ups(2));  // the default: never
  never.on_status("a", {"OL", "OVER"}, t0);
  never.on_comm("a", lost(t0), t0);
  CHECK_FALSE(never.evaluate(t0 + 1h).shutdown);
}

TEST_CASE("the outlook: when the host goes down if nothing changes") {
  supply_settings s;
  s.monitor = {{"a", 1}, {"b", 1}, {"c", 1}};
  s.min_supplies = 2;
  s.wait_for_primary = 0s;
  supply_monitor m(s);
  m.on_status("a", {"OB"}, t0);
  m.on_comm("a", lost(t0), t0);
  m.on_status("b", {"OB"}, t0);
  m.on_comm("b", lost(t0 + 10s), t0 + 10s);
  // a critical at 15 s leaves 2: still enough; b at 25 s leaves 1.
  CHECK(m.next_shutdown(t0 + 10s) == t0 + 25s);
  m.on_status("c", {"FSD"}, t0 + 11s);
  CHECK(m.next_shutdown(t0 + 11s) == t0 + 15s);
}

#include "shutdown-agent/supply_monitor.hpp"

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
  return s;
}

}  // namespace

TEST_CASE("UPSes never heard from count as OK") {
  supply_monitor m(two_ups(2));
  auto v = m.evaluate(t0);
  CHECK(v.supplies == 2);
  CHECK_FALSE(v.shutdown);
  CHECK(v.critical.empty());
}

TEST_CASE("FSD, and OB with LB, make a UPS critical - OB alone or LB alone do not") {
  supply_monitor m(two_ups(1));
  m.on_status("a", {"OB", "DISCHRG"});
  CHECK(m.evaluate(t0).critical.empty());
  m.on_status("a", {"OL", "LB"});
  CHECK(m.evaluate(t0).critical.empty());
  m.on_status("a", {"OB", "LB"});
  auto v = m.evaluate(t0);
  REQUIRE(v.critical.size() == 1);
  CHECK(v.critical[0].ups == "a");
  CHECK(v.supplies == 1);
  CHECK_FALSE(v.shutdown);  // b still supplies 1 >= min_supplies 1
  m.on_status("b", {"FSD", "OL"});
  v = m.evaluate(t0);
  CHECK(v.critical.size() == 2);
  CHECK(v.supplies == 0);
  CHECK(v.shutdown);
}

TEST_CASE("power values and min_supplies decide together") {
  supply_settings s;
  s.monitor = {{"big", 2}, {"small", 1}};
  s.min_supplies = 2;
  supply_monitor m(s);
  m.on_status("small", {"OB", "LB"});
  CHECK_FALSE(m.evaluate(t0).shutdown);  // big alone still gives 2
  m.on_status("small", {"OL"});
  m.on_status("big", {"OB", "LB"});
  auto v = m.evaluate(t0);
  CHECK(v.supplies == 1);
  CHECK(v.shutdown);
}

TEST_CASE("a UPS last seen on battery becomes critical after deadtime without news") {
  supply_monitor m(two_ups(2));
  m.on_status("a", {"OB"});
  m.on_comm("a", t0);
  auto v = m.evaluate(t0 + 14s);
  CHECK(v.critical.empty());
  CHECK(v.next_check == t0 + 15s);
  v = m.evaluate(t0 + 15s);
  REQUIRE(v.critical.size() == 1);
  CHECK(v.critical[0].reason.find("not heard from") != std::string::npos);
  CHECK(v.shutdown);
  m.on_comm("a", std::nullopt);
  CHECK(m.evaluate(t0 + 20s).critical.empty());
}

TEST_CASE("a UPS last seen on line power is not critical however long it is silent") {
  supply_monitor m(two_ups(2));
  m.on_status("a", {"OL"});
  m.on_comm("a", t0);
  auto v = m.evaluate(t0 + 1h);
  CHECK(v.critical.empty());
  CHECK_FALSE(v.next_check);
}

TEST_CASE("after a calibration a UPS can still be critical (NUT 2.8.0 bug not copied)") {
  supply_monitor m(two_ups(2));
  m.on_status("a", {"OL", "CAL"});
  m.on_status("a", {"OL"});
  m.on_status("a", {"OB", "LB"});
  CHECK(m.evaluate(t0).critical.size() == 1);
}

TEST_CASE("with * every UPS heard of counts - nothing heard means nothing to judge") {
  supply_settings s;
  s.monitor = {{"*", 1}};
  supply_monitor m(s);
  CHECK(m.monitors("anything"));
  CHECK_FALSE(m.evaluate(t0).shutdown);
  m.on_status("x", {"OB", "LB"});
  CHECK(m.evaluate(t0).shutdown);
}

TEST_CASE("UPSes not monitored are ignored, and critical rules can be switched off") {
  supply_settings s = two_ups(1);
  supply_monitor m(s);
  CHECK_FALSE(m.monitors("c"));
  m.on_status("c", {"FSD"});
  CHECK(m.known().empty());
  s.critical_enabled = false;
  supply_monitor off(s);
  off.on_status("a", {"FSD"});
  off.on_status("b", {"FSD"});
  auto v = off.evaluate(t0);
  CHECK(v.critical.empty());
  CHECK_FALSE(v.shutdown);
}

#include "bridge/ups/ups_state.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::bridge;
using namespace std::chrono_literals;
using vars = std::map<std::string, std::string>;

TEST_CASE("variable changes: added, changed and removed") {
  auto c = diff_vars({{"a", "1"}, {"b", "2"}, {"c", "3"}}, {{"b", "2"}, {"c", "4"}, {"d", "5"}});
  CHECK(c.set == std::vector<std::pair<std::string, std::string>>{{"c", "4"}, {"d", "5"}});
  CHECK(c.removed == std::vector<std::string>{"a"});
  CHECK(diff_vars({{"a", "1"}}, {{"a", "1"}}).empty());
  CHECK(diff_vars({}, {}).empty());
  CHECK(diff_vars({{"a", "1"}}, {}).removed.size() == 1);
}

TEST_CASE("status polls: availability, status, flags and since times") {
  ups_state s;
  ups_state::time_point t0{};
  CHECK_FALSE(s.available());
  auto u = s.poll_ok("OL CHRG", "", t0);
  CHECK(u.availability_changed);
  CHECK(u.status_changed);
  CHECK(*s.available());
  CHECK(s.flags() == std::vector<std::string>{"OL", "CHRG"});
  CHECK(s.since().at("OL") == t0);
  CHECK(s.vars().at("ups.status") == "OL CHRG");

  CHECK_FALSE(s.poll_ok("OL CHRG", "", t0 + 1s).changed());

  u = s.poll_ok("OB DISCHRG", "", t0 + 5s);
  CHECK(u.status_changed);
  CHECK_FALSE(u.availability_changed);
  CHECK(s.since().count("OL") == 0);
  CHECK(s.since().at("OB") == t0 + 5s);

  u = s.poll_ok("OB DISCHRG LB", "", t0 + 9s);
  CHECK(s.since().at("OB") == t0 + 5s);  // still set: keeps its first time
  CHECK(s.since().at("LB") == t0 + 9s);

  u = s.poll_failed();
  CHECK(u.availability_changed);
  CHECK_FALSE(u.status_changed);
  CHECK_FALSE(*s.available());
  CHECK(s.status() == "OB DISCHRG LB");  // the last known status stays
  CHECK_FALSE(s.poll_failed().changed());
  CHECK(s.poll_ok("OB DISCHRG LB", "", t0 + 20s).availability_changed);
}

TEST_CASE("variable lists: the status poll stays the authority on ups.status") {
  ups_state s;
  ups_state::time_point t0{};
  s.poll_ok("OL", "", t0);
  auto u = s.vars_listed({{"battery.charge", "100"}, {"ups.status", "OB"}}, t0 + 1s);
  CHECK(s.status() == "OL");
  CHECK(s.vars().at("ups.status") == "OL");
  CHECK(u.vars.set == std::vector<std::pair<std::string, std::string>>{{"battery.charge", "100"}});
  u = s.vars_listed({{"battery.charge", "99"}}, t0 + 2s);
  CHECK(u.vars.set == std::vector<std::pair<std::string, std::string>>{{"battery.charge", "99"}});
  CHECK(u.vars.removed.empty());
  u = s.vars_listed({}, t0 + 3s);
  CHECK(u.vars.removed == std::vector<std::string>{"battery.charge"});
}

TEST_CASE("variables before any status poll set the status") {
  ups_state s;
  auto u = s.vars_listed({{"ups.status", "OB"}, {"battery.charge", "50"}}, {});
  CHECK(u.status_changed);
  CHECK(s.status() == "OB");
  CHECK(u.vars.set.size() == 2);
}

TEST_CASE("ALARM text follows the status poll") {
  ups_state s;
  auto u = s.poll_ok("OL ALARM", "Replace battery!", {});
  CHECK(s.vars().at("ups.alarm") == "Replace battery!");
  u = s.vars_listed({{"ups.status", "OL ALARM"}}, {});
  CHECK(s.vars().at("ups.alarm") == "Replace battery!");
  CHECK(u.vars.empty());
}

TEST_CASE("WAIT from a restarting driver is no news: status, since and variables stay") {
  ups_state s;
  ups_state::time_point t0{};
  s.poll_ok("OB DISCHRG", "", t0);
  s.vars_listed({{"ups.status", "OB DISCHRG"}, {"battery.charge", "80"}}, t0);
  auto u = s.poll_ok("WAIT", "", t0 + 10s);
  CHECK_FALSE(u.changed());
  CHECK(s.status() == "OB DISCHRG");
  u = s.vars_listed({{"ups.status", "WAIT"}}, t0 + 10s);
  CHECK(u.vars.empty());
  CHECK(s.vars().at("battery.charge") == "80");
  u = s.poll_ok("OB DISCHRG", "", t0 + 11s);
  CHECK_FALSE(u.status_changed);
  CHECK(s.since().at("OB") == t0);
  u = s.vars_listed({{"ups.status", "OB DISCHRG"}, {"battery.charge", "79"}}, t0 + 12s);
  CHECK(u.vars.set.size() == 1);
}

TEST_CASE("the status says when it was read: a poll answered, not a list, a failure or WAIT") {
  ups_state s;
  ups_state::time_point t0{};
  CHECK_FALSE(s.polled());
  s.poll_ok("OL", "", t0);
  CHECK(s.polled() == t0);
  s.poll_ok("OL", "", t0 + 2s);  // the same status, read again
  CHECK(s.polled() == t0 + 2s);
  s.vars_listed({{"ups.status", "OB"}, {"battery.charge", "90"}}, t0 + 3s);
  CHECK(s.polled() == t0 + 2s);
  s.poll_ok("WAIT", "", t0 + 4s);
  CHECK(s.polled() == t0 + 2s);
  s.poll_failed();
  CHECK(s.polled() == t0 + 2s);
  CHECK(s.status() == "OL");

  ups_state listed_first;
  listed_first.vars_listed({{"ups.status", "OB DISCHRG"}}, t0 + 1s);
  CHECK(listed_first.polled() == t0 + 1s);
}

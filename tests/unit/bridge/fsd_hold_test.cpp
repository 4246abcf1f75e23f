#include "bridge/shutdown/fsd_hold.hpp"

#include <doctest/doctest.h>

#include "bridge/shutdown/agent_registry.hpp"

using namespace nutmqtt::bridge;
using namespace std::chrono_literals;
using strings = std::vector<std::string>;

namespace {

std::string state(bool online, bool shutting_down, const char* monitored = R"(["nas"])") {
  return std::string(R"({"agent":"a","online":)") + (online ? "true" : "false") +
         R"(,"shutting_down":)" + (shutting_down ? "true" : "false") + R"(,"monitored":)" +
         monitored + "}";
}

}  // namespace

TEST_CASE("the registry knows which online agents watch a UPS") {
  agent_registry r;
  CHECK(r.update("pi1", state(true, false)));
  CHECK(r.update("pi2", state(true, false, R"(["*"])")));
  CHECK(r.update("pi3", state(true, false, R"(["rack"])")));
  CHECK(r.update("pi4", state(false, false)));
  CHECK(r.online_watchers("nas") == strings{"pi1", "pi2"});
  CHECK(r.online_watchers("rack") == strings{"pi2", "pi3"});
  // A last will carries no list: what the agent watched stays known.
  CHECK(r.update("pi1", R"({"online":false})"));
  CHECK(r.find("pi1")->monitored == strings{"nas"});
  CHECK(r.online_watchers("nas") == strings{"pi2"});
  CHECK(r.update("pi2", ""));
  CHECK(r.find("pi2") == nullptr);
  CHECK_FALSE(r.update("x", "not json"));
  CHECK_FALSE(r.update("x", R"({"monitored":["nas"]})"));
  CHECK_FALSE(r.update("x", std::string(70000, ' ')));
}

TEST_CASE("after FSD the login is held until every watching agent went offline") {
  agent_registry r;
  r.update("pi1", state(true, false));
  r.update("pi2", state(true, false));
  fsd_hold hold(60s);
  fsd_hold::clock::time_point t0{};
  hold.begin(t0, r, "nas");
  auto v = hold.evaluate(t0, r, "nas");
  CHECK_FALSE(v.release);
  CHECK(v.waiting_for == strings{"pi1", "pi2"});

  r.update("pi1", state(true, true));
  v = hold.evaluate(t0 + 2s, r, "nas");
  CHECK_FALSE(v.release);
  CHECK(v.shutting_down == strings{"pi1"});
  r.update("pi1", R"({"online":false})");
  v = hold.evaluate(t0 + 5s, r, "nas");
  CHECK_FALSE(v.release);
  CHECK(v.done == strings{"pi1"});
  CHECK(v.shutting_down == strings{"pi1"});
  r.update("pi2", state(true, true));
  r.update("pi2", state(false, true));
  v = hold.evaluate(t0 + 9s, r, "nas");
  CHECK(v.release);
  CHECK_FALSE(v.timed_out);
  CHECK(v.done == strings{"pi1", "pi2"});
  CHECK_FALSE(hold.active());
}

TEST_CASE("hostsync ends the hold whoever is still up, and nobody to wait for ends it at once") {
  agent_registry r;
  r.update("pi1", state(true, false));
  fsd_hold hold(60s);
  fsd_hold::clock::time_point t0{};
  hold.begin(t0, r, "nas");
  CHECK_FALSE(hold.evaluate(t0 + 59s, r, "nas").release);
  auto v = hold.evaluate(t0 + 60s, r, "nas");
  CHECK(v.release);
  CHECK(v.timed_out);
  CHECK(v.waiting_for == strings{"pi1"});

  agent_registry none;
  none.update("elsewhere", state(true, false, R"(["rack"])"));
  fsd_hold empty(60s);
  empty.begin(t0, none, "nas");
  CHECK(empty.evaluate(t0, none, "nas").release);
}

TEST_CASE("an agent that comes online during the hold is waited for as well") {
  agent_registry r;
  fsd_hold hold(60s);
  fsd_hold::clock::time_point t0{};
  r.update("pi1", state(true, false));
  hold.begin(t0, r, "nas");
  r.update("late", state(true, false));
  auto v = hold.evaluate(t0 + 1s, r, "nas");
  CHECK(v.waiting_for == strings{"late", "pi1"});
}

TEST_CASE("an agent's last will keeps what it watched and that it was shutting down") {
  agent_registry r;
  r.update("pi1", state(true, true));
  r.update("pi1", R"({"agent":"pi1","online":false,"monitored":[],"shutting_down":false})");
  REQUIRE(r.find("pi1"));
  CHECK(r.find("pi1")->monitored == strings{"nas"});
  CHECK(r.find("pi1")->shutting_down);
  CHECK_FALSE(r.find("pi1")->online);
  // Back online with a new list: that list counts.
  r.update("pi1", state(true, false, R"(["rack"])"));
  CHECK(r.find("pi1")->monitored == strings{"rack"});
  CHECK_FALSE(r.find("pi1")->shutting_down);
}

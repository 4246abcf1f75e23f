#include "common/topics.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::common;

TEST_CASE("the topic contract") {
  topic_scheme t("ups");
  CHECK(t.var("nas", "battery.charge") == "ups/nas/var/battery.charge");
  CHECK(t.status("nas") == "ups/nas/status");
  CHECK(t.status_text("nas") == "ups/nas/status_text");
  CHECK(t.state("nas") == "ups/nas/state");
  CHECK(t.availability("nas") == "ups/nas/availability");
  CHECK(t.availability_by("nas", "bridge-a") == "ups/nas/availability/bridge-a");
  CHECK(t.event("nas") == "ups/nas/event");
  CHECK(t.last_event("nas") == "ups/nas/last_event");
  CHECK(t.cmd_instcmd("nas") == "ups/nas/cmd/instcmd");
  CHECK(t.cmd_set("nas", "battery.charge.low") == "ups/nas/cmd/set/battery.charge.low");
  CHECK(t.cmd_result("nas") == "ups/nas/cmd/result");
  CHECK(t.bridge_availability("home") == "ups/_bridge/home/availability");
  CHECK(t.bridge_info("home") == "ups/_bridge/home/info");
  CHECK(t.agent_state("pi") == "ups/_agent/pi/state");
  CHECK(t.agent_event("pi") == "ups/_agent/pi/event");
  CHECK(t.every("event") == "ups/+/event");
  CHECK(t.every_bridge_availability() == "ups/_bridge/+/availability");
  CHECK(t.every_availability_by() == "ups/+/availability/+");
}

TEST_CASE("topics under the base parse into UPS id and leaf") {
  topic_scheme t("home/ups");
  auto p = t.parse("home/ups/nas/event");
  REQUIRE(p);
  CHECK(p->ups == "nas");
  CHECK(p->leaf == "event");
  CHECK(t.parse("home/ups/nas/var/battery.charge")->leaf == "var/battery.charge");
  CHECK_FALSE(t.parse("home/upsx/nas/event"));
  CHECK_FALSE(t.parse("home/ups/nas"));
  CHECK_FALSE(t.parse("home/ups//event"));
  CHECK_FALSE(t.parse("other/nas/event"));
}

TEST_CASE("a bridge's own availability of a UPS names the bridge") {
  topic_scheme t("ups");
  CHECK(topic_scheme::availability_by_bridge(*t.parse("ups/nas/availability/bridge-a")) ==
        "bridge-a");
  CHECK_FALSE(topic_scheme::availability_by_bridge(*t.parse("ups/nas/availability")));
  CHECK_FALSE(topic_scheme::availability_by_bridge(*t.parse("ups/nas/availability/")));
  CHECK_FALSE(topic_scheme::availability_by_bridge(*t.parse("ups/nas/availability/a/b")));
  CHECK_FALSE(topic_scheme::availability_by_bridge(*t.parse("ups/nas/var/availability")));
  // The bridges' and agents' own topics are not a UPS's.
  CHECK_FALSE(topic_scheme::availability_by_bridge(*t.parse("ups/_bridge/availability/x")));
}

TEST_CASE("base topics and topic levels are validated") {
  CHECK_FALSE(base_topic_problem("ups"));
  CHECK_FALSE(base_topic_problem("home/ups"));
  CHECK(base_topic_problem(""));
  CHECK(base_topic_problem("/ups"));
  CHECK(base_topic_problem("ups/"));
  CHECK(base_topic_problem("a//b"));
  CHECK(base_topic_problem("ups/#"));
  CHECK(base_topic_problem("$SYS"));
  CHECK(is_topic_level("battery.charge"));
  CHECK_FALSE(is_topic_level("a/b"));
  CHECK_FALSE(is_topic_level(""));
  CHECK_FALSE(is_topic_level("a\nb"));
}

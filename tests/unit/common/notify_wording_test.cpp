#include "common/notify_wording.hpp"

#include <doctest/doctest.h>

#include "common/event_types.hpp"

using namespace nutmqtt::common;

TEST_CASE("upsmon's stock formats for every event type and SHUTDOWN") {
  for (auto t : all_event_types())
    CHECK(default_notify_format(event_name(t)).has_value());
  CHECK(*default_notify_format("ONBATT") == "UPS %s on battery");
  CHECK(*default_notify_format("SHUTDOWN") == "Auto logout and shutdown proceeding");
  CHECK_FALSE(default_notify_format("onbatt"));
  CHECK_FALSE(default_notify_format("NOPARENT"));
  CHECK(notify_format_slots("ALARM") == 2);
  CHECK(notify_format_slots("OTHER") == 2);
  CHECK(notify_format_slots("ONBATT") == 1);
}

TEST_CASE("a NOTIFYMSG format takes %s up to its slots, %% for a percent, nothing else") {
  CHECK_FALSE(notify_format_problem("UPS %s on battery", 1));
  CHECK_FALSE(notify_format_problem("no UPS named at all", 1));
  CHECK_FALSE(notify_format_problem("100%% sure about %s", 1));
  CHECK_FALSE(notify_format_problem("%s: %s", 2));
  auto two = notify_format_problem("%s and %s", 1);
  REQUIRE(two);
  CHECK(two->find("at most 1") != std::string::npos);
  CHECK(notify_format_problem("%s %s %s", 2));
  auto d = notify_format_problem("UPS %d", 1);
  REQUIRE(d);
  CHECK(d->find("character 5") != std::string::npos);
  CHECK(notify_format_problem("ends with %", 1));
  CHECK(notify_format_problem("%n", 1));
}

TEST_CASE("formats are filled by plain substitution") {
  CHECK(fill_notify_format("UPS %s: [%s]", "nas", "Fan failure") == "UPS nas: [Fan failure]");
  CHECK(fill_notify_format("%s%%", "50") == "50%");
  CHECK(fill_notify_format("%s %s %s", "a", "b") == "a b ");
  CHECK(fill_notify_format("UPS %s", "ups%s%d") == "UPS ups%s%d");
}

TEST_CASE("notification text keeps to one line: control characters become spaces") {
  CHECK(notify_printable("Fan failure") == "Fan failure");
  CHECK(notify_printable("a\nb\rc\td") == "a b c d");
  CHECK(notify_printable(std::string("x\0y\x7fz", 5)) == "x y z");
  CHECK(notify_printable("Überspannung") == "Überspannung");  // UTF-8 bytes stay
}

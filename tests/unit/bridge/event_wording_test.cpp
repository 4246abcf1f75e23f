#include "bridge/ups/event_wording.hpp"

#include <set>
#include <string>

#include <doctest/doctest.h>

using nutmqtt::bridge::upsmon_message;
using nutmqtt::common::all_event_types;
using nutmqtt::common::event_name;
using nutmqtt::common::event_type;

TEST_CASE("every event type has upsmon's stock message with the UPS id") {
  struct row {
    event_type type;
    const char* expected;
  };
  const row rows[] = {
      {event_type::online, "UPS nas on line power"},
      {event_type::onbatt, "UPS nas on battery"},
      {event_type::lowbatt, "UPS nas battery is low"},
      {event_type::fsd, "UPS nas: forced shutdown in progress"},
      {event_type::commok, "Communications with UPS nas established"},
      {event_type::commbad, "Communications with UPS nas lost"},
      {event_type::nocomm, "UPS nas is unavailable"},
      {event_type::replbatt, "UPS nas battery needs to be replaced"},
      {event_type::cal, "UPS nas: calibration in progress"},
      {event_type::notcal, "UPS nas: calibration finished"},
      {event_type::off, "UPS nas: administratively OFF or asleep"},
      {event_type::notoff, "UPS nas: no longer administratively OFF or asleep"},
      {event_type::bypass, "UPS nas: on bypass (powered, not protecting)"},
      {event_type::notbypass, "UPS nas: no longer on bypass"},
      {event_type::eco, "UPS nas: in ECO mode (as defined by vendor)"},
      {event_type::noteco, "UPS nas: no longer in ECO mode"},
      {event_type::alarm, "UPS nas: one or more active alarms: [Replace battery!]"},
      {event_type::notalarm, "UPS nas is no longer in an alarm state (no active alarms)"},
      {event_type::over, "UPS nas: overloaded"},
      {event_type::notover, "UPS nas: no longer overloaded"},
      {event_type::trim, "UPS nas: trimming incoming voltage"},
      {event_type::nottrim, "UPS nas: no longer trimming incoming voltage"},
      {event_type::boost, "UPS nas: boosting incoming voltage"},
      {event_type::notboost, "UPS nas: no longer boosting incoming voltage"},
      {event_type::other,
       "UPS nas: has at least one unclassified status token: [Replace battery!]"},
      {event_type::notother, "UPS nas has no unclassified status tokens anymore"},
  };
  std::set<event_type> covered;
  for (const auto& r : rows) {
    CAPTURE(event_name(r.type));
    CHECK(upsmon_message(r.type, "nas", "Replace battery!") == r.expected);
    covered.insert(r.type);
  }
  CHECK(covered.size() == all_event_types().size());
}

TEST_CASE("ALARM and OTHER carry their detail, and an ALARM without text says n/a") {
  CHECK(upsmon_message(event_type::alarm, "rack-a", "Overheat Fan failure") ==
        "UPS rack-a: one or more active alarms: [Overheat Fan failure]");
  CHECK(upsmon_message(event_type::alarm, "rack-a") ==
        "UPS rack-a: one or more active alarms: [n/a]");
  CHECK(upsmon_message(event_type::other, "rack-a", "FOO BAR") ==
        "UPS rack-a: has at least one unclassified status token: [FOO BAR]");
}

TEST_CASE("a message is never a format string, and control characters in the detail go") {
  CHECK(upsmon_message(event_type::alarm, "ups%s", "%s%n%d") ==
        "UPS ups%s: one or more active alarms: [%s%n%d]");
  CHECK(upsmon_message(event_type::alarm, "nas", "line1\nline2\r\x1b[31m") ==
        "UPS nas: one or more active alarms: [line1 line2  [31m]");
  CHECK(upsmon_message(event_type::alarm, "nas", std::string("a\0b", 3)) ==
        "UPS nas: one or more active alarms: [a b]");
}

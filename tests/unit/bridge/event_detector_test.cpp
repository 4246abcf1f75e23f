#include "bridge/ups/event_detector.hpp"

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "detector_script.hpp"

using namespace nutmqtt::test;
using nutmqtt::bridge::event_detector;
using nutmqtt::common::event_type;

TEST_CASE("a power failure and its return raise exactly ONBATT, LOWBATT, ONLINE") {
  run_script({
      {0ms, good("OL CHRG"), ""},
      {500ms, good("OB DISCHRG"), "ONBATT"},
      {1000ms, good("OB DISCHRG"), ""},
      {1500ms, good("OB LB"), "LOWBATT"},
      {2000ms, good("OB LB DISCHRG"), ""},
      {2500ms, good("OL CHRG"), "ONLINE"},
      {3000ms, good("OL"), ""},
  });
}

TEST_CASE("each flag token raises its event when it appears and the NOT event when it goes") {
  struct row {
    const char* token;
    const char* appeared;
    const char* gone;
  };
  const row rows[] = {
      {"CAL", "CAL", "NOTCAL"},    {"OFF", "OFF", "NOTOFF"},    {"BYPASS", "BYPASS", "NOTBYPASS"},
      {"ECO", "ECO", "NOTECO"},    {"HE", "ECO", "NOTECO"},     {"ALARM", "ALARM", "NOTALARM"},
      {"OVER", "OVER", "NOTOVER"}, {"TRIM", "TRIM", "NOTTRIM"}, {"BOOST", "BOOST", "NOTBOOST"},
      {"LB", "LOWBATT", ""},       {"FSD", "FSD", ""},
  };
  for (const auto& r : rows) {
    CAPTURE(r.token);
    const std::string with = std::string("OL ") + r.token;
    run_script({
        {0ms, good("OL"), ""},
        {500ms, good(with), r.appeared},
        {1000ms, good(with + " CHRG"), ""},
        {1500ms, good("OL"), r.gone},
        {2000ms, good(with), r.appeared},
    });
  }
}

TEST_CASE("CHRG, DISCHRG, HB and TEST raise nothing") {
  run_script({
      {0ms, good("OL"), ""},
      {500ms, good("OL CHRG"), ""},
      {1000ms, good("OL DISCHRG HB"), ""},
      {1500ms, good("OL TEST"), ""},
      {2000ms, good("OL"), ""},
  });
}

TEST_CASE("ECO and HE are the same eco mode") {
  run_script({
      {0ms, good("OL ECO"), "ECO"},
      {500ms, good("OL HE"), ""},
      {1000ms, good("OL HE ECO"), ""},
      {1500ms, good("OL"), "NOTECO"},
  });
}

TEST_CASE("the line state is latched: a status without OL or OB changes nothing about it") {
  run_script({
      {0ms, good("OL"), ""},
      {500ms, good("OFF"), "OFF"},
      {1000ms, good("OL"), "NOTOFF"},
      {1500ms, good("OB"), "ONBATT"},
      {2000ms, good("BYPASS"), "BYPASS"},
      {2500ms, good("OB"), "NOTBYPASS"},
      {3000ms, good("OL"), "ONLINE"},
      // A status with both, as a confused driver may send: on battery is the one to act on.
      {3500ms, good("OL OB"), "ONBATT"},
      {4000ms, good("OL OB"), ""},
      {4500ms, good("OL"), "ONLINE"},
  });
}

TEST_CASE("a bare WAIT after a driver restart changes nothing, however rich the status was") {
  event_detector detector("nas", {});
  CHECK(names(detector.update(good("OB LB CAL ALARM FOO", "Fan"), kT0)) ==
        "ONBATT LOWBATT CAL ALARM OTHER");
  CHECK(names(detector.update(good("WAIT"), kT0 + 500ms)) == "");
  CHECK(detector.last_status() == "OB LB CAL ALARM FOO");
  CHECK(detector.communicating());
  CHECK(names(detector.update(good("OB LB CAL ALARM FOO", "Fan"), kT0 + 1s)) == "");
  // WAIT among other tokens is just a token that raises nothing.
  CHECK(names(detector.update(good("OB LB WAIT"), kT0 + 1500ms)) == "NOTCAL NOTALARM NOTOTHER");
}

TEST_CASE("ALARM comes again when the alarm text changes, not when the driver gives none") {
  event_detector detector("nas", {});
  auto poll = [&](int second, const char* status, const char* alarm) {
    return detector.update(good(status, alarm), kT0 + std::chrono::seconds(second));
  };
  CHECK(names(poll(0, "OL", "")) == "");
  auto raised = poll(1, "OL ALARM", "Overheat");
  REQUIRE(names(raised) == "ALARM");
  CHECK(raised[0].message == "UPS nas: one or more active alarms: [Overheat]");
  CHECK(names(poll(2, "OL ALARM", "Overheat")) == "");
  raised = poll(3, "OL ALARM", "Overheat Fan failure");
  REQUIRE(names(raised) == "ALARM");
  CHECK(raised[0].message == "UPS nas: one or more active alarms: [Overheat Fan failure]");
  CHECK(names(poll(4, "OL ALARM", "")) == "");
  CHECK(names(poll(5, "OL ALARM", "Overheat Fan failure")) == "");
  CHECK(names(poll(6, "OL", "")) == "NOTALARM");
  CHECK(names(poll(7, "OL ALARM", "Overheat Fan failure")) == "ALARM");
}

TEST_CASE("an ALARM without text is announced with n/a, and its first text is news") {
  event_detector detector("nas", {});
  auto raised = detector.update(good("OL ALARM"), kT0);
  REQUIRE(names(raised) == "ALARM");
  CHECK(raised[0].message == "UPS nas: one or more active alarms: [n/a]");
  CHECK(names(detector.update(good("OL ALARM", "Fan"), kT0 + 1s)) == "ALARM");
}

TEST_CASE("unknown tokens raise OTHER when their set changes and NOTOTHER when it empties") {
  event_detector detector("nas", {});
  auto poll = [&](int second, const char* status) {
    return detector.update(good(status), kT0 + std::chrono::seconds(second));
  };
  CHECK(names(poll(0, "OL")) == "");
  auto raised = poll(1, "OL FOO");
  REQUIRE(names(raised) == "OTHER");
  CHECK(raised[0].message == "UPS nas: has at least one unclassified status token: [FOO]");
  raised = poll(2, "OL FOO BAR");
  REQUIRE(names(raised) == "OTHER");
  CHECK(raised[0].message == "UPS nas: has at least one unclassified status token: [FOO BAR]");
  CHECK(names(poll(3, "OL BAR FOO")) == "");
  CHECK(names(poll(4, "OL BAR FOO BAR")) == "");
  raised = poll(5, "OL BAR");
  REQUIRE(names(raised) == "OTHER");
  CHECK(raised[0].message == "UPS nas: has at least one unclassified status token: [BAR]");
  CHECK(names(poll(6, "OL")) == "NOTOTHER");
  CHECK(names(poll(7, "OL")) == "");
  // Tokens are case-sensitive, as NUT writes them: "ol" is not OL.
  CHECK(names(poll(8, "OL ol")) == "OTHER");
}

TEST_CASE("start-up announces what is present, except the first OL, and no NOT events") {
  struct row {
    const char* status;
    const char* alarm;
    const char* expected;
  };
  const row rows[] = {
      {"OL", "", ""},
      {"OL CHRG", "", ""},
      {"OB", "", "ONBATT"},
      {"OB DISCHRG", "", "ONBATT"},
      {"OB LB", "", "ONBATT LOWBATT"},
      {"FSD OB LB", "", "ONBATT LOWBATT FSD"},
      {"FSD OL", "", "FSD"},
      {"OL ALARM", "Fan failure", "ALARM"},
      {"OL FOO", "", "OTHER"},
      {"OL RB", "", "REPLBATT"},
      {"OL CAL OFF BYPASS ECO OVER TRIM BOOST", "", "CAL OFF BYPASS ECO OVER TRIM BOOST"},
      {"WAIT", "", ""},
  };
  for (const auto& r : rows) {
    CAPTURE(r.status);
    event_detector detector("nas", {});
    const auto events = detector.update(good(r.status, r.alarm), kT0);
    CHECK(names(events) == r.expected);
    for (const auto& e : events) {
      CHECK(e.status == r.status);
      CHECK(e.previous_status == "");
    }
  }
}

TEST_CASE("the first OL is the first one seen, even after statuses without a line state") {
  run_script({
      {0ms, good("WAIT"), ""},
      {500ms, good("OL"), ""},
      {1000ms, good("OB"), "ONBATT"},
  });
  run_script({
      {0ms, good("OFF"), "OFF"},
      {500ms, good("OL"), "NOTOFF"},
      {1000ms, good("OL"), ""},
  });
  run_script({
      {0ms, good("OB"), "ONBATT"},
      {500ms, good("OL"), "ONLINE"},
  });
}

TEST_CASE("events around a driver restart keep the last informative status, not WAIT") {
  // Found by the differential (seed 1052): on battery, the driver restarted (WAIT), then died
  // again before a poll said more. Its COMMBAD said "WAIT", and the agent no longer knew the
  // UPS was on battery when it fell silent: it did not shut down after deadtime.
  event_detector detector("nas", {});
  detector.update(good("OB BOOST"), kT0);
  CHECK(names(detector.update(failed(), kT0 + 1s)) == "COMMBAD");
  const auto back = detector.update(good("WAIT"), kT0 + 2s);
  REQUIRE(back.size() == 1);
  CHECK(back[0].type == event_type::commok);
  CHECK(back[0].status == "OB BOOST");
  const auto lost = detector.update(failed(), kT0 + 3s);
  REQUIRE(lost.size() == 1);
  CHECK(lost[0].type == event_type::commbad);
  CHECK(lost[0].status == "OB BOOST");
  CHECK(lost[0].previous_status == "OB BOOST");
  // A bare WAIT before anything else was seen is all there is to say.
  event_detector fresh("ups2", {});
  fresh.update(failed(), kT0);
  const auto first = fresh.update(good("WAIT"), kT0 + 1s);
  REQUIRE(first.size() == 1);
  CHECK(first[0].status == "WAIT");
}

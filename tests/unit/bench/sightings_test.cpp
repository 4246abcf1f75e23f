#include "bench/sightings.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::bench;

TEST_CASE("a CMDSCRIPT's log: time and argument per line, bad lines skipped") {
  auto s = parse_script_log(
      "1795495897.664046 onbatt\n"
      "garbage\n"
      "1795495904.661620 online\n"
      "12x34 onbatt\n"
      "1795495909.5 \n");
  REQUIRE(s.size() == 2);
  CHECK(s[0].at == doctest::Approx(1795495897.664046));
  CHECK(s[0].event == "ONBATT");
  CHECK(s[1].event == "ONLINE");
}

TEST_CASE("mosquitto_sub's log: receive time and the payload's event_type") {
  auto s = parse_event_log(
      "1795495897.659817158 {\"event_type\":\"ONBATT\",\"ups\":\"dummy\",\"seq\":1}\n"
      "1795495898.1 not json\n"
      "1795495899.2 {\"ups\":\"dummy\"}\n"
      "1795495904.659632499 {\"event_type\":\"ONLINE\",\"message\":\"UPS dummy on line power\"}");
  REQUIRE(s.size() == 2);
  CHECK(s[0].at == doctest::Approx(1795495897.659817158));
  CHECK(s[0].event == "ONBATT");
  CHECK(s[1].event == "ONLINE");
}

TEST_CASE("each flip is matched with the first later sighting of its event") {
  const std::vector<flip> flips = {{100.0, 100.5, "ONBATT"},
                                   {106.0, 106.2, "ONLINE"},
                                   {112.0, 112.9, "ONBATT"},
                                   {118.0, 118.1, "ONLINE"}};
  const std::vector<sighting> sightings = {
      {104.0, "ONBATT"},  // flip 0, 4 s after the request
      {113.0, "ONBATT"},  // flip 2
      {99.0, "ONLINE"},   // before any ONLINE flip: ignored
      {107.0, "ONLINE"},  // flip 1 (given out of order: sorted first)
  };
  auto seen = match_sightings(flips, sightings);
  REQUIRE(seen.size() == 4);
  CHECK(seen[0] == std::optional(104.0));
  CHECK(seen[1] == std::optional(107.0));
  CHECK(seen[2] == std::optional(113.0));
  CHECK_FALSE(seen[3]);  // never seen

  auto from_request = delays(flips, seen, &flip::requested);
  auto from_visible = delays(flips, seen, &flip::visible);
  CHECK(*from_request[0] == doctest::Approx(4.0));
  CHECK(*from_visible[0] == doctest::Approx(3.5));
  CHECK(*from_visible[2] == doctest::Approx(0.1));
  CHECK_FALSE(from_visible[3]);
}

TEST_CASE("a watcher that missed a flip does not get a later flip's sighting for it") {
  // The first ONBATT went unseen; the only ONBATT sighting came after the second OB flip.
  const std::vector<flip> flips = {
      {100.0, 100.0, "ONBATT"}, {106.0, 106.0, "ONLINE"}, {112.0, 112.0, "ONBATT"}};
  auto seen = match_sightings(flips, {{107.0, "ONLINE"}, {113.0, "ONBATT"}});
  CHECK_FALSE(seen[0]);
  CHECK(seen[1] == std::optional(107.0));
  CHECK(seen[2] == std::optional(113.0));
  // Two flips to the same state, one sighting after both: it belongs to the later flip.
  auto once =
      match_sightings({{100.0, 100.0, "ONBATT"}, {101.0, 101.0, "ONBATT"}}, {{102.0, "ONBATT"}});
  CHECK_FALSE(once[0]);
  CHECK(once[1] == std::optional(102.0));
}

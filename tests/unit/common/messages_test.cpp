#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "common/event_message.hpp"
#include "common/state_message.hpp"
#include "common/ups_status.hpp"

using namespace nutmqtt::common;
using namespace std::chrono;

namespace {

event_message sample_event() {
  event_message e;
  e.type = event_type::onbatt;
  e.ups = "nas";
  e.server = "192.168.1.12:3493";
  e.nut_name = "ups";
  e.status = "OB DISCHRG";
  e.previous_status = "OL CHRG";
  e.message = "UPS nas on battery";
  e.time = sys_days{2026y / 11 / 24} + 10h + 15min + 2s + 512ms;
  e.bridge = "home";
  e.seq = 17;
  e.boot = "b00t";
  return e;
}

}  // namespace

TEST_CASE("event types have upsmon's names and parse case-insensitively") {
  CHECK(event_name(event_type::onbatt) == "ONBATT");
  CHECK(event_name(event_type::notother) == "NOTOTHER");
  CHECK(parse_event_type("onbatt") == event_type::onbatt);
  CHECK(parse_event_type("LowBatt") == event_type::lowbatt);
  CHECK_FALSE(parse_event_type("SHUTDOWN"));
  CHECK_FALSE(parse_event_type(""));
  for (auto t : all_event_types())
    CHECK(parse_event_type(event_name(t)) == t);
}

TEST_CASE("an event is written in the documented shape and reads back") {
  auto json = to_json(sample_event());
  CHECK(json ==
        R"({"event_type":"ONBATT","ups":"nas","server":"192.168.1.12:3493","nut_name":"ups",)"
        R"("status":"OB DISCHRG","previous_status":"OL CHRG","message":"UPS nas on battery",)"
        R"("time":"2026-11-24T10:15:02.512Z","bridge":"home","seq":17,"boot":"b00t"})");
  auto back = parse_event_message(json);
  REQUIRE(back);
  CHECK(back->type == event_type::onbatt);
  CHECK(back->ups == "nas");
  CHECK(back->seq == 17);
  CHECK(back->time == sample_event().time);
  CHECK(back->previous_status == "OL CHRG");
}

TEST_CASE("hostile or malformed events are refused with a reason") {
  auto base = nlohmann::json::parse(to_json(sample_event()));
  auto without = [&](const char* key) {
    auto j = base;
    j.erase(key);
    return j.dump();
  };
  auto with = [&](const char* key, nlohmann::json v) {
    auto j = base;
    j[key] = v;
    return j.dump();
  };
  struct bad {
    std::string payload;
    std::string why;
  };
  std::vector<bad> cases = {
      {"", "not valid JSON"},
      {"{", "not valid JSON"},
      {"[1,2]", "not a JSON object"},
      {"\"ONBATT\"", "not a JSON object"},
      {without("event_type"), "missing field \"event_type\""},
      {without("ups"), "missing field \"ups\""},
      {without("seq"), "missing field \"seq\""},
      {without("boot"), "missing field \"boot\""},
      {with("event_type", "REBOOT"), "unknown event_type \"REBOOT\""},
      {with("event_type", 3), "field \"event_type\" must be a string"},
      {with("ups", "a/b"), "field \"ups\" must not contain '/'"},
      {with("ups", "x; rm -rf /"), "field \"ups\" may contain only printable ASCII"},
      {with("seq", -1), "field \"seq\" must be a whole number"},
      {with("seq", "1"), "field \"seq\" must be a whole number"},
      {with("time", "yesterday"), "field \"time\" is not an ISO 8601"},
      {with("time", "9999-12-31T00:00:00Z"), "field \"time\" is outside the years 1970..2200"},
      {with("time", "1677-01-01T00:00:00Z"), "field \"time\" is outside the years 1970..2200"},
      {with("message", std::string(5000, 'x')), "field \"message\" is longer"},
      {with("boot", ""), "field \"boot\" must not be empty"},
      {std::string(kMaxPayloadBytes + 1, ' '), "larger than the 64 KiB limit"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.payload.substr(0, 200));
    auto r = parse_event_message(c.payload);
    CHECK_FALSE(r);
    CHECK(r.error.find(c.why) != std::string::npos);
  }
  CHECK(parse_event_message(with("extra", "ignored")));
}

TEST_CASE("a state snapshot is written and reads back") {
  state_message s;
  s.ups = "nas";
  s.server = "127.0.0.1:3493";
  s.nut_name = "ups";
  s.status = "OB LB";
  s.flags = {"OB", "LB"};
  s.vars = {{"battery.charge", "9"}, {"ups.status", "OB LB"}};
  s.since = {{"OB", sys_days{2026y / 11 / 24} + 10h}, {"LB", sys_days{2026y / 11 / 24} + 11h}};
  s.time = sys_days{2026y / 11 / 24} + 12h;
  s.bridge = "home";
  s.boot = "b";
  auto json = to_json(s);
  CHECK(json.find(R"("flags":["OB","LB"])") != std::string::npos);
  CHECK(json.find(R"("since":{"LB":"2026-11-24T11:00:00.000Z","OB":"2026-11-24T10:00:00.000Z"})") !=
        std::string::npos);
  auto back = parse_state_message(json);
  REQUIRE(back);
  CHECK(back->status == "OB LB");
  CHECK(back->flags == std::vector<std::string>{"OB", "LB"});
  CHECK(back->since.at("OB") == s.since.at("OB"));
  CHECK(back->vars.at("battery.charge") == "9");
  CHECK_FALSE(parse_state_message(R"({"ups":"nas","status":"OL"})"));
  CHECK_FALSE(parse_state_message(R"({"ups":"nas","status":"OL","time":"x"})"));
  CHECK_FALSE(parse_state_message(
      R"({"ups":"nas","status":"OL","time":"2026-11-24T12:00:00Z","since":{"OB":3}})"));
}

TEST_CASE("a state snapshot says when its status was read, when it knows") {
  state_message s;
  s.ups = "nas";
  s.status = "OL";
  s.flags = {"OL"};
  s.time = sys_days{2026y / 11 / 24} + 12h;
  CHECK(to_json(s).find("polled") == std::string::npos);
  auto back = parse_state_message(to_json(s));
  REQUIRE(back);
  CHECK_FALSE(back->polled);
  s.polled = sys_days{2026y / 11 / 24} + 11h;
  CHECK(to_json(s).find(R"("polled":"2026-11-24T11:00:00.000Z")") != std::string::npos);
  back = parse_state_message(to_json(s));
  REQUIRE(back);
  CHECK(back->polled == s.polled);
  auto bad = parse_state_message(
      R"({"ups":"nas","status":"OL","time":"2026-11-24T12:00:00Z","polled":"yesterday"})");
  REQUIRE_FALSE(bad);
  CHECK(bad.error.find("field \"polled\"") != std::string::npos);
  CHECK_FALSE(parse_state_message(
      R"({"ups":"nas","status":"OL","time":"2026-11-24T12:00:00Z","polled":""})"));
  CHECK_FALSE(parse_state_message(
      R"({"ups":"nas","status":"OL","time":"2026-11-24T12:00:00Z","polled":7})"));
}

TEST_CASE("status tokens split on any blanks, keep order and drop repeats") {
  CHECK(split_status("OL CHRG") == std::vector<std::string>{"OL", "CHRG"});
  CHECK(split_status("  FSD\tOB  LB ") == std::vector<std::string>{"FSD", "OB", "LB"});
  CHECK(split_status("OL OL") == std::vector<std::string>{"OL"});
  CHECK(split_status("").empty());
  CHECK(is_known_token("DISCHRG"));
  CHECK_FALSE(is_known_token("FOO"));
  CHECK_FALSE(is_known_token("ol"));
}

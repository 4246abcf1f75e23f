#include "shutdown-agent/agent_memory.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt;
using namespace nutmqtt::agent;
using namespace std::chrono_literals;

namespace {
const common::wall_clock::time_point w0 = *common::parse_time("2026-11-24T10:00:00Z");
}

TEST_CASE("the agent's memory reads back as written") {
  agent_memory m;
  m.knowledge = {{"nas", {{"OB", "2026-11-24T09:59:00.000Z"}}}};
  m.guard = {{"live_runs", nlohmann::json::array()}};
  m.timers.push_back({"power-off", w0 + 42s, 60s, {"ONBATT", "nas", "from a payload"}});
  m.comm_lost["nas"] = {w0 - 3s, {"state", "broker"}, w0 - 2s};
  m.comm_lost["ups2"] = {w0 - 1s, {}, std::nullopt};
  m.statuses["nas"] = {"OB", "DISCHRG"};
  auto text = memory_json(m, "pi", false);
  CHECK(text == memory_json(m, "pi", false));
  auto back = parse_memory(text, "pi", false);
  REQUIRE(back);
  CHECK(back->knowledge == m.knowledge);
  CHECK(back->guard == m.guard);
  REQUIRE(back->timers.size() == 1);
  CHECK(back->timers[0].name == "power-off");
  CHECK(back->timers[0].deadline == w0 + 42s);
  CHECK(back->timers[0].length == 60s);
  CHECK(back->timers[0].cause.type == "ONBATT");
  CHECK(back->timers[0].cause.ups == "nas");
  // NOTIFYMSG is the agent's own wording, never text read back.
  CHECK(back->timers[0].cause.message == "UPS nas on battery");
  CHECK(back->comm_lost.at("nas").since == w0 - 3s);
  CHECK(back->comm_lost.at("nas").sources == std::vector<std::string>{"state", "broker"});
  CHECK(back->comm_lost.at("nas").failed_poll_since == w0 - 2s);
  CHECK(back->comm_lost.at("ups2").since == w0 - 1s);
  CHECK(back->comm_lost.at("ups2").sources.empty());
  CHECK_FALSE(back->comm_lost.at("ups2").failed_poll_since);
  CHECK(back->statuses.at("nas") == std::vector<std::string>{"OB", "DISCHRG"});
}

TEST_CASE("a damaged or foreign state file is refused or its damage dropped, never thrown") {
  CHECK_FALSE(parse_memory("{not json", "pi", false));
  CHECK_FALSE(parse_memory("[]", "pi", false));
  CHECK(parse_memory(R"({"format":2,"agent":"pi"})", "pi", false).error == "unknown format");
  CHECK(parse_memory(R"({"format":1,"agent":"nas"})", "pi", false).error ==
        "written by agent \"nas\", not \"pi\"");
  // What a dry run pretended to do never counts as done, nor the other way round.
  CHECK(parse_memory(memory_json({}, "pi", true), "pi", false).error ==
        "written by a dry run, which only pretended to act");
  CHECK_FALSE(parse_memory(memory_json({}, "pi", false), "pi", true));
  CHECK(parse_memory(memory_json({}, "pi", true), "pi", true));
  auto m = parse_memory(R"({"format":1,"agent":"pi","dry_run":false,
      "timers":[{"name":"has space","deadline":"2026-11-24T10:00:00Z","length_ms":1,
                 "event_type":"ONBATT","ups":"nas"},
                {"name":"ok","deadline":"2026-11-24T10:00:00Z","length_ms":1000,
                 "event_type":"NOPE","ups":"nas"},
                {"name":"ok","deadline":"yesterday","length_ms":1000,"event_type":"ONBATT"},
                {"name":"ok","deadline":"2026-11-24T10:00:00Z","length_ms":-5,
                 "event_type":"ONBATT"},
                {"name":"ok","deadline":"2026-11-24T10:00:00Z","length_ms":1000,
                 "event_type":"onbatt","ups":"nas"}, 7],
      "comm_lost":{"nas":"then","x/y":"2026-11-24T10:00:00Z"},
      "statuses":{"nas":["OB",3],"_bad":["OL"]},"knowledge":[]})",
                        "pi", false);
  REQUIRE(m);
  REQUIRE(m->timers.size() == 1);
  CHECK(m->timers[0].cause.type == "ONBATT");
  CHECK(m->comm_lost.empty());
  CHECK(m->statuses.size() == 1);
  CHECK(m->statuses.at("nas") == std::vector<std::string>{"OB"});
  CHECK(m->knowledge.is_object());
}

TEST_CASE("a loss written by an older agent (a bare time) is read as a loss of unknown cause") {
  auto m = parse_memory(R"({"format":1,"agent":"pi","dry_run":false,
      "comm_lost":{"nas":"2026-11-24T10:00:00Z","ups2":{"since":"2026-11-24T10:00:01Z",
                   "sources":["state",4,"no-such"]},"ups3":{"sources":["state"]}}})",
                        "pi", false);
  REQUIRE(m);
  REQUIRE(m->comm_lost.size() == 2);
  CHECK(m->comm_lost.at("nas").since == w0);
  CHECK(m->comm_lost.at("nas").sources.empty());
  CHECK(m->comm_lost.at("ups2").since == w0 + 1s);
  CHECK(m->comm_lost.at("ups2").sources == std::vector<std::string>{"state", "no-such"});
}

TEST_CASE("a shutdown under way is kept, and a damaged entry still says one had begun") {
  agent_memory m;
  m.shutdown = saved_shutdown{"FSD is set", w0 + 2s, true};
  auto back = parse_memory(memory_json(m, "pi", false), "pi", false);
  REQUIRE(back);
  REQUIRE(back->shutdown);
  CHECK(back->shutdown->reason == "FSD is set");
  CHECK(back->shutdown->begun == w0 + 2s);
  CHECK(back->shutdown->command_run);
  CHECK_FALSE(parse_memory(memory_json({}, "pi", false), "pi", false)->shutdown);
  auto damaged = parse_memory(
      R"({"format":1,"agent":"pi","dry_run":false,"shutdown":{"begun":"then","command_run":3}})",
      "pi", false);
  REQUIRE(damaged);
  REQUIRE(damaged->shutdown);
  CHECK_FALSE(damaged->shutdown->command_run);
  CHECK_FALSE(damaged->shutdown->reason.empty());
}

TEST_CASE("a shared timer is saved with the events that joined it") {
  agent_memory m;
  notify_event cause{"ONBATT", "nas", "m"};
  cause.joined = {{"ONBATT", "rack"}, {"LOWBATT", "nas"}};
  m.timers.push_back({"power-off", w0 + 42s, 60s, cause});
  auto back = parse_memory(memory_json(m, "pi", false), "pi", false);
  REQUIRE(back);
  REQUIRE(back->timers.size() == 1);
  CHECK(back->timers[0].cause.joined == cause.joined);
}

TEST_CASE("a state file of the format before shared timers reads as timers nobody joined") {
  // Written by the agent before shared timers existed: no "joined".
  auto m = parse_memory(R"({"format":1,"agent":"pi","dry_run":false,
      "timers":[{"name":"power-off","deadline":"2026-11-24T10:01:00Z","length_ms":60000,
                 "event_type":"ONBATT","ups":"nas"}]})",
                        "pi", false);
  REQUIRE(m);
  REQUIRE(m->timers.size() == 1);
  CHECK(m->timers[0].cause.ups == "nas");
  CHECK(m->timers[0].cause.joined.empty());
}

TEST_CASE("damaged entries of a shared timer's list are dropped, the timer kept") {
  auto m = parse_memory(R"({"format":1,"agent":"pi","dry_run":false,
      "timers":[{"name":"power-off","deadline":"2026-11-24T10:01:00Z","length_ms":60000,
                 "event_type":"ONBATT","ups":"nas",
                 "joined":[{"event_type":"lowbatt","ups":"rack"},{"event_type":"NOPE","ups":"x"},
                           {"event_type":"ONBATT","ups":"a/b"},7,
                           {"event_type":"SHUTDOWN","ups":""}]}]})",
                        "pi", false);
  REQUIRE(m);
  REQUIRE(m->timers.size() == 1);
  CHECK(m->timers[0].cause.joined ==
        std::vector<joined_event>{{"LOWBATT", "rack"}, {"SHUTDOWN", ""}});
}

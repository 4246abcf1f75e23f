#include "fake_upsd/request_stats.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::fake_upsd;

namespace {

request req(std::vector<std::string> words) {
  return request{std::move(words), false};
}

}  // namespace

TEST_CASE("requests are counted by kind") {
  CHECK(request_kind(req({"get", "var", "u", "ups.status"})) == "GET VAR");
  CHECK(request_kind(req({"LIST", "UPS"})) == "LIST UPS");
  CHECK(request_kind(req({"SET", "VAR", "u", "v", "x"})) == "SET VAR");
  CHECK(request_kind(req({"GET"})) == "GET");
  CHECK(request_kind(req({"InstCmd", "u", "load.off"})) == "INSTCMD");
  CHECK(request_kind(req({})) == "(empty)");
  CHECK(request_kind(request{{}, true}) == "(malformed)");
}

TEST_CASE("the request log quotes what needs it and masks passwords") {
  CHECK(request_line(req({"SET", "VAR", "u", "ups.status", "OB LB"})) ==
        R"(SET VAR u ups.status "OB LB")");
  CHECK(request_line(req({"PASSWORD", "hunter2"})) == "PASSWORD ********");
  CHECK(request_line(req({"A", ""})) == R"(A "")");
}

TEST_CASE("stats count, keep a bounded log and reset") {
  request_stats stats(3);
  stats.connection_accepted();
  for (const char* v : {"a", "b", "c", "d"})
    stats.record(req({"GET", "VAR", "u", v}));
  stats.record(req({"VER"}));
  CHECK(stats.connections() == 1);
  CHECK(stats.total() == 5);
  CHECK(stats.count("GET VAR") == 4);
  CHECK(stats.count("VER") == 1);
  CHECK(stats.count("LIST VAR") == 0);
  CHECK(stats.log() == std::vector<std::string>{"GET VAR u c", "GET VAR u d", "VER"});
  stats.reset();
  CHECK(stats.total() == 0);
  CHECK(stats.log().empty());
  CHECK(stats.connections() == 0);
}

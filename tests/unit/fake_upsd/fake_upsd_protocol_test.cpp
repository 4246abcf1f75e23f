// The fake upsd in-process, spoken to over loopback with a plain line client: framing,
// pipelining, run-time changes from the test's thread, logins, counters and the request log.

#include <doctest/doctest.h>

#include "fake_fixture.hpp"
#include "fake_upsd/realistic_ups.hpp"
#include "support/wait.hpp"

using namespace nutmqtt::fake_upsd;
using nutmqtt::fake_upsd::testing::read_reply;
using nutmqtt::fake_upsd::testing::small_server;
using nutmqtt::test::line_client;
using nutmqtt::test::wait_until;
using namespace std::chrono_literals;

TEST_CASE("the fake answers like upsd over the wire") {
  fake_upsd fake(small_server());
  line_client c(fake.port());
  REQUIRE(c.connected());
  CHECK(c.request("VER") == "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/");
  CHECK(c.request("NETVER") == "1.3");
  CHECK(c.request("GET VAR dummy ups.status") == "VAR dummy ups.status \"OL\"");
  CHECK(c.request("GET VAR nope ups.status") == "ERR UNKNOWN-UPS");
  CHECK(read_reply(c, "LIST UPS") == std::vector<std::string>{"BEGIN LIST UPS",
                                                              R"(UPS dummy "Test \"UPS\" \#1")",
                                                              "END LIST UPS"});
  auto vars = read_reply(c, "LIST VAR dummy");
  CHECK(vars.size() == 9);
  CHECK(vars.back() == "END LIST VAR dummy");
  CHECK(c.request("") == "ERR UNKNOWN-COMMAND");
}

TEST_CASE("every command answers over the wire, errors included") {
  fake_upsd fake(small_server());
  line_client c(fake.port());
  const std::vector<std::pair<std::string, std::string>> exchanges = {
      {"PROTVER", "1.3"},
      {"HELP", "Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS"},
      {"GET TYPE dummy ups.delay.start", "TYPE dummy ups.delay.start RW STRING:10"},
      {"GET DESC dummy ups.load", "DESC dummy ups.load \"Load on UPS (percent of full)\""},
      {"GET CMDDESC dummy beeper.on", "CMDDESC dummy beeper.on \"Description unavailable\""},
      {"GET UPSDESC dummy", R"(UPSDESC dummy "Test \"UPS\" \#1")"},
      {"GET NUMLOGINS dummy", "NUMLOGINS dummy 0"},
      {"LIST RW dummy", "BEGIN LIST RW dummy"},
      {"LIST ENUM dummy input.sensitivity", "BEGIN LIST ENUM dummy input.sensitivity"},
      {"LIST RANGE dummy battery.charge.low", "BEGIN LIST RANGE dummy battery.charge.low"},
      {"LIST CMD dummy", "BEGIN LIST CMD dummy"},
      {"LIST CLIENT dummy", "BEGIN LIST CLIENT dummy"},
      {"STARTTLS", "ERR FEATURE-NOT-CONFIGURED"},
      {"FSD dummy", "ERR USERNAME-REQUIRED"},
      {"USERNAME admin", "OK"},
      {"INSTCMD dummy load.off", "ERR PASSWORD-REQUIRED"},
      {"PASSWORD adminpw", "OK"},
      {"LOGIN dummy", "OK"},
      {"PRIMARY dummy", "OK PRIMARY-GRANTED"},
      {"SET VAR dummy battery.charge 5", "ERR READONLY"},
      {"SET VAR dummy input.sensitivity loud", "ERR INVALID-VALUE"},
      {"SET VAR dummy ups.delay.start 12345678901", "ERR TOO-LONG"},
      {"INSTCMD dummy fly", "ERR CMD-NOT-SUPPORTED"},
      {"GET VAR dummy nope", "ERR VAR-NOT-SUPPORTED"},
      {"LIST VAR nope", "ERR UNKNOWN-UPS"},
      {"GET", "ERR INVALID-ARGUMENT"},
      {"JUMP", "ERR UNKNOWN-COMMAND"},
      {"FSD dummy", "OK FSD-SET"},
      {"GET VAR dummy ups.status", "VAR dummy ups.status \"FSD OL\""},
  };
  for (const auto& exchange : exchanges) {
    const auto& [request, reply] = exchange;
    CAPTURE(exchange.first);
    auto lines = read_reply(c, request);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.front() == reply);
  }
  CHECK(fake.server().numlogins("dummy") == 1);
  CHECK(c.request("LOGOUT") == "OK Goodbye");
  CHECK_FALSE(c.read_line().has_value());
  CHECK(c.eof());
}

TEST_CASE("pipelined requests are answered in order") {
  fake_upsd fake(small_server());
  line_client c(fake.port());
  std::string batch;
  for (int i = 0; i < 200; ++i)
    batch += (i % 2 == 0 ? "GET VAR dummy ups.status\n" : "GET VAR dummy ups.load\n");
  batch += "LIST CMD dummy";
  c.send(batch);
  for (int i = 0; i < 200; ++i) {
    CAPTURE(i);
    CHECK(c.read_line() ==
          (i % 2 == 0 ? "VAR dummy ups.status \"OL\"" : "VAR dummy ups.load \"23\""));
  }
  CHECK(c.read_line() == "BEGIN LIST CMD dummy");
  CHECK(fake.server().requests("GET VAR") == 200);
  CHECK(fake.server().requests("LIST CMD") == 1);
  CHECK(fake.server().requests_total() == 201);
}

TEST_CASE("a malformed request gets no answer, like upsd") {
  fake_upsd fake(small_server());
  line_client c(fake.port(), 300ms);
  CHECK_FALSE(c.request("GET VAR dummy \"a#b\"").has_value());
  CHECK_FALSE(c.eof());
  CHECK(fake.server().requests("(malformed)") == 1);
}

TEST_CASE("a test changes UPSes at run time and the next request sees it") {
  fake_upsd fake(small_server());
  auto server = fake.server();
  line_client c(fake.port());
  server.set_var("dummy", "ups.status", "OB LB");
  CHECK(c.request("GET VAR dummy ups.status") == "VAR dummy ups.status \"OB LB\"");
  CHECK(server.var("dummy", "ups.status") == "OB LB");
  server.set_var("dummy", "ups.test.result", "Done and passed");
  CHECK(c.request("GET VAR dummy ups.test.result") ==
        "VAR dummy ups.test.result \"Done and passed\"");
  CHECK(server.remove_var("dummy", "ups.load"));
  CHECK_FALSE(server.var("dummy", "ups.load").has_value());
  CHECK(c.request("GET VAR dummy ups.load") == "ERR VAR-NOT-SUPPORTED");

  server.set_stale("dummy", true);
  CHECK(c.request("GET VAR dummy ups.status") == "ERR DATA-STALE");
  server.set_driver_connected("dummy", false);
  CHECK(c.request("LIST VAR dummy") == "ERR DRIVER-NOT-CONNECTED");
  server.set_stale("dummy", false);
  server.set_driver_connected("dummy", true);

  server.set_fsd("dummy", true);
  CHECK(server.fsd("dummy"));
  CHECK(c.request("GET VAR dummy ups.status") == "VAR dummy ups.status \"FSD OB LB\"");
  server.set_fsd("dummy", false);

  server.add_ups(ups_model("second", "Another"));
  CHECK(c.request("GET UPSDESC second") == "UPSDESC second \"Another\"");
  CHECK(server.remove_ups("second"));
  CHECK(c.request("GET UPSDESC second") == "ERR UNKNOWN-UPS");
  CHECK_THROWS_AS(server.set_var("nope", "x", "1"), std::invalid_argument);
  CHECK_THROWS_AS(fake.server(1), std::out_of_range);
}

TEST_CASE("LOGIN counts until LOGOUT or the connection closes") {
  fake_upsd fake(small_server());
  auto server = fake.server();
  line_client watcher(fake.port());
  {
    line_client a(fake.port());
    a.request("USERNAME monuser");
    a.request("PASSWORD secret");
    CHECK(a.request("LOGIN dummy") == "OK");
    line_client b(fake.port());
    b.request("USERNAME admin");
    b.request("PASSWORD adminpw");
    CHECK(b.request("LOGIN dummy") == "OK");
    CHECK(watcher.request("GET NUMLOGINS dummy") == "NUMLOGINS dummy 2");
    CHECK(read_reply(watcher, "LIST CLIENT dummy") ==
          std::vector<std::string>{"BEGIN LIST CLIENT dummy", "CLIENT dummy 127.0.0.1",
                                   "CLIENT dummy 127.0.0.1", "END LIST CLIENT dummy"});
    CHECK(b.request("LOGOUT") == "OK Goodbye");
    CHECK_FALSE(b.read_line().has_value());
    CHECK(b.eof());
    CHECK(wait_until([&] { return server.numlogins("dummy") == 1; }, 10s));
  }
  // a closed its socket without LOGOUT: upsd forgets its login all the same.
  CHECK(wait_until([&] { return server.numlogins("dummy") == 0; }, 10s));
  CHECK(watcher.request("GET NUMLOGINS dummy") == "NUMLOGINS dummy 0");
}

TEST_CASE("instant commands are recorded, and the request log shows what arrived") {
  fake_upsd fake(small_server());
  auto server = fake.server();
  line_client c(fake.port());
  c.request("USERNAME admin");
  c.request("PASSWORD adminpw");
  CHECK(c.request("INSTCMD dummy load.off") == "OK");
  CHECK(c.request("SET VAR dummy ups.status \"OB LB\"") == "OK");
  auto commands = server.instcmds();
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].command == "load.off");
  CHECK(commands[0].user == "admin");
  CHECK(server.request_log() == std::vector<std::string>{"USERNAME admin", "PASSWORD ********",
                                                         "INSTCMD dummy load.off",
                                                         R"(SET VAR dummy ups.status "OB LB")"});
  CHECK(server.request_counts().at("INSTCMD") == 1);
  server.reset_stats();
  CHECK(server.request_log().empty());
  CHECK(server.requests("INSTCMD") == 0);
}

TEST_CASE("connections are counted, and disconnect_all closes them as a restart would") {
  fake_upsd fake(small_server());
  auto server = fake.server();
  line_client a(fake.port());
  line_client b(fake.port());
  CHECK(a.request("VER").has_value());
  CHECK(b.request("VER").has_value());
  CHECK(server.connections_accepted() == 2);
  CHECK(server.open_connections() == 2);
  server.disconnect_all();
  CHECK_FALSE(a.read_line().has_value());
  CHECK(a.eof());
  CHECK(server.open_connections() == 0);
  line_client c(fake.port());
  CHECK(c.request("VER").has_value());
  CHECK(server.connections_accepted() == 3);
}

TEST_CASE("an idle connection is closed once the idle timeout is set") {
  fake_upsd fake(small_server());
  fake.server().set_idle_timeout(200ms);
  line_client c(fake.port(), 10s);
  CHECK(c.request("VER").has_value());
  CHECK_FALSE(c.read_line().has_value());
  CHECK(c.eof());
  CHECK(wait_until([&] { return fake.server().open_connections() == 0; }, 10s));
}

TEST_CASE("several servers, each with its own UPSes and port") {
  fake_upsd_options options;
  options.servers.push_back(small_server());
  options.servers.push_back(small_server());
  options.servers[1].ups.push_back(ups_model("extra"));
  fake_upsd fake(std::move(options));
  REQUIRE(fake.server_count() == 2);
  CHECK(fake.port(0) != fake.port(1));
  CHECK(fake.server(1).address() == "127.0.0.1:" + std::to_string(fake.port(1)));
  fake.server(1).set_var("dummy", "ups.status", "OB");
  line_client zero(fake.port(0));
  line_client one(fake.port(1));
  CHECK(zero.request("GET VAR dummy ups.status") == "VAR dummy ups.status \"OL\"");
  CHECK(one.request("GET VAR dummy ups.status") == "VAR dummy ups.status \"OB\"");
  CHECK(zero.request("GET UPSDESC extra") == "ERR UNKNOWN-UPS");
}

TEST_CASE("a port in use is reported, and stop() is final and repeatable") {
  fake_upsd first(small_server());
  auto options = small_server();
  options.port = first.port();
  CHECK_THROWS_WITH_AS(fake_upsd{std::move(options)},
                       doctest::Contains("cannot listen on 127.0.0.1:"), std::runtime_error);
  first.stop();
  first.stop();
  CHECK_FALSE(nutmqtt::test::port_open(first.port()));
  // After stop() the state can still be read from the test's thread.
  CHECK(first.server().requests_total() == 0);
}

TEST_CASE("with a drift interval the measurements move and ups.status stays") {
  fake_upsd_options options;
  options.servers.push_back(small_server());
  options.servers[0].ups.push_back(realistic_ups("sim", 1));
  options.drift_interval = 20ms;
  fake_upsd fake(std::move(options));
  auto server = fake.server();
  const auto first = server.var("sim", "input.voltage");
  CHECK(wait_until([&] { return server.var("sim", "input.voltage") != first; }, 10s));
  CHECK(server.var("sim", "ups.status") == "OL");
  server.set_var("sim", "ups.status", "OB");
  const auto charge = server.var("sim", "battery.charge");
  CHECK(wait_until([&] { return server.var("sim", "input.voltage")->size() <= 3; }, 10s));
  CHECK(server.var("sim", "ups.status") == "OB");
  CHECK(charge.has_value());
}

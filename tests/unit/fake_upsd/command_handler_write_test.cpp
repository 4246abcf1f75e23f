// The half of the protocol that needs a user: USERNAME/PASSWORD, SET, INSTCMD, LOGIN, FSD,
// PRIMARY, tracking and STARTTLS, with upsd's order of checks.

#include <doctest/doctest.h>

#include "protocol_fixture.hpp"

using nutmqtt::fake_upsd::after_reply;
using nutmqtt::fake_upsd::end_connection;
using nutmqtt::fake_upsd::testing::protocol;

TEST_CASE("USERNAME and PASSWORD are accepted once each, whatever they are") {
  protocol p;
  CHECK(p.ask("USERNAME nobody") == "OK\n");
  CHECK(p.ask("USERNAME x") == "ERR ALREADY-SET-USERNAME\n");
  CHECK(p.ask("PASSWORD wrong") == "OK\n");
  CHECK(p.ask("PASSWORD y") == "ERR ALREADY-SET-PASSWORD\n");
  CHECK(p.ask("USERNAME") == "ERR INVALID-ARGUMENT\n");
}

TEST_CASE("commands that need a user ask for USERNAME, then PASSWORD") {
  protocol p;
  for (const char* line : {"SET VAR dummy ups.status OB", "INSTCMD dummy load.off", "FSD dummy",
                           "LOGIN dummy", "PRIMARY dummy", "SET TRACKING ON"}) {
    CAPTURE(line);
    CHECK(p.ask(line) == "ERR USERNAME-REQUIRED\n");
  }
  p.ask("USERNAME admin");
  CHECK(p.ask("SET VAR dummy ups.status OB") == "ERR PASSWORD-REQUIRED\n");
}

TEST_CASE("wrong credentials are refused by the action that needs them") {
  protocol p;
  p.login_as("admin", "wrong");
  CHECK(p.ask("SET VAR dummy ups.status OB") == "ERR ACCESS-DENIED\n");
  CHECK(p.ask("INSTCMD dummy load.off") == "ERR ACCESS-DENIED\n");
  CHECK(p.ask("FSD dummy") == "ERR ACCESS-DENIED\n");
  CHECK(p.ask("LOGIN dummy") == "ERR ACCESS-DENIED\n");
  CHECK(p.state.instcmds.empty());
  CHECK(p.state.ups.find("dummy")->find("ups.status")->value == "OL");
}

TEST_CASE("SET VAR changes a writable value within its limits") {
  protocol p;
  p.login_as("admin", "adminpw");
  CHECK(p.ask("SET VAR dummy ups.status \"OB LB\"") == "OK\n");
  CHECK(p.ask("GET VAR dummy ups.status") == "VAR dummy ups.status \"OB LB\"\n");
  CHECK(p.ask("SET VAR dummy ups.status OL extra words") == "OK\n");
  CHECK(p.ask("SET VAR nope ups.status OL") == "ERR UNKNOWN-UPS\n");
  CHECK(p.ask("SET VAR dummy nope 1") == "ERR VAR-NOT-SUPPORTED\n");
  CHECK(p.ask("SET VAR dummy battery.charge 50") == "ERR READONLY\n");
  CHECK(p.ask("SET VAR dummy ups.delay.start 12345678901") == "ERR TOO-LONG\n");
  CHECK(p.ask("SET VAR dummy input.sensitivity medium") == "ERR INVALID-VALUE\n");
  CHECK(p.ask("SET VAR dummy input.sensitivity high") == "OK\n");
  CHECK(p.ask("SET VAR dummy battery.charge.low 55") == "ERR INVALID-VALUE\n");
  CHECK(p.ask("SET VAR dummy battery.charge.low 65") == "OK\n");
  CHECK(p.ask("SET VAR dummy battery.charge.low 20") == "OK\n");
  CHECK(p.ask("SET VAR dummy ups.status") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("SET FOO bar") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("SET VAR dummy ups.status " + std::string(300, 'x')) == "ERR TOO-LONG\n");
}

TEST_CASE("SET VAR checks the user before the variable, and the UPS before the user") {
  protocol p;
  p.login_as("monuser", "secret");
  CHECK(p.ask("SET VAR nope x 1") == "ERR UNKNOWN-UPS\n");
  CHECK(p.ask("SET VAR dummy nope 1") == "ERR ACCESS-DENIED\n");
  p.state.ups.find("dummy")->stale = true;
  CHECK(p.ask("SET VAR dummy nope 1") == "ERR DATA-STALE\n");
}

TEST_CASE("INSTCMD runs a known command for a user allowed to") {
  protocol p;
  p.login_as("admin", "adminpw");
  CHECK(p.ask("INSTCMD dummy LOAD.OFF") == "OK\n");
  CHECK(p.ask("INSTCMD dummy beeper.on 5") == "OK\n");
  CHECK(p.ask("INSTCMD dummy nope") == "ERR CMD-NOT-SUPPORTED\n");
  CHECK(p.ask("INSTCMD nope load.off") == "ERR UNKNOWN-UPS\n");
  CHECK(p.ask("INSTCMD dummy") == "ERR INVALID-ARGUMENT\n");
  REQUIRE(p.state.instcmds.size() == 2);
  CHECK(p.state.instcmds[0].ups == "dummy");
  CHECK(p.state.instcmds[0].command == "load.off");
  CHECK_FALSE(p.state.instcmds[0].value.has_value());
  CHECK(p.state.instcmds[0].user == "admin");
  CHECK(p.state.instcmds[1].value == "5");
}

TEST_CASE("INSTCMD tells an unknown command before a refused user") {
  protocol p;
  p.login_as("monuser", "secret");
  CHECK(p.ask("INSTCMD dummy nope") == "ERR CMD-NOT-SUPPORTED\n");
  CHECK(p.ask("INSTCMD dummy load.off") == "ERR ACCESS-DENIED\n");
  CHECK(p.state.instcmds.empty());
}

TEST_CASE("tracking gives ids that GET TRACKING reports as done") {
  protocol p;
  p.login_as("admin", "adminpw");
  CHECK(p.ask("GET TRACKING") == "OFF\n");
  CHECK(p.ask("GET TRACKING 1234") == "ERR FEATURE-NOT-CONFIGURED\n");
  CHECK(p.ask("SET TRACKING ON") == "OK\n");
  CHECK(p.ask("GET TRACKING") == "ON\n");
  auto set = p.ask("SET VAR dummy ups.status OB");
  REQUIRE(set.starts_with("OK TRACKING "));
  auto id = set.substr(12, set.size() - 13);
  CHECK(id.size() == 36);
  CHECK(p.ask("GET TRACKING " + id) == "SUCCESS\n");
  CHECK(p.ask("INSTCMD dummy load.off").starts_with("OK TRACKING "));
  CHECK(p.ask("GET TRACKING 00000000-0000-0000-0000-000000000000") == "ERR UNKNOWN\n");
  CHECK(p.ask("SET TRACKING MAYBE") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("SET TRACKING OFF") == "OK\n");
  CHECK(p.ask("SET VAR dummy ups.status OL") == "OK\n");
}

TEST_CASE("LOGIN counts in NUMLOGINS until the connection ends") {
  protocol p;
  p.login_as("monuser", "secret");
  CHECK(p.ask("LOGIN nope") == "ERR UNKNOWN-UPS\n");
  CHECK(p.ask("LOGIN") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("LOGIN DUMMY") == "OK\n");
  CHECK(p.ask("LOGIN dummy") == "ERR ALREADY-LOGGED-IN\n");
  CHECK(p.ask("GET NUMLOGINS dummy") == "NUMLOGINS dummy 1\n");
  CHECK(p.ask("LIST CLIENT DUMMY") ==
        "BEGIN LIST CLIENT DUMMY\nCLIENT dummy 127.0.0.1\nEND LIST CLIENT DUMMY\n");
  end_connection(p.conn, p.state);
  CHECK(p.ask("GET NUMLOGINS dummy") == "NUMLOGINS dummy 0\n");
}

TEST_CASE("LOGOUT says goodbye and asks for the connection to close") {
  protocol p;
  CHECK(p.ask("LOGOUT") == "OK Goodbye\n");
  CHECK(p.last.next == after_reply::close);
  CHECK(p.ask("LOGOUT now") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.last.next == after_reply::keep_going);
}

TEST_CASE("FSD is latched and shows in ups.status") {
  protocol p;
  p.login_as("monuser", "secret");
  CHECK(p.ask("FSD dummy") == "ERR ACCESS-DENIED\n");
  protocol admin;
  admin.login_as("admin", "adminpw");
  CHECK(admin.ask("FSD") == "ERR INVALID-ARGUMENT\n");
  CHECK(admin.ask("FSD nope") == "ERR UNKNOWN-UPS\n");
  CHECK(admin.ask("FSD dummy") == "OK FSD-SET\n");
  CHECK(admin.ask("GET VAR dummy ups.status") == "VAR dummy ups.status \"FSD OL\"\n");
  CHECK(admin.ask("LIST VAR dummy").find("VAR dummy ups.status \"FSD OL\"") != std::string::npos);
  CHECK(admin.ask("LIST RW dummy").find("RW dummy ups.status \"OL\"") != std::string::npos);
}

TEST_CASE("PRIMARY and MASTER need an upsmon primary") {
  protocol p;
  p.login_as("admin", "adminpw");
  CHECK(p.ask("PRIMARY dummy") == "OK PRIMARY-GRANTED\n");
  CHECK(p.ask("MASTER dummy") == "OK MASTER-GRANTED\n");
  CHECK(p.ask("PRIMARY nope") == "ERR UNKNOWN-UPS\n");
  protocol mon;
  mon.login_as("monuser", "secret");
  CHECK(mon.ask("PRIMARY dummy") == "ERR ACCESS-DENIED\n");
}

TEST_CASE("STARTTLS is refused unless TLS is configured") {
  protocol p;
  CHECK(p.ask("STARTTLS") == "ERR FEATURE-NOT-CONFIGURED\n");
  CHECK(p.last.next == after_reply::keep_going);
  p.state.tls_configured = true;
  CHECK(p.ask("STARTTLS") == "OK STARTTLS\n");
  CHECK(p.last.next == after_reply::start_tls);
  p.conn.tls = true;
  CHECK(p.ask("STARTTLS") == "ERR ALREADY-SSL-MODE\n");
}

// The read-only half of the protocol: VER, GET, LIST and their errors, as NUT 2.8.0's upsd
// answers them.

#include <doctest/doctest.h>

#include "protocol_fixture.hpp"

using nutmqtt::fake_upsd::testing::protocol;

TEST_CASE("fixed answers and unknown commands") {
  protocol p;
  CHECK(p.ask("VER") == "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/\n");
  CHECK(p.ask("netver") == "1.3\n");
  CHECK(p.ask("PROTVER") == "1.3\n");
  CHECK(p.ask("HELP") ==
        "Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS\n");
  CHECK(p.ask("VER x") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("NETVER x") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("FOO") == "ERR UNKNOWN-COMMAND\n");
  CHECK(p.ask("") == "ERR UNKNOWN-COMMAND\n");
  CHECK(p.ask("ATTACH dummy") == "ERR UNKNOWN-COMMAND\n");
}

TEST_CASE("LIST UPS and GET UPSDESC escape the description") {
  protocol p;
  p.state.ups.add(nutmqtt::fake_upsd::ups_model("plain"));
  CHECK(p.ask("LIST UPS") ==
        "BEGIN LIST UPS\nUPS dummy \"Test \\\"UPS\\\" \\#1\"\n"
        "UPS plain \"Description unavailable\"\nEND LIST UPS\n");
  CHECK(p.ask("GET UPSDESC DUMMY") == "UPSDESC DUMMY \"Test \\\"UPS\\\" \\#1\"\n");
  CHECK(p.ask("GET UPSDESC plain") == "UPSDESC plain \"Unavailable\"\n");
}

TEST_CASE("GET VAR echoes the client's spelling and escapes the value") {
  protocol p;
  CHECK(p.ask("GET VAR dummy ups.status") == "VAR dummy ups.status \"OL\"\n");
  CHECK(p.ask("get var DUMMY UPS.STATUS") == "VAR DUMMY UPS.STATUS \"OL\"\n");
  CHECK(p.ask("GET VAR dummy ups.alarm") == "VAR dummy ups.alarm \"say \\\"hi\\\" \\\\ \\#1\"\n");
  CHECK(p.ask("GET VAR nope ups.status") == "ERR UNKNOWN-UPS\n");
  CHECK(p.ask("GET VAR dummy nope") == "ERR VAR-NOT-SUPPORTED\n");
}

TEST_CASE("GET checks its arguments as upsd does") {
  protocol p;
  CHECK(p.ask("GET") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("GET VAR") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("GET VAR dummy") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("GET FOO dummy") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("GET FOO dummy x") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("GET NUMLOGINS dummy") == "NUMLOGINS dummy 0\n");
  CHECK(p.ask("GET NUMLOGINS nope") == "ERR UNKNOWN-UPS\n");
}

TEST_CASE("GET TYPE tells RW, ENUM, RANGE and STRING:n or NUMBER") {
  protocol p;
  CHECK(p.ask("GET TYPE dummy ups.status") == "TYPE dummy ups.status RW STRING:32\n");
  CHECK(p.ask("GET TYPE dummy input.sensitivity") ==
        "TYPE dummy input.sensitivity RW ENUM NUMBER\n");
  CHECK(p.ask("GET TYPE dummy battery.charge.low") ==
        "TYPE dummy battery.charge.low RW RANGE NUMBER\n");
  CHECK(p.ask("GET TYPE dummy battery.charge") == "TYPE dummy battery.charge NUMBER\n");
  CHECK(p.ask("GET TYPE dummy nope") == "ERR VAR-NOT-SUPPORTED\n");
}

TEST_CASE("GET DESC and GET CMDDESC describe any name") {
  protocol p;
  CHECK(p.ask("GET DESC dummy ups.status") == "DESC dummy ups.status \"UPS status\"\n");
  CHECK(p.ask("GET DESC dummy foo.bar") == "DESC dummy foo.bar \"Description unavailable\"\n");
  CHECK(p.ask("GET CMDDESC dummy load.off") ==
        "CMDDESC dummy load.off \"Turn off the load immediately\"\n");
  CHECK(p.ask("GET CMDDESC dummy foo") == "CMDDESC dummy foo \"Description unavailable\"\n");
  CHECK(p.ask("GET DESC nope ups.status") == "ERR UNKNOWN-UPS\n");
}

TEST_CASE("LIST VAR, RW and CMD list in name order") {
  protocol p;
  CHECK(p.ask("LIST VAR Dummy") ==
        "BEGIN LIST VAR Dummy\n"
        "VAR Dummy battery.charge \"100\"\n"
        "VAR Dummy battery.charge.low \"10\"\n"
        "VAR Dummy input.sensitivity \"normal\"\n"
        "VAR Dummy ups.alarm \"say \\\"hi\\\" \\\\ \\#1\"\n"
        "VAR Dummy ups.delay.start \"30\"\n"
        "VAR Dummy ups.load \"23\"\n"
        "VAR Dummy ups.status \"OL\"\n"
        "END LIST VAR Dummy\n");
  CHECK(p.ask("LIST RW dummy") ==
        "BEGIN LIST RW dummy\n"
        "RW dummy battery.charge.low \"10\"\n"
        "RW dummy input.sensitivity \"normal\"\n"
        "RW dummy ups.delay.start \"30\"\n"
        "RW dummy ups.status \"OL\"\n"
        "END LIST RW dummy\n");
  CHECK(p.ask("LIST CMD dummy") ==
        "BEGIN LIST CMD dummy\nCMD dummy beeper.on\nCMD dummy load.off\nEND LIST CMD dummy\n");
  CHECK(p.ask("LIST VAR nope") == "ERR UNKNOWN-UPS\n");
}

TEST_CASE("LIST ENUM and LIST RANGE") {
  protocol p;
  CHECK(p.ask("LIST ENUM dummy input.sensitivity") ==
        "BEGIN LIST ENUM dummy input.sensitivity\n"
        "ENUM dummy input.sensitivity \"low\"\n"
        "ENUM dummy input.sensitivity \"normal\"\n"
        "ENUM dummy input.sensitivity \"high\"\n"
        "END LIST ENUM dummy input.sensitivity\n");
  CHECK(p.ask("LIST RANGE dummy battery.charge.low") ==
        "BEGIN LIST RANGE dummy battery.charge.low\n"
        "RANGE dummy battery.charge.low \"5\" \"50\"\n"
        "RANGE dummy battery.charge.low \"60\" \"70\"\n"
        "END LIST RANGE dummy battery.charge.low\n");
  CHECK(p.ask("LIST ENUM dummy ups.status") ==
        "BEGIN LIST ENUM dummy ups.status\nEND LIST ENUM dummy ups.status\n");
  CHECK(p.ask("LIST RANGE dummy nope") == "ERR VAR-NOT-SUPPORTED\n");
}

TEST_CASE("LIST checks its arguments as upsd does") {
  protocol p;
  CHECK(p.ask("LIST") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("LIST FOO") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("LIST VAR") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("LIST ENUM dummy") == "ERR INVALID-ARGUMENT\n");
  CHECK(p.ask("LIST FOO x y") == "ERR INVALID-ARGUMENT\n");
}

TEST_CASE("a stale UPS or one without driver has no data, but is still listed") {
  protocol p;
  auto* ups = p.state.ups.find("dummy");
  ups->stale = true;
  CHECK(p.ask("GET VAR dummy ups.status") == "ERR DATA-STALE\n");
  CHECK(p.ask("LIST VAR dummy") == "ERR DATA-STALE\n");
  CHECK(p.ask("GET TYPE dummy ups.status") == "ERR DATA-STALE\n");
  CHECK(p.ask("GET NUMLOGINS dummy") == "ERR DATA-STALE\n");
  ups->driver_connected = false;
  CHECK(p.ask("GET VAR dummy ups.status") == "ERR DRIVER-NOT-CONNECTED\n");
  CHECK(p.ask("LIST CMD dummy") == "ERR DRIVER-NOT-CONNECTED\n");
  CHECK(p.ask("LIST UPS").find("UPS dummy") != std::string::npos);
  CHECK(p.ask("GET UPSDESC dummy").starts_with("UPSDESC dummy"));
  CHECK(p.ask("LIST CLIENT dummy") == "BEGIN LIST CLIENT dummy\nEND LIST CLIENT dummy\n");
  ups->stale = false;
  ups->driver_connected = true;
  CHECK(p.ask("GET VAR dummy ups.status") == "VAR dummy ups.status \"OL\"\n");
}

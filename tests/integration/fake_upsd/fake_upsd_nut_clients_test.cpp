// The real NUT command-line clients (upsc, upsrw, upscmd from nut-client) against the fake: if
// they are content, the fake speaks the protocol as upsd does.

#include <doctest/doctest.h>

#include "fake_fixture.hpp"
#include "fake_upsd/dev_file.hpp"
#include "fake_upsd/realistic_ups.hpp"
#include "support/child_process.hpp"
#include "support/nut_server.hpp"

using namespace nutmqtt::fake_upsd;
using nutmqtt::test::run;
using nutmqtt::test::run_result;
using namespace std::chrono_literals;

namespace {

server_options three_ups() {
  auto options = testing::small_server();
  const std::string eaton = "ups-dumps/Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev";
  options.ups.push_back(parse_dev_file(nutmqtt::test::fixture(eaton), eaton, "eaton", "Eaton"));
  options.ups.push_back(realistic_ups("sim", 3, "Simulated"));
  return options;
}

run_result client(std::vector<std::string> argv) {
  auto result = run(argv, 20s);
  CAPTURE(result.output);
  return result;
}

std::string at(const fake_upsd& fake, const std::string& ups) {
  return ups + "@127.0.0.1:" + std::to_string(fake.port());
}

bool has_line(const std::string& output, const std::string& line) {
  return ("\n" + output + "\n").find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("upsc lists UPSes, variables and clients") {
  fake_upsd fake(three_ups());
  auto list = client({"upsc", "-l", "127.0.0.1:" + std::to_string(fake.port())});
  CHECK(list.status == 0);
  CHECK(has_line(list.output, "dummy"));
  CHECK(has_line(list.output, "eaton"));
  CHECK(has_line(list.output, "sim"));

  auto all = client({"upsc", at(fake, "eaton")});
  CHECK(all.status == 0);
  CHECK(has_line(all.output, "ups.status: ALARM OL CHRG RB"));
  CHECK(has_line(all.output, "device.model: Eaton 5PX 2000"));

  auto one = client({"upsc", at(fake, "sim"), "ups.status"});
  CHECK(one.status == 0);
  CHECK(has_line(one.output, "OL"));

  auto missing = client({"upsc", at(fake, "nope"), "ups.status"});
  CHECK(missing.status != 0);
  CHECK(missing.output.find("Unknown UPS") != std::string::npos);

  auto clients = client({"upsc", "-c", at(fake, "dummy")});
  CHECK(clients.status == 0);
  // upsc tried STARTTLS first and was told it is not configured, as with a real upsd.
  CHECK(fake.server().requests("STARTTLS") >= 4);
}

TEST_CASE("upsrw lists writable variables with their types and sets values") {
  fake_upsd fake(three_ups());
  auto list = client({"upsrw", at(fake, "sim")});
  CHECK(list.status == 0);
  CHECK(has_line(list.output, "[input.sensitivity]"));
  CHECK(has_line(list.output, "Option: \"normal\" SELECTED"));
  CHECK(has_line(list.output, "Option: \"5-90\" SELECTED"));
  CHECK(has_line(list.output, "Maximum length: 10"));

  auto set = client(
      {"upsrw", "-s", "ups.status=OB LB", "-u", "admin", "-p", "adminpw", at(fake, "eaton")});
  CHECK(set.status == 0);
  CHECK(fake.server().var("eaton", "ups.status") == "OB LB");

  auto tracked = client(
      {"upsrw", "-w", "-s", "ups.status=OL", "-u", "admin", "-p", "adminpw", at(fake, "eaton")});
  CHECK(tracked.status == 0);
  CHECK(has_line(tracked.output, "SUCCESS"));
  CHECK(fake.server().var("eaton", "ups.status") == "OL");

  auto refused =
      client({"upsrw", "-s", "ups.status=OB", "-u", "monuser", "-p", "secret", at(fake, "eaton")});
  CHECK(refused.status != 0);
  CHECK(refused.output.find("ACCESS-DENIED") != std::string::npos);
  CHECK(fake.server().var("eaton", "ups.status") == "OL");
}

TEST_CASE("upscmd lists and runs instant commands") {
  fake_upsd fake(three_ups());
  auto list = client({"upscmd", "-l", at(fake, "sim")});
  CHECK(list.status == 0);
  CHECK(has_line(list.output, "load.off - Turn off the load immediately"));

  auto ok = client({"upscmd", "-u", "admin", "-p", "adminpw", at(fake, "eaton"), "beeper.mute"});
  CHECK(ok.status == 0);
  auto refused =
      client({"upscmd", "-u", "monuser", "-p", "secret", at(fake, "eaton"), "beeper.mute"});
  CHECK(refused.status != 0);
  CHECK(refused.output.find("ACCESS-DENIED") != std::string::npos);
  auto unknown = client({"upscmd", "-u", "admin", "-p", "adminpw", at(fake, "eaton"), "fly"});
  CHECK(unknown.status != 0);

  auto commands = fake.server().instcmds();
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].ups == "eaton");
  CHECK(commands[0].command == "beeper.mute");
}

#include "fake_upsd/dev_file.hpp"

#include <filesystem>
#include <stdexcept>

#include <doctest/doctest.h>

#include "support/nut_server.hpp"

using namespace nutmqtt::fake_upsd;

namespace {

std::string error_of(std::string_view text) {
  try {
    parse_dev_file(text, "test.dev", "ups");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a .dev file gives values, skipping comments and blank lines") {
  auto ups = parse_dev_file(
      "# a dump\n\nups.status: OL CHRG\nbattery.charge: 100\n"
      "output.voltage: 137.0\t#BAD: a comment after the value\n"
      "device.serial: 5B2250T99999  \nups.alarm: \"Replace battery!\"\n",
      "test.dev", "myups", "My UPS");
  CHECK(ups.name() == "myups");
  CHECK(ups.description() == "My UPS");
  CHECK(ups.variables().size() == 5);
  CHECK(ups.find("ups.status")->value == "OL CHRG");
  CHECK(ups.find("OUTPUT.VOLTAGE")->value == "137.0");
  CHECK(ups.find("device.serial")->value == "5B2250T99999");
  CHECK(ups.find("ups.alarm")->value == "Replace battery!");
  // Like dummy-ups: ups.status can be changed, other variables are read-only NUMBERs.
  CHECK(ups.find("ups.status")->writable);
  CHECK(ups.find("ups.status")->string_length == 32u);
  CHECK_FALSE(ups.find("battery.charge")->writable);
  CHECK_FALSE(ups.find("battery.charge")->string_length.has_value());
}

TEST_CASE("#RW and #CMD hints give writable variables and instant commands") {
  auto ups = parse_dev_file(
      "ups.delay.start: 30\noutput.voltage.nominal: 230\nbattery.charge.low: 20\n"
      "ups.load.high: 105\n"
      "#RW:ups.delay.start:STRING:10\n"
      "#RW:output.voltage.nominal:ENUM:\"220\"\n#RW:output.voltage.nominal:ENUM:\"230\"\n"
      "#RW:battery.charge.low:RANGE:\"5\" \"50\"\n#RW:ups.load.high:NUMBER\n"
      "#CMD:load.off\n#CMD:load.off.delay #COMMENT: rounded down to minutes\n",
      "test.dev", "ups");
  const variable* delay = ups.find("ups.delay.start");
  CHECK(delay->writable);
  CHECK(delay->string_length == 10u);
  const variable* nominal = ups.find("output.voltage.nominal");
  CHECK(nominal->enum_values == std::vector<std::string>{"220", "230"});
  const variable* low = ups.find("battery.charge.low");
  REQUIRE(low->ranges.size() == 1);
  CHECK(low->ranges[0] == std::pair{5, 50});
  CHECK(ups.find("ups.load.high")->writable);
  CHECK(ups.has_command("load.off"));
  CHECK(ups.has_command("LOAD.OFF.DELAY"));
  CHECK(ups.commands().size() == 2);
}

TEST_CASE("problems in a .dev file are all reported with their line") {
  auto e = error_of(
      "ups.status: OL\nno colon here\n#RW:ups.status:STRING:abc\n#RW:nothing:NUMBER\n"
      "#RW:ups.status:FLOAT\nbad name: 1\nx: \"a#b\"\n");
  CHECK(e.find("test.dev:2: expected 'name: value'") != std::string::npos);
  CHECK(e.find("test.dev:3: STRING needs a length") != std::string::npos);
  CHECK(e.find("test.dev:4: #RW hint for nothing, which has no value") != std::string::npos);
  CHECK(e.find("test.dev:5: unknown type 'FLOAT'") != std::string::npos);
  CHECK(e.find("test.dev:6: variable name 'bad name'") != std::string::npos);
  CHECK(e.find("test.dev:7: unescaped '#'") != std::string::npos);
  CHECK(error_of("#RW:x:RANGE:\"9\" \"1\"\nx: 3\n").find("test.dev:1: RANGE needs") !=
        std::string::npos);
  CHECK(error_of("ups.status: OL\n").empty());
}

TEST_CASE("every fixture of real UPS dumps loads") {
  const auto dir = std::filesystem::path(NUTMQTT_TEST_FIXTURES) / "ups-dumps";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".dev") continue;
    CAPTURE(entry.path().filename().string());
    ++files;
    auto text = nutmqtt::test::fixture("ups-dumps/" + entry.path().filename().string());
    auto ups = parse_dev_file(text, entry.path().string(), "ups");
    CHECK(ups.find("ups.status") != nullptr);
    CHECK(ups.variables().size() > 20);
  }
  CHECK(files == 6);

  auto eaton =
      parse_dev_file(nutmqtt::test::fixture("ups-dumps/Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev"),
                     "eaton", "eaton");
  CHECK(eaton.find("ups.status")->value == "ALARM OL CHRG RB");
  CHECK(eaton.find("ups.alarm")->value == "Replace battery!");
  CHECK(eaton.find("ups.shutdown")->enum_values == std::vector<std::string>{"disabled", "enabled"});
  CHECK(eaton.commands().size() == 19);
}

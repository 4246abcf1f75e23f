#include "fake_upsd/realistic_ups.hpp"

#include <doctest/doctest.h>

#include "fake_upsd/numbers.hpp"

using namespace nutmqtt::fake_upsd;

namespace {

double number(const ups_model& ups, const char* name) {
  const variable* v = ups.find(name);
  REQUIRE(v != nullptr);
  auto n = parse_number(v->value);
  REQUIRE(n.has_value());
  return *n;
}

}  // namespace

TEST_CASE("a generated UPS has the variables of a real one") {
  auto ups = realistic_ups("ups0001", 42, "Rack 1");
  CHECK(ups.name() == "ups0001");
  CHECK(ups.description() == "Rack 1");
  CHECK(ups.variables().size() >= 60);
  for (const char* name :
       {"battery.charge", "battery.runtime", "battery.voltage", "input.voltage", "input.frequency",
        "output.voltage", "ups.load", "ups.realpower", "ups.temperature", "device.model",
        "device.serial", "driver.name", "driver.version", "ups.status", "ups.mfr"}) {
    CAPTURE(name);
    CHECK(ups.find(name) != nullptr);
  }
  CHECK(ups.find("ups.status")->value == "OL");
  CHECK(number(ups, "battery.charge") == 100);
  CHECK(number(ups, "ups.load") >= 10);
  CHECK(number(ups, "ups.load") <= 60);
  CHECK(number(ups, "input.voltage") == doctest::Approx(230).epsilon(0.05));
  // Power follows the load.
  CHECK(number(ups, "ups.realpower") ==
        doctest::Approx(number(ups, "ups.load") * 1350 / 100).epsilon(0.05));
  CHECK(ups.commands().size() == 13);
  CHECK(ups.has_command("test.battery.start.quick"));
}

TEST_CASE("a generated UPS has writable variables of every kind") {
  auto ups = realistic_ups("u", 1);
  CHECK(ups.find("ups.status")->writable);
  CHECK(ups.find("ups.delay.shutdown")->string_length == 10u);
  CHECK(ups.find("input.sensitivity")->enum_values.size() == 3);
  CHECK(ups.find("battery.charge.low")->ranges.size() == 1);
  CHECK_FALSE(ups.find("ups.load")->writable);
  int writable = 0;
  for (const auto& [key, v] : ups.variables())
    writable += v.writable ? 1 : 0;
  CHECK(writable == 12);
}

TEST_CASE("generated UPSes differ by seed and repeat with the same seed") {
  auto a = realistic_ups("u", 1);
  auto b = realistic_ups("u", 1);
  auto c = realistic_ups("u", 2);
  CHECK(a.find("device.serial")->value == b.find("device.serial")->value);
  CHECK(a.find("ups.load")->value == b.find("ups.load")->value);
  CHECK(a.find("device.serial")->value != c.find("device.serial")->value);
}

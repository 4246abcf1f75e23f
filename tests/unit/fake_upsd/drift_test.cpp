#include "fake_upsd/drift.hpp"

#include <doctest/doctest.h>

#include "fake_upsd/numbers.hpp"
#include "fake_upsd/realistic_ups.hpp"

using namespace nutmqtt::fake_upsd;
using namespace std::chrono_literals;

namespace {

double number(const ups_model& ups, const char* name) {
  const variable* v = ups.find(name);
  REQUIRE(v != nullptr);
  auto n = parse_number(v->value);
  REQUIRE(n.has_value());
  return *n;
}

void run(ups_drift& drift, ups_model& ups, int steps) {
  for (int i = 0; i < steps; ++i)
    drift.step(ups, 1s);
}

}  // namespace

TEST_CASE("drift moves measurements around their nominal values and leaves the rest alone") {
  auto ups = realistic_ups("u", 7);
  const auto before = ups.variables();
  ups_drift drift(1);
  int voltage_changes = 0;
  for (int i = 0; i < 200; ++i) {
    const auto last = ups.find("input.voltage")->value;
    drift.step(ups, 1s);
    voltage_changes += ups.find("input.voltage")->value != last ? 1 : 0;
    CHECK(number(ups, "input.voltage") == doctest::Approx(230).epsilon(0.1));
    CHECK(number(ups, "output.voltage") == doctest::Approx(230).epsilon(0.05));
    CHECK(number(ups, "input.frequency") == doctest::Approx(50).epsilon(0.02));
    CHECK(number(ups, "ups.load") >= 0);
    CHECK(number(ups, "ups.load") <= 100);
    CHECK(number(ups, "ups.realpower") ==
          doctest::Approx(number(ups, "ups.load") * 1350 / 100).epsilon(0.05));
  }
  CHECK(voltage_changes > 100);
  for (const char* fixed : {"ups.status", "device.serial", "ups.model", "battery.charge.low"}) {
    CAPTURE(fixed);
    CHECK(ups.find(fixed)->value == before.at(fixed).value);
  }
}

TEST_CASE("on battery the charge and runtime fall, on line power they recover") {
  auto ups = realistic_ups("u", 3);
  ups_drift drift(5);
  run(drift, ups, 5);
  CHECK(number(ups, "battery.charge") == 100);
  const double full_runtime = number(ups, "battery.runtime");

  ups.set("ups.status", "OB DISCHRG");
  run(drift, ups, 300);
  const double charge = number(ups, "battery.charge");
  CHECK(charge < 100);
  CHECK(number(ups, "battery.runtime") < full_runtime);
  CHECK(number(ups, "input.voltage") < 5);
  CHECK(number(ups, "battery.voltage") < 24 * 1.13);
  CHECK(ups.find("ups.status")->value == "OB DISCHRG");

  ups.set("ups.status", "OL CHRG");
  run(drift, ups, 600);
  CHECK(number(ups, "battery.charge") > charge);
  CHECK(number(ups, "input.voltage") > 200);
}

TEST_CASE("a battery left on battery long enough runs empty, never below zero") {
  auto ups = realistic_ups("u", 3);
  ups.set("ups.status", "OB");
  ups_drift drift(9);
  for (int i = 0; i < 300; ++i)
    drift.step(ups, 60s);
  CHECK(number(ups, "battery.charge") == 0);
  CHECK(number(ups, "battery.runtime") == 0);
}

TEST_CASE("a value set from outside becomes the new starting point") {
  auto ups = realistic_ups("u", 3);
  ups_drift drift(2);
  run(drift, ups, 3);
  ups.set("ups.load", "90");
  run(drift, ups, 50);
  CHECK(number(ups, "ups.load") > 80);
  ups.set("battery.charge", "40");
  drift.step(ups, 1s);
  CHECK(number(ups, "battery.charge") == doctest::Approx(40).epsilon(0.03));
}

TEST_CASE("drift is the same for the same seed and differs for another") {
  auto a = realistic_ups("u", 3);
  auto b = realistic_ups("u", 3);
  auto c = realistic_ups("u", 3);
  ups_drift da(11), db(11), dc(12);
  run(da, a, 20);
  run(db, b, 20);
  run(dc, c, 20);
  CHECK(a.variables().at("input.voltage").value == b.variables().at("input.voltage").value);
  CHECK(a.variables().at("ups.load").value == b.variables().at("ups.load").value);
  bool any_difference = false;
  for (const char* name : {"input.voltage", "output.voltage", "ups.load", "ups.temperature"})
    any_difference = any_difference || a.find(name)->value != c.find(name)->value;
  CHECK(any_difference);
}

TEST_CASE("drift works on a UPS with only some of the variables") {
  ups_model ups("u");
  ups.set("ups.status", "OL");
  ups.set("input.voltage", "118.0");
  ups.set("input.voltage.nominal", "120");
  ups.set("device.model", "X");
  ups_drift drift(4);
  run(drift, ups, 20);
  CHECK(number(ups, "input.voltage") == doctest::Approx(120).epsilon(0.1));
  CHECK(ups.variables().size() == 4);
}

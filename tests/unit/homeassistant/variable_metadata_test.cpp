#include "homeassistant/variables/variable_metadata.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::ha;

TEST_CASE("battery.runtime is a primary and enabled duration in seconds") {
  auto m = describe_variable("battery.runtime", "1032");
  CHECK(m.name == "Battery runtime");
  CHECK(m.device_class == "duration");
  CHECK(m.unit == "s");
  CHECK(m.state_class == "measurement");
  CHECK(m.enabled_by_default);
  CHECK_FALSE(m.diagnostic);
  CHECK(m.numeric);
}

TEST_CASE("live measurements are primary with classes and units and state classes") {
  struct expect {
    const char* var;
    const char* cls;
    const char* unit;
  };
  for (auto e :
       {expect{"battery.charge", "battery", "%"}, expect{"input.voltage", "voltage", "V"},
        expect{"output.current", "current", "A"}, expect{"ups.realpower", "power", "W"},
        expect{"ups.power", "apparent_power", "VA"}, expect{"input.frequency", "frequency", "Hz"},
        expect{"ups.temperature", "temperature", "°C"}, expect{"ambient.humidity", "humidity", "%"},
        expect{"ups.load", "", "%"}}) {
    CAPTURE(e.var);
    auto m = describe_variable(e.var, "12.5");
    CHECK(m.device_class == e.cls);
    CHECK(m.unit == e.unit);
    CHECK(m.state_class == "measurement");
    CHECK(m.enabled_by_default);
    CHECK_FALSE(m.diagnostic);
    CHECK(m.known);
  }
}

TEST_CASE("thresholds and nominal values and delays and identity are diagnostic and hidden") {
  for (auto var :
       {"input.voltage.nominal", "input.transfer.low", "battery.charge.low", "ups.delay.shutdown",
        "ups.realpower.nominal", "device.serial", "driver.name", "driver.parameter.pollinterval",
        "ups.firmware", "input.L1.voltage.high.warning"}) {
    CAPTURE(var);
    auto m = describe_variable(var, "20");
    CHECK(m.known);
    CHECK(m.diagnostic);
    CHECK_FALSE(m.enabled_by_default);
    CHECK(m.state_class.empty());  // not measured: no statistics
  }
}

TEST_CASE("nominal and threshold values keep their class and unit") {
  auto m = describe_variable("input.voltage.nominal", "230");
  CHECK(m.device_class == "voltage");
  CHECK(m.unit == "V");
  CHECK(m.name == "Input nominal voltage");
  auto p = describe_variable("ups.realpower.nominal", "1800");
  CHECK(p.device_class == "power");
  CHECK(p.unit == "W");
}

TEST_CASE("three-phase and bypass and outlet and ambient patterns are recognised") {
  auto v = describe_variable("input.L1-N.voltage", "231.00");
  CHECK(v.name == "Input voltage L1-N");
  CHECK(v.device_class == "voltage");
  auto c = describe_variable("output.L2.current", "3.1");
  CHECK(c.name == "Output current L2");
  CHECK(c.device_class == "current");
  auto b = describe_variable("input.bypass.L3-N.voltage", "231");
  CHECK(b.name == "Bypass input voltage L3-N");
  CHECK(b.enabled_by_default);
  auto o = describe_variable("outlet.2.realpower", "68");
  CHECK(o.name == "Outlet 2 real power");
  CHECK(o.device_class == "power");
  auto g = describe_variable("outlet.group.1.current", "0.00");
  CHECK(g.name == "Outlet group 1 current");
  auto t = describe_variable("ambient.1.temperature", "25.4");
  CHECK(t.name == "Ambient 1 temperature");
  CHECK(t.device_class == "temperature");
  auto pf = describe_variable("output.powerfactor", "0.82");
  CHECK(pf.device_class == "power_factor");
  CHECK(pf.unit.empty());
  auto pp = describe_variable("output.L1.power.percent", "0.00");
  CHECK(pp.unit == "%");
  CHECK(describe_variable("output.L1.power.maximum.percent", "3").diagnostic);
  CHECK(describe_variable("outlet.1.status", "on").enabled_by_default);
  CHECK(describe_variable("ambient.contacts.2.status", "open").name == "Ambient contact 2");
}

TEST_CASE("a numeric variable whose value is not a number gets no unit or class or state class") {
  auto m = describe_variable("ups.efficiency", "LoadTooLow");
  CHECK(m.known);
  CHECK_FALSE(m.numeric);
  CHECK(m.unit.empty());
  CHECK(m.device_class.empty());
  CHECK(m.state_class.empty());
  CHECK_FALSE(m.display_precision.has_value());
  auto v = describe_variable("input.voltage", "");
  CHECK(v.unit.empty());
  CHECK(v.device_class.empty());
}

TEST_CASE("unknown variables become plain diagnostic sensors") {
  auto n = describe_variable("experimental.output.energy", "525890");
  CHECK_FALSE(n.known);
  CHECK(n.name == "Experimental output energy");
  CHECK(n.diagnostic);
  CHECK_FALSE(n.enabled_by_default);
  CHECK(n.numeric);
  CHECK(n.device_class.empty());
  CHECK(n.unit.empty());
  auto t = describe_variable("vendor.mode", "fancy");
  CHECK_FALSE(t.numeric);
  CHECK(t.state_class.empty());
  CHECK(t.diagnostic);
  CHECK_FALSE(standard_variable("outlet.x.current"));  // not an index
  CHECK_FALSE(standard_variable("input.L4.current"));  // not a phase
  CHECK_FALSE(standard_variable("battery"));
}

TEST_CASE("text variables are never numeric whatever they hold") {
  auto m = describe_variable("ups.productid", "0002");
  CHECK_FALSE(m.numeric);
  CHECK(m.unit.empty());
  CHECK_FALSE(describe_variable("ups.status", "OL").numeric);
}

TEST_CASE("numbers are recognised as Home Assistant parses them") {
  CHECK(is_numeric_value("235.0"));
  CHECK(is_numeric_value("-60"));
  CHECK(is_numeric_value("024"));
  CHECK(is_numeric_value(" 5 "));
  CHECK_FALSE(is_numeric_value(""));
  CHECK_FALSE(is_numeric_value("21,52"));
  CHECK_FALSE(is_numeric_value("nan"));
  CHECK_FALSE(is_numeric_value("inf"));
  CHECK_FALSE(is_numeric_value("12V"));
}

TEST_CASE("every name in the fixed table is found (the table is sorted)") {
  for (auto var : {"battery.alarm.threshold", "ups.watchdog.status", "device.uptime",
                   "server.version", "ups.beeper.status"}) {
    CAPTURE(var);
    CHECK(standard_variable(var).has_value());
  }
}

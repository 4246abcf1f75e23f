#include "homeassistant/entities/status_text.hpp"

#include <doctest/doctest.h>

using nutmqtt::ha::status_text;

TEST_CASE("status tokens read as Home Assistant's NUT integration words them") {
  CHECK(status_text("OL") == "Online");
  CHECK(status_text("OL CHRG") == "Online, Battery Charging");
  CHECK(status_text("OB DISCHRG LB") == "On Battery, Battery Discharging, Low Battery");
  CHECK(status_text("ALARM OL CHRG RB") ==
        "Alarm, Online, Battery Charging, Battery Needs Replacement");
  CHECK(status_text("FSD OB LB") == "Forced Shutdown, On Battery, Low Battery");
  CHECK(status_text("HB BYPASS CAL OFF OVER TRIM BOOST TEST") ==
        "High Battery, Bypass Active, Runtime Calibration, Offline, Overloaded, Trimming Voltage, "
        "Boosting Voltage, Battery Testing");
}

TEST_CASE("eco mode and waiting for the driver have words too") {
  CHECK(status_text("OL HE") == "Online, ECO Mode");
  CHECK(status_text("OL ECO") == "Online, ECO Mode");
  CHECK(status_text("OL ECO HE") == "Online, ECO Mode");  // one mode, said once
  CHECK(status_text("WAIT") == "Waiting for Driver");
}

TEST_CASE("unknown tokens are kept verbatim instead of blanking the status") {
  CHECK(status_text("OL XYZZY") == "Online, XYZZY");
  CHECK(status_text("NEWTOKEN") == "NEWTOKEN");
}

TEST_CASE("blanks and tabs and repeats do not change the words and empty stays empty") {
  CHECK(status_text("  OL\tCHRG  OL ") == "Online, Battery Charging");
  CHECK(status_text("") == "");
  CHECK(status_text("   ") == "Unknown");
}

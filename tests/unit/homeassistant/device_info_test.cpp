#include "homeassistant/entities/device_info.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::ha;

namespace {

ups_snapshot ups_with(std::map<std::string, std::string> vars) {
  ups_snapshot u;
  u.id = "nas";
  u.vars = std::move(vars);
  return u;
}

const bridge_identity kBridge{"home", "1.2.3", "server1"};

}  // namespace

TEST_CASE("serials that identify nothing are rejected") {
  CHECK(is_usable_serial("G098D27047"));
  CHECK(is_usable_serial("  5B2250T99999  "));
  for (auto bad : {"", "   ", "unknown", "UNKNOWN", "blank", "Blank", "0", "000000000000", "....",
                   "none", "n/a"}) {
    CAPTURE(bad);
    CHECK_FALSE(is_usable_serial(bad));
  }
}

TEST_CASE("the serial comes from device.serial else ups.serial and is trimmed") {
  CHECK(usable_serial({{"device.serial", "G098D27047"}, {"ups.serial", "other"}}) == "G098D27047");
  CHECK(usable_serial({{"ups.serial", "5B2250T07387  "}}) == "5B2250T07387");
  // A placeholder in device.serial does not hide a real ups.serial (APC apc_modbus reports "....").
  CHECK(usable_serial({{"device.serial", "...."}, {"ups.serial", "AS1316113420"}}) ==
        "AS1316113420");
  CHECK_FALSE(usable_serial({{"device.serial", "000000"}}));
  CHECK_FALSE(usable_serial({}));
}

TEST_CASE("the device identifier uses a usable serial or else bridge and UPS ids") {
  CHECK(ups_device_identifier(ups_with({{"device.serial", " G098D27047 "}}), "home") ==
        "nutmqtt-sn/G098D27047");
  CHECK(ups_device_identifier(ups_with({{"device.serial", "unknown"}}), "home") ==
        "nutmqtt/home/nas");
  CHECK(ups_device_identifier(ups_with({}), "other") == "nutmqtt/other/nas");
}

TEST_CASE("MAC addresses in NUT's spellings become Home Assistant connections") {
  CHECK(normalize_mac("00 20 85 F9 0A 9E ") == "00:20:85:f9:0a:9e");
  CHECK(normalize_mac("68:b5:99:f5:89:27") == "68:b5:99:f5:89:27");
  CHECK(normalize_mac("68-B5-99-F5-89-27") == "68:b5:99:f5:89:27");
  CHECK(normalize_mac("68B599F58927") == "68:b5:99:f5:89:27");
  CHECK_FALSE(normalize_mac("68:b5:99:f5:89"));
  CHECK_FALSE(normalize_mac("not a mac"));
  CHECK_FALSE(normalize_mac(""));
}

TEST_CASE("the device block takes each fact from its preferred NUT variable") {
  auto ups = ups_with({{"device.mfr", "EATON"},
                       {"ups.mfr", "Eaton Corporation"},
                       {"ups.model", "Eaton 5PX 2000"},
                       {"device.part", "eMAA13"},
                       {"ups.serial", "G098D27047"},
                       {"ups.firmware", "06 "},
                       {"device.location", "Rack 2"},
                       {"device.macaddr", "00 20 85 F9 0A 9E "}});
  auto dev = ups_device_block(ups, kBridge, "nas");
  CHECK(dev["identifiers"] == nlohmann::json::array({"nutmqtt-sn/G098D27047"}));
  CHECK(dev["name"] == "nas");
  CHECK(dev["manufacturer"] == "EATON");
  CHECK(dev["model"] == "Eaton 5PX 2000");
  CHECK(dev["model_id"] == "eMAA13");
  CHECK(dev["serial_number"] == "G098D27047");
  CHECK(dev["sw_version"] == "06");
  CHECK(dev["suggested_area"] == "Rack 2");
  CHECK(dev["connections"] == nlohmann::json::parse(R"([["mac","00:20:85:f9:0a:9e"]])"));
  CHECK(dev["via_device"] == "nutmqtt-bridge/home");
}

TEST_CASE("facts the UPS does not report are left out") {
  auto dev = ups_device_block(ups_with({{"ups.mfr", "CPS"}, {"device.macaddr", "garbage"}}),
                              kBridge, "nas");
  CHECK(dev["manufacturer"] == "CPS");
  for (auto key :
       {"model", "model_id", "serial_number", "sw_version", "suggested_area", "connections"}) {
    CAPTURE(key);
    CHECK_FALSE(dev.contains(key));
  }
}

TEST_CASE("the device name is the description or the id but never one an entity repeats") {
  auto ups = ups_with({});
  CHECK(ups_device_name(ups, {"Battery charge"}) == "nas");
  ups.description = " Rack UPS ";
  CHECK(ups_device_name(ups, {"Battery charge"}) == "Rack UPS");
  ups.description = "Battery";
  CHECK(ups_device_name(ups, {"Battery charge"}) == "nas");
  ups.id = "input";
  ups.description.clear();
  CHECK(ups_device_name(ups, {"Input voltage"}) == "UPS input");
  CHECK(repeats_device_name("UPS type", "ups"));
  CHECK_FALSE(repeats_device_name("Upstream", "ups"));
  CHECK_FALSE(repeats_device_name("Battery", ""));
}

TEST_CASE("the bridge device names the program and its version and host") {
  auto dev = bridge_device_block(kBridge);
  CHECK(dev["identifiers"] == nlohmann::json::array({"nutmqtt-bridge/home"}));
  CHECK(dev["sw_version"] == "1.2.3");
  CHECK(dev["model"] == "nutmqtt-bridge on server1");
  CHECK_FALSE(dev.contains("via_device"));
}

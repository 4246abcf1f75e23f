#include "homeassistant/discovery/discovery_fingerprint.hpp"

#include <algorithm>
#include <random>

#include <doctest/doctest.h>

#include "ha_test_data.hpp"
#include "homeassistant/discovery/discovery_builder.hpp"
#include "homeassistant/variables/variable_metadata.hpp"

using namespace nutmqtt;

namespace {

std::vector<ha::discovery_message> build(const ha::ups_snapshot& ups,
                                         ha::discovery_settings::mode m) {
  ha::discovery_settings s;
  s.enabled = true;
  s.discovery = m;
  return ha::build_ups_discovery(ups, {"home", "1.0", "host"}, s, common::topic_scheme("ups"));
}

}  // namespace

TEST_CASE("drifting measurements change neither the fingerprint nor the configs") {
  auto ups = test::snapshot_from_dev("homeassistant/eaton-5px-93pm.dev", "nas");
  auto before = ups;
  std::minstd_rand rng(7);
  std::size_t drifted = 0;
  for (auto& [name, value] : ups.vars) {
    if (!ha::is_numeric_value(value)) continue;
    const std::string& variable = name;  // clang before 16 cannot capture a structured binding
    bool writable = std::any_of(ups.writables.begin(), ups.writables.end(),
                                [&](const auto& w) { return w.name == variable; });
    if (writable || name.rfind("device.", 0) == 0 || name == "ups.firmware") continue;
    value = std::to_string(rng() % 1000) + "." + std::to_string(rng() % 10);
    ++drifted;
  }
  REQUIRE(drifted > 20);
  CHECK(ha::discovery_fingerprint(ups) == ha::discovery_fingerprint(before));
  for (auto mode : {ha::discovery_settings::mode::device, ha::discovery_settings::mode::entity}) {
    CHECK(build(ups, mode) == build(before, mode));
  }
}

TEST_CASE("what the configs depend on changes the fingerprint") {
  auto base = test::snapshot_from_dev("homeassistant/eaton-5px-93pm.dev", "nas");
  auto fp = ha::discovery_fingerprint(base);
  auto changed = [&](auto edit) {
    auto copy = base;
    edit(copy);
    return ha::discovery_fingerprint(copy) != fp;
  };
  CHECK(changed([](ha::ups_snapshot& u) { u.vars["new.variable"] = "1"; }));
  CHECK(changed([](ha::ups_snapshot& u) { u.vars.erase(u.vars.begin()); }));
  CHECK(changed([](ha::ups_snapshot& u) { u.vars["ups.load"] = "unknown"; }));  // number -> text
  CHECK(changed([](ha::ups_snapshot& u) { u.vars["device.serial"] = "XYZ"; }));
  CHECK(changed([](ha::ups_snapshot& u) { u.vars["ups.firmware"] = "2.0"; }));
  CHECK(changed([](ha::ups_snapshot& u) { u.description = "Rack UPS"; }));
  CHECK(changed([](ha::ups_snapshot& u) { u.commands.push_back("beeper.mute"); }));
  CHECK(changed([](ha::ups_snapshot& u) { u.writables.clear(); }));
  REQUIRE_FALSE(base.writables.empty());
  CHECK(changed([](ha::ups_snapshot& u) { u.vars[u.writables[0].name] = "42"; }));
}

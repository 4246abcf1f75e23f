// Two or three bridges publishing one UPS (active-active): generated sequences of what the
// bridges say (their availability and last will, their per-UPS availability, COMMBAD / COMMOK,
// good polls, the aggregate availability) against an oracle written from the contract in
// docs/larger-sites.md, "Two bridges for the same UPS":
//   - a bridge hears the UPS while it is online, has said "online" for the UPS since it last
//     came online, and has sent no COMMBAD since its last good poll;
//   - while some bridge hears the UPS, there is no loss (no COMMBAD, no deadtime);
//   - when every bridge is gone, the UPS is lost;
//   - a loss, and its failed poll, begin no earlier than the last moment a bridge heard it.

#include <array>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "property/agent/check_property.hpp"
#include "shutdown-agent/logic/comm_tracker.hpp"

using namespace nutmqtt::agent;
using namespace nutmqtt::agent::property;
using namespace std::chrono_literals;

namespace {

const std::array<std::string, 3> kBridges = {"a", "b", "c"};

enum class op_kind : int {
  bridge_online,
  bridge_offline,
  reach_online,
  reach_offline,
  reach_cleared,
  commbad,
  commok,
  good_poll,
  aggregate_online,
  aggregate_offline,
  note_bridge,
  kCount
};

struct op {
  op_kind kind;
  std::size_t bridge;
};

std::string describe(const op& o) {
  static const char* names[] = {
      "bridge online",    "bridge offline",    "reach online", "reach offline",
      "reach cleared",    "COMMBAD",           "COMMOK",       "good poll",
      "aggregate online", "aggregate offline", "note bridge"};
  return fmt::format("{} {}", names[static_cast<int>(o.kind)], kBridges[o.bridge]);
}

// The contract, bridge by bridge.
struct bridge_model {
  bool online = true;
  bool says_online = false;
  bool commbad = false;
  bool hears() const { return online && says_online && !commbad; }
};

struct oracle {
  std::array<bridge_model, 3> bridges;
  bool heard() const {
    for (const auto& b : bridges)
      if (b.hears()) return true;
    return false;
  }
  void apply(const op& o) {
    auto& b = bridges[o.bridge];
    switch (o.kind) {
      case op_kind::bridge_online:
        b.online = true;
        break;
      case op_kind::bridge_offline:
        // What it said before it went away is old once it is back.
        b.online = false;
        b.says_online = false;
        break;
      case op_kind::reach_online:
        if (b.online) {
          b.says_online = true;
          b.commbad = false;
        }
        break;
      case op_kind::reach_offline:
      case op_kind::reach_cleared:
        b.says_online = false;
        break;
      case op_kind::commbad:
        b.commbad = true;
        break;
      case op_kind::commok:
      case op_kind::good_poll:
        b.commbad = false;
        break;
      default:
        break;
    }
  }
};

std::optional<comm_change> play(comm_tracker& c, const op& o, time_point now) {
  const auto& id = kBridges[o.bridge];
  switch (o.kind) {
    case op_kind::bridge_online:
    case op_kind::bridge_offline: {
      auto changes = c.bridge_availability(id, o.kind == op_kind::bridge_online, now);
      return changes.empty() ? std::nullopt : std::optional<comm_change>(changes.back());
    }
    case op_kind::reach_online:
      return c.bridge_reach("nas", id, true, now);
    case op_kind::reach_offline:
      return c.bridge_reach("nas", id, false, now);
    case op_kind::reach_cleared:
      return c.bridge_reach("nas", id, std::nullopt, now);
    case op_kind::commbad:
      return c.bridge_event("nas", id, true, now);
    case op_kind::commok:
      return c.bridge_event("nas", id, false, now);
    case op_kind::good_poll:
      return c.polled_by("nas", id, now);
    case op_kind::aggregate_online:
      return c.polled("nas", now);
    case op_kind::aggregate_offline:
      return c.set("nas", comm_source::availability, true, now);
    default:
      return c.note_bridge("nas", id, now);
  }
}

rc::Gen<std::vector<op>> gen_ops() {
  return rc::gen::container<std::vector<op>>(rc::gen::construct<op>(
      rc::gen::cast<op_kind>(rc::gen::inRange(0, static_cast<int>(op_kind::kCount))),
      rc::gen::inRange<std::size_t>(0, kBridges.size())));
}

std::string trace(const std::vector<op>& ops, std::size_t upto) {
  std::string out;
  for (std::size_t i = 0; i <= upto && i < ops.size(); ++i)
    out += fmt::format("  {:>3} s: {}\n", i + 1, describe(ops[i]));
  return out;
}

}  // namespace

TEST_CASE("property: with several bridges, no loss while one hears the UPS, a loss when none") {
  check_property("redundant bridges", [] {
    const auto ops = *gen_ops();
    comm_tracker c;
    oracle model;
    c.note_bridge("nas", "a", time_point{});
    time_point last_heard{};
    for (std::size_t i = 0; i < ops.size(); ++i) {
      const time_point now = time_point{} + std::chrono::seconds(i + 1);
      play(c, ops[i], now);
      model.apply(ops[i]);
      if (model.heard()) last_heard = now;
      if (c.heard_by_a_bridge("nas") != model.heard()) {
        RC_FAIL(fmt::format("heard by a bridge: {} where the contract says {}\n{}",
                            c.heard_by_a_bridge("nas"), model.heard(), trace(ops, i)));
      }
      if (model.heard() && c.lost("nas")) {
        RC_FAIL("lost while a bridge hears the UPS\n" + trace(ops, i));
      }
      if (c.lost("nas") && (*c.lost_since("nas") < last_heard ||
                            c.failed_poll_since("nas").value_or(last_heard) < last_heard)) {
        RC_FAIL("a loss dated before the last moment a bridge heard the UPS\n" + trace(ops, i));
      }
    }
    // Every bridge goes away (their last wills): nobody hears the UPS.
    const time_point end = time_point{} + std::chrono::seconds(ops.size() + 1);
    for (const auto& id : kBridges)
      c.bridge_availability(id, false, end);
    if (!c.lost("nas")) RC_FAIL("not lost with every bridge gone\n" + trace(ops, ops.size()));
    RC_ASSERT(*c.lost_since("nas") >= last_heard);
  });
}

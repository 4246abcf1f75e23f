#include "common/event_message.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/ids.hpp"
#include "common/json_fields.hpp"

namespace nutmqtt::common {

std::string to_json(const event_message& e) {
  nlohmann::ordered_json j;
  j["event_type"] = event_name(e.type);
  j["ups"] = e.ups;
  j["server"] = e.server;
  j["nut_name"] = e.nut_name;
  j["status"] = e.status;
  j["previous_status"] = e.previous_status;
  j["message"] = e.message;
  j["time"] = format_time(e.time);
  j["bridge"] = e.bridge;
  j["seq"] = e.seq;
  j["boot"] = e.boot;
  if (!e.sig.empty()) j["sig"] = e.sig;
  // Replace, never throw, should a NUT value carry invalid UTF-8.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

parse_result<event_message> parse_event_message(std::string_view payload) {
  using result = parse_result<event_message>;
  std::string why;
  auto parsed = json_fields::parse_object(payload, kMaxPayloadBytes, why);
  if (!parsed) return result::fail(why);
  const auto& j = *parsed;

  event_message e;
  std::string type_name, time_text;
  namespace f = json_fields;
  if (!f::string(j, "event_type", type_name, why, true, 32) ||
      !f::string(j, "ups", e.ups, why, true, kMaxIdLength) ||
      !f::string(j, "time", time_text, why, true, 64) ||
      !f::string(j, "bridge", e.bridge, why, true, kMaxIdLength) ||
      !f::unsigned_int(j, "seq", e.seq, why) || !f::string(j, "boot", e.boot, why, true, 64) ||
      !f::string(j, "server", e.server, why, false, 300) ||
      !f::string(j, "nut_name", e.nut_name, why, false, 300) ||
      !f::string(j, "status", e.status, why, false, 512) ||
      !f::string(j, "previous_status", e.previous_status, why, false, 512) ||
      !f::string(j, "message", e.message, why, false, 1024) ||
      !f::string(j, "sig", e.sig, why, false, 256)) {
    return result::fail(why);
  }
  auto type = parse_event_type(type_name);
  if (!type) return result::fail(fmt::format("unknown event_type \"{}\"", type_name));
  e.type = *type;
  if (auto problem = id_problem(e.ups)) return result::fail("field \"ups\" " + *problem);
  auto time = read_time(time_text);
  if (!time) return result::fail("field \"time\" is " + time.error);
  e.time = *time;
  if (e.boot.empty()) return result::fail("field \"boot\" must not be empty");
  return result::ok(std::move(e));
}

}  // namespace nutmqtt::common

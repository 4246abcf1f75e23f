#include "common/state_message.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/event_message.hpp"
#include "common/ids.hpp"
#include "common/json_fields.hpp"
#include "common/ups_status.hpp"

namespace nutmqtt::common {

std::string to_json(const state_message& s) {
  nlohmann::ordered_json j;
  j["ups"] = s.ups;
  j["server"] = s.server;
  j["nut_name"] = s.nut_name;
  j["status"] = s.status;
  j["flags"] = s.flags;
  // ordered_json's operator[] looks each key up in a vector: filling an object that way is
  // quadratic (a UPS with 40,000 variables took seconds). The names of a std::map are unique
  // already, so they are appended as they are.
  nlohmann::ordered_json vars = nlohmann::ordered_json::object();
  auto& members = vars.get_ref<nlohmann::ordered_json::object_t&>();
  using member_list = nlohmann::ordered_json::object_t::Container;
  static_cast<member_list&>(members).reserve(s.vars.size());
  for (const auto& [k, v] : s.vars)
    static_cast<member_list&>(members).emplace_back(k, v);
  j["vars"] = std::move(vars);
  nlohmann::ordered_json since = nlohmann::ordered_json::object();
  for (const auto& [flag, t] : s.since)
    since[flag] = format_time(t);
  j["since"] = std::move(since);
  j["time"] = format_time(s.time);
  if (s.polled) j["polled"] = format_time(*s.polled);
  j["bridge"] = s.bridge;
  j["boot"] = s.boot;
  j["seq"] = s.seq;
  if (s.available) j["available"] = *s.available;
  if (!s.sig.empty()) j["sig"] = s.sig;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

parse_result<state_message> parse_state_message(std::string_view payload) {
  using result = parse_result<state_message>;
  std::string why;
  auto parsed = json_fields::parse_object(payload, kMaxPayloadBytes, why);
  if (!parsed) return result::fail(why);
  const auto& j = *parsed;
  state_message s;
  std::string time_text, polled_text;
  namespace f = json_fields;
  if (!f::string(j, "ups", s.ups, why, true, kMaxIdLength) ||
      !f::string(j, "status", s.status, why, true, 512) ||
      !f::string(j, "time", time_text, why, true, 64) ||
      !f::string(j, "polled", polled_text, why, false, 64) ||
      !f::string(j, "server", s.server, why, false, 300) ||
      !f::string(j, "nut_name", s.nut_name, why, false, 300) ||
      !f::string(j, "bridge", s.bridge, why, false, kMaxIdLength) ||
      !f::string(j, "boot", s.boot, why, false, 64) ||
      !f::unsigned_int(j, "seq", s.seq, why, false) ||
      !f::string(j, "sig", s.sig, why, false, 256)) {
    return result::fail(why);
  }
  if (auto problem = id_problem(s.ups)) return result::fail("field \"ups\" " + *problem);
  auto time = read_time(time_text);
  if (!time) return result::fail("field \"time\" is " + time.error);
  s.time = *time;
  if (j.contains("polled")) {
    auto polled = read_time(polled_text);
    if (!polled) return result::fail("field \"polled\" is " + polled.error);
    s.polled = *polled;
  }
  // The flags are derived from the status; recomputing them cannot disagree with it.
  s.flags = split_status(s.status);
  if (auto it = j.find("available"); it != j.end() && !it->is_null()) {
    if (!it->is_boolean()) return result::fail("field \"available\" must be true or false");
    s.available = it->get<bool>();
  }
  if (auto it = j.find("since"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return result::fail("field \"since\" must be an object");
    for (const auto& [flag, value] : it->items()) {
      auto t = value.is_string() ? read_time(value.get<std::string>())
                                 : parse_result<wall_clock::time_point>::fail("not a string");
      if (!t) return result::fail(fmt::format("since.{} is {}", flag, t.error));
      s.since[flag] = *t;
    }
  }
  if (auto it = j.find("vars"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return result::fail("field \"vars\" must be an object");
    for (const auto& [name, value] : it->items()) {
      if (value.is_string()) s.vars[name] = value.get<std::string>();
    }
  }
  return result::ok(std::move(s));
}

}  // namespace nutmqtt::common

#include "bridge/command_request.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "bridge/nut_protocol.hpp"

namespace nutmqtt::bridge {
namespace {

constexpr std::size_t kMaxValue = 256;

bool is_name(std::string_view s) {
  return !s.empty() && s.size() <= 128 && nut::is_printable(s) &&
         s.find_first_of(" \"\\#/+") == std::string_view::npos;
}

bool allowed(const std::vector<std::string>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// "beeper.mute" or {"command":"load.off.delay","value":"30"}.
std::variant<command_request, command_refusal> read_instcmd(const std::string& ups,
                                                            std::string_view payload) {
  command_request r{command_request::kind::instcmd, ups, std::string(payload), {}};
  std::string_view trimmed = payload;
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\n')) {
    trimmed.remove_prefix(1);
  }
  if (trimmed.starts_with('{')) {
    auto j = nlohmann::json::parse(payload, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return command_refusal{ups, "the payload is not valid JSON"};
    auto cmd = j.find("command");
    if (cmd == j.end() || !cmd->is_string()) {
      return command_refusal{ups, "the JSON payload needs a \"command\" string"};
    }
    r.name = cmd->get<std::string>();
    if (auto v = j.find("value"); v != j.end() && !v->is_null()) {
      if (v->is_string()) {
        r.value = v->get<std::string>();
      } else if (v->is_number()) {
        r.value = v->dump();
      } else {
        return command_refusal{ups, "\"value\" must be a string or a number"};
      }
    }
  } else {
    while (!r.name.empty() && (r.name.back() == '\n' || r.name.back() == '\r'))
      r.name.pop_back();
  }
  return r;
}

}  // namespace

std::variant<command_request, command_refusal> read_command(const std::string& ups,
                                                            std::string_view leaf,
                                                            std::string_view payload,
                                                            const command_policy& policy) {
  if (payload.size() > kMaxCommandPayload) {
    return command_refusal{ups,
                           fmt::format("the payload is larger than {} bytes", kMaxCommandPayload)};
  }
  std::variant<command_request, command_refusal> parsed;
  if (leaf == "cmd/instcmd") {
    parsed = read_instcmd(ups, payload);
  } else if (leaf.starts_with("cmd/set/")) {
    std::string value(payload);
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r'))
      value.pop_back();
    parsed = command_request{command_request::kind::set, ups, std::string(leaf.substr(8)),
                             std::move(value)};
  } else {
    return command_refusal{ups, fmt::format("unknown command topic \"{}\"", leaf)};
  }
  if (auto* refusal = std::get_if<command_refusal>(&parsed)) return *refusal;
  auto r = std::get<command_request>(parsed);
  const bool is_set = r.type == command_request::kind::set;
  const char* what = is_set ? "variable" : "command";
  if (!is_name(r.name)) {
    return command_refusal{ups,
                           fmt::format("\"{}\" is not a NUT {} name", r.name.substr(0, 64), what)};
  }
  if (r.value.size() > kMaxValue || !nut::is_printable(r.value)) {
    return command_refusal{ups, fmt::format("the value must be printable ASCII, at most {} "
                                            "characters",
                                            kMaxValue)};
  }
  if (is_set && r.value.empty()) return command_refusal{ups, "the new value is empty"};
  if (!allowed(is_set ? policy.set : policy.instcmd, r.name)) {
    return command_refusal{
        ups, fmt::format("{} is not allowed: add it to commands.{} in the bridge's configuration",
                         r.name, is_set ? "set" : "instcmd")};
  }
  return r;
}

nlohmann::ordered_json describe(const command_request& r) {
  nlohmann::ordered_json j;
  j["ups"] = r.ups;
  if (r.type == command_request::kind::instcmd) {
    j["command"] = r.name;
    if (!r.value.empty()) j["value"] = r.value;
  } else {
    j["variable"] = r.name;
    j["value"] = r.value;
  }
  return j;
}

}  // namespace nutmqtt::bridge

#include "bridge/commands/command_request.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bridge/nut/nut_protocol.hpp"

namespace nutmqtt::bridge {
namespace {

constexpr std::size_t kMaxValue = 256;
constexpr std::size_t kMaxResponseTopic = 256;

using refusal_or_nothing = std::optional<command_refusal>;

bool is_name(std::string_view s) {
  return !s.empty() && s.size() <= 128 && nut::is_printable(s) &&
         s.find_first_of(" \"\\#/+") == std::string_view::npos;
}

bool allowed(const std::vector<std::string>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

std::string_view trim_newlines(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool looks_like_json(std::string_view payload) {
  auto start = payload.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && payload[start] == '{';
}

// The request so far, refused for `reason`.
command_refusal refuse(const command_request& r, std::string reason,
                       command_error code = command_error::bad_request) {
  return {r.echo(), code, std::move(reason)};
}

// A string or a number (sent as its JSON text), as NUT takes values.
std::optional<std::string> scalar_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  return std::nullopt;
}

// Reads {"command", "value", "id"} (cmd/instcmd) or {"value", "id"} (cmd/set/...) into `r`.
refusal_or_nothing read_json(std::string_view payload, command_request& r) {
  const bool is_set = r.type == command_request::kind::set;
  auto j = nlohmann::json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return refuse(r, "the payload is not a JSON object");
  // The id first, so that even a request refused for something else can be matched.
  if (auto id = j.find("id"); id != j.end() && !id->is_null()) {
    if (!id->is_string() || id->get<std::string>().empty() ||
        id->get<std::string>().size() > kMaxRequestId ||
        !nut::is_printable(id->get<std::string>())) {
      return refuse(r, fmt::format("\"id\" must be a string of 1 to {} printable ASCII characters",
                                   kMaxRequestId));
    }
    r.id = id->get<std::string>();
  }
  const char* keys = is_set ? "value, id" : "command, value, id";
  for (const auto& [key, v] : j.items()) {
    if (key != "id" && key != "value" && (is_set || key != "command")) {
      return refuse(
          r, fmt::format("unknown key \"{}\" (this topic takes {})", key.substr(0, 64), keys));
    }
  }
  if (!is_set) {
    auto cmd = j.find("command");
    if (cmd == j.end() || !cmd->is_string()) {
      return refuse(r, "the JSON payload needs a \"command\" string");
    }
    r.name = cmd->get<std::string>();
  }
  if (auto v = j.find("value"); v != j.end() && !v->is_null()) {
    r.value = scalar_text(*v);
    if (!r.value) return refuse(r, "\"value\" must be a string or a number");
  }
  if (is_set && !r.value) return refuse(r, "the JSON payload needs a \"value\"");
  return std::nullopt;
}

refusal_or_nothing read_payload(std::string_view payload, command_request& r) {
  if (payload.size() > kMaxCommandPayload) {
    return refuse(r, fmt::format("the payload is larger than {} bytes", kMaxCommandPayload));
  }
  if (looks_like_json(payload)) return read_json(payload, r);
  if (r.type == command_request::kind::instcmd) {
    r.name = std::string(trim_newlines(payload));
  } else {
    r.value = std::string(trim_newlines(payload));
  }
  return std::nullopt;
}

refusal_or_nothing check(command_request& r, const command_policy& policy) {
  const bool is_set = r.type == command_request::kind::set;
  if (!is_name(r.name)) {
    auto shown = r.name.substr(0, 64);
    r.name.clear();  // not echoed: it may be anything
    return refuse(
        r, fmt::format("\"{}\" is not a NUT {} name", shown, is_set ? "variable" : "command"));
  }
  if (r.value && (r.value->size() > kMaxValue || !nut::is_printable(*r.value))) {
    r.value.reset();
    return refuse(
        r, fmt::format("the value must be printable ASCII, at most {} characters", kMaxValue));
  }
  if (is_set && r.value->empty()) return refuse(r, "the new value is empty");
  if (!allowed(is_set ? policy.set : policy.instcmd, r.name)) {
    return refuse(r,
                  fmt::format("{} is not allowed: add it to commands.{} in the bridge's "
                              "configuration",
                              r.name, is_set ? "set" : "instcmd"),
                  command_error::refused_not_allowed);
  }
  return std::nullopt;
}

}  // namespace

request_echo command_request::echo() const {
  request_echo e;
  e.ups = ups;
  e.kind = type == kind::set ? "set" : "instcmd";
  if (!name.empty()) e.name = name;
  e.value = value;
  e.id = id;
  return e;
}

std::variant<command_request, command_refusal> read_command(const std::string& ups,
                                                            std::string_view leaf,
                                                            std::string_view payload,
                                                            const command_policy& policy) {
  command_request r;
  r.ups = ups;
  if (leaf == "cmd/instcmd") {
    r.type = command_request::kind::instcmd;
  } else if (leaf.starts_with("cmd/set/")) {
    r.type = command_request::kind::set;
    r.name = std::string(leaf.substr(8));
  } else {
    return command_refusal{request_echo{ups, {}, {}, {}, {}}, command_error::bad_request,
                           fmt::format("unknown command topic \"{}\"", leaf)};
  }
  if (auto refused = read_payload(payload, r)) return *refused;
  if (auto refused = check(r, policy)) return *refused;
  return r;
}

std::optional<std::string> response_topic_problem(std::string_view topic, std::string_view ups,
                                                  const common::topic_scheme& topics,
                                                  const std::vector<std::string>& protected_trees) {
  auto in_tree = [&](std::string_view tree) {
    return topic == tree ||
           (topic.size() > tree.size() && topic.starts_with(tree) && topic[tree.size()] == '/');
  };
  if (topic.size() > kMaxResponseTopic || topic.find_first_of("+#") != std::string_view::npos ||
      topic.find('\0') != std::string_view::npos || !nut::is_printable(topic)) {
    return fmt::format(
        "the response topic must be at most {} printable ASCII characters without + or #",
        kMaxResponseTopic);
  }
  if (topic.starts_with('$')) return std::string("the response topic cannot be a $ system topic");
  const std::string own = fmt::format("{}/{}/cmd/response", topics.base(), ups);
  if (in_tree(topics.base()) && (topic == own || !in_tree(own))) {
    return fmt::format("the response topic must lie outside {}/, or under {}/", topics.base(), own);
  }
  for (const auto& tree : protected_trees) {
    if (in_tree(tree)) {
      return fmt::format("the response topic cannot lie under {} (Home Assistant's)", tree);
    }
  }
  return std::nullopt;
}

}  // namespace nutmqtt::bridge

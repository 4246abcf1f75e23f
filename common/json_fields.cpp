#include "common/json_fields.hpp"

#include <fmt/format.h>

namespace nutmqtt::common::json_fields {

std::optional<nlohmann::json> parse_object(std::string_view payload, std::size_t max_bytes,
                                           std::string& why) {
  if (payload.size() > max_bytes) {
    why = fmt::format("payload of {} bytes is larger than the {} KiB limit", payload.size(),
                      max_bytes / 1024);
    return std::nullopt;
  }
  auto j = nlohmann::json::parse(payload, nullptr, false);
  if (j.is_discarded()) {
    why = "not valid JSON";
    return std::nullopt;
  }
  if (!j.is_object()) {
    why = "not a JSON object";
    return std::nullopt;
  }
  return j;
}

bool string(const nlohmann::json& obj, const char* key, std::string& out, std::string& why,
            bool required, std::size_t max_length) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) why = fmt::format("missing field \"{}\"", key);
    return !required;
  }
  if (!it->is_string()) {
    why = fmt::format("field \"{}\" must be a string", key);
    return false;
  }
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max_length) {
    why = fmt::format("field \"{}\" is longer than {} characters", key, max_length);
    return false;
  }
  out = s;
  return true;
}

bool unsigned_int(const nlohmann::json& obj, const char* key, std::uint64_t& out, std::string& why,
                  bool required) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) why = fmt::format("missing field \"{}\"", key);
    return !required;
  }
  if (!it->is_number_unsigned()) {
    why = fmt::format("field \"{}\" must be a whole number >= 0", key);
    return false;
  }
  out = it->get<std::uint64_t>();
  return true;
}

}  // namespace nutmqtt::common::json_fields

#include "common/json_fields.hpp"

#include <fmt/format.h>

namespace nutmqtt::common::json_fields {

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

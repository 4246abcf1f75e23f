#pragma once
// Reading fields of untrusted JSON objects with messages that say which field is wrong.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace nutmqtt::common::json_fields {

// Parses an untrusted payload that must be one JSON object of at most `max_bytes`; nullopt with
// `why` set otherwise.
std::optional<nlohmann::json> parse_object(std::string_view payload, std::size_t max_bytes,
                                           std::string& why);

// Each returns false and sets `why` when the field is missing (if required) or mistyped.
bool string(const nlohmann::json& obj, const char* key, std::string& out, std::string& why,
            bool required = true, std::size_t max_length = 4096);
bool unsigned_int(const nlohmann::json& obj, const char* key, std::uint64_t& out, std::string& why,
                  bool required = true);

}  // namespace nutmqtt::common::json_fields

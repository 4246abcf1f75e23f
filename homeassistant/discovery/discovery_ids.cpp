#include "homeassistant/discovery/discovery_ids.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "common/ascii.hpp"

namespace nutmqtt::ha {
namespace {

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_topic_id_char(char c) {
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

}  // namespace

std::string entity_slug(std::string_view text) {
  std::string out;
  bool pending_separator = false;
  for (char raw : text) {
    const char c = common::ascii_lower(raw);
    if (!is_lower_alnum(c)) {
      pending_separator = !out.empty();
      continue;
    }
    if (pending_separator) out.push_back('_');
    pending_separator = false;
    out.push_back(c);
  }
  return out;
}

std::string short_hash(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (char c : text) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 16777619u;
  }
  return fmt::format("{:08x}", hash);
}

std::string topic_id(std::string_view text) {
  std::string out;
  bool changed = text.empty();
  for (char c : text) {
    if (is_topic_id_char(c)) {
      out.push_back(c);
    } else {
      out.push_back('_');
      changed = true;
    }
  }
  if (!changed) return out;
  if (!out.empty()) out.push_back('_');
  return out + short_hash(text);
}

std::string bridge_device_identifier(std::string_view bridge_id) {
  return fmt::format("nutmqtt-bridge/{}", bridge_id);
}

std::string bridge_node_id(std::string_view bridge_id) {
  return fmt::format("nutmqtt-bridge_{}", topic_id(bridge_id));
}

std::string ups_node_id(std::string_view bridge_id, std::string_view ups_id) {
  // Ids may contain '_', so "a_b"+"c" and "a"+"b_c" would meet here; bridges on one broker
  // are expected to have distinct, non-overlapping ids, and within one bridge UPS ids are unique.
  return fmt::format("nutmqtt_{}_{}", topic_id(bridge_id), topic_id(ups_id));
}

}  // namespace nutmqtt::ha

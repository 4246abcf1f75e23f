#include "bridge/nut/nut_replies.hpp"

#include <charconv>

#include "common/utf8.hpp"

namespace nutmqtt::bridge::nut {
namespace {

bool shaped(const std::vector<std::string>& words, std::string_view first, std::size_t count) {
  return words.size() == count && words[0] == first;
}

// Every value and description leaves upsd's replies through here, so that what the bridge
// publishes (variable topics, states, events, discovery) and logs holds no control character
// and only valid UTF-8: each of the others becomes U+FFFD (docs/topics.md).
std::string value_of(const std::string& word) {
  return common::printable_utf8(word);
}

}  // namespace

std::optional<std::string> read_var(const reply& r) {
  if (!r.ok() || !shaped(r.words, "VAR", 4)) return std::nullopt;
  return value_of(r.words[3]);
}

std::optional<std::map<std::string, std::string>> read_var_list(const reply& r) {
  if (!r.ok()) return std::nullopt;
  std::map<std::string, std::string> vars;
  for (const auto& item : r.items) {
    if (item.size() != 4) return std::nullopt;
    vars[item[2]] = value_of(item[3]);
  }
  return vars;
}

std::optional<std::vector<std::pair<std::string, std::string>>> read_ups_list(const reply& r) {
  if (!r.ok()) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& item : r.items) {
    if (item.size() != 3 && item.size() != 2) return std::nullopt;
    out.emplace_back(item[1], item.size() == 3 ? value_of(item[2]) : "");
  }
  return out;
}

std::optional<std::vector<std::string>> read_cmd_list(const reply& r) {
  if (!r.ok()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& item : r.items) {
    if (item.size() != 3) return std::nullopt;
    out.push_back(item[2]);
  }
  return out;
}

std::optional<std::vector<std::string>> read_enum_list(const reply& r) {
  if (!r.ok()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& item : r.items) {
    if (item.size() != 4) return std::nullopt;
    out.push_back(value_of(item[3]));
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> read_range_list(const reply& r) {
  if (!r.ok()) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& item : r.items) {
    if (item.size() != 5) return std::nullopt;
    out.emplace_back(value_of(item[3]), value_of(item[4]));
  }
  return out;
}

std::optional<int> read_numlogins(const reply& r) {
  if (!r.ok() || !shaped(r.words, "NUMLOGINS", 3)) return std::nullopt;
  int n = 0;
  const auto& text = r.words[2];
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n < 0) return std::nullopt;
  return n;
}

std::optional<std::string> read_upsdesc(const reply& r) {
  if (!r.ok() || !shaped(r.words, "UPSDESC", 3)) return std::nullopt;
  return value_of(r.words[2]);
}

std::optional<var_type> read_type(const reply& r) {
  if (!r.ok() || r.words.size() < 4 || r.words[0] != "TYPE") return std::nullopt;
  var_type t;
  for (std::size_t i = 3; i < r.words.size(); ++i) {
    const auto& w = r.words[i];
    if (w == "RW") {
      t.rw = true;
    } else if (w == "ENUM") {
      t.enumerated = true;
    } else if (w == "RANGE") {
      t.ranged = true;
    } else if (w == "NUMBER") {
      t.number = true;
    } else if (w.rfind("STRING:", 0) == 0) {
      std::string_view n(w);
      n.remove_prefix(7);
      auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), t.string_length);
      if (ec != std::errc{} || end != n.data() + n.size()) return std::nullopt;
    }
    // Unknown type words (newer upsd) are ignored rather than refused.
  }
  return t;
}

bool is_ok(const reply& r) {
  return r.ok() && !r.words.empty() && r.words[0] == "OK";
}

}  // namespace nutmqtt::bridge::nut

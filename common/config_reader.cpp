#include "common/config_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

#include "common/ascii.hpp"
#include "common/duration.hpp"
#include "common/file_limits.hpp"

namespace nutmqtt::common {
namespace {

std::string join_problems(const std::vector<config_problem>& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += '\n';
    out += p.to_string();
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string describe_kind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Null:
      return "nothing";
    default:
      return fmt::format("\"{}\"", node.Scalar());
  }
}

}  // namespace

std::string config_problem::to_string() const {
  std::string where = file;
  if (line > 0) where += fmt::format(":{}:{}", line, column);
  if (key_path.empty()) return fmt::format("{}: {}", where, message);
  return fmt::format("{}: {}: {}", where, key_path, message);
}

config_error::config_error(std::vector<config_problem> problems)
    : std::runtime_error(join_problems(problems)), problems_(std::move(problems)) {}

void config_source::report(const YAML::Mark& at, std::string key_path, std::string message) {
  config_problem p{file_, 0, 0, std::move(key_path), std::move(message)};
  if (!at.is_null()) {
    p.line = at.line + 1;
    p.column = at.column + 1;
  }
  problems_.push_back(std::move(p));
}

void config_source::throw_if_problems() const {
  if (!problems_.empty()) throw config_error(problems_);
}

YAML::Node config_source::load() {
  auto file = read_file_limited(file_, kMaxConfigFileBytes);
  if (!file) {
    report(YAML::Mark::null_mark(), "",
           file.missing ? "cannot open the configuration file" : file.error);
    return YAML::Node(YAML::NodeType::Map);
  }
  return load_string(*file.text);
}

YAML::Node config_source::load_string(const std::string& text) {
  try {
    YAML::Node root = YAML::Load(text);
    if (root.IsNull()) return YAML::Node(YAML::NodeType::Map);
    if (!root.IsMap()) {
      report(root.Mark(), "", "the file must be a YAML mapping of sections (key: value)");
      return YAML::Node(YAML::NodeType::Map);
    }
    return root;
  } catch (const YAML::Exception& e) {
    report(e.mark, "", "YAML syntax error: " + e.msg);
    return YAML::Node(YAML::NodeType::Map);
  }
}

map_reader::map_reader(config_source& source, YAML::Node node, std::string path)
    : source_(&source), node_(std::move(node)), path_(std::move(path)) {
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) {
    source_->report(
        node_.Mark(), path_,
        fmt::format("expected a mapping (key: value lines), got {}", describe_kind(node_)));
    node_ = YAML::Node(YAML::NodeType::Map);
  }
}

std::string map_reader::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

YAML::Node map_reader::lookup(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  if (!present()) return YAML::Node();
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  }
  return YAML::Node();
}

bool map_reader::has(std::string_view key) const {
  if (!present()) return false;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return true;
  }
  return false;
}

YAML::Node map_reader::raw(std::string_view key) {
  return lookup(key);
}

bool map_reader::scalar(std::string_view key, std::string& out) {
  YAML::Node n = lookup(key);
  if (!n.IsDefined() || n.IsNull()) return false;
  if (!n.IsScalar()) {
    report(key, fmt::format("expected a single value, got {}", describe_kind(n)));
    return false;
  }
  out = n.Scalar();
  return true;
}

bool map_reader::read(std::string_view key, std::string& out) {
  return scalar(key, out);
}

bool map_reader::read(std::string_view key, bool& out) {
  std::string text;
  if (!scalar(key, text)) return false;
  static constexpr std::pair<std::string_view, bool> kWords[] = {
      {"true", true}, {"yes", true}, {"on", true}, {"false", false}, {"no", false}, {"off", false}};
  const std::string lower = ascii_lower(text);
  for (const auto& [word, value] : kWords) {
    if (lower == word) {
      out = value;
      return true;
    }
  }
  report(key, fmt::format("expected true or false, got \"{}\"", text));
  return false;
}

bool map_reader::read(std::string_view key, int& out, int min, int max) {
  std::string text;
  if (!scalar(key, text)) return false;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    report(key, fmt::format("expected a whole number, got \"{}\"", text));
    return false;
  }
  if (value < min || value > max) {
    report(key, fmt::format("must be between {} and {}, got {}", min, max, value));
    return false;
  }
  out = value;
  return true;
}

bool map_reader::read(std::string_view key, std::chrono::milliseconds& out,
                      std::chrono::milliseconds min, std::chrono::milliseconds max) {
  std::string text;
  if (!scalar(key, text)) return false;
  auto value = parse_duration(text);
  if (!value) {
    report(key, fmt::format("expected a duration such as 500ms, 5s, 1m or 12h, got \"{}\"", text));
    return false;
  }
  if (*value < min || *value > max) {
    report(key, fmt::format("must be between {} and {}, got {}", format_duration(min),
                            format_duration(max), text));
    return false;
  }
  out = *value;
  return true;
}

bool map_reader::read(std::string_view key, std::optional<std::chrono::milliseconds>& out,
                      std::chrono::milliseconds min, std::chrono::milliseconds max) {
  std::string text;
  if (!scalar(key, text)) return false;
  if (text == "never" ||
      (text.size() > 1 && text.front() == '-' &&
       std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; }))) {
    out.reset();
    return true;
  }
  auto value = parse_duration(text);
  if (!value) {
    report(key,
           fmt::format("expected a duration such as 500ms, 5s, 1m or 12h, or never, got \"{}\"",
                       text));
    return false;
  }
  if (*value < min || *value > max) {
    report(key, fmt::format("must be never, or between {} and {}, got {}", format_duration(min),
                            format_duration(max), text));
    return false;
  }
  out = *value;
  return true;
}

bool map_reader::read(std::string_view key, std::vector<std::string>& out) {
  YAML::Node n = lookup(key);
  if (!n.IsDefined() || n.IsNull()) return false;
  if (!n.IsSequence()) {
    report(key, fmt::format("expected a list such as [a, b], got {}", describe_kind(n)));
    return false;
  }
  std::vector<std::string> values;
  bool ok = true;
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsScalar()) {
      source_->report(n[i].Mark(), fmt::format("{}[{}]", key_path(key), i),
                      fmt::format("expected a single value, got {}", describe_kind(n[i])));
      ok = false;
      continue;
    }
    values.push_back(n[i].Scalar());
  }
  if (ok) out = std::move(values);
  return ok;
}

bool map_reader::read_secret(std::string_view key, std::string_view file_key, secret& out) {
  std::string inline_value;
  std::string file_name;
  bool has_inline = scalar(key, inline_value);
  bool has_file = scalar(file_key, file_name);
  if (has_inline && has_file) {
    report(file_key, fmt::format("give either {} or {}, not both", key, file_key));
    return false;
  }
  if (has_file) {
    auto file = read_file_limited(file_name, kMaxSecretFileBytes);
    if (!file) {
      report(file_key, file.error);
      return false;
    }
    std::string value = file.text->substr(0, file.text->find('\n'));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n'))
      value.pop_back();
    if (value.empty()) {
      report(file_key, fmt::format("\"{}\" is empty", file_name));
      return false;
    }
    out = secret(std::move(value));
    return true;
  }
  if (!has_inline) return false;
  if (inline_value.size() > 3 && inline_value.starts_with("${") && inline_value.ends_with("}")) {
    std::string name = inline_value.substr(2, inline_value.size() - 3);
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') {
      report(key, fmt::format("environment variable {} is not set", name));
      return false;
    }
    out = secret(value);
    return true;
  }
  out = secret(std::move(inline_value));
  return true;
}

std::optional<map_reader> map_reader::map(std::string_view key) {
  YAML::Node n = lookup(key);
  if (!n.IsDefined() || n.IsNull()) return std::nullopt;
  return map_reader(*source_, n, key_path(key));
}

std::vector<map_reader> map_reader::maps(std::string_view key) {
  std::vector<map_reader> out;
  YAML::Node n = lookup(key);
  if (!n.IsDefined() || n.IsNull()) return out;
  if (!n.IsSequence()) {
    report(key, fmt::format("expected a list of entries (lines starting with '- '), got {}",
                            describe_kind(n)));
    return out;
  }
  for (std::size_t i = 0; i < n.size(); ++i) {
    out.emplace_back(*source_, n[i], fmt::format("{}[{}]", key_path(key), i));
  }
  return out;
}

void map_reader::report(std::string_view key, std::string message) {
  YAML::Mark at = node_.IsDefined() ? node_.Mark() : YAML::Mark::null_mark();
  if (present()) {
    for (auto it = node_.begin(); it != node_.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) {
        at = it->second.IsNull() ? it->first.Mark() : it->second.Mark();
        break;
      }
    }
  }
  source_->report(at, key_path(key), std::move(message));
}

void map_reader::report(std::string message) {
  source_->report(node_.IsDefined() ? node_.Mark() : YAML::Mark::null_mark(), path_,
                  std::move(message));
}

void map_reader::require(std::string_view key) {
  lookup(key);
  if (!has(key)) report(fmt::format("missing required key `{}`", key));
}

void map_reader::report_choices(std::string_view key, const std::string& got,
                                const std::vector<std::string_view>& names) {
  std::string list;
  for (auto name : names)
    list += fmt::format("{}{}", list.empty() ? "" : ", ", name);
  std::string message = fmt::format("\"{}\" is not one of: {}", got, list);
  if (auto near = nearest_name(got, names)) message += fmt::format(" (did you mean {}?)", *near);
  report(key, std::move(message));
}

void map_reader::finish() {
  if (!present()) return;
  std::vector<std::string_view> candidates(known_.begin(), known_.end());
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string& key = it->first.Scalar();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::string message = "unknown key";
    if (auto near = nearest_name(key, candidates)) {
      message += fmt::format("; did you mean `{}`?", *near);
    } else if (!candidates.empty()) {
      std::string list;
      for (auto c : candidates)
        list += fmt::format("{}{}", list.empty() ? "" : ", ", c);
      message += fmt::format(" (valid keys here: {})", list);
    }
    source_->report(it->first.Mark(), key_path(key), std::move(message));
  }
}

std::optional<std::string> nearest_name(std::string_view word,
                                        const std::vector<std::string_view>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (auto c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(c);
    }
  }
  return best;
}

}  // namespace nutmqtt::common

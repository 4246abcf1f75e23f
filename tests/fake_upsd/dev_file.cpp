#include "fake_upsd/dev_file.hpp"

#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

#include "fake_upsd/request_parser.hpp"

namespace nutmqtt::fake_upsd {
namespace {

constexpr std::string_view kRwPrefix = "#RW:";
constexpr std::string_view kCmdPrefix = "#CMD:";
constexpr std::size_t kStatusLength = 32;

struct rw_hint {
  std::size_t line = 0;
  std::string var;
  std::string type;
  std::vector<std::string> args;
};

struct dev_reader {
  const std::string& source;
  std::vector<std::string> problems;
  std::vector<rw_hint> hints;

  void problem(std::size_t line, const std::string& what) {
    problems.push_back(source + ":" + std::to_string(line) + ": " + what);
  }
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The words of `text` as dummy-ups reads them (quotes, escapes, '#' comments); nullopt when a
// '#' sits unescaped inside quotes.
std::optional<std::vector<std::string>> words_of(std::string_view text) {
  request_parser parser;
  auto requests = parser.feed(std::string(text) + "\n");
  if (requests.size() != 1 || requests.front().malformed) return std::nullopt;
  return std::move(requests.front().words);
}

std::optional<int> to_int(std::string_view s) {
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return value;
}

void read_value_line(dev_reader& r, std::size_t line, std::string_view text, ups_model& ups) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    r.problem(line, "expected 'name: value', found '" + std::string(text) + "'");
    return;
  }
  auto name = trim(text.substr(0, colon));
  auto words = words_of(text.substr(colon + 1));
  if (!words) {
    r.problem(line, "unescaped '#' inside quotes in the value of " + std::string(name));
    return;
  }
  // dummy-ups joins the words of a value with single spaces.
  std::string value;
  for (const auto& w : *words) {
    if (!value.empty()) value.push_back(' ');
    value += w;
  }
  try {
    ups.set(name, std::move(value));
  } catch (const std::invalid_argument& e) {
    r.problem(line, e.what());
  }
}

void read_rw_hint(dev_reader& r, std::size_t line, std::string_view text) {
  text.remove_prefix(kRwPrefix.size());
  auto first = text.find(':');
  if (first == std::string_view::npos) {
    r.problem(line, "expected '#RW:<variable>:<type>[:<details>]'");
    return;
  }
  rw_hint hint{line, std::string(trim(text.substr(0, first))), {}, {}};
  auto rest = text.substr(first + 1);
  auto second = rest.find(':');
  hint.type = std::string(trim(rest.substr(0, second)));
  if (second != std::string_view::npos) {
    auto args = words_of(rest.substr(second + 1));
    if (!args) {
      r.problem(line, "unescaped '#' inside quotes in the hint for " + hint.var);
      return;
    }
    hint.args = std::move(*args);
  }
  r.hints.push_back(std::move(hint));
}

void read_cmd_hint(dev_reader& r, std::size_t line, std::string_view text, ups_model& ups) {
  text.remove_prefix(kCmdPrefix.size());
  auto end = text.find_first_of(" \t#");
  auto name = trim(text.substr(0, end));
  try {
    ups.add_command(name);
  } catch (const std::invalid_argument& e) {
    r.problem(line, e.what());
  }
}

void apply_hint(dev_reader& r, const rw_hint& hint, variable& v) {
  v.writable = true;
  const auto& a = hint.args;
  if (hint.type == "STRING") {
    auto n = a.size() == 1 ? to_int(a[0]) : std::nullopt;
    if (!n || *n < 1) return r.problem(hint.line, "STRING needs a length: '#RW:var:STRING:<n>'");
    v.string_length = static_cast<std::size_t>(*n);
  } else if (hint.type == "ENUM") {
    if (a.size() != 1) return r.problem(hint.line, "ENUM needs one value: '#RW:var:ENUM:\"<v>\"'");
    v.enum_values.push_back(a[0]);
  } else if (hint.type == "RANGE") {
    auto lo = a.size() == 2 ? to_int(a[0]) : std::nullopt;
    auto hi = a.size() == 2 ? to_int(a[1]) : std::nullopt;
    if (!lo || !hi || *lo > *hi) {
      return r.problem(hint.line, "RANGE needs two integers: '#RW:var:RANGE:\"<min>\" \"<max>\"'");
    }
    v.ranges.emplace_back(*lo, *hi);
  } else if (hint.type != "NUMBER") {
    r.problem(hint.line, "unknown type '" + hint.type + "' (STRING, ENUM, RANGE or NUMBER)");
  }
}

}  // namespace

ups_model parse_dev_file(std::string_view text, const std::string& source, std::string ups_name,
                         std::string description) {
  ups_model ups(std::move(ups_name), std::move(description));
  dev_reader reader{source, {}, {}};
  std::size_t line_number = 0;
  while (!text.empty()) {
    auto nl = text.find('\n');
    auto line = trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_number;
    if (line.starts_with(kRwPrefix)) {
      read_rw_hint(reader, line_number, line);
    } else if (line.starts_with(kCmdPrefix)) {
      read_cmd_hint(reader, line_number, line, ups);
    } else if (!line.empty() && line.front() != '#') {
      read_value_line(reader, line_number, line, ups);
    }
  }
  if (variable* status = ups.find("ups.status")) {
    status->writable = true;
    status->string_length = kStatusLength;
  }
  // Hints come after the values in the dumps, so they apply once every value is known.
  for (const auto& hint : reader.hints) {
    if (variable* v = ups.find(hint.var)) {
      apply_hint(reader, hint, *v);
    } else {
      reader.problem(hint.line, "#RW hint for " + hint.var + ", which has no value in the file");
    }
  }
  if (!reader.problems.empty()) {
    std::string all;
    for (const auto& p : reader.problems)
      all += (all.empty() ? "" : "\n") + p;
    throw std::invalid_argument(all);
  }
  return ups;
}

}  // namespace nutmqtt::fake_upsd

#include "bench/flood_figures.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "bench/text_lines.hpp"

namespace nutmqtt::bench {
namespace {

// The next space-separated word of `rest`, which loses it; empty at the end.
std::string_view next_word(std::string_view& rest) {
  const auto start = rest.find_first_not_of(' ');
  if (start == std::string_view::npos) {
    rest = {};
    return {};
  }
  rest.remove_prefix(start);
  const auto end = std::min(rest.find(' '), rest.size());
  auto word = rest.substr(0, end);
  rest.remove_prefix(end);
  return word;
}

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
}

// Without a trailing " (N similar message(s) suppressed)".
std::string_view without_suppressed_note(std::string_view message) {
  if (!message.ends_with(" suppressed)")) return message;
  const auto open = message.rfind(" (");
  if (open == std::string_view::npos) return message;
  auto note = message.substr(open + 2);
  if (note.find(" similar message") == std::string_view::npos) return message;
  return message.substr(0, open);
}

}  // namespace

std::vector<script_call> parse_script_calls(std::string_view text) {
  std::vector<script_call> out;
  for_each_line(text, [&](std::string_view line) {
    auto time = next_word(line);
    auto argument = next_word(line);
    auto ups = next_word(line);
    if (ups.empty() || !next_word(line).empty()) return;
    double at = 0;
    auto [ptr, ec] = std::from_chars(time.data(), time.data() + time.size(), at);
    if (ec != std::errc{} || ptr != time.data() + time.size()) return;
    out.push_back({at, std::string(argument), std::string(ups)});
  });
  return out;
}

std::optional<double> first_call_delay(const std::vector<script_call>& calls,
                                       std::string_view argument, std::string_view ups,
                                       double since) {
  std::optional<double> first;
  for (const auto& c : calls) {
    if (c.argument != argument || c.ups != ups || c.at < since) continue;
    if (!first || c.at < *first) first = c.at;
  }
  if (!first) return std::nullopt;
  return *first - since;
}

std::size_t calls_for_others(const std::vector<script_call>& calls, std::string_view ups,
                             double since, double until) {
  return static_cast<std::size_t>(std::count_if(calls.begin(), calls.end(), [&](const auto& c) {
    return c.ups != ups && c.at >= since && c.at < until;
  }));
}

text_growth growth_after(std::string_view text, std::size_t from) {
  if (from >= text.size()) return {};
  auto added = text.substr(from);
  return {static_cast<std::size_t>(std::count(added.begin(), added.end(), '\n')), added.size()};
}

std::string problem_kind(std::string_view message) {
  message = without_suppressed_note(message);
  std::string out;
  for (std::size_t i = 0; i < message.size();) {
    const char c = message[i];
    if (c == '"') {
      // Quoted text is the network's (common::loggable escapes a quote inside it).
      auto end = i + 1;
      while (end < message.size() && message[end] != '"')
        end += message[end] == '\\' ? std::size_t{2} : std::size_t{1};
      out += "\"\"";
      i = std::min(end + 1, message.size());
    } else if (word_char(c)) {
      auto end = i;
      while (end < message.size() && word_char(message[end]))
        ++end;
      auto word = message.substr(i, end - i);
      const bool has_digit = std::any_of(word.begin(), word.end(), [](char d) {
        return std::isdigit(static_cast<unsigned char>(d)) != 0;
      });
      out += has_digit ? std::string("#") : std::string(word);
      i = end;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

std::map<std::string, std::size_t> problem_kinds(std::string_view log) {
  std::map<std::string, std::size_t> out;
  for_each_line(log, [&](std::string_view line) {
    next_word(line);  // date
    next_word(line);  // time
    auto level = next_word(line);
    if (level != "warning" && level != "error" && level != "critical") return;
    if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    ++out[problem_kind(line)];
  });
  return out;
}

}  // namespace nutmqtt::bench

#include "shutdown-agent/upsmon/import_writer.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/ascii.hpp"

namespace nutmqtt::agent {
namespace {

constexpr std::size_t kCommentColumn = 40;

}  // namespace

void import_writer::line(std::string yaml, std::string_view comment) {
  if (!comment.empty()) {
    yaml.resize(std::max(yaml.size() + 2, kCommentColumn), ' ');
    yaml += fmt::format("# {}", comment);
  }
  lines_.push_back(std::move(yaml));
}

void import_writer::comment(std::string_view text) {
  lines_.push_back(fmt::format("# {}", text));
}

std::string import_writer::text() const {
  std::string out;
  for (const auto& w : warnings_)
    out += fmt::format("# WARNING: {}\n", w);
  if (!warnings_.empty()) out += '\n';
  for (const auto& l : lines_) {
    std::string_view trimmed(l);
    while (!trimmed.empty() && trimmed.back() == ' ')
      trimmed.remove_suffix(1);
    out += fmt::format("{}\n", trimmed);
  }
  return out;
}

std::string yaml_quoted(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string yaml_scalar(std::string_view text) {
  static constexpr std::string_view kWords[] = {"true", "false", "yes", "no", "on",
                                                "off",  "null",  "y",   "n",  "~"};
  const bool safe_chars = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == '/' || c == '@';
  });
  const bool starts_ok =
      safe_chars && text.front() != '-' && text.front() != '@' && text.front() != '.';
  const bool number = safe_chars && std::all_of(text.begin(), text.end(), [](char c) {
                        return (c >= '0' && c <= '9') || c == '.';
                      });
  const bool word = std::find(std::begin(kWords), std::end(kWords), common::ascii_lower(text)) !=
                    std::end(kWords);
  return starts_ok && !number && !word ? std::string(text) : yaml_quoted(text);
}

std::string yaml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : ", ") + yaml_quoted(items[i]);
  return out + "]";
}

}  // namespace nutmqtt::agent

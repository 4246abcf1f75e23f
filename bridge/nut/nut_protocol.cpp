#include "bridge/nut/nut_protocol.hpp"

#include <algorithm>

#include "common/ascii.hpp"

namespace nutmqtt::bridge::nut {
namespace {

template <typename... Words>
std::string line_of(Words... words) {
  std::string line;
  ((line += (line.empty() ? "" : " ") + quote_word(words)), ...);
  return line;
}

request single(std::string line) {
  return request{std::move(line), reply_shape::single, {}, false};
}

request list(std::string line, std::string what) {
  return request{std::move(line), reply_shape::list, std::move(what), false};
}

}  // namespace

std::string always_quoted(std::string_view word) {
  std::string out = "\"";
  for (char c : word) {
    if (c == '"' || c == '\\' || c == '#') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string quote_word(std::string_view word) {
  // Everything split_words (and upsd) takes for a separator is quoted, \r included.
  bool plain = !word.empty() && std::none_of(word.begin(), word.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '"' || c == '\\' || c == '#';
  });
  return plain ? std::string(word) : always_quoted(word);
}

std::optional<std::vector<std::string>> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false, quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else if (c == '"') {
      quoted = !quoted;
      in_word = true;  // "" is an empty word
    } else if (!quoted && (c == ' ' || c == '\t' || c == '\r')) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quoted) return std::nullopt;
  if (in_word) words.push_back(std::move(word));
  return words;
}

bool is_printable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

std::string request::describe() const {
  if (!sensitive) return line;
  return line.substr(0, line.find(' ')) + " ********";
}

request ver() {
  return single("VER");
}
request netver() {
  return single("NETVER");
}
request starttls() {
  return single("STARTTLS");
}
request username(std::string_view user) {
  return single(line_of("USERNAME", user));
}
request password(std::string_view pw) {
  auto r = single(line_of("PASSWORD", pw));
  r.sensitive = true;
  return r;
}
request list_ups() {
  return list("LIST UPS", "UPS");
}
request list_var(std::string_view ups) {
  return list(line_of("LIST", "VAR", ups), line_of("VAR", ups));
}
request list_rw(std::string_view ups) {
  return list(line_of("LIST", "RW", ups), line_of("RW", ups));
}
request list_cmd(std::string_view ups) {
  return list(line_of("LIST", "CMD", ups), line_of("CMD", ups));
}
request list_enum(std::string_view ups, std::string_view var) {
  return list(line_of("LIST", "ENUM", ups, var), line_of("ENUM", ups, var));
}
request list_range(std::string_view ups, std::string_view var) {
  return list(line_of("LIST", "RANGE", ups, var), line_of("RANGE", ups, var));
}
request get_var(std::string_view ups, std::string_view var) {
  return single(line_of("GET", "VAR", ups, var));
}
request get_type(std::string_view ups, std::string_view var) {
  return single(line_of("GET", "TYPE", ups, var));
}
request get_desc(std::string_view ups, std::string_view var) {
  return single(line_of("GET", "DESC", ups, var));
}
request get_upsdesc(std::string_view ups) {
  return single(line_of("GET", "UPSDESC", ups));
}
request get_numlogins(std::string_view ups) {
  return single(line_of("GET", "NUMLOGINS", ups));
}
request instcmd(std::string_view ups, std::string_view cmd, std::string_view value) {
  return single(value.empty() ? line_of("INSTCMD", ups, cmd) : line_of("INSTCMD", ups, cmd, value));
}
request set_var(std::string_view ups, std::string_view var, std::string_view value) {
  // The value is always quoted: upsd expects it so, even when it has no blanks.
  return single(line_of("SET", "VAR", ups, var) + " " + always_quoted(value));
}
request login(std::string_view ups) {
  return single(line_of("LOGIN", ups));
}
request logout() {
  return single("LOGOUT");
}
request set_tracking_on() {
  return single("SET TRACKING ON");
}
request get_tracking(std::string_view id) {
  return single(line_of("GET", "TRACKING", id));
}

reply_assembler::reply_assembler(const request& r, const reply_limits& limits)
    : shape_(r.shape),
      list_of_(r.list_of),
      expected_(split_words(r.list_of).value_or(std::vector<std::string>{})),
      max_items_(limits.max_list_items),
      items_limit_("max_list_items"),
      max_bytes_(limits.max_reply_bytes) {
  const std::string_view kind = expected_.empty() ? std::string_view{} : expected_[0];
  if (kind == "UPS") {
    max_items_ = limits.max_ups;
    items_limit_ = "max_ups";
  } else if (kind == "VAR") {
    max_items_ = limits.max_vars;
    items_limit_ = "max_vars";
  }
}

reply_assembler::state reply_assembler::fail(std::string why) {
  problem_ = std::move(why);
  return state::bad;
}

bool reply_assembler::matches_header(const std::vector<std::string>& words,
                                     std::string_view keyword) const {
  if (words.size() != expected_.size() + 2 || words[0] != keyword || words[1] != "LIST") {
    return false;
  }
  for (std::size_t i = 0; i < expected_.size(); ++i) {
    if (!common::ascii_iequals(words[i + 2], expected_[i])) return false;
  }
  return true;
}

reply_assembler::state reply_assembler::end_of_list(const std::vector<std::string>& words) {
  if (!matches_header(words, "END")) return fail("expected END LIST " + list_of_);
  return state::done;
}

reply_assembler::state reply_assembler::feed(std::string_view line) {
  if (in_list_ && reply_.limit_hit != nullptr) {
    // Past a limit nothing is kept: only the end of the list matters, and most lines are not
    // it, so they are not even split (a hostile list of millions of lines costs little).
    if (!line.starts_with("END")) {
      ++reply_.items_dropped;
      return state::need_more;
    }
    auto words = split_words(line);
    if (!words || words->empty()) return fail("a reply with an unbalanced quote");
    return end_of_list(*words);
  }
  auto words = split_words(line);
  if (!words) return fail("a reply with an unbalanced quote");
  if (words->empty()) return fail("an empty reply line");
  if (!in_list_ && (*words)[0] == "ERR") {
    if (words->size() < 2) return fail("ERR without a code");
    std::string extra;
    for (std::size_t i = 2; i < words->size(); ++i)
      extra += (i > 2 ? " " : "") + (*words)[i];
    reply_.err = parse_error((*words)[1], extra);
    return state::done;
  }
  if (shape_ == reply_shape::single) {
    reply_.words = std::move(*words);
    return state::done;
  }
  if (!in_list_) {
    if (!matches_header(*words, "BEGIN")) return fail("expected BEGIN LIST " + list_of_);
    in_list_ = true;
    return state::need_more;
  }
  if ((*words)[0] == "END") return end_of_list(*words);
  if (!common::ascii_iequals((*words)[0], expected_.empty() ? "" : expected_[0])) {
    return fail("a line that does not belong to LIST " + list_of_);
  }
  if (reply_.items.size() >= max_items_) {
    reply_.limit_hit = items_limit_;
  } else if (bytes_ + line.size() > max_bytes_) {
    reply_.limit_hit = "max_reply_bytes";
  }
  if (reply_.limit_hit != nullptr) {
    ++reply_.items_dropped;
    return state::need_more;
  }
  bytes_ += line.size();
  reply_.items.push_back(std::move(*words));
  return state::need_more;
}

bool line_splitter::feed(std::string_view data) {
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(data);
  auto nl = buffer_.find('\n', start_);
  std::size_t from = start_;
  while (nl != std::string::npos) {
    if (nl - from > max_line_) return false;
    from = nl + 1;
    nl = buffer_.find('\n', from);
  }
  return buffer_.size() - from <= max_line_;
}

std::optional<std::string> line_splitter::next() {
  auto nl = buffer_.find('\n', start_);
  if (nl == std::string::npos) return std::nullopt;
  std::string line = buffer_.substr(start_, nl - start_);
  start_ = nl + 1;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace nutmqtt::bridge::nut

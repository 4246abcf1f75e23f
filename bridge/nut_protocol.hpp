#pragma once
// The upsd network protocol, without I/O: request lines out, reply lines in.
//
// Quoting follows upsd's parser: a word with blanks, quotes, backslashes or '#' is sent in
// double quotes with '"', '\' and '#' backslash-escaped (an unescaped '#' inside quotes makes
// upsd drop the request without any reply). Replies are split the same way.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/nut_errors.hpp"

namespace nutmqtt::bridge::nut {

// Quotes `word` if upsd would otherwise split or misread it.
std::string quote_word(std::string_view word);
// Quotes `word` always (values of SET VAR).
std::string always_quoted(std::string_view word);

// Splits a reply line into words; nullopt when a quote is left open.
std::optional<std::vector<std::string>> split_words(std::string_view line);

// True when every byte is printable ASCII (upsd silently drops the others, so a value
// containing them would be changed on its way; we refuse it instead).
bool is_printable(std::string_view text);

enum class reply_shape { single, list };

struct request {
  std::string line;  // without the newline
  reply_shape shape = reply_shape::single;
  std::string list_of;     // for lists: what follows "BEGIN LIST " (e.g. "VAR ups")
  bool sensitive = false;  // PASSWORD: never logged as is

  // For logs: the line, with secrets masked.
  std::string describe() const;
};

// Builders for every request the bridge sends.
request ver();
request netver();
request starttls();
request username(std::string_view user);
request password(std::string_view password);
request list_ups();
request list_var(std::string_view ups);
request list_rw(std::string_view ups);
request list_cmd(std::string_view ups);
request list_enum(std::string_view ups, std::string_view var);
request list_range(std::string_view ups, std::string_view var);
request get_var(std::string_view ups, std::string_view var);
request get_type(std::string_view ups, std::string_view var);
request get_desc(std::string_view ups, std::string_view var);
request get_upsdesc(std::string_view ups);
request get_numlogins(std::string_view ups);
request instcmd(std::string_view ups, std::string_view cmd, std::string_view value = {});
request set_var(std::string_view ups, std::string_view var, std::string_view value);
request login(std::string_view ups);
request logout();
request set_tracking_on();
request get_tracking(std::string_view id);

struct reply {
  std::optional<error> err;                     // set when upsd answered ERR
  std::vector<std::string> words;               // a single-line reply
  std::vector<std::vector<std::string>> items;  // the lines of a list, split into words

  bool ok() const { return !err.has_value(); }
};

// Collects the line(s) answering one request. A reply that cannot be the answer to that
// request (garbage, a list of something else) is `bad`: the connection can no longer be
// trusted to be in step and must be reset.
class reply_assembler {
 public:
  enum class state { need_more, done, bad };

  explicit reply_assembler(const request& r);
  state feed(std::string_view line);
  reply take() { return std::move(reply_); }
  const std::string& problem() const { return problem_; }

 private:
  state fail(std::string why);
  reply_shape shape_;
  std::string list_of_;
  bool in_list_ = false;
  reply reply_;
  std::string problem_;
};

// Splits a byte stream into lines (LF, optional CR before it), refusing over-long lines.
class line_splitter {
 public:
  explicit line_splitter(std::size_t max_line) : max_line_(max_line) {}
  // Appends data; false when a line (complete or not) exceeds the limit.
  bool feed(std::string_view data);
  std::optional<std::string> next();
  void clear() { buffer_.clear(); }

 private:
  std::size_t max_line_;
  std::string buffer_;
  std::size_t start_ = 0;
};

}  // namespace nutmqtt::bridge::nut

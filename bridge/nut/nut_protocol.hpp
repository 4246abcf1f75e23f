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

#include "bridge/nut/nut_errors.hpp"

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
  // Lines of a list past a limit of reply_limits: read (to stay in step) but not kept.
  std::size_t items_dropped = 0;
  const char* limit_hit = nullptr;  // the reply_limits field that cut it, when one did

  bool ok() const { return !err.has_value(); }
};

// How much of one reply is kept, whatever upsd sends. A real UPS has 50 to 200 variables (a big
// PDU 1,000 to 2,000) and a real upsd a handful of UPSes, so these are far from real sites; they
// keep a hostile or broken server from making the bridge grow without end. The lines past a
// limit are still read to the end of the list, so the connection stays in step.
struct reply_limits {
  std::size_t max_ups = 256;              // items of LIST UPS
  std::size_t max_vars = 4096;            // items of LIST VAR
  std::size_t max_list_items = 4096;      // items of any other list (CMD, RW, ENUM, RANGE)
  std::size_t max_reply_bytes = 1 << 20;  // all the lines of one reply, kept
};

// Collects the line(s) answering one request. A reply that cannot be the answer to that
// request (garbage, a list of something else) is `bad`: the connection can no longer be
// trusted to be in step and must be reset.
class reply_assembler {
 public:
  enum class state { need_more, done, bad };

  explicit reply_assembler(const request& r, const reply_limits& limits = {});
  state feed(std::string_view line);
  reply take() { return std::move(reply_); }
  const reply& peek() const { return reply_; }
  const std::string& problem() const { return problem_; }

 private:
  state fail(std::string why);
  state end_of_list(const std::vector<std::string>& words);
  bool matches_header(const std::vector<std::string>& words, std::string_view keyword) const;
  reply_shape shape_;
  std::string list_of_;
  std::vector<std::string> expected_;  // list_of_, split once
  std::size_t max_items_;
  const char* items_limit_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
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

#pragma once
// Splits the bytes a client sends into requests the way upsd does (NUT's parseconf state
// machine): LF ends a request, spaces separate words, "..." groups a word, a backslash makes
// the next character literal, '#' outside quotes starts a comment and '=' is a word of its own.
// Pure: no I/O, so every quirk is unit-tested.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::fake_upsd {

struct request {
  std::vector<std::string> words;
  // An unescaped '#' inside quotes: upsd logs it and answers nothing.
  bool malformed = false;
};

class request_parser {
 public:
  // upsd's limits: longer words are cut, words after the 32nd are dropped.
  static constexpr std::size_t kMaxWordLength = 512;
  static constexpr std::size_t kMaxWords = 32;

  // Feeds one chunk as read from the socket and returns the requests it completed, in order.
  // After a malformed request the rest of the chunk is dropped, as upsd drops the rest of the
  // read buffer; parsing starts afresh with the next chunk.
  std::vector<request> feed(std::string_view chunk);

 private:
  enum class state { word_start, comment, quoted, quoted_literal, word, word_literal };

  // Each returns true when `c` completed a request (appended to `out`).
  bool step(char c, std::vector<request>& out);
  bool at_word_start(char c, std::vector<request>& out);
  bool in_quotes(char c, std::vector<request>& out);
  bool in_word(char c, std::vector<request>& out);
  void add_char(char c);
  void end_word();
  void finish(std::vector<request>& out, bool malformed);

  state state_ = state::word_start;
  std::string word_;
  std::vector<std::string> words_;
};

}  // namespace nutmqtt::fake_upsd

#include "fake_upsd/request_parser.hpp"

namespace nutmqtt::fake_upsd {
namespace {

// isspace() in the C locale, minus the newline that ends a request.
bool is_separator(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

std::vector<request> request_parser::feed(std::string_view chunk) {
  std::vector<request> out;
  for (char c : chunk) {
    if (step(c, out) && out.back().malformed) break;
  }
  return out;
}

bool request_parser::step(char c, std::vector<request>& out) {
  switch (state_) {
    case state::word_start:
      return at_word_start(c, out);
    case state::comment:
      if (c != '\n') return false;
      finish(out, false);
      return true;
    case state::quoted:
      return in_quotes(c, out);
    case state::quoted_literal:
      if (c != '\n') add_char(c);
      state_ = state::quoted;
      return false;
    case state::word:
      return in_word(c, out);
    case state::word_literal:
      if (c != '\n') add_char(c);
      state_ = state::word;
      return false;
  }
  return false;
}

bool request_parser::at_word_start(char c, std::vector<request>& out) {
  if (c == '\n') {
    finish(out, false);
    return true;
  }
  if (c == '#') {
    state_ = state::comment;
  } else if (c == '\\') {
    state_ = state::word_literal;
  } else if (c == '"') {
    state_ = state::quoted;
  } else if (!is_separator(c)) {
    add_char(c);
    if (c == '=') {
      end_word();  // '=' is a word of its own (for "key = value" config lines)
    } else {
      state_ = state::word;
    }
  }
  return false;
}

bool request_parser::in_quotes(char c, std::vector<request>& out) {
  if (c == '#') {
    finish(out, true);
    return true;
  }
  if (c == '"') {
    end_word();
    state_ = state::word_start;
  } else if (c == '\\') {
    state_ = state::quoted_literal;
  } else {
    add_char(c);  // a newline here is dropped, so an open quote swallows the next line
  }
  return false;
}

bool request_parser::in_word(char c, std::vector<request>& out) {
  if (c == '\n') {
    end_word();
    finish(out, false);
    return true;
  }
  if (c == '#') {
    end_word();
    state_ = state::comment;
  } else if (is_separator(c)) {
    end_word();
    state_ = state::word_start;
  } else if (c == '=') {
    end_word();
    add_char(c);
    end_word();
    state_ = state::word_start;
  } else if (c == '\\') {
    state_ = state::word_literal;
  } else {
    add_char(c);
  }
  return false;
}

void request_parser::add_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  // upsd drops control characters and anything beyond 7-bit ASCII (CVE-2012-2944).
  if (byte < 0x20 || byte > 0x7f) return;
  if (word_.size() >= kMaxWordLength) return;
  word_.push_back(c);
}

void request_parser::end_word() {
  if (words_.size() < kMaxWords) words_.push_back(std::move(word_));
  word_.clear();
}

void request_parser::finish(std::vector<request>& out, bool malformed) {
  out.push_back(request{std::move(words_), malformed});
  words_.clear();
  word_.clear();
  state_ = state::word_start;
}

}  // namespace nutmqtt::fake_upsd

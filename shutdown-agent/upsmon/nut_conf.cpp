#include "shutdown-agent/upsmon/nut_conf.hpp"

#include <fmt/format.h>

namespace nutmqtt::agent {
namespace {

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// parseconf keeps only printable ASCII (and DEL) in a word.
void add(conf_word& w, char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte <= 0x7f) w.text += c;
}

class parser {
 public:
  explicit parser(std::string_view text) : text_(text) {}

  nut_conf run() {
    while (i_ < text_.size()) {
      if (!logical_line()) skip_to_next_line();
    }
    return std::move(out_);
  }

 private:
  // One logical line (physical lines joined by a trailing backslash); false on an error.
  bool logical_line() {
    conf_line current{line_, {}};
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\n') {
        next_line();
        break;
      }
      if (blank(c)) {
        ++i_;
      } else if (c == '#') {
        skip_comment();
      } else if (!word(current)) {
        return false;
      }
    }
    if (!current.words.empty()) out_.lines.push_back(std::move(current));
    return true;
  }

  bool word(conf_line& current) {
    conf_word w;
    w.column = column();
    const bool quoted = text_[i_] == '"';
    if (quoted) {
      ++i_;
      if (!quoted_word(w)) return false;
    } else if (text_[i_] == '=') {
      w.text = "=";
      ++i_;
    } else {
      plain_word(w);
    }
    current.words.push_back(std::move(w));
    return true;
  }

  bool quoted_word(conf_word& w) {
    while (i_ < text_.size() && text_[i_] != '\n') {
      const char c = text_[i_++];
      if (c == '"') return true;
      if (c == '\\') {
        literal(w);
      } else {
        add(w, c);
      }
    }
    out_.errors.push_back(
        {line_, w.column,
         fmt::format("unbalanced quote: the word starting at column {} has no closing \"",
                     w.column)});
    return false;
  }

  void plain_word(conf_word& w) {
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\n' || blank(c) || c == '#' || c == '=') return;
      ++i_;
      if (c == '\\') {
        literal(w);
      } else {
        add(w, c);
      }
    }
  }

  // The character after a backslash; a newline there joins the next line.
  void literal(conf_word& w) {
    if (i_ >= text_.size()) return;
    const char c = text_[i_++];
    if (c == '\n') {
      ++line_;
      line_start_ = i_;
    } else {
      add(w, c);
    }
  }

  void skip_comment() {
    while (i_ < text_.size() && text_[i_] != '\n')
      ++i_;
  }

  void skip_to_next_line() {
    skip_comment();
    if (i_ < text_.size()) next_line();
  }

  void next_line() {
    ++i_;
    ++line_;
    line_start_ = i_;
  }

  int column() const { return static_cast<int>(i_ - line_start_) + 1; }

  std::string_view text_;
  std::size_t i_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
  nut_conf out_;
};

}  // namespace

nut_conf parse_nut_conf(std::string_view text) {
  return parser(text).run();
}

}  // namespace nutmqtt::agent

#pragma once
// The syntax every NUT configuration file shares (upsmon.conf, upssched.conf), read the way
// NUT's parseconf reads it: blanks separate words; "..." groups a word (a quote inside an
// unquoted word is an ordinary character); a backslash makes the next character literal, and
// a backslash at the end of a line joins the next line; an unquoted '#' starts a comment; an
// unquoted '=' is a word of its own; control characters and bytes above 0x7f are dropped.
// Unlike parseconf, a quote left open at the end of a line is an error rather than a word that
// silently takes in the lines below.

#include <string>
#include <string_view>
#include <vector>

namespace nutmqtt::agent {

struct conf_word {
  std::string text;
  int column = 0;  // 1-based, of the word's first character (its opening quote)
};

struct conf_line {
  int line = 0;  // 1-based, where the line starts
  std::vector<conf_word> words;
};

struct conf_syntax_error {
  int line = 0;
  int column = 0;
  std::string message;
};

struct nut_conf {
  std::vector<conf_line> lines;  // lines with at least one word
  std::vector<conf_syntax_error> errors;
};

nut_conf parse_nut_conf(std::string_view text);

}  // namespace nutmqtt::agent

#pragma once
// Importing an existing upssched.conf: its CMDSCRIPT and AT lines become the agent's rules, so
// that a user can keep the file (and the script) they already have.

#include <string>
#include <string_view>
#include <vector>

#include "common/config_reader.hpp"
#include "shutdown-agent/rule.hpp"

namespace nutmqtt::agent {

struct upssched_import {
  std::string cmdscript;  // empty when the file has no CMDSCRIPT line
  std::vector<rule> rules;
  std::vector<common::config_problem> problems;  // each with the file and line
  std::vector<std::string> notes;                // informational (directives ignored on purpose)
  std::vector<std::string> warnings;             // accepted, but probably not what was meant
};

// Splits one line the way NUT's config parser does: blanks separate words, "..." groups a
// word, a backslash makes the next character literal, an unquoted '#' starts a comment.
struct conf_word {
  std::string text;
  int column = 0;  // 1-based
};
std::vector<conf_word> split_conf_line(std::string_view line, std::string& error);

upssched_import parse_upssched_conf(std::string_view text, const std::string& file);

// Reads `path`; a file that cannot be read is one problem.
upssched_import read_upssched_conf(const std::string& path);

}  // namespace nutmqtt::agent

#include "shutdown-agent/processes/command_line.hpp"

#include <unistd.h>

#include <fmt/format.h>

namespace nutmqtt::agent {
namespace {

bool blank(char c) {
  return c == ' ' || c == '\t';
}

// Characters that mean something to a shell outside quotes.
bool shell_special(char c, bool word_start) {
  switch (c) {
    case ';':
    case '|':
    case '&':
    case '<':
    case '>':
    case '(':
    case ')':
    case '$':
    case '`':
    case '*':
    case '?':
    case '[':
    case '{':
    case '}':
    case '\n':
      return true;
    case '~':
    case '#':
    case '!':
      return word_start;
    default:
      return false;
  }
}

// NAME=value before a command sets a variable for it.
bool assignment(const std::string& word) {
  const auto eq = word.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  for (std::size_t i = 0; i < eq; ++i) {
    const char c = word[i];
    const bool ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

class splitter {
 public:
  explicit splitter(std::string_view text) : text_(text) {}

  std::optional<std::vector<std::string>> run(std::string& why) {
    std::vector<std::string> words;
    while (i_ < text_.size()) {
      if (blank(text_[i_])) {
        ++i_;
        continue;
      }
      std::string w;
      if (!word(w, why)) return std::nullopt;
      words.push_back(std::move(w));
    }
    if (!words.empty() && assignment(words.front())) {
      why = fmt::format("\"{}\" sets a variable, which needs a shell", words.front());
      return std::nullopt;
    }
    return words;
  }

 private:
  bool word(std::string& w, std::string& why) {
    const std::size_t start = i_;
    while (i_ < text_.size() && !blank(text_[i_])) {
      const char c = text_[i_];
      if (shell_special(c, i_ == start)) {
        why = fmt::format("'{}' at character {} needs a shell", c == '\n' ? ' ' : c, i_ + 1);
        return false;
      }
      ++i_;
      if (c == '\'') {
        if (!until(w, '\'', why)) return false;
      } else if (c == '"') {
        if (!until(w, '"', why)) return false;
      } else if (c == '\\') {
        if (i_ < text_.size()) w += text_[i_++];
      } else {
        w += c;
      }
    }
    return true;
  }

  // The rest of a quoted part. Inside "...", a backslash escapes \ " $ and `, and $ or ` would
  // be expanded by a shell.
  bool until(std::string& w, char quote, std::string& why) {
    const std::size_t opened = i_;
    while (i_ < text_.size() && text_[i_] != quote) {
      const char c = text_[i_++];
      if (quote == '"' && (c == '$' || c == '`')) {
        why = fmt::format("'{}' at character {} needs a shell", c, i_);
        return false;
      }
      if (quote == '"' && c == '\\' && i_ < text_.size() &&
          std::string_view("\\\"$`").find(text_[i_]) != std::string_view::npos) {
        w += text_[i_++];
      } else {
        w += c;
      }
    }
    if (i_ >= text_.size()) {
      why = fmt::format("the {} opened at character {} is not closed", quote, opened);
      return false;
    }
    ++i_;
    return true;
  }

  std::string_view text_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<std::vector<std::string>> split_command(std::string_view text, std::string& why) {
  return splitter(text).run(why);
}

}  // namespace nutmqtt::agent

namespace nutmqtt::agent {

std::optional<std::string> find_in_path(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) return std::nullopt;
  for (const char* dir :
       {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
    const std::string path = std::string(dir) + "/" + name;
    if (::access(path.c_str(), X_OK) == 0) return path;
  }
  return std::nullopt;
}

shell_command shell_command_argv(const std::string& text, bool message_argument,
                                 const program_finder& find) {
  shell_command out;
  auto words = split_command(text, out.why);
  if (words && !words->empty()) {
    if (words->front().front() == '/') {
      out.argv = std::move(*words);
      return out;
    }
    if (auto path = find(words->front())) {
      words->front() = *path;
      out.argv = std::move(*words);
      return out;
    }
    out.why = fmt::format("\"{}\" is not found in this host's PATH", words->front());
  } else if (words) {
    out.why = "it is empty";
  }
  if (message_argument) {
    out.argv = {"/bin/sh", "-c", text + " \"$1\"", "notifycmd"};
  } else {
    out.argv = {"/bin/sh", "-c", text};
  }
  return out;
}

}  // namespace nutmqtt::agent

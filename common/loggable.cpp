#include "common/loggable.hpp"

#include <fmt/format.h>

#include "common/utf8.hpp"

namespace nutmqtt::common {
namespace {

// Code points that change how the rest of a line is shown or where it ends.
bool is_invisible_control(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) ||      // C1 controls (CSI and the like)
         cp == 0x061C ||                    // Arabic letter mark
         cp == 0x200E || cp == 0x200F ||    // left-to-right / right-to-left marks
         (cp >= 0x2028 && cp <= 0x202E) ||  // line/paragraph separators, embeddings, overrides
         (cp >= 0x2066 && cp <= 0x2069);    // isolates
}

// The escaped form of the character at the start of `s`; `used` is how many bytes it took.
std::string escape_one(std::string_view s, std::size_t& used) {
  char32_t cp = 0;
  used = utf8_decode(s, cp);
  if (used == 0) {
    used = 1;
    return "\xEF\xBF\xBD";  // U+FFFD
  }
  if (cp < 0x20 || cp == 0x7F) {
    switch (cp) {
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      default:
        return fmt::format("\\x{:02X}", static_cast<unsigned>(cp));
    }
  }
  if (cp == '\\') return "\\\\";
  if (is_invisible_control(cp)) return fmt::format("\\u{{{:04X}}}", static_cast<unsigned>(cp));
  return std::string(s.substr(0, used));
}

}  // namespace

std::string loggable(std::string_view text, std::size_t max) {
  std::string out;
  out.reserve(std::min(text.size(), max) + 16);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t used = 0;
    std::string piece = escape_one(text.substr(pos), used);
    if (out.size() + piece.size() > max) break;
    out += piece;
    pos += used;
  }
  if (pos < text.size()) out += fmt::format("...({} bytes)", text.size());
  return out;
}

}  // namespace nutmqtt::common

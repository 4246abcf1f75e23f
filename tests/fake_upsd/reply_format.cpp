#include "fake_upsd/reply_format.hpp"

namespace nutmqtt::fake_upsd {

std::string escape_value(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() + 2);
  for (char c : raw) {
    if (c == '"' || c == '\\' || c == '#') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string quoted(std::string_view raw) {
  return '"' + escape_value(raw) + '"';
}

void append_line(std::string& out, std::string_view line) {
  // Cut rather than split: a client must never see a reply line longer than upsd's.
  out.append(line.substr(0, kMaxReplyLine - 1));
  out.push_back('\n');
}

void append_error(std::string& out, std::string_view code) {
  out.append("ERR ");
  out.append(code);
  out.push_back('\n');
}

}  // namespace nutmqtt::fake_upsd

#pragma once
// Calls `f` with each line of `text` (without its '\n'), for the parsers of the logs and
// records the benchmarks read.

#include <string_view>

namespace nutmqtt::bench {

template <typename F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    f(text.substr(pos, end - pos));
    pos = end + 1;
  }
}

}  // namespace nutmqtt::bench

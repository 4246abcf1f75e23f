// upsd's side of the conversation: whatever a server (or whoever answers on its port) sends
// back to a request, split into lines as the connection does, assembled into a reply, then read
// by the reader of that request's answer.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bridge/nut/nut_protocol.hpp"
#include "bridge/nut/nut_replies.hpp"
#include "common/loggable.hpp"

using namespace nutmqtt::bridge;

namespace {

nut::request pick(std::uint8_t which) {
  switch (which % 12) {
    case 0:
      return nut::list_ups();
    case 1:
      return nut::list_var("ups");
    case 2:
      return nut::list_rw("ups");
    case 3:
      return nut::list_cmd("ups");
    case 4:
      return nut::list_enum("ups", "input.transfer.low");
    case 5:
      return nut::list_range("ups", "input.transfer.low");
    case 6:
      return nut::get_var("ups", "ups.status");
    case 7:
      return nut::get_type("ups", "input.transfer.low");
    case 8:
      return nut::get_numlogins("ups");
    case 9:
      return nut::get_upsdesc("ups");
    case 10:
      return nut::starttls();
    default:
      return nut::ver();
  }
}

void read_all(const nut::reply& r) {
  (void)nut::read_var(r);
  (void)nut::read_var_list(r);
  (void)nut::read_ups_list(r);
  (void)nut::read_cmd_list(r);
  (void)nut::read_enum_list(r);
  (void)nut::read_range_list(r);
  (void)nut::read_numlogins(r);
  (void)nut::read_upsdesc(r);
  (void)nut::read_type(r);
  (void)nut::is_ok(r);
  if (r.err) (void)nutmqtt::common::loggable(r.err->text());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const nut::request request = pick(data[0]);
  const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

  // Words read from a line quote back into the same words.
  if (auto words = nut::split_words(stream)) {
    for (const auto& w : *words) {
      auto again = nut::split_words(nut::quote_word(w));
      if (!again || again->size() != 1 || (*again)[0] != w) __builtin_trap();
    }
  }

  nut::line_splitter splitter(8192);
  if (!splitter.feed(stream)) return 0;
  nut::reply_assembler assembler(request);
  while (auto line = splitter.next()) {
    auto state = assembler.feed(*line);
    if (state == nut::reply_assembler::state::bad) {
      (void)nutmqtt::common::loggable(assembler.problem());
      return 0;
    }
    if (state == nut::reply_assembler::state::done) {
      read_all(assembler.take());
      assembler = nut::reply_assembler(request);
    }
  }
  return 0;
}

#include "bridge/nut/nut_protocol.hpp"

#include <doctest/doctest.h>

#include "bridge/nut/nut_replies.hpp"

using namespace nutmqtt::bridge::nut;
using words = std::vector<std::string>;

namespace {

// Feeds `lines` to an assembler for `r`; returns the final state and the reply.
std::pair<reply_assembler::state, reply> assemble(const request& r,
                                                  const std::vector<std::string>& lines) {
  reply_assembler a(r);
  auto s = reply_assembler::state::need_more;
  for (const auto& l : lines) {
    s = a.feed(l);
    if (s != reply_assembler::state::need_more) break;
  }
  return {s, a.take()};
}

}  // namespace

TEST_CASE("request words are quoted only when upsd needs it") {
  CHECK(quote_word("battery.charge") == "battery.charge");
  CHECK(quote_word("two words") == R"("two words")");
  CHECK(quote_word("") == R"("")");
  CHECK(quote_word(R"(a"b)") == R"("a\"b")");
  CHECK(quote_word(R"(a\b)") == R"("a\\b")");
  // An unescaped '#' inside quotes makes upsd drop the request without a reply.
  CHECK(quote_word("#1") == R"("\#1")");
  CHECK(always_quoted("80") == R"("80")");
  // A carriage return separates words in a reply line: quoted, the word reads back whole.
  CHECK(quote_word("a\rb") == "\"a\rb\"");
  CHECK(split_words(quote_word("a\rb")) == words{"a\rb"});
}

TEST_CASE("requests are spelled as upsd expects") {
  CHECK(get_var("ups", "ups.status").line == "GET VAR ups ups.status");
  CHECK(list_var("ups").line == "LIST VAR ups");
  CHECK(list_var("ups").list_of == "VAR ups");
  CHECK(list_enum("ups", "input.transfer.low").list_of == "ENUM ups input.transfer.low");
  CHECK(set_var("ups", "ups.id", "my \"UPS\"").line == R"(SET VAR ups ups.id "my \"UPS\"")");
  CHECK(set_var("ups", "battery.charge.low", "20").line ==
        R"(SET VAR ups battery.charge.low "20")");
  CHECK(instcmd("ups", "beeper.mute").line == "INSTCMD ups beeper.mute");
  CHECK(instcmd("ups", "load.off.delay", "30").line == "INSTCMD ups load.off.delay 30");
  CHECK(login("ups").line == "LOGIN ups");
  auto pw = password("s3cret word");
  CHECK(pw.line == R"(PASSWORD "s3cret word")");
  CHECK(pw.describe() == "PASSWORD ********");
  CHECK(get_var("ups", "x").describe() == "GET VAR ups x");
}

TEST_CASE("reply lines split into words with quotes and escapes") {
  CHECK(split_words(R"(VAR ups ups.status "OL CHRG")") ==
        words{"VAR", "ups", "ups.status", "OL CHRG"});
  CHECK(split_words(R"(VAR ups x "a \"quoted\" \\ value")") ==
        words{"VAR", "ups", "x", R"(a "quoted" \ value)"});
  CHECK(split_words(R"(VAR ups x "")") == words{"VAR", "ups", "x", ""});
  CHECK(split_words("OK") == words{"OK"});
  CHECK(split_words("  a   b\r") == words{"a", "b"});
  CHECK(split_words("") == words{});
  CHECK_FALSE(split_words(R"(VAR ups x "open)"));
}

TEST_CASE("single replies, and every ERR code upsd sends") {
  auto [s, r] = assemble(get_var("ups", "ups.status"), {R"(VAR ups ups.status "OB LB")"});
  CHECK(s == reply_assembler::state::done);
  CHECK(read_var(r) == "OB LB");

  struct code {
    const char* name;
    error_code expected;
  };
  const code codes[] = {{"ACCESS-DENIED", error_code::access_denied},
                        {"UNKNOWN-UPS", error_code::unknown_ups},
                        {"VAR-NOT-SUPPORTED", error_code::var_not_supported},
                        {"CMD-NOT-SUPPORTED", error_code::cmd_not_supported},
                        {"INVALID-ARGUMENT", error_code::invalid_argument},
                        {"INSTCMD-FAILED", error_code::instcmd_failed},
                        {"SET-FAILED", error_code::set_failed},
                        {"READONLY", error_code::readonly},
                        {"TOO-LONG", error_code::too_long},
                        {"INVALID-VALUE", error_code::invalid_value},
                        {"FEATURE-NOT-SUPPORTED", error_code::feature_not_supported},
                        {"FEATURE-NOT-CONFIGURED", error_code::feature_not_configured},
                        {"ALREADY-SSL-MODE", error_code::already_ssl_mode},
                        {"DRIVER-NOT-CONNECTED", error_code::driver_not_connected},
                        {"DATA-STALE", error_code::data_stale},
                        {"ALREADY-LOGGED-IN", error_code::already_logged_in},
                        {"ALREADY-SET-PASSWORD", error_code::already_set_password},
                        {"ALREADY-SET-USERNAME", error_code::already_set_username},
                        {"USERNAME-REQUIRED", error_code::username_required},
                        {"PASSWORD-REQUIRED", error_code::password_required},
                        {"UNKNOWN-COMMAND", error_code::unknown_command},
                        {"INVALID-PASSWORD", error_code::invalid_password},
                        {"INVALID-USERNAME", error_code::invalid_username},
                        {"UNKNOWN-INSTCMD", error_code::unknown_instcmd},
                        {"VAR-UNKNOWN", error_code::var_unknown},
                        {"UNKNOWN-TYPE", error_code::unknown_type},
                        {"MISSING-ARGUMENT", error_code::missing_argument},
                        {"UNKNOWN", error_code::unknown},
                        {"FAILED", error_code::unknown},
                        {"SOMETHING-NEW", error_code::unknown}};
  for (const auto& c : codes) {
    CAPTURE(c.name);
    auto [state, rep] = assemble(get_var("ups", "ups.status"), {std::string("ERR ") + c.name});
    CHECK(state == reply_assembler::state::done);
    REQUIRE(rep.err);
    CHECK(rep.err->code == c.expected);
    CHECK(rep.err->name == c.name);
    CHECK(rep.err->text() == std::string("ERR ") + c.name);
    CHECK_FALSE(explain(c.expected).empty());
  }
  auto [s2, r2] = assemble(list_var("ups"), {"ERR DATA-STALE"});
  CHECK(s2 == reply_assembler::state::done);
  CHECK(r2.err->code == error_code::data_stale);
  CHECK(is_communication_failure(error_code::data_stale));
  CHECK(is_communication_failure(error_code::driver_not_connected));
  CHECK(is_communication_failure(error_code::unknown_ups));
  CHECK_FALSE(is_communication_failure(error_code::access_denied));
  auto [s3, r3] = assemble(get_var("ups", "x"), {"ERR INVALID-ARGUMENT extra words"});
  CHECK(r3.err->text() == "ERR INVALID-ARGUMENT extra words");
}

TEST_CASE("lists are framed by BEGIN and END, case-insensitively") {
  auto [s, r] = assemble(list_var("UPS"), {"BEGIN LIST VAR ups", R"(VAR ups battery.charge "100")",
                                           R"(VAR ups ups.status "OL")", "END LIST VAR ups"});
  CHECK(s == reply_assembler::state::done);
  auto vars = read_var_list(r);
  REQUIRE(vars);
  CHECK(vars->size() == 2);
  CHECK(vars->at("ups.status") == "OL");

  auto [s2, r2] = assemble(
      list_ups(), {"BEGIN LIST UPS", R"(UPS dummy "Test UPS")", R"(UPS other "")", "END LIST UPS"});
  CHECK(s2 == reply_assembler::state::done);
  auto ups = read_ups_list(r2);
  REQUIRE(ups);
  CHECK(ups->at(0) == std::pair<std::string, std::string>{"dummy", "Test UPS"});

  auto [s3, r3] = assemble(
      list_range("ups", "input.transfer.low"),
      {"BEGIN LIST RANGE ups input.transfer.low", R"(RANGE ups input.transfer.low "160" "180")",
       "END LIST RANGE ups input.transfer.low"});
  CHECK(read_range_list(r3)->at(0) == std::pair<std::string, std::string>{"160", "180"});
  auto [s4, r4] =
      assemble(list_cmd("ups"), {"BEGIN LIST CMD ups", "CMD ups beeper.mute", "END LIST CMD ups"});
  CHECK(read_cmd_list(r4) == words{"beeper.mute"});
  auto [s5, r5] = assemble(list_enum("ups", "x"),
                           {"BEGIN LIST ENUM ups x", R"(ENUM ups x "a")", "END LIST ENUM ups x"});
  CHECK(read_enum_list(r5) == words{"a"});
  auto [s6, r6] = assemble(list_var("ups"), {"BEGIN LIST VAR ups", "END LIST VAR ups"});
  CHECK(s6 == reply_assembler::state::done);
  CHECK(read_var_list(r6)->empty());
}

TEST_CASE("garbage in place of a reply is refused, never crashes") {
  using st = reply_assembler::state;
  CHECK(assemble(list_var("ups"), {"HELLO"}).first == st::bad);
  CHECK(assemble(list_var("ups"), {"BEGIN LIST VAR other"}).first == st::bad);
  CHECK(assemble(list_var("ups"), {"BEGIN LIST VAR ups", "RW ups x \"1\""}).first == st::bad);
  CHECK(assemble(list_var("ups"), {"BEGIN LIST VAR ups", "END LIST VAR other"}).first == st::bad);
  CHECK(assemble(list_var("ups"), {"BEGIN LIST VAR ups", "ERR DATA-STALE"}).first == st::bad);
  CHECK(assemble(get_var("ups", "x"), {""}).first == st::bad);
  CHECK(assemble(get_var("ups", "x"), {"ERR"}).first == st::bad);
  CHECK(assemble(get_var("ups", "x"), {"VAR \"open"}).first == st::bad);
  // Well-framed but misshapen replies are caught when read.
  auto [s, r] = assemble(get_var("ups", "x"), {"OK"});
  CHECK(s == st::done);
  CHECK_FALSE(read_var(r));
  auto [s2, r2] = assemble(list_var("ups"), {"BEGIN LIST VAR ups", "VAR ups", "END LIST VAR ups"});
  CHECK(s2 == st::done);
  CHECK_FALSE(read_var_list(r2));
  CHECK_FALSE(read_numlogins(assemble(get_numlogins("ups"), {"NUMLOGINS ups x"}).second));
  CHECK(read_numlogins(assemble(get_numlogins("ups"), {"NUMLOGINS ups 2"}).second) == 2);
}

TEST_CASE("types of writable variables") {
  auto t = read_type(assemble(get_type("ups", "x"), {"TYPE ups x RW ENUM STRING:20"}).second);
  REQUIRE(t);
  CHECK(t->rw);
  CHECK(t->enumerated);
  CHECK(t->string_length == 20);
  auto n = read_type(assemble(get_type("ups", "x"), {"TYPE ups x RW NUMBER"}).second);
  CHECK(n->number);
  CHECK_FALSE(n->ranged);
  CHECK(read_type(assemble(get_type("ups", "x"), {"TYPE ups x RW RANGE NUMBER"}).second)->ranged);
  CHECK_FALSE(read_type(assemble(get_type("ups", "x"), {"TYPE ups x STRING:xx"}).second));
}

TEST_CASE("the line splitter frames lines and refuses over-long ones") {
  line_splitter s(16);
  CHECK(s.feed("OK\r\nVAR a"));
  CHECK(s.next() == "OK");
  CHECK_FALSE(s.next());
  CHECK(s.feed(" b\n"));
  CHECK(s.next() == "VAR a b");
  CHECK(s.feed("\n"));
  CHECK(s.next() == "");
  line_splitter long_line(16);
  CHECK_FALSE(long_line.feed(std::string(17, 'x')));
  line_splitter long_complete(16);
  CHECK_FALSE(long_complete.feed(std::string(20, 'x') + "\n"));
  line_splitter many(16);
  for (int i = 0; i < 1000; ++i)
    CHECK(many.feed("0123456789\n"));
  int n = 0;
  while (many.next())
    ++n;
  CHECK(n == 1000);
}

TEST_CASE("values with bytes upsd would drop are recognised") {
  CHECK(is_printable("20"));
  CHECK(is_printable("a b ~"));
  CHECK_FALSE(is_printable("a\nb"));
  CHECK_FALSE(is_printable("caf\xc3\xa9"));
}

TEST_CASE("control characters and invalid UTF-8 in upsd's values never reach MQTT") {
  const std::string r = "\xEF\xBF\xBD";
  auto [s, status] = assemble(get_var("ups", "ups.status"), {"VAR ups ups.status \"OL\x1b[2J\""});
  REQUIRE(s == reply_assembler::state::done);
  CHECK(read_var(status) == "OL" + r + "[2J");
  auto [s2, list] =
      assemble(list_var("ups"), {"BEGIN LIST VAR ups", "VAR ups ups.model \"Smart\x01UPS\x7f\"",
                                 "VAR ups device.mfr \"\xff"
                                 "APC\"",
                                 "VAR ups ups.id \"Onduleur « salon »\"", "END LIST VAR ups"});
  REQUIRE(s2 == reply_assembler::state::done);
  auto vars = read_var_list(list);
  REQUIRE(vars);
  CHECK(vars->at("ups.model") == "Smart" + r + "UPS" + r);
  CHECK(vars->at("device.mfr") == r + "APC");
  CHECK(vars->at("ups.id") == "Onduleur « salon »");
  auto [s3, desc] = assemble(get_upsdesc("ups"), {"UPSDESC ups \"rack\ttwo\""});
  REQUIRE(s3 == reply_assembler::state::done);
  CHECK(read_upsdesc(desc) == "rack" + r + "two");
}

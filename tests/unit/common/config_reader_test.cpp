#include "common/config_reader.hpp"

#include <stdlib.h>

#include <doctest/doctest.h>

#include "support/temp_dir.hpp"

using namespace nutmqtt::common;
using namespace std::chrono_literals;

namespace {

std::string all(const config_source& src) {
  return config_error(src.problems()).what();
}

}  // namespace

TEST_CASE("values of every kind are read") {
  config_source src("c.yaml");
  auto root = src.load_string(R"(a:
  text: hello
  flag: yes
  number: 7
  wait: 250ms
  list: [x, y]
  nested: { k: v }
  items:
    - { n: 1 }
    - { n: 2 }
)");
  map_reader r(src, root, "");
  auto a = r.map("a");
  REQUIRE(a);
  std::string text;
  bool flag = false;
  int number = 0;
  std::chrono::milliseconds wait{};
  std::vector<std::string> list;
  CHECK(a->read("text", text));
  CHECK(a->read("flag", flag));
  CHECK(a->read("number", number, 0, 10));
  CHECK(a->read("wait", wait, 0ms, 1s));
  CHECK(a->read("list", list));
  auto nested = a->map("nested");
  REQUIRE(nested);
  std::string k;
  CHECK(nested->read("k", k));
  nested->finish();
  auto items = a->maps("items");
  REQUIRE(items.size() == 2);
  int n = 0;
  CHECK(items[0].read("n", n, 0, 5));
  CHECK(items[1].read("n", n, 0, 5));
  CHECK(items[1].path() == "a.items[1]");
  for (auto& i : items)
    i.finish();
  a->finish();
  r.finish();
  CHECK(src.ok());
  CHECK(text == "hello");
  CHECK(flag);
  CHECK(number == 7);
  CHECK(wait == 250ms);
  CHECK(list == std::vector<std::string>{"x", "y"});
  CHECK(k == "v");
  CHECK(n == 2);
}

TEST_CASE("every problem is reported at once, with file, line, column and key path") {
  config_source src("c.yaml");
  auto root = src.load_string(R"(a:
  flag: maybe
  number: 70
  wait: soon
  list: x
  nested: 3
  itms: []
)");
  map_reader r(src, root, "");
  auto a = r.map("a");
  bool flag = false;
  int number = 0;
  std::chrono::milliseconds wait{};
  std::vector<std::string> list;
  a->read("flag", flag);
  a->read("number", number, 0, 10);
  a->read("wait", wait, 0ms, 1s);
  a->read("list", list);
  a->map("nested");
  a->maps("items");
  a->require("needed");
  a->finish();
  auto text = all(src);
  CHECK(text.find("c.yaml:2:9: a.flag: expected true or false, got \"maybe\"") !=
        std::string::npos);
  CHECK(text.find("c.yaml:3:11: a.number: must be between 0 and 10, got 70") != std::string::npos);
  CHECK(text.find("c.yaml:4:9: a.wait: expected a duration") != std::string::npos);
  CHECK(text.find("c.yaml:5:9: a.list: expected a list") != std::string::npos);
  CHECK(text.find("c.yaml:6:11: a.nested: expected a mapping") != std::string::npos);
  CHECK(text.find("a: missing required key `needed`") != std::string::npos);
  CHECK(text.find("c.yaml:7:3: a.itms: unknown key; did you mean `items`?") != std::string::npos);
  CHECK(src.problems().size() == 7);
  CHECK(number == 0);
}

TEST_CASE("YAML syntax errors and unreadable files are problems, not crashes") {
  config_source src("c.yaml");
  src.load_string("a: [1, 2\nb: c\n");
  REQUIRE(src.problems().size() == 1);
  CHECK(src.problems()[0].message.find("YAML syntax error") == 0);
  CHECK(src.problems()[0].line > 0);

  config_source missing("/nonexistent/nutmqtt.yaml");
  missing.load();
  REQUIRE(missing.problems().size() == 1);
  CHECK(missing.problems()[0].to_string() ==
        "/nonexistent/nutmqtt.yaml: cannot open the configuration file");

  config_source list("c.yaml");
  list.load_string("- a\n- b\n");
  CHECK(list.problems().size() == 1);
}

TEST_CASE("choices suggest the nearest valid value") {
  config_source src("c.yaml");
  auto root = src.load_string("mode: requird\n");
  map_reader r(src, root, "");
  enum class mode { a, b };
  static constexpr choice<mode> kChoices[] = {{"required", mode::a}, {"off", mode::b}};
  mode m = mode::b;
  CHECK_FALSE(r.read<mode>("mode", m, kChoices));
  CHECK(all(src).find("\"requird\" is not one of: required, off (did you mean required?)") !=
        std::string::npos);
}

TEST_CASE("secrets come inline, from an environment variable or from a file") {
  nutmqtt::test::temp_dir dir;
  auto file = dir.write("pw", "from-file\n");
  ::setenv("NUTMQTT_TEST_SECRET", "from-env", 1);
  ::unsetenv("NUTMQTT_TEST_UNSET");
  config_source src("c.yaml");
  auto root = src.load_string(
      "a: { password: inline }\nb: { password: \"${NUTMQTT_TEST_SECRET}\" }\n"
      "c: { password_file: " +
      file.string() +
      " }\n"
      "d: { password: \"${NUTMQTT_TEST_UNSET}\" }\n"
      "e: { password: x, password_file: /y }\n"
      "f: { password_file: /nonexistent/pw }\n");
  map_reader r(src, root, "");
  secret a, b, c, d, e, f;
  CHECK(r.map("a")->read_secret("password", "password_file", a));
  CHECK(r.map("b")->read_secret("password", "password_file", b));
  CHECK(r.map("c")->read_secret("password", "password_file", c));
  CHECK_FALSE(r.map("d")->read_secret("password", "password_file", d));
  CHECK_FALSE(r.map("e")->read_secret("password", "password_file", e));
  CHECK_FALSE(r.map("f")->read_secret("password", "password_file", f));
  CHECK(a.reveal() == "inline");
  CHECK(b.reveal() == "from-env");
  CHECK(c.reveal() == "from-file");
  auto text = all(src);
  CHECK(text.find("environment variable NUTMQTT_TEST_UNSET is not set") != std::string::npos);
  CHECK(text.find("give either password or password_file, not both") != std::string::npos);
  CHECK(text.find("cannot read /nonexistent/pw: No such file") != std::string::npos);
  CHECK(fmt::format("{}", a) == secret::kMask);
}

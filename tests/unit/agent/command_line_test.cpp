#include "shutdown-agent/processes/command_line.hpp"

#include <doctest/doctest.h>

using namespace nutmqtt::agent;

namespace {

std::vector<std::string> split(std::string_view text) {
  std::string why;
  auto words = split_command(text, why);
  REQUIRE_MESSAGE(words, why);
  return *words;
}

std::string refused(std::string_view text) {
  std::string why;
  CHECK_FALSE(split_command(text, why));
  return why;
}

}  // namespace

TEST_CASE("a simple command is split as a shell splits it") {
  CHECK(split("/sbin/shutdown -h +0") == std::vector<std::string>{"/sbin/shutdown", "-h", "+0"});
  CHECK(split("  /bin/x   a\tb ") == std::vector<std::string>{"/bin/x", "a", "b"});
  CHECK(split(R"(/bin/x 'it''s' "a \"b\" \\ c" d\ e --opt=1)") ==
        std::vector<std::string>{"/bin/x", "its", "a \"b\" \\ c", "d e", "--opt=1"});
  CHECK(split("/bin/x ''") == std::vector<std::string>{"/bin/x", ""});
  CHECK(split("/bin/x 'a;b|c' '$HOME'") == std::vector<std::string>{"/bin/x", "a;b|c", "$HOME"});
}

TEST_CASE("what only a shell understands is refused, saying where") {
  CHECK(refused("logger x && /sbin/shutdown -h +0").find("'&' at character 10") !=
        std::string::npos);
  CHECK(refused("/bin/x; /bin/y").find("';'") != std::string::npos);
  CHECK(refused("/bin/x | /bin/y").find("'|'") != std::string::npos);
  CHECK(refused("/bin/x > /tmp/f").find("'>'") != std::string::npos);
  CHECK(refused("/bin/x $HOME").find("'$'") != std::string::npos);
  CHECK(refused("/bin/x \"$HOME\"").find("'$'") != std::string::npos);
  CHECK(refused("/bin/x `id`").find("'`'") != std::string::npos);
  CHECK(refused("/bin/x *.log").find("'*'") != std::string::npos);
  CHECK(refused("~/bin/x").find("'~'") != std::string::npos);
  CHECK(refused("FOO=1 /bin/x").find("sets a variable") != std::string::npos);
  CHECK(refused("/bin/x 'open").find("not closed") != std::string::npos);
}

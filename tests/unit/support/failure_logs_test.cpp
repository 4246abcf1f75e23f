// A failed test prints the end of the logs in its directory before the directory goes: what
// makes a CI failure readable from the test output alone.

#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "support/temp_dir.hpp"

using namespace nutmqtt::test;

namespace {

// What a temp_dir holding `logs` prints to stderr as it goes, with the test marked `failed`.
std::string printed_on_removal(bool failed, const std::string& log_text) {
  std::ostringstream captured;
  auto* before = std::cerr.rdbuf(captured.rdbuf());
  std::filesystem::path where;
  {
    temp_dir dir;
    where = dir.path();
    dir.write("daemon.log", log_text);
    dir.write("sub/server.log", "the server's last words\n");
    dir.write("config.yaml", "not a log\n");
    set_test_failed(failed);
  }
  set_test_failed(false);
  std::cerr.rdbuf(before);
  CHECK_FALSE(std::filesystem::exists(where));
  return captured.str();
}

}  // namespace

TEST_CASE("a failed test prints the last 60 lines of each log in its directory") {
  std::string log;
  for (int i = 1; i <= 100; ++i)
    log += "line " + std::to_string(i) + "\n";
  const auto out = printed_on_removal(true, log);
  CHECK(out.find("daemon.log -----") != std::string::npos);
  CHECK(out.find("line 41\n") != std::string::npos);
  CHECK(out.find("line 100\n") != std::string::npos);
  CHECK(out.find("line 40\n") == std::string::npos);
  CHECK(out.find("the server's last words") != std::string::npos);
  CHECK(out.find("not a log") == std::string::npos);
}

TEST_CASE("a passing test prints nothing") {
  CHECK(printed_on_removal(false, "line 1\n").empty());
}

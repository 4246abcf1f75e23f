#include "shutdown-agent/state_file.hpp"

#include <sys/stat.h>

#include <doctest/doctest.h>

#include "support/temp_dir.hpp"

using namespace nutmqtt::agent;
namespace fs = std::filesystem;

TEST_CASE("the state file is written whole, owner-only, and read back") {
  nutmqtt::test::temp_dir dir;
  const auto path = (dir / "deeper/still/agent.state").string();
  state_file f(path);
  std::string why;
  CHECK_FALSE(f.read(why));
  CHECK(why.empty());  // no file yet is no problem
  REQUIRE(f.write(R"({"format":1})", why));
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat((dir / "deeper/still").c_str(), &st) == 0);
  CHECK((st.st_mode & 0077) == 0);
  CHECK_FALSE(fs::exists(path + ".new"));
  state_file again(path);
  CHECK(again.read(why) == R"({"format":1})");
  // Unchanged content is not written again.
  fs::remove(path);
  REQUIRE(f.write(R"({"format":1})", why));
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("a state file that cannot be used says why") {
  nutmqtt::test::temp_dir dir;
  fs::create_directories(dir / "a.state");
  state_file f((dir / "a.state").string());
  std::string why;
  CHECK_FALSE(f.read(why));
  CHECK(why.find("is not a regular file") != std::string::npos);
  CHECK_FALSE(f.write("{}", why));
  CHECK(why.find("cannot rename") != std::string::npos);
}

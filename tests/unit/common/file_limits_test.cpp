#include "common/file_limits.hpp"

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "common/config_reader.hpp"
#include "common/secret.hpp"
#include "support/temp_dir.hpp"

using namespace nutmqtt::common;
namespace fs = std::filesystem;

namespace {
void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}
}  // namespace

TEST_CASE("a file within its limit is read whole") {
  nutmqtt::test::temp_dir dir;
  write(dir / "f", "abc\n");
  auto f = read_file_limited((dir / "f").string(), 4);
  REQUIRE(f);
  CHECK(*f.text == "abc\n");
  write(dir / "empty", "");
  CHECK(*read_file_limited((dir / "empty").string(), 0).text == "");
}

TEST_CASE("a file over its limit is refused, naming it") {
  nutmqtt::test::temp_dir dir;
  const auto path = (dir / "big").string();
  write(path, std::string(5, 'x'));
  auto f = read_file_limited(path, 4);
  CHECK_FALSE(f);
  CHECK(f.error == path + " is larger than 4 bytes (5 bytes)");
  CHECK_FALSE(f.missing);
}

TEST_CASE("devices, FIFOs and directories are refused without reading") {
  for (const char* path : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
    CAPTURE(path);
    auto f = read_file_limited(path, kMaxSecretFileBytes);
    CHECK_FALSE(f);
    CHECK(f.error.find(std::string(path) + " is not a regular file") == 0);
  }
  nutmqtt::test::temp_dir dir;
  const auto fifo = (dir / "fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(read_file_limited(fifo, 100).error.find("is not a regular file") != std::string::npos);
  CHECK(read_file_limited(dir.path().string(), 100).error.find("is not a regular file") !=
        std::string::npos);
}

TEST_CASE("a missing file says so, and a link is refused when links are not followed") {
  nutmqtt::test::temp_dir dir;
  auto missing = read_file_limited((dir / "nothing").string(), 100);
  CHECK(missing.missing);
  CHECK(missing.error.find("cannot read " + (dir / "nothing").string()) == 0);
  write(dir / "target", "x");
  fs::create_symlink(dir / "target", dir / "link");
  CHECK(*read_file_limited((dir / "link").string(), 100).text == "x");
  auto refused = read_file_limited((dir / "link").string(), 100, false);
  CHECK_FALSE(refused);
  CHECK(refused.error.find("is a symbolic link") != std::string::npos);
}

TEST_CASE("files named in a configuration are read within their limits") {
  nutmqtt::test::temp_dir dir;
  const auto big = dir.write("big.yaml", "a: " + std::string(kMaxConfigFileBytes, 'x') + "\n");
  config_source too_big(big.string());
  too_big.load();
  REQUIRE(too_big.problems().size() == 1);
  CHECK(too_big.problems()[0].message.find("is larger than 1048576 bytes") != std::string::npos);

  config_source src("c.yaml");
  auto root = src.load_string("a: { password_file: /dev/zero }\n");
  map_reader r(src, root, "");
  secret s;
  CHECK_FALSE(r.map("a")->read_secret("password", "password_file", s));
  REQUIRE(src.problems().size() == 1);
  CHECK(src.problems()[0].message ==
        "/dev/zero is not a regular file (a device, FIFO, socket or "
        "directory)");
}

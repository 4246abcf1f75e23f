#pragma once
// A private directory for one test, removed afterwards (kept when NUTMQTT_KEEP_TEST_DIRS is set,
// for looking at the logs of a failed run). When the test has failed, the end of every log in
// it (the servers' and daemons') is printed to stderr first.

#include <filesystem>
#include <string>

namespace nutmqtt::test {

class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  // Writes `text` to `name` (creating parent directories) and returns the full path.
  std::filesystem::path write(
      const std::string& name, const std::string& text,
      std::filesystem::perms perms = std::filesystem::perms::owner_read |
                                     std::filesystem::perms::owner_write) const;

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& p);

// Whether the running test case has failed so far (set by the test programs' doctest listener,
// support/doctest_main.cpp; benchmarks never set it).
void set_test_failed(bool failed);
bool test_failed();

}  // namespace nutmqtt::test

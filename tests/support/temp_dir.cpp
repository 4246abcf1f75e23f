#include "support/temp_dir.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <stdlib.h>
#include <string_view>
#include <vector>

namespace nutmqtt::test {
namespace {

std::atomic<bool> failed{false};

// The last `lines` lines of `text`.
std::string_view tail(std::string_view text, std::size_t lines) {
  std::size_t pos = text.size();
  if (pos > 0 && text[pos - 1] == '\n') --pos;
  for (std::size_t n = 0; n < lines && pos > 0; ++n) {
    pos = text.rfind('\n', pos - 1);
    if (pos == std::string_view::npos) return text;
  }
  return pos == 0 ? text : text.substr(pos + 1);
}

// The end of every *.log below `dir`, in name order.
void print_logs(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> logs;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".log") logs.push_back(it->path());
  }
  std::sort(logs.begin(), logs.end());
  constexpr std::size_t kLines = 60;
  for (const auto& p : logs) {
    const std::string text = read_file(p);
    std::cerr << "----- the last " << kLines << " lines of " << p.string() << " -----\n"
              << tail(text, kLines) << (text.empty() || text.back() == '\n' ? "" : "\n");
  }
}

}  // namespace

void set_test_failed(bool f) {
  failed = f;
}

bool test_failed() {
  return failed;
}

temp_dir::temp_dir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/nutmqtt-test-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = buf.data();
}

temp_dir::~temp_dir() {
  if (test_failed()) print_logs(path_);
  if (std::getenv("NUTMQTT_KEEP_TEST_DIRS") != nullptr) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path temp_dir::write(const std::string& name, const std::string& text,
                                      std::filesystem::perms perms) const {
  auto p = path_ / name;
  std::filesystem::create_directories(p.parent_path());
  {
    std::ofstream out(p, std::ios::trunc);
    out << text;
  }
  std::filesystem::permissions(p, perms);
  return p;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace nutmqtt::test

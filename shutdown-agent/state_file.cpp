#include "shutdown-agent/state_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "common/fd_guard.hpp"
#include "common/file_limits.hpp"

namespace nutmqtt::agent {
namespace {

namespace fs = std::filesystem;
using common::fd_guard;

std::string error_text(int err) {
  return std::strerror(err);
}

bool write_all(int fd, const std::string& content) {
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Opens `path` for writing, owner-only; a missing directory (a state_file of the user's
// choice) is made first, private as the control socket's.
int open_for_writing(const std::string& path) {
  const int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW;
  int fd = ::open(path.c_str(), flags, 0600);
  if (fd >= 0 || errno != ENOENT) return fd;
  std::error_code ec;
  const auto dir = fs::path(path).parent_path();
  if (!fs::create_directories(dir, ec) || ec) return fd;
  fs::permissions(dir, fs::perms::owner_all, ec);
  return ::open(path.c_str(), flags, 0600);
}

}  // namespace

std::optional<std::string> state_file::read(std::string& why) const {
  why.clear();
  // Not followed through a symbolic link: the agent writes this file as root.
  auto file = common::read_file_limited(path_, common::kMaxStateFileBytes, false);
  if (!file) {
    if (!file.missing) why = "unusable state file: " + file.error;
    return std::nullopt;
  }
  last_ = *file.text;
  return std::move(file.text);
}

bool state_file::write(const std::string& content, std::string& why) {
  if (content == last_) return true;
  const std::string temp = path_ + ".new";
  {
    fd_guard fd(open_for_writing(temp));
    if (fd.get() < 0 || !write_all(fd.get(), content)) {
      why = fmt::format("cannot write {}: {}", temp, error_text(errno));
      ::unlink(temp.c_str());
      return false;
    }
  }
  if (::rename(temp.c_str(), path_.c_str()) != 0) {
    why = fmt::format("cannot rename {} to {}: {}", temp, path_, error_text(errno));
    ::unlink(temp.c_str());
    return false;
  }
  last_ = content;
  return true;
}

}  // namespace nutmqtt::agent

#include "common/file_limits.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "common/fd_guard.hpp"

namespace nutmqtt::common {
namespace {

file_text fail(std::string why, bool missing = false) {
  return {std::nullopt, std::move(why), missing};
}

}  // namespace

file_text read_file_limited(const std::string& path, std::size_t max_bytes, bool follow_links) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
  int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;
  if (!follow_links) flags |= O_NOFOLLOW;
  fd_guard fd(::open(path.c_str(), flags));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ELOOP && !follow_links) {
      return fail(fmt::format("{} is a symbolic link; give the file itself", path));
    }
    return fail(fmt::format("cannot read {}: {}", path, std::strerror(err)), err == ENOENT);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return fail(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return fail(
        fmt::format("{} is not a regular file (a device, FIFO, socket or directory)", path));
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    return fail(fmt::format("{} is larger than {} bytes ({} bytes)", path, max_bytes, st.st_size));
  }
  // The size is read again while reading: a file that grows meanwhile is still cut off.
  std::string content;
  char buffer[8192];
  while (true) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    if (n == 0) break;
    if (content.size() + static_cast<std::size_t>(n) > max_bytes) {
      return fail(fmt::format("{} is larger than {} bytes", path, max_bytes));
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
  return {std::move(content), {}, false};
}

}  // namespace nutmqtt::common

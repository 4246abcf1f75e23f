#pragma once
// Closes a POSIX file descriptor when it goes out of scope (-1: nothing to close).

#include <unistd.h>

namespace nutmqtt::common {

class fd_guard {
 public:
  explicit fd_guard(int fd) : fd_(fd) {}
  ~fd_guard() {
    if (fd_ >= 0) ::close(fd_);
  }
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace nutmqtt::common

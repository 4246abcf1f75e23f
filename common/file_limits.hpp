#pragma once
// Every file nutmqtt reads because the configuration names it (the configuration itself,
// password and key files, the agent's state file, an imported upssched.conf or upsmon.conf) is
// read through read_file_limited(): a device (/dev/zero, /dev/urandom), a FIFO or a directory
// is refused with a message naming the file instead of hanging or exhausting memory, and so is
// a file larger than what the program could sensibly have been given.

#include <cstddef>
#include <optional>
#include <string>

namespace nutmqtt::common {

inline constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;    // YAML configuration
inline constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;      // password_file, sign_key_file
inline constexpr std::size_t kMaxStateFileBytes = 1024 * 1024;     // the agent's state_file
inline constexpr std::size_t kMaxImportedFileBytes = 1024 * 1024;  // upssched.conf, upsmon.conf

struct file_text {
  std::optional<std::string> text;
  std::string error;     // "cannot read <path>: ...", "<path> is not a regular file", ...
  bool missing = false;  // the file does not exist (some callers treat that as "nothing yet")
  explicit operator bool() const { return text.has_value(); }
};

// Reads a regular file of at most `max_bytes`. With follow_links false, a symbolic link is
// refused too (files the program writes itself, where a link could redirect the write).
file_text read_file_limited(const std::string& path, std::size_t max_bytes,
                            bool follow_links = true);

}  // namespace nutmqtt::common

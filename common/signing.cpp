#include "common/signing.hpp"

#include <array>
#include <sys/stat.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "common/file_limits.hpp"

namespace nutmqtt::common {
namespace {

constexpr std::size_t kMinKeyBytes = 16;

std::string trim(std::string s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && blank(s.back()))
    s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && blank(s[start]))
    ++start;
  return s.substr(start);
}

}  // namespace

std::optional<secret> read_key_file(const std::string& path, std::string& why) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    why = fmt::format("cannot read the key file {}", path);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    why = fmt::format("the key file {} is not a regular file", path);
    return std::nullopt;
  }
  if ((st.st_mode & 077) != 0) {
    why = fmt::format("the key file {} may be read by others (mode {:04o}): chmod 600 {}", path,
                      st.st_mode & 07777, path);
    return std::nullopt;
  }
  auto file = read_file_limited(path, kMaxSecretFileBytes);
  if (!file) {
    why = "the key file is unusable: " + file.error;
    return std::nullopt;
  }
  auto key = trim(*file.text);
  if (key.size() < kMinKeyBytes) {
    why = fmt::format(
        "the key in {} is shorter than {} bytes: make one with "
        "`openssl rand -hex 32 > {}`",
        path, kMinKeyBytes, path);
    return std::nullopt;
  }
  return secret(std::move(key));
}

std::optional<std::string> canonical_bytes(std::string_view payload) {
  auto j = nlohmann::json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  j.erase("sig");
  // nlohmann::json keeps object keys sorted: dump() is canonical.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string hmac_sha256_hex(const secret& key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  const auto& k = key.reveal();
  HMAC(EVP_sha256(), k.data(), static_cast<int>(k.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &length);
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i)
    hex += fmt::format("{:02x}", mac[i]);
  return hex;
}

std::string sign_payload(std::string_view payload, const secret& key) {
  auto canonical = canonical_bytes(payload);
  if (!canonical) return std::string(payload);
  auto ordered = nlohmann::ordered_json::parse(payload, nullptr, false);
  ordered.erase("sig");
  ordered["sig"] = hmac_sha256_hex(key, *canonical);
  return ordered.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool verify_payload(std::string_view payload, const secret& key) {
  auto j = nlohmann::json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  auto sig = j.find("sig");
  if (sig == j.end() || !sig->is_string()) return false;
  const auto given = sig->get<std::string>();
  auto canonical = canonical_bytes(payload);
  if (!canonical) return false;
  const auto expected = hmac_sha256_hex(key, *canonical);
  return given.size() == expected.size() &&
         CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

}  // namespace nutmqtt::common

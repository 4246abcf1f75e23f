#pragma once
// A self-signed certificate for "localhost" and 127.0.0.1, made by the openssl command for one
// test (servers present it; clients trust exactly it).

#include <filesystem>

#include "support/temp_dir.hpp"

namespace nutmqtt::test {

struct certificate_files {
  std::filesystem::path certificate;  // PEM, also what a client trusts
  std::filesystem::path private_key;  // PEM
};

// Writes <dir>/<name>.pem and <dir>/<name>-key.pem; throws when openssl fails.
certificate_files make_certificate(const temp_dir& dir, const std::string& name = "cert");

}  // namespace nutmqtt::test

#include "support/tls_certificate.hpp"

#include <stdexcept>

#include "support/child_process.hpp"

namespace nutmqtt::test {

certificate_files make_certificate(const temp_dir& dir, const std::string& name) {
  certificate_files files{dir / (name + ".pem"), dir / (name + "-key.pem")};
  auto result =
      run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
           "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout",
           files.private_key.string(), "-out", files.certificate.string()},
          std::chrono::seconds(60));
  if (result.status != 0) throw std::runtime_error("openssl req failed: " + result.output);
  return files;
}

}  // namespace nutmqtt::test

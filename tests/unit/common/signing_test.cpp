#include "common/signing.hpp"

#include <sys/stat.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"

using namespace nutmqtt::common;
namespace fs = std::filesystem;

TEST_CASE("HMAC-SHA256 matches the RFC 4231 test vector") {
  secret key(std::string(20, '\x0b'));
  CHECK(hmac_sha256_hex(key, "Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST_CASE("signatures cover the canonical bytes, whatever the key order or spacing") {
  secret key("0123456789abcdef0123456789abcdef");
  auto signed_payload = sign_payload(R"({"event_type":"ONBATT","ups":"nas","seq":17})", key);
  CHECK(signed_payload.find(R"("sig":")") != std::string::npos);
  CHECK(signed_payload.starts_with(R"({"event_type":"ONBATT")"));
  CHECK(verify_payload(signed_payload, key));
  auto j = nlohmann::json::parse(signed_payload);
  // Same content, other order and spacing: still valid.
  std::string reordered = R"({ "seq": 17, "ups": "nas", "event_type": "ONBATT", "sig": ")" +
                          j["sig"].get<std::string>() + "\" }";
  CHECK(verify_payload(reordered, key));
}

TEST_CASE("forged, altered, unsigned and wrongly keyed payloads fail") {
  secret key("0123456789abcdef0123456789abcdef");
  secret other("fedcba9876543210fedcba9876543210");
  auto good = sign_payload(R"({"event_type":"ONBATT","ups":"nas","seq":17})", key);
  auto altered = good;
  altered.replace(altered.find("ONBATT"), 6, "ONLINE");
  CHECK_FALSE(verify_payload(altered, key));
  CHECK_FALSE(verify_payload(good, other));
  CHECK_FALSE(verify_payload(R"({"event_type":"ONBATT","ups":"nas","seq":17})", key));
  CHECK_FALSE(verify_payload(R"({"event_type":"ONBATT","sig":3})", key));
  CHECK_FALSE(verify_payload("not json", key));
  CHECK_FALSE(verify_payload(R"({"sig":"00"})", key));
  CHECK(sign_payload("[1]", key) == "[1]");
}

TEST_CASE("key files must be private, regular and long enough") {
  nutmqtt::test::temp_dir dir;
  std::string why;
  auto good = dir.write("key", "0123456789abcdef0123456789abcdef\n");
  auto key = read_key_file(good.string(), why);
  REQUIRE(key);
  CHECK(key->reveal() == "0123456789abcdef0123456789abcdef");

  auto open = dir.write("open", "0123456789abcdef0123456789abcdef\n",
                        fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                            fs::perms::others_read);
  CHECK_FALSE(read_key_file(open.string(), why));
  CHECK(why.find("may be read by others (mode 0644): chmod 600") != std::string::npos);

  auto short_key = dir.write("short", "abc\n");
  CHECK_FALSE(read_key_file(short_key.string(), why));
  CHECK(why.find("openssl rand -hex 32") != std::string::npos);

  CHECK_FALSE(read_key_file((dir / "missing").string(), why));
  CHECK(why.find("cannot read") != std::string::npos);
  CHECK_FALSE(read_key_file(dir.path().string(), why));
  CHECK(why.find("not a regular file") != std::string::npos);
}

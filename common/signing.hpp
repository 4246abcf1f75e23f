#pragma once
// Signed payloads (opt-in): HMAC-SHA256 over a payload's canonical bytes, carried in its
// "sig" field. The canonical bytes are the JSON object without "sig", with sorted keys and no
// blanks, so that signer and verifier agree whatever order or spacing travelled on MQTT.

#include <optional>
#include <string>
#include <string_view>

#include "common/secret.hpp"

namespace nutmqtt::common {

// Reads a key file: its content, surrounding blanks trimmed, at least 16 bytes. Refuses a file
// that its group or others may read or write, or that is not a regular file; `why` then says
// what to do.
std::optional<secret> read_key_file(const std::string& path, std::string& why);

// The canonical bytes of a JSON object payload (without "sig"); nullopt if not a JSON object.
std::optional<std::string> canonical_bytes(std::string_view payload);

// Lower-case hex HMAC-SHA256 of `data`.
std::string hmac_sha256_hex(const secret& key, std::string_view data);

// Adds "sig" to a JSON object payload (keeping its key order). Returns the payload unchanged
// if it is not a JSON object.
std::string sign_payload(std::string_view payload, const secret& key);

// True when the payload carries a "sig" that matches its canonical bytes (compared in
// constant time).
bool verify_payload(std::string_view payload, const secret& key);

}  // namespace nutmqtt::common

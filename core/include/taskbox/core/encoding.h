#pragma once
// Byte encodings and digests: base64 (RFC 4648 section 4, padded), base64url without
// padding (RFC 7515 section 2), lower-case hex, SHA-256, HMAC-SHA-256 and keyed BLAKE2b.

#include <optional>
#include <string>
#include <string_view>

namespace taskbox::core {

std::string base64_encode(std::string_view bytes);
std::string base64url_encode(std::string_view bytes);
// nullopt on any character outside the base64url alphabet, or on padding.
std::optional<std::string> base64url_decode(std::string_view text);
std::string hex_encode(std::string_view bytes);
// The 32-byte SHA-256 digest of `bytes`.
std::string sha256_digest(std::string_view bytes);
// The 32-byte HMAC-SHA-256 of `bytes` under `key` (any length).
std::string hmac_sha256(std::string_view key, std::string_view bytes);
// The 32-byte keyed BLAKE2b digest of `bytes` (libsodium's crypto_generichash); `key`
// must be 16 to 64 bytes. For identifiers that must not be reversible by guessing.
std::string keyed_digest(std::string_view key, std::string_view bytes);
// True when two secrets are equal, in a time that depends on neither (their SHA-256
// digests are compared in constant time, so not even the length leaks).
bool secrets_equal(std::string_view a, std::string_view b);

}  // namespace taskbox::core

#include "taskbox/core/encoding.h"

#include <sodium.h>

#include <stdexcept>

#include "taskbox/core/random.h"

namespace taskbox::core {
namespace {

std::string encode(std::string_view bytes, int variant) {
  ensure_sodium();
  const std::size_t size = sodium_base64_encoded_len(bytes.size(), variant);
  std::string out(size, '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(size - 1);  // drop the terminating NUL
  return out;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  return encode(bytes, sodium_base64_VARIANT_ORIGINAL);
}

std::string base64url_encode(std::string_view bytes) {
  return encode(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::string> base64url_decode(std::string_view text) {
  ensure_sodium();
  std::string out(text.size() * 3 / 4 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

std::string hex_encode(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

std::string sha256_digest(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

std::string hmac_sha256(std::string_view key, std::string_view bytes) {
  ensure_sodium();
  unsigned char digest[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  crypto_auth_hmacsha256_final(&state, digest);
  sodium_memzero(&state, sizeof state);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

bool secrets_equal(std::string_view a, std::string_view b) {
  const std::string digest_a = sha256_digest(a);
  const std::string digest_b = sha256_digest(b);
  return crypto_verify_32(reinterpret_cast<const unsigned char*>(digest_a.data()),
                          reinterpret_cast<const unsigned char*>(digest_b.data())) == 0;
}

std::string keyed_digest(std::string_view key, std::string_view bytes) {
  ensure_sodium();
  if (key.size() < crypto_generichash_KEYBYTES_MIN || key.size() > crypto_generichash_KEYBYTES_MAX) {
    throw std::invalid_argument("keyed_digest: the key must be 16 to 64 bytes");
  }
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                     reinterpret_cast<const unsigned char*>(key.data()), key.size());
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

}  // namespace taskbox::core

#include "better_auth_password.h"

#include <sodium.h>
#include <utf8proc.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace taskbox::core::detail {
namespace {

constexpr unsigned long long kScryptN = 16384;
constexpr unsigned int kScryptR = 16;
constexpr unsigned int kScryptP = 1;
constexpr std::size_t kKeyBytes = 64;
constexpr std::size_t kMaxSaltHex = 128;

bool is_lower_hex(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// The NFKC form of `text` (JavaScript's normalize("NFKC")), or nullopt when it is not
// valid UTF-8. The same options as utf8proc_NFKC(), with the length given rather than
// up to a NUL, so a password holding U+0000 normalises as JavaScript's would.
std::optional<std::string> nfkc(std::string_view text) {
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
                   &mapped, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (length < 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(owned.get()), static_cast<std::size_t>(length));
}

}  // namespace

bool is_better_auth_hash(std::string_view encoded) {
  const auto colon = encoded.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view salt = encoded.substr(0, colon);
  const std::string_view key = encoded.substr(colon + 1);
  return salt.size() <= kMaxSaltHex && is_lower_hex(salt) && key.size() == 2 * kKeyBytes && is_lower_hex(key);
}

bool verify_better_auth_hash(std::string_view encoded, std::string_view password) {
  if (!is_better_auth_hash(encoded)) return false;
  const auto colon = encoded.find(':');
  const std::string_view salt = encoded.substr(0, colon);
  unsigned char expected[kKeyBytes];
  if (sodium_hex2bin(expected, sizeof expected, encoded.data() + colon + 1, 2 * kKeyBytes, nullptr, nullptr,
                     nullptr) != 0) {
    return false;
  }
  const auto normalized = nfkc(password);
  if (!normalized) return false;
  unsigned char derived[kKeyBytes];
  // NOTE: the salt is the hex text, not the bytes it spells: Better Auth passes the
  // string to scrypt.
  if (crypto_pwhash_scryptsalsa208sha256_ll(reinterpret_cast<const std::uint8_t*>(normalized->data()),
                                            normalized->size(), reinterpret_cast<const std::uint8_t*>(salt.data()),
                                            salt.size(), kScryptN, kScryptR, kScryptP, derived,
                                            sizeof derived) != 0) {
    return false;
  }
  const bool same = sodium_memcmp(derived, expected, sizeof derived) == 0;
  sodium_memzero(derived, sizeof derived);
  return same;
}

}  // namespace taskbox::core::detail

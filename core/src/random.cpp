#include "taskbox/core/random.h"

#include "taskbox/core/encoding.h"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace taskbox::core {

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  });
}

std::string new_uuid_v4() {
  ensure_sodium();
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0F]);
  }
  return out;
}

std::string random_bytes(std::size_t count) {
  ensure_sodium();
  std::string raw(count, '\0');
  randombytes_buf(raw.data(), raw.size());
  return raw;
}

std::string random_hex(std::size_t bytes) { return hex_encode(random_bytes(bytes)); }

std::string random_alphanumeric(std::size_t count) {
  ensure_sodium();
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
  }
  return out;
}

}  // namespace taskbox::core

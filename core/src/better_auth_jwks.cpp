#include "taskbox/core/better_auth_jwks.h"

#include <sodium.h>

#include <stdexcept>

#include "json_reader.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/json_writer.h"
#include "taskbox/core/random.h"

namespace taskbox::core {
namespace {

const unsigned char* jwks_bytes_of(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

std::optional<std::string> jwks_hex_decode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  std::size_t written = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr,
                     &written, nullptr) != 0 ||
      written != out.size()) {
    return std::nullopt;
  }
  return out;
}

std::string jwks_cipher_key(std::string_view secret) { return sha256_digest(secret); }

// A member of a JWK that must be a string; nullopt when absent or of another type.
std::optional<std::string> jwk_string(const picojson::object& jwk, const char* name) {
  const auto it = jwk.find(name);
  if (it == jwk.end() || !it->second.is<std::string>()) return std::nullopt;
  return it->second.get<std::string>();
}

bool is_ed25519_jwk(const picojson::object& jwk) {
  return jwk_string(jwk, "kty") == "OKP" && jwk_string(jwk, "crv") == "Ed25519";
}

}  // namespace

std::string better_auth_encrypt(std::string_view secret, std::string_view plaintext) {
  return better_auth_encrypt(secret, plaintext, random_bytes(kBetterAuthNonceBytes));
}

std::string better_auth_encrypt(std::string_view secret, std::string_view plaintext, std::string_view nonce) {
  static_assert(kBetterAuthNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  ensure_sodium();
  if (nonce.size() != kBetterAuthNonceBytes) throw std::invalid_argument("an XChaCha20 nonce is 24 bytes");
  const std::string key = jwks_cipher_key(secret);
  std::string sealed(nonce);
  sealed.resize(nonce.size() + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(sealed.data()) + nonce.size(), &length,
                                             jwks_bytes_of(plaintext), plaintext.size(), nullptr, 0, nullptr,
                                             jwks_bytes_of(nonce), jwks_bytes_of(key));
  sealed.resize(nonce.size() + static_cast<std::size_t>(length));
  return hex_encode(sealed);
}

std::optional<std::string> better_auth_decrypt(std::string_view secret, std::string_view hex) {
  ensure_sodium();
  const auto sealed = jwks_hex_decode(hex);
  constexpr std::size_t overhead = kBetterAuthNonceBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!sealed || sealed->size() < overhead) return std::nullopt;
  const std::string key = jwks_cipher_key(secret);
  const std::string_view nonce = std::string_view(*sealed).substr(0, kBetterAuthNonceBytes);
  const std::string_view ciphertext = std::string_view(*sealed).substr(kBetterAuthNonceBytes);
  std::string plaintext(ciphertext.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plaintext.data()), &length, nullptr,
                                                 jwks_bytes_of(ciphertext), ciphertext.size(), nullptr, 0,
                                                 jwks_bytes_of(nonce), jwks_bytes_of(key)) != 0) {
    return std::nullopt;
  }
  plaintext.resize(static_cast<std::size_t>(length));
  return plaintext;
}

std::string stored_public_jwk(const Ed25519Key& key) {
  JsonWriter jwk;
  jwk.begin_object()
      .member("crv", "Ed25519")
      .member("x", base64url_encode(key.public_key()))
      .member("kty", "OKP")
      .end_object();
  return std::move(jwk).str();
}

std::optional<std::string> public_key_of_stored_jwk(std::string_view public_jwk_json) {
  const auto jwk = detail::try_parse_object(public_jwk_json);
  if (!jwk || !is_ed25519_jwk(*jwk)) return std::nullopt;
  const auto x = jwk_string(*jwk, "x");
  auto public_key = x ? base64url_decode(*x) : std::nullopt;
  if (!public_key || public_key->size() != Ed25519Key::kPublicKeyBytes) return std::nullopt;
  return public_key;
}

std::string seal_private_jwk(std::string_view secret, const Ed25519Key& key) {
  JsonWriter jwk;
  jwk.begin_object()
      .member("crv", "Ed25519")
      .member("d", base64url_encode(key.seed()))
      .member("x", base64url_encode(key.public_key()))
      .member("kty", "OKP")
      .end_object();
  JsonWriter stored;
  stored.value(better_auth_encrypt(secret, std::move(jwk).str()));
  return std::move(stored).str();
}

std::optional<Ed25519Key> open_private_jwk(std::string_view secret, std::string kid, std::string_view stored) {
  std::optional<std::string> jwk_json;
  if (!stored.empty() && stored.front() == '{') {
    jwk_json = std::string(stored);
  } else {
    std::string hex(stored);
    if (!stored.empty() && stored.front() == '"') {
      picojson::value literal;
      const std::string error = picojson::parse(literal, hex);
      if (!error.empty() || !literal.is<std::string>()) return std::nullopt;
      hex = literal.get<std::string>();
    }
    jwk_json = better_auth_decrypt(secret, hex);
  }
  const auto jwk = jwk_json ? detail::try_parse_object(*jwk_json) : std::nullopt;
  if (!jwk || !is_ed25519_jwk(*jwk)) return std::nullopt;
  const auto d = jwk_string(*jwk, "d");
  const auto seed = d ? base64url_decode(*d) : std::nullopt;
  if (!seed || seed->size() != Ed25519Key::kSeedBytes) return std::nullopt;
  Ed25519Key key = Ed25519Key::from_seed(std::move(kid), *seed);
  const auto x = jwk_string(*jwk, "x");
  if (x && base64url_decode(*x) != key.public_key()) return std::nullopt;
  return key;
}

std::string jwks_entry(std::string_view kid, std::string_view public_key) {
  JsonWriter jwk;
  jwk.begin_object()
      .member("alg", "EdDSA")
      .member("crv", "Ed25519")
      .member("x", base64url_encode(public_key))
      .member("kty", "OKP")
      .member("kid", kid)
      .end_object();
  return std::move(jwk).str();
}

}  // namespace taskbox::core

#pragma once
// EdDSA (Ed25519) JSON Web Tokens and their public keys as JWKs (RFC 8037), written on
// libsodium: the tokens Better Auth's JWT plugin issues. A service that only holds the
// public key (from /api/auth/jwks) can verify them; none of them needs the secret.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "taskbox/core/clock.h"
#include "taskbox/core/jwt.h"

namespace taskbox::core {

// One signing key. The seed is the private JWK's "d" (RFC 8037): with it, a key made
// elsewhere (an imported Better Auth key) signs exactly as it did there.
class Ed25519Key {
 public:
  static constexpr std::size_t kSeedBytes = 32;
  static constexpr std::size_t kPublicKeyBytes = 32;

  // A new random key.
  static Ed25519Key generate(std::string kid);
  // The key of `seed` (32 bytes); throws std::invalid_argument for another size.
  static Ed25519Key from_seed(std::string kid, std::string_view seed);

  const std::string& kid() const { return kid_; }
  const std::string& seed() const { return seed_; }
  const std::string& public_key() const { return public_key_; }
  // {"alg":"EdDSA","crv":"Ed25519","x":...,"kty":"OKP","kid":...}: what a JWKS lists.
  std::string public_jwk() const;
  // The 64-byte signature of `message`.
  std::string sign(std::string_view message) const;

 private:
  Ed25519Key(std::string kid, std::string seed, std::string public_key, std::string secret_key);

  std::string kid_;
  std::string seed_;
  std::string public_key_;
  std::string secret_key_;  // libsodium's form: seed then public key
};

// True when `token` is a compact JWS whose header names alg EdDSA: which verifier to ask.
// Nothing is verified here.
bool is_eddsa_token(std::string_view token);

// The public key (32 bytes) of a key id, or nullopt when no key of that id is known.
using PublicKeyLookup = std::function<std::optional<std::string>(std::string_view kid)>;

class Ed25519Jwt {
 public:
  // Every token carries `iss` = issuer and `aud` = audience (Better Auth: both its base
  // URL), and only tokens carrying both verify.
  Ed25519Jwt(std::string issuer, std::string audience, Clock clock);

  // A token of `payload_json` (a JSON object; its registered claims are the caller's)
  // signed by `key`, with the header {"alg":"EdDSA","kid":<kid>}.
  std::string sign(const Ed25519Key& key, std::string_view payload_json) const;

  // The claims of a valid token: alg EdDSA, a `kid` that `public_key_of` knows, a good
  // signature, then the same claim checks as JwtCodec::verify but `iss` and `aud`
  // required. Throws core::Error: token_expired past `exp`, invalid_token otherwise.
  TokenClaims verify(std::string_view token, const PublicKeyLookup& public_key_of) const;

  const std::string& issuer() const { return issuer_; }
  const std::string& audience() const { return audience_; }

 private:
  std::string issuer_;
  std::string audience_;
  Clock clock_;
};

}  // namespace taskbox::core

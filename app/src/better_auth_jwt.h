#pragma once
// The tokens of Better Auth's JWT plugin (better-auth 1.7.25): EdDSA JWTs of a user that
// another service verifies with the public keys of /api/auth/jwks, without the secret.
// The keys live in the store (Better Auth's jwks rows); no HTTP here.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "taskbox/core/clock.h"
#include "taskbox/core/ed25519_jwt.h"
#include "taskbox/core/jwt.h"
#include "taskbox/core/model.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::app {

// How long a key signs and how long it verifies after. Better Auth's jwks.rotationInterval
// and jwks.gracePeriod, except that taskbox rotates by default.
struct KeyRotation {
  std::int64_t rotation_ms = 30LL * 24 * 3600 * 1000;
  std::int64_t grace_ms = 30LL * 24 * 3600 * 1000;  // at least a token's lifetime
};

// The signing keys, read from the store and kept in memory. A key taskbox creates expires
// `rotation_ms` after its creation; the newest key not expired signs, and when there is
// none (or only a key without expiry, from Better Auth or an older taskbox, older than
// `rotation_ms`), the keys are read again (another instance sharing the database may have
// rotated) and then a new one is created. A key without expiry that no longer signs is
// retired: given expires_at = now, so it is published for the grace period and then
// dropped. Instances that rotate at once each create a key; every stored key verifies.
// Thread-safe.
class SigningKeys {
 public:
  // Unknown key ids reload the keys from the store at most this often.
  static constexpr std::chrono::seconds kReloadInterval{5};

  // `secret` encrypts the private keys (BETTER_AUTH_SECRET).
  SigningKeys(storage::JwksRepository& store, std::string secret, core::Clock clock, KeyRotation rotation = {});

  // The key new tokens are signed with: the newest one not expired, created when there is
  // none. Throws core::Error internal_error when its private key does not decrypt with
  // this secret (written by a server with another one).
  core::Ed25519Key signing_key();
  // The JWKS entries (core::jwks_entry) of every Ed25519 key not past its expiry and the
  // grace period, oldest first; the keys rotate first when due, so the key that signs next
  // is among them.
  std::vector<std::string> public_jwks();
  // The public key of `kid` while it is published, for verifying; a kid not known reloads
  // the keys from the store, at most once per kReloadInterval (another instance may have
  // created it).
  std::optional<std::string> public_key(std::string_view kid);

 private:
  struct Known {
    storage::JwkRecord record;
    std::string public_key;  // empty: not an Ed25519 key
  };
  void load_locked();
  void rotate_if_due_locked();
  const Known* signer_locked(std::int64_t now_ms) const;
  bool stale_without_expiry(const Known& key, std::int64_t now_ms) const;
  bool published_locked(const Known& key, std::int64_t now_ms) const;

  storage::JwksRepository& store_;
  std::string secret_;
  core::Clock clock_;
  KeyRotation rotation_;
  std::mutex mutex_;
  std::vector<Known> keys_;
  std::optional<std::int64_t> loaded_at_ms_;  // by clock_
  std::optional<core::Ed25519Key> signing_;  // the decrypted key last signed with
};

// Issues and verifies the plugin's tokens. `base_url` is the issuer and audience: the
// public URL (BETTER_AUTH_URL) or the origin of the request, as Better Auth infers it.
class BetterAuthJwt {
 public:
  static constexpr std::int64_t kLifetimeSeconds = 15 * 60;  // Better Auth's "15m"

  BetterAuthJwt(SigningKeys& keys, core::Clock clock) : keys_(keys), clock_(std::move(clock)) {}

  // {"alg":"EdDSA","kid"} over Better Auth's payload: iat, the user as its session
  // serialises it, sub (the user id), exp (15 minutes on), iss, aud.
  std::string issue(const core::User& user, const std::string& base_url) const;
  // The claims of a token issued for `base_url` by any stored key; throws core::Error
  // invalid_token, token_expired (core::Ed25519Jwt::verify).
  core::TokenClaims verify(std::string_view token, const std::string& base_url) const;

 private:
  SigningKeys& keys_;
  core::Clock clock_;
};

}  // namespace taskbox::app

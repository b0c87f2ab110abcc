#pragma once
// The rows of Better Auth's `jwks` table (its JWT plugin, better-auth 1.7.25), read and
// written on libsodium: the public key as a JWK, the private key as a JWK encrypted with
// the server secret the way Better Auth's symmetricEncrypt does it with a string secret.
// A row taskbox writes is one Better Auth reads, and the other way round.

#include <optional>
#include <string>
#include <string_view>

#include "taskbox/core/ed25519_jwt.h"

namespace taskbox::core {

inline constexpr std::size_t kBetterAuthNonceBytes = 24;

// Better Auth's symmetricEncrypt({key: secret, data}) with a string secret:
// XChaCha20-Poly1305 (IETF) under SHA-256(secret), a random 24-byte nonce, no associated
// data; lower-case hex of nonce || ciphertext || tag.
std::string better_auth_encrypt(std::string_view secret, std::string_view plaintext);
// The same with a given nonce (kBetterAuthNonceBytes), for tests that need one output;
// throws std::invalid_argument for another size.
std::string better_auth_encrypt(std::string_view secret, std::string_view plaintext, std::string_view nonce);
// symmetricDecrypt: the plaintext, or nullopt when `hex` is not such a value (not hex,
// too short) or was not made with this secret (the tag does not verify).
std::optional<std::string> better_auth_decrypt(std::string_view secret, std::string_view hex);

// The `publicKey` column: the JWK jose's exportJWK writes, {"crv","x","kty"}.
std::string stored_public_jwk(const Ed25519Key& key);
// The 32-byte public key of a `publicKey` column: an OKP Ed25519 JWK with a valid `x`;
// nullopt for anything else (another kind of key, a broken value).
std::optional<std::string> public_key_of_stored_jwk(std::string_view public_jwk_json);

// The `privateKey` column as Better Auth writes it: JSON.stringify of the encrypted
// private JWK {"crv","d","x","kty"}, i.e. a JSON string literal holding the hex.
std::string seal_private_jwk(std::string_view secret, const Ed25519Key& key);
// The key of a `privateKey` column: the JSON string literal Better Auth writes (or the
// bare hex inside it) decrypted with `secret`, or, as Better Auth stores it with
// `disablePrivateKeyEncryption`, the private JWK itself. nullopt when it does not decrypt
// with this secret, is no Ed25519 private JWK, or its `x` is not its `d`'s public key.
std::optional<Ed25519Key> open_private_jwk(std::string_view secret, std::string kid, std::string_view stored);

// The JWKS entry of a public key: {"alg":"EdDSA","crv":"Ed25519","x","kty":"OKP","kid"},
// the members in the order Better Auth's /jwks sends them.
std::string jwks_entry(std::string_view kid, std::string_view public_key);

}  // namespace taskbox::core

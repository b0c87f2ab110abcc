#include "taskbox/core/ed25519_jwt.h"

#include <sodium.h>

#include <stdexcept>

#include "json_reader.h"
#include "jws.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/error.h"
#include "taskbox/core/json_writer.h"
#include "taskbox/core/random.h"

namespace taskbox::core {
namespace {

const unsigned char* bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }
unsigned char* bytes(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }

Error invalid_eddsa_token() { return Error(ErrorCode::invalid_token, "Invalid token"); }

}  // namespace

bool is_eddsa_token(std::string_view token) {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || dot > JwtCodec::kMaxTokenLength) return false;
  const auto header_json = base64url_decode(token.substr(0, dot));
  const auto header = header_json ? detail::try_parse_object(*header_json) : std::nullopt;
  if (!header) return false;
  const auto alg = header->find("alg");
  return alg != header->end() && alg->second.is<std::string>() && alg->second.get<std::string>() == "EdDSA";
}

Ed25519Key::Ed25519Key(std::string kid, std::string seed, std::string public_key, std::string secret_key)
    : kid_(std::move(kid)), seed_(std::move(seed)), public_key_(std::move(public_key)), secret_key_(std::move(secret_key)) {}

Ed25519Key Ed25519Key::generate(std::string kid) { return from_seed(std::move(kid), random_bytes(kSeedBytes)); }

Ed25519Key Ed25519Key::from_seed(std::string kid, std::string_view seed) {
  static_assert(kSeedBytes == crypto_sign_SEEDBYTES && kPublicKeyBytes == crypto_sign_PUBLICKEYBYTES);
  ensure_sodium();
  if (seed.size() != kSeedBytes) throw std::invalid_argument("an Ed25519 seed is 32 bytes");
  std::string public_key(crypto_sign_PUBLICKEYBYTES, '\0');
  std::string secret_key(crypto_sign_SECRETKEYBYTES, '\0');
  crypto_sign_seed_keypair(bytes(public_key), bytes(secret_key), bytes(seed));
  return Ed25519Key(std::move(kid), std::string(seed), std::move(public_key), std::move(secret_key));
}

std::string Ed25519Key::public_jwk() const {
  JsonWriter jwk;
  jwk.begin_object()
      .member("alg", "EdDSA")
      .member("crv", "Ed25519")
      .member("x", base64url_encode(public_key_))
      .member("kty", "OKP")
      .member("kid", kid_)
      .end_object();
  return std::move(jwk).str();
}

std::string Ed25519Key::sign(std::string_view message) const {
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(bytes(signature), nullptr, bytes(message), message.size(), bytes(secret_key_));
  return signature;
}

Ed25519Jwt::Ed25519Jwt(std::string issuer, std::string audience, Clock clock)
    : issuer_(std::move(issuer)), audience_(std::move(audience)), clock_(std::move(clock)) {
  ensure_sodium();
}

std::string Ed25519Jwt::sign(const Ed25519Key& key, std::string_view payload_json) const {
  JsonWriter header;
  header.begin_object().member("alg", "EdDSA").member("kid", key.kid()).end_object();
  std::string token = base64url_encode(std::move(header).str());
  token.push_back('.');
  token += base64url_encode(payload_json);
  const std::string signature = base64url_encode(key.sign(token));
  token.push_back('.');
  token += signature;
  return token;
}

TokenClaims Ed25519Jwt::verify(std::string_view token, const PublicKeyLookup& public_key_of) const {
  const detail::CompactJws jws = detail::split_compact_jws(token, "EdDSA");
  const auto kid = jws.header.find("kid");
  if (kid == jws.header.end() || !kid->second.is<std::string>()) throw invalid_eddsa_token();
  const std::optional<std::string> public_key = public_key_of(kid->second.get<std::string>());
  if (!public_key || public_key->size() != crypto_sign_PUBLICKEYBYTES || jws.signature.size() != crypto_sign_BYTES ||
      crypto_sign_verify_detached(bytes(jws.signature), bytes(jws.signing_input), jws.signing_input.size(),
                                  bytes(*public_key)) != 0) {
    throw invalid_eddsa_token();
  }
  return detail::read_claims(jws.payload_json, {.issuer = issuer_,
                                                .issuer_required = true,
                                                .audience = audience_,
                                                .now_seconds = unix_ms(clock_()) / 1000});
}

}  // namespace taskbox::core

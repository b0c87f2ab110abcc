#pragma once
// HS256 JSON Web Tokens (RFC 7519 compact JWS), written on libsodium's HMAC-SHA-256.
// Verification is deliberately narrow: only alg HS256, `exp` required, `nbf`/`iat`
// with a small leeway, `iss` checked when present, `aud` checked against the configured
// audience, size bounded before parsing.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "taskbox/core/clock.h"

namespace taskbox::core {

class VerifiedTokens;

struct TokenClaims {
  std::string subject;   // sub: the user id
  std::string email;     // empty when absent
  std::int64_t issued_at = 0;   // iat, seconds; 0 when absent
  std::int64_t expires_at = 0;  // exp, seconds
  std::int64_t not_before = 0;  // nbf, seconds; 0 when absent
  std::string token_id;  // jti; empty when absent
  std::optional<std::string> issuer;  // iss
  std::optional<std::string> audience;  // aud (one value; verify() keeps the matching one)
};

struct IssuedToken {
  std::string token;
  TokenClaims claims;
};

class JwtCodec {
 public:
  static constexpr std::size_t kMaxTokenLength = 8192;
  static constexpr std::int64_t kLeewaySeconds = 60;

  // `secret` must hold at least 32 bytes; `issuer` goes into `iss` and is required to
  // match when a presented token carries one. With an `audience`, issued tokens carry
  // it as `aud` and only tokens whose `aud` (a string or an array) names it verify;
  // without one, a token that names any audience is refused (RFC 7519 section 4.1.3).
  JwtCodec(std::string secret, std::string issuer, Clock clock,
           std::optional<std::string> audience = std::nullopt);

  // A fresh token for `subject` valid for `ttl`, with a random jti.
  IssuedToken issue(const std::string& subject, const std::string& email,
                    std::chrono::seconds ttl) const;

  // Signs `claims` as given (no defaults are added).
  std::string sign(const TokenClaims& claims) const;

  // The claims of a valid token. Throws core::Error: token_expired for a correctly
  // signed token past its `exp`, invalid_token for anything else. A token verified
  // lately is answered from memory (VerifiedTokens says why that changes no answer).
  TokenClaims verify(std::string_view token) const;

  // The base64url HMAC-SHA-256 signature of `signing_input` ("header.payload").
  std::string signature(std::string_view signing_input) const;

  const std::string& issuer() const { return issuer_; }

 private:
  std::string mac(std::string_view signing_input) const;

  std::string secret_;
  std::string issuer_;
  Clock clock_;
  std::optional<std::string> audience_;
  std::shared_ptr<VerifiedTokens> verified_;  // NOTE: shared by copies, which verify alike
};

}  // namespace taskbox::core

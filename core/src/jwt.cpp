#include "taskbox/core/jwt.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "json_reader.h"
#include "jws.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/error.h"
#include "taskbox/core/json_writer.h"
#include "taskbox/core/random.h"
#include "taskbox/core/verified_tokens.h"

namespace taskbox::core {
namespace {

constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";

Error invalid_token(std::string detail = "Invalid token") {
  return Error(ErrorCode::invalid_token, std::move(detail));
}

// A NumericDate member as whole seconds; nullopt when absent, throws when not a number.
std::optional<std::int64_t> numeric_date(const picojson::object& claims, const std::string& name) {
  const auto it = claims.find(name);
  if (it == claims.end()) return std::nullopt;
  if (!it->second.is<double>()) throw invalid_token();
  const double value = it->second.get<double>();
  if (!std::isfinite(value) || value < 0 || value > 1e15) throw invalid_token();
  return static_cast<std::int64_t>(std::floor(value));
}

std::string optional_string(const picojson::object& claims, const std::string& name) {
  const auto it = claims.find(name);
  if (it == claims.end()) return {};
  if (!it->second.is<std::string>()) throw invalid_token();
  return it->second.get<std::string>();
}

// True when the `aud` member (a string or an array of strings) names `audience`.
bool names_audience(const picojson::value& aud, const std::string& audience) {
  if (aud.is<std::string>()) return aud.get<std::string>() == audience;
  if (!aud.is<picojson::array>()) throw invalid_token();
  bool found = false;
  for (const auto& item : aud.get<picojson::array>()) {
    if (!item.is<std::string>()) throw invalid_token();
    found = found || item.get<std::string>() == audience;
  }
  return found;
}

}  // namespace

JwtCodec::JwtCodec(std::string secret, std::string issuer, Clock clock, std::optional<std::string> audience)
    : secret_(std::move(secret)),
      issuer_(std::move(issuer)),
      clock_(std::move(clock)),
      audience_(std::move(audience)),
      verified_(std::make_shared<VerifiedTokens>()) {
  ensure_sodium();
  if (secret_.size() < 32) throw std::invalid_argument("JWT secret must be at least 32 bytes");
}

std::string JwtCodec::mac(std::string_view signing_input) const {
  unsigned char digest[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret_.data()),
                              secret_.size());
  crypto_auth_hmacsha256_update(&state,
                                reinterpret_cast<const unsigned char*>(signing_input.data()),
                                signing_input.size());
  crypto_auth_hmacsha256_final(&state, digest);
  sodium_memzero(&state, sizeof state);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

std::string JwtCodec::signature(std::string_view signing_input) const {
  return base64url_encode(mac(signing_input));
}

IssuedToken JwtCodec::issue(const std::string& subject, const std::string& email,
                            std::chrono::seconds ttl) const {
  TokenClaims claims;
  claims.subject = subject;
  claims.email = email;
  claims.issued_at = unix_ms(clock_()) / 1000;
  claims.expires_at = claims.issued_at + ttl.count();
  claims.token_id = random_hex(16);
  claims.issuer = issuer_;
  claims.audience = audience_;
  std::string token = sign(claims);
  return {std::move(token), std::move(claims)};
}

std::string JwtCodec::sign(const TokenClaims& claims) const {
  JsonWriter payload;
  payload.begin_object().member("sub", claims.subject);
  if (!claims.email.empty()) payload.member("email", claims.email);
  if (claims.issued_at != 0) payload.member("iat", claims.issued_at);
  payload.member("exp", claims.expires_at);
  if (!claims.token_id.empty()) payload.member("jti", claims.token_id);
  if (claims.issuer) payload.member("iss", *claims.issuer);
  if (claims.audience) payload.member("aud", *claims.audience);
  payload.end_object();
  std::string token = base64url_encode(kHeader);
  token.push_back('.');
  token += base64url_encode(payload.str());
  const std::string signed_part_signature = signature(token);
  token.push_back('.');
  token += signed_part_signature;
  return token;
}

TokenClaims JwtCodec::verify(std::string_view token) const {
  const std::int64_t now = unix_ms(clock_()) / 1000;
  if (auto claims = verified_->find(token, now)) return std::move(*claims);
  const detail::CompactJws jws = detail::split_compact_jws(token, "HS256");
  const std::string expected = mac(jws.signing_input);
  if (jws.signature.size() != expected.size() ||
      crypto_verify_32(reinterpret_cast<const unsigned char*>(jws.signature.data()),
                       reinterpret_cast<const unsigned char*>(expected.data())) != 0) {
    throw invalid_token();
  }
  TokenClaims claims = detail::read_claims(
      jws.payload_json, {.issuer = issuer_, .issuer_required = false, .audience = audience_, .now_seconds = now});
  // NOTE: the nbf and iat checks hold from the later of the two, less the leeway.
  verified_->remember(token, claims, std::max(claims.not_before, claims.issued_at) - kLeewaySeconds);
  return claims;
}

namespace detail {

CompactJws split_compact_jws(std::string_view token, std::string_view alg) {
  if (token.empty() || token.size() > JwtCodec::kMaxTokenLength) throw invalid_token();
  const auto first_dot = token.find('.');
  const auto second_dot = first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != std::string_view::npos) {
    throw invalid_token();
  }
  const auto header_json = base64url_decode(token.substr(0, first_dot));
  auto payload_json = base64url_decode(token.substr(first_dot + 1, second_dot - first_dot - 1));
  auto signature = base64url_decode(token.substr(second_dot + 1));
  if (!header_json || !payload_json || !signature) throw invalid_token();

  // The header decides nothing but must name the expected alg: `none` and every other
  // alg fail here, whatever key the caller holds.
  auto header = try_parse_object(*header_json);
  if (!header) throw invalid_token();
  const auto named = header->find("alg");
  if (named == header->end() || !named->second.is<std::string>() || named->second.get<std::string>() != alg ||
      header->count("crit") != 0) {
    throw invalid_token();
  }
  return {token.substr(0, second_dot), std::move(*header), std::move(*payload_json), std::move(*signature)};
}

TokenClaims read_claims(std::string_view payload_json, const ClaimRules& rules) {
  const auto claims = try_parse_object(payload_json);
  if (!claims) throw invalid_token();
  TokenClaims out;
  out.subject = optional_string(*claims, "sub");
  if (out.subject.empty()) throw invalid_token();
  out.email = optional_string(*claims, "email");
  out.token_id = optional_string(*claims, "jti");
  if (claims->count("iss") != 0) {
    out.issuer = optional_string(*claims, "iss");
    if (*out.issuer != rules.issuer) throw invalid_token();
  } else if (rules.issuer_required) {
    throw invalid_token();
  }
  const auto aud = claims->find("aud");
  if (aud != claims->end()) {
    if (!rules.audience || !names_audience(aud->second, *rules.audience)) throw invalid_token();
    out.audience = rules.audience;
  } else if (rules.audience) {
    throw invalid_token();
  }
  const auto expires_at = numeric_date(*claims, "exp");
  const auto not_before = numeric_date(*claims, "nbf");
  const auto issued_at = numeric_date(*claims, "iat");
  if (!expires_at) throw invalid_token();

  const std::int64_t now = rules.now_seconds;
  if (not_before && *not_before > now + JwtCodec::kLeewaySeconds) throw invalid_token();
  if (issued_at && *issued_at > now + JwtCodec::kLeewaySeconds) throw invalid_token();
  if (now >= *expires_at) throw Error(ErrorCode::token_expired, "Token has expired");
  out.expires_at = *expires_at;
  out.issued_at = issued_at.value_or(0);
  out.not_before = not_before.value_or(0);
  return out;
}

}  // namespace detail

}  // namespace taskbox::core

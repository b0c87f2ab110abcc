// The JWT verifier, with a fixed secret and a fixed clock:
//  - arbitrary bytes as a token: verify() returns claims that pass its own rules
//    (subject, unexpired exp, our issuer) or throws invalid_token/token_expired, nothing else;
//  - claims built from the input are signed with sign() and verified: verify() accepts
//    exactly the tokens the rules allow and gives the same claims back;
//  - a token from issue() always verifies;
//  - the same bytes as an EdDSA token: Ed25519Jwt::verify() refuses them the same two
//    ways, and an EdDSA token signed over the input's claims round-trips.

#include <fuzzer/FuzzedDataProvider.h>

#include <chrono>
#include <optional>
#include <string>

#include "fuzz_support.h"
#include "taskbox/core/ed25519_jwt.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/jwt.h"

namespace core = taskbox::core;
using taskbox::fuzz::check;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;  // seconds, 2027-01-15
const std::string kIssuer = "taskbox";

const core::JwtCodec& codec() {
  static const core::JwtCodec instance("fuzz-secret-0123456789abcdef0123456789", kIssuer, [] {
    return std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
  });
  return instance;
}

const core::Ed25519Jwt& eddsa() {
  static const core::Ed25519Jwt instance(kIssuer, kIssuer, [] {
    return std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
  });
  return instance;
}

const core::Ed25519Key& eddsa_key() {
  static const core::Ed25519Key key = core::Ed25519Key::from_seed("k1", std::string(32, 'k'));
  return key;
}

std::optional<core::TokenClaims> eddsa_verified(std::string_view token) {
  try {
    return eddsa().verify(token, [](std::string_view kid) -> std::optional<std::string> {
      if (kid != eddsa_key().kid()) return std::nullopt;
      return eddsa_key().public_key();
    });
  } catch (const core::Error& e) {
    check(e.code() == core::ErrorCode::invalid_token || e.code() == core::ErrorCode::token_expired,
          "EdDSA verify refuses with invalid_token or token_expired");
    return std::nullopt;
  }
}

bool same_claims(const core::TokenClaims& a, const core::TokenClaims& b) {
  return a.subject == b.subject && a.email == b.email && a.issued_at == b.issued_at &&
         a.expires_at == b.expires_at && a.token_id == b.token_id && a.issuer == b.issuer;
}

// verify() on `token`: the claims, or nullopt after checking how it refused.
std::optional<core::TokenClaims> verified(std::string_view token) {
  try {
    return codec().verify(token);
  } catch (const core::Error& e) {
    check(e.code() == core::ErrorCode::invalid_token || e.code() == core::ErrorCode::token_expired,
          "verify refuses with invalid_token or token_expired");
    return std::nullopt;
  }
}

void check_accepted(const core::TokenClaims& claims, std::string_view token) {
  check(token.size() <= core::JwtCodec::kMaxTokenLength, "an accepted token is within the size bound");
  check(!claims.subject.empty(), "an accepted token has a subject");
  check(claims.expires_at > kNow, "an accepted token has not expired");
  check(claims.issued_at <= kNow + core::JwtCodec::kLeewaySeconds, "an accepted token was not issued later");
  check(!claims.issuer || *claims.issuer == kIssuer, "an accepted token names our issuer, if any");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw = taskbox::fuzz::as_text(data, size);
  if (const auto claims = verified(raw)) check_accepted(*claims, raw);
  if (const auto claims = eddsa_verified(raw)) check_accepted(*claims, raw);

  // Round trip of claims made from the input.
  FuzzedDataProvider input(data, size);
  core::TokenClaims claims;
  claims.subject = input.ConsumeRandomLengthString(64);
  claims.email = input.ConsumeRandomLengthString(64);
  claims.token_id = input.ConsumeRandomLengthString(64);
  claims.issued_at = input.ConsumeIntegralInRange<std::int64_t>(-1, kNow + 120);
  claims.expires_at = input.ConsumeIntegralInRange<std::int64_t>(-1, 2 * kNow);
  if (input.ConsumeBool()) claims.issuer = input.ConsumeBool() ? kIssuer : input.ConsumeRandomLengthString(16);
  const std::string token = codec().sign(claims);

  const bool utf8 = core::is_valid_utf8(claims.subject) && core::is_valid_utf8(claims.email) &&
                    core::is_valid_utf8(claims.token_id) && core::is_valid_utf8(claims.issuer.value_or(""));
  const bool acceptable = utf8 && !claims.subject.empty() && claims.expires_at > kNow &&
                          claims.issued_at >= 0 && claims.issued_at <= kNow + core::JwtCodec::kLeewaySeconds &&
                          (!claims.issuer || *claims.issuer == kIssuer) &&
                          token.size() <= core::JwtCodec::kMaxTokenLength;
  const auto back = verified(token);
  check(back.has_value() == acceptable, "verify accepts exactly the signed claims the rules allow");
  if (back) check(same_claims(*back, claims), "a signed token verifies to the claims it was signed with");

  // The same claims plus our `aud` as an EdDSA payload, signed by the key: accepted
  // exactly when the HS256 token was and it names an issuer (EdDSA requires both).
  std::string payload = *core::base64url_decode(token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1));
  payload.insert(payload.size() - 1, ",\"aud\":\"" + kIssuer + "\"");
  const auto eddsa_back = eddsa_verified(eddsa().sign(eddsa_key(), payload));
  check(eddsa_back.has_value() == (acceptable && claims.issuer.has_value()),
        "EdDSA verify accepts what HS256 accepts, with iss and aud required");
  if (eddsa_back) check(same_claims(*eddsa_back, claims), "an EdDSA token verifies to its claims");

  // Tokens the codec issues itself always verify.
  if (!claims.subject.empty() && core::is_valid_utf8(claims.subject) && core::is_valid_utf8(claims.email)) {
    const auto issued = codec().issue(claims.subject, claims.email, std::chrono::seconds(3600));
    const auto issued_back = verified(issued.token);
    check(issued_back.has_value(), "an issued token verifies");
    check(same_claims(*issued_back, issued.claims), "an issued token carries its claims");
  }
  return 0;
}

// The JWT verifier, with a fixed secret and a fixed clock:
//  - arbitrary bytes as a token: verify() returns claims that pass its own rules
//    (subject, unexpired exp, our issuer) or throws invalid_token/token_expired, nothing else;
//  - claims built from the input are signed with sign() and verified: verify() accepts
//    exactly the tokens the rules allow and gives the same claims back;
//  - a token from issue() always verifies.

#include <fuzzer/FuzzedDataProvider.h>

#include <chrono>

#include "fuzz_support.h"
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

  // Tokens the codec issues itself always verify.
  if (!claims.subject.empty() && core::is_valid_utf8(claims.subject) && core::is_valid_utf8(claims.email)) {
    const auto issued = codec().issue(claims.subject, claims.email, std::chrono::seconds(3600));
    const auto issued_back = verified(issued.token);
    check(issued_back.has_value(), "an issued token verifies");
    check(same_claims(*issued_back, issued.claims), "an issued token carries its claims");
  }
  return 0;
}

#include "taskbox/core/jwt.h"

#include <gtest/gtest.h>

#include <optional>
#include <regex>
#include <stdexcept>
#include <string>

#include "taskbox/core/encoding.h"
#include "taskbox/core/error.h"
#include "fixed_clock.h"
#include "manual_clock.h"

namespace taskbox::core {
namespace {

const std::string kSecret = "0123456789abcdef0123456789abcdef";
constexpr std::int64_t kNow = 1'700'000'000;  // seconds
const std::string kHs256Header = R"({"alg":"HS256","typ":"JWT"})";

using test_support::fixed_clock;
using test_support::ManualClock;
using namespace std::chrono_literals;

// HMAC-SHA-256 (RFC 2104) built here on the plain digest, so tokens can be forged with any
// header without going through the code under test.
std::string hmac_sha256(std::string key, std::string_view message) {
  if (key.size() > 64) key = sha256_digest(key);
  key.resize(64, '\0');
  std::string inner(64, '\0');
  std::string outer(64, '\0');
  for (std::size_t i = 0; i < 64; ++i) {
    inner[i] = static_cast<char>(key[i] ^ 0x36);
    outer[i] = static_cast<char>(key[i] ^ 0x5c);
  }
  return sha256_digest(outer + sha256_digest(inner + std::string(message)));
}

std::string make_token(std::string_view header, std::string_view payload, const std::string& key = kSecret) {
  const std::string input = base64url_encode(header) + "." + base64url_encode(payload);
  return input + "." + base64url_encode(hmac_sha256(key, input));
}

std::string claims_json(const std::string& extra = "") {
  return R"({"sub":"user-1","exp":)" + std::to_string(kNow + 3600) + extra + "}";
}

// The error code `verify` throws, or nullopt when it accepts the token.
std::optional<ErrorCode> rejection(const JwtCodec& codec, std::string_view token) {
  try {
    codec.verify(token);
  } catch (const Error& e) {
    return e.code();
  }
  return std::nullopt;
}

// RFC 7515 Appendix A.1: the HS256 example, byte for byte.
const std::string kRfcKeyJwk =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
const std::string kRfcHeader = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
const std::string kRfcPayload = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
const std::string kRfcToken =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
// The same key, header bytes and claims plus `"sub":"joe"` (taskbox requires a subject),
// signed by Python's hmac module, a second implementation.
const std::string kRfcTokenWithSubject =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJzdWIiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "E_9Tti6ZmFPiIwpaJfQuDqQZ3USjIAwgQ8hRCO6W7Xs";
constexpr std::int64_t kRfcExp = 1300819380;

std::string rfc_key() { return base64url_decode(kRfcKeyJwk).value(); }

TEST(JwtRfc7515, TestHelpersReproduceTheExampleSignature) {
  ASSERT_EQ(rfc_key().size(), 64u);
  EXPECT_EQ(make_token(kRfcHeader, kRfcPayload, rfc_key()), kRfcToken);
}

TEST(JwtRfc7515, CodecSignsTheExampleBytesWithTheExampleSignature) {
  const JwtCodec codec(rfc_key(), "joe", fixed_clock(kRfcExp - 1));
  const std::string signing_input = kRfcToken.substr(0, kRfcToken.rfind('.'));
  EXPECT_EQ(base64url_decode(signing_input.substr(0, signing_input.find('.'))), kRfcHeader);
  EXPECT_EQ(base64url_decode(signing_input.substr(signing_input.find('.') + 1)), kRfcPayload);
  EXPECT_EQ(codec.signature(signing_input), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
}

TEST(JwtRfc7515, ExampleWithSubjectIsAcceptedBeforeItsExpiry) {
  const JwtCodec codec(rfc_key(), "joe", fixed_clock(kRfcExp - 1));
  const TokenClaims claims = codec.verify(kRfcTokenWithSubject);
  EXPECT_EQ(claims.subject, "joe");
  EXPECT_EQ(claims.issuer, "joe");
  EXPECT_EQ(claims.expires_at, kRfcExp);
  EXPECT_EQ(claims.issued_at, 0);
  EXPECT_EQ(claims.token_id, "");
}

TEST(JwtRfc7515, ExampleWithSubjectExpiresAtItsExp) {
  EXPECT_EQ(rejection(JwtCodec(rfc_key(), "joe", fixed_clock(kRfcExp)), kRfcTokenWithSubject),
            ErrorCode::token_expired);
  EXPECT_EQ(rejection(JwtCodec(rfc_key(), "joe", fixed_clock(kRfcExp + 86400)), kRfcTokenWithSubject),
            ErrorCode::token_expired);
}

TEST(JwtRfc7515, ExampleWithSubjectFromAnotherIssuerIsInvalid) {
  EXPECT_EQ(rejection(JwtCodec(rfc_key(), "taskbox", fixed_clock(kRfcExp - 1)), kRfcTokenWithSubject),
            ErrorCode::invalid_token);
}

TEST(JwtRfc7515, VerbatimExampleIsRejectedBecauseItHasNoSubject) {
  // NOTE: the RFC's own claims carry no `sub`; taskbox needs one (it is the user id).
  EXPECT_EQ(rejection(JwtCodec(rfc_key(), "joe", fixed_clock(kRfcExp - 1)), kRfcToken),
            ErrorCode::invalid_token);
}

TEST(JwtCodec, RefusesASecretShorterThan32Bytes) {
  EXPECT_THROW(JwtCodec(std::string(31, 's'), "taskbox", fixed_clock(kNow)), std::invalid_argument);
  EXPECT_NO_THROW(JwtCodec(std::string(32, 's'), "taskbox", fixed_clock(kNow)));
}

TEST(JwtCodec, IssuedTokenVerifiesToTheSameClaims) {
  const JwtCodec codec(kSecret, "taskbox", fixed_clock(kNow));
  const IssuedToken issued = codec.issue("user-1", "ada@example.com", std::chrono::seconds(3600));
  EXPECT_EQ(issued.claims.issued_at, kNow);
  EXPECT_EQ(issued.claims.expires_at, kNow + 3600);
  EXPECT_TRUE(std::regex_match(issued.claims.token_id, std::regex("[0-9a-f]{32}")));

  const TokenClaims claims = codec.verify(issued.token);
  EXPECT_EQ(claims.subject, "user-1");
  EXPECT_EQ(claims.email, "ada@example.com");
  EXPECT_EQ(claims.issued_at, kNow);
  EXPECT_EQ(claims.expires_at, kNow + 3600);
  EXPECT_EQ(claims.token_id, issued.claims.token_id);
  EXPECT_EQ(claims.issuer, "taskbox");
}

TEST(JwtCodec, IssuedTokensHaveTheStandardHeaderAndDistinctIds) {
  const JwtCodec codec(kSecret, "taskbox", fixed_clock(kNow));
  const IssuedToken first = codec.issue("user-1", "", std::chrono::seconds(60));
  const IssuedToken second = codec.issue("user-1", "", std::chrono::seconds(60));
  EXPECT_NE(first.claims.token_id, second.claims.token_id);
  EXPECT_NE(first.token, second.token);
  EXPECT_EQ(base64url_decode(first.token.substr(0, first.token.find('.'))), kHs256Header);
}

TEST(JwtCodec, SignedClaimsWithoutOptionalMembersVerify) {
  const JwtCodec codec(kSecret, "taskbox", fixed_clock(kNow));
  TokenClaims claims;
  claims.subject = "user-2";
  claims.expires_at = kNow + 10;
  const TokenClaims verified = codec.verify(codec.sign(claims));
  EXPECT_EQ(verified.subject, "user-2");
  EXPECT_EQ(verified.email, "");
  EXPECT_FALSE(verified.issuer.has_value());
}

TEST(JwtCodec, TokenSignedWithAnotherSecretIsInvalid) {
  const JwtCodec issuer(std::string(32, 'a'), "taskbox", fixed_clock(kNow));
  const JwtCodec verifier(std::string(32, 'b'), "taskbox", fixed_clock(kNow));
  EXPECT_EQ(rejection(verifier, issuer.issue("u", "", std::chrono::seconds(60)).token),
            ErrorCode::invalid_token);
}

TEST(JwtCodec, ExpiresExactlyAtExp) {
  const JwtCodec issuer(kSecret, "taskbox", fixed_clock(kNow));
  const std::string token = issuer.issue("u", "", std::chrono::seconds(60)).token;
  EXPECT_EQ(rejection(JwtCodec(kSecret, "taskbox", fixed_clock(kNow + 59)), token), std::nullopt);
  EXPECT_EQ(rejection(JwtCodec(kSecret, "taskbox", fixed_clock(kNow + 60)), token), ErrorCode::token_expired);
  EXPECT_EQ(rejection(JwtCodec(kSecret, "taskbox", fixed_clock(kNow + 61)), token), ErrorCode::token_expired);
}

TEST(JwtCodec, ExpiredTokenWithABadSignatureIsInvalidNotExpired) {
  const std::string token = make_token(kHs256Header, R"({"sub":"u","exp":1})", std::string(32, 'x'));
  EXPECT_EQ(rejection(JwtCodec(kSecret, "taskbox", fixed_clock(kNow)), token), ErrorCode::invalid_token);
}

std::string flip_char(std::string token, std::size_t index) {
  token[index] = token[index] == 'A' ? 'B' : 'A';
  return token;
}

TEST(JwtCodec, RejectsEveryMalformedOrUntrustedToken) {
  const JwtCodec codec(kSecret, "taskbox", fixed_clock(kNow));
  const std::string good = make_token(kHs256Header, claims_json());
  ASSERT_EQ(rejection(codec, good), std::nullopt) << "the baseline token must verify";
  const std::size_t signature_at = good.rfind('.') + 1;
  const std::string header_b64 = base64url_encode(kHs256Header);
  const std::string payload_b64 = base64url_encode(claims_json());
  const std::string exp = std::to_string(kNow + 3600);

  const struct {
    const char* name;
    std::string token;
  } cases[] = {
      {"one signature character flipped", flip_char(good, signature_at + 5)},
      {"one payload character flipped", flip_char(good, header_b64.size() + 3)},
      {"signature dropped", good.substr(0, signature_at)},
      {"signature truncated", good.substr(0, good.size() - 4)},
      {"alg none with empty signature",
       base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + payload_b64 + "."},
      {"alg none with a valid HMAC", make_token(R"({"alg":"none","typ":"JWT"})", claims_json())},
      {"alg HS512", make_token(R"({"alg":"HS512","typ":"JWT"})", claims_json())},
      {"alg RS256", make_token(R"({"alg":"RS256","typ":"JWT"})", claims_json())},
      {"alg lower-case hs256", make_token(R"({"alg":"hs256","typ":"JWT"})", claims_json())},
      {"alg missing", make_token(R"({"typ":"JWT"})", claims_json())},
      {"alg not a string", make_token(R"({"alg":256})", claims_json())},
      {"crit header", make_token(R"({"alg":"HS256","crit":["exp"],"exp":1})", claims_json())},
      {"header not JSON", make_token("HS256", claims_json())},
      {"header an array", make_token(R"(["HS256"])", claims_json())},
      {"exp missing", make_token(kHs256Header, R"({"sub":"user-1"})")},
      {"exp a string", make_token(kHs256Header, R"({"sub":"user-1","exp":")" + exp + "\"}")},
      {"exp null", make_token(kHs256Header, R"({"sub":"user-1","exp":null})")},
      {"exp negative", make_token(kHs256Header, R"({"sub":"user-1","exp":-1})")},
      {"sub missing", make_token(kHs256Header, R"({"exp":)" + exp + "}")},
      {"sub empty", make_token(kHs256Header, R"({"sub":"","exp":)" + exp + "}")},
      {"sub a number", make_token(kHs256Header, R"({"sub":1,"exp":)" + exp + "}")},
      {"iss of someone else", make_token(kHs256Header, claims_json(R"(,"iss":"evil")"))},
      {"iss not a string", make_token(kHs256Header, claims_json(R"(,"iss":1)"))},
      {"email not a string", make_token(kHs256Header, claims_json(R"(,"email":true)"))},
      {"aud without a configured audience", make_token(kHs256Header, claims_json(R"(,"aud":"taskbox")"))},
      {"nbf 61 s ahead", make_token(kHs256Header, claims_json(",\"nbf\":" + std::to_string(kNow + 61)))},
      {"iat 61 s ahead", make_token(kHs256Header, claims_json(",\"iat\":" + std::to_string(kNow + 61)))},
      {"payload an array", make_token(kHs256Header, "[1]")},
      {"payload a string", make_token(kHs256Header, "\"user-1\"")},
      {"payload not JSON", make_token(kHs256Header, "sub=user-1")},
      {"empty", ""},
      {"no dots", "abc"},
      {"one dot", header_b64 + "." + payload_b64},
      {"three dots", good + ".x"},
      {"only dots", ".."},
      {"padding on the payload", header_b64 + "." + payload_b64 + "=." + good.substr(signature_at)},
      {"padding on the signature", good + "="},
      {"plus sign (base64, not base64url)", std::string(good).replace(signature_at, 1, "+")},
      {"slash (base64, not base64url)", std::string(good).replace(signature_at, 1, "/")},
      {"space inside", std::string(good).insert(signature_at + 2, " ")},
      {"surrounding white space", " " + good + " "},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(rejection(codec, c.token), ErrorCode::invalid_token);
  }
}

TEST(JwtCodec, AllowsSixtySecondsOfClockSkewForNbfAndIat) {
  const JwtCodec codec(kSecret, "taskbox", fixed_clock(kNow));
  for (const char* claim : {"nbf", "iat"}) {
    SCOPED_TRACE(claim);
    const std::string at_leeway = ",\"" + std::string(claim) + "\":" + std::to_string(kNow + 60);
    EXPECT_EQ(rejection(codec, make_token(kHs256Header, claims_json(at_leeway))), std::nullopt);
    const std::string in_past = ",\"" + std::string(claim) + "\":" + std::to_string(kNow - 100);
    EXPECT_EQ(rejection(codec, make_token(kHs256Header, claims_json(in_past))), std::nullopt);
  }
}

TEST(JwtCodec, BoundsTheTokenLengthBeforeParsing) {
  const JwtCodec codec(kSecret, "taskbox", fixed_clock(kNow));
  // Grow a correctly signed token one filler byte at a time across the 8192-byte bound.
  std::string longest_accepted;
  std::string shortest_rejected;
  for (std::size_t filler = 6000; shortest_rejected.empty(); ++filler) {
    const std::string token =
        make_token(kHs256Header, claims_json(R"(,"pad":")" + std::string(filler, 'p') + "\""));
    if (token.size() <= JwtCodec::kMaxTokenLength) {
      longest_accepted = token;
    } else {
      shortest_rejected = token;
    }
  }
  ASSERT_GE(longest_accepted.size(), JwtCodec::kMaxTokenLength - 3);
  EXPECT_EQ(rejection(codec, longest_accepted), std::nullopt);
  EXPECT_EQ(rejection(codec, shortest_rejected), ErrorCode::invalid_token);
}

TEST(JwtCodec, WithAnAudienceIssuesItAndAcceptsOnlyTokensNamingIt) {
  const JwtCodec codec(kSecret, "taskbox", fixed_clock(kNow), std::string("todo-api"));
  const auto issued = codec.issue("user-1", "a@b.co", std::chrono::seconds(3600));
  const auto payload = base64url_decode(issued.token.substr(issued.token.find('.') + 1,
                                                            issued.token.rfind('.') - issued.token.find('.') - 1));
  ASSERT_TRUE(payload.has_value());
  EXPECT_NE(payload->find(R"("aud":"todo-api")"), std::string::npos) << *payload;
  EXPECT_EQ(codec.verify(issued.token).audience, std::optional<std::string>("todo-api"));

  EXPECT_EQ(rejection(codec, make_token(kHs256Header, claims_json(R"(,"aud":"todo-api")"))), std::nullopt);
  EXPECT_EQ(rejection(codec, make_token(kHs256Header, claims_json(R"(,"aud":["other","todo-api"])"))), std::nullopt);
  const struct {
    const char* name;
    std::string extra;
  } refused[] = {
      {"no aud", ""},
      {"another app's aud", R"(,"aud":"other-app")"},
      {"an array without it", R"(,"aud":["other-app"])"},
      {"an empty array", R"(,"aud":[])"},
      {"a number", R"(,"aud":1)"},
      {"an array holding a number", R"(,"aud":[1,"todo-api"])"},
  };
  for (const auto& c : refused) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(rejection(codec, make_token(kHs256Header, claims_json(c.extra))), ErrorCode::invalid_token);
  }
  // A token issued without an audience does not pass an audience-checking server.
  const JwtCodec plain(kSecret, "taskbox", fixed_clock(kNow));
  EXPECT_EQ(rejection(codec, plain.issue("user-1", "", std::chrono::seconds(60)).token), ErrorCode::invalid_token);
}

// A codec remembers the tokens it verified (VerifiedTokens); a remembered token gets the
// answer a fresh verification would give, whatever the clock says and whatever bytes are
// altered.
TEST(JwtCodecMemory, ARememberedTokenStillExpiresExactlyAtExp) {
  ManualClock time;
  const JwtCodec codec(kSecret, "taskbox", time.clock());
  const std::string token = codec.issue("u", "", std::chrono::seconds(60)).token;
  EXPECT_EQ(rejection(codec, token), std::nullopt);
  time.advance(59s);
  EXPECT_EQ(rejection(codec, token), std::nullopt);
  time.advance(1s);
  EXPECT_EQ(rejection(codec, token), ErrorCode::token_expired);
  time.advance(1s);
  EXPECT_EQ(rejection(codec, token), ErrorCode::token_expired);
}

// nbf and iat hold from the later of them less the leeway (60 s); before that the token
// is refused, remembered or not (after the clock was set back, say).
TEST(JwtCodecMemory, ARememberedTokenIsRefusedBeforeItsNbfOrIatAsAFreshOneWouldBe) {
  ManualClock time;
  const JwtCodec codec(kSecret, "taskbox", time.clock());
  const std::int64_t start = unix_ms(time.clock()()) / 1000;
  // NOTE: nbf is not a claim sign() writes.
  const std::string with_nbf = make_token(kHs256Header, R"({"sub":"u","exp":)" + std::to_string(start + 3600) +
                                                            R"(,"nbf":)" + std::to_string(start + 100) + "}");
  time.advance(40s);
  EXPECT_EQ(rejection(codec, with_nbf), std::nullopt);
  time.advance(-1s);
  EXPECT_EQ(rejection(codec, with_nbf), ErrorCode::invalid_token);

  TokenClaims issued;
  issued.subject = "u";
  issued.issued_at = start;
  issued.expires_at = start + 3600;
  const std::string with_iat = codec.sign(issued);
  time.advance(-39s);
  EXPECT_EQ(rejection(codec, with_iat), std::nullopt);
  time.advance(-61s);
  EXPECT_EQ(rejection(codec, with_iat), ErrorCode::invalid_token);
}

TEST(JwtCodecMemory, AnAlteredRememberedTokenIsNeverAcceptedFromMemory) {
  const JwtCodec codec(kSecret, "taskbox", fixed_clock(kNow));
  const std::string token = codec.issue("u", "", std::chrono::seconds(3600)).token;
  ASSERT_EQ(rejection(codec, token), std::nullopt);
  for (std::size_t at : {std::size_t{0}, token.find('.') + 1, token.size() - 2}) {
    std::string altered = token;
    altered[at] = altered[at] == 'A' ? 'B' : 'A';
    EXPECT_EQ(rejection(codec, altered), ErrorCode::invalid_token) << "byte " << at;
  }
  EXPECT_EQ(rejection(codec, token + "A"), ErrorCode::invalid_token);
  EXPECT_EQ(rejection(codec, token.substr(0, token.size() - 1)), ErrorCode::invalid_token);
  // Another codec's secret: the same bytes verify nowhere else.
  EXPECT_EQ(rejection(JwtCodec(std::string(32, 'z'), "taskbox", fixed_clock(kNow)), token), ErrorCode::invalid_token);
}

}  // namespace
}  // namespace taskbox::core

// EdDSA tokens and JWKs (ed25519_jwt.h): RFC 8037's example key and signature, the
// claim rules, and PyJWT (with python3-cryptography) on both sides of the exchange.
#include "taskbox/core/ed25519_jwt.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "taskbox/core/encoding.h"
#include "taskbox/core/error.h"
#include "fixed_clock.h"
#include "pyjwt_runner.h"

namespace taskbox::core {
namespace {

using test_support::fixed_clock;

// RFC 8037 appendix A.1: the private key's "d" and the public key's "x".
constexpr std::string_view kRfcSeed = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr std::string_view kRfcPublicX = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
constexpr std::int64_t kEdNow = 1'700'000'000;
const std::string kBaseUrl = "http://localhost:8080";

Ed25519Key rfc8037_key(std::string kid = "rfc") { return Ed25519Key::from_seed(std::move(kid), *base64url_decode(kRfcSeed)); }

// A payload in Better Auth's shape: the user's fields, then the registered claims.
std::string payload(std::int64_t iat, std::int64_t exp, const std::string& extra = "") {
  return R"({"id":"u1","name":"Ada","email":"ada@example.com","emailVerified":false,"sub":"u1","iat":)" +
         std::to_string(iat) + ",\"exp\":" + std::to_string(exp) + R"(,"iss":")" + kBaseUrl + R"(","aud":")" +
         kBaseUrl + "\"" + extra + "}";
}

// Looks keys up in a map of kid -> public key, as the server's key ring does.
PublicKeyLookup lookup_in(std::map<std::string, std::string, std::less<>> keys) {
  return [keys = std::move(keys)](std::string_view kid) -> std::optional<std::string> {
    const auto it = keys.find(kid);
    if (it == keys.end()) return std::nullopt;
    return it->second;
  };
}

ErrorCode failure_of(const Ed25519Jwt& jwt, const std::string& token, const PublicKeyLookup& keys) {
  try {
    jwt.verify(token, keys);
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "accepted: " << token;
  return ErrorCode::internal_error;
}

TEST(Ed25519Key, TheRfc8037KeyHasItsPublicKeyAndSignature) {
  const Ed25519Key key = rfc8037_key();
  EXPECT_EQ(base64url_encode(key.public_key()), kRfcPublicX);
  // RFC 8037 appendix A.4: the JWS of "Example of Ed25519 signing" under {"alg":"EdDSA"}.
  EXPECT_EQ(base64url_encode(key.sign("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc")),
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
}

TEST(Ed25519Key, ThePublicJwkNamesTheCurveTheKeyAndItsId) {
  EXPECT_EQ(rfc8037_key("k-1").public_jwk(),
            R"({"alg":"EdDSA","crv":"Ed25519","x":")" + std::string(kRfcPublicX) + R"(","kty":"OKP","kid":"k-1"})");
}

TEST(Ed25519Key, GeneratedKeysDifferAndASeedOfAnotherSizeIsRefused) {
  EXPECT_NE(Ed25519Key::generate("a").public_key(), Ed25519Key::generate("b").public_key());
  EXPECT_EQ(Ed25519Key::generate("a").seed().size(), Ed25519Key::kSeedBytes);
  EXPECT_THROW(Ed25519Key::from_seed("short", std::string(31, 'x')), std::invalid_argument);
}

TEST(Ed25519Jwt, ASignedTokenVerifiesWithItsPublicKeyOnly) {
  const Ed25519Key key = Ed25519Key::generate("k1");
  const Ed25519Jwt jwt(kBaseUrl, kBaseUrl, fixed_clock(kEdNow));
  const std::string token = jwt.sign(key, payload(kEdNow, kEdNow + 900));
  EXPECT_EQ(*base64url_decode(token.substr(0, token.find('.'))), R"({"alg":"EdDSA","kid":"k1"})");
  const TokenClaims claims = jwt.verify(token, lookup_in({{"k1", key.public_key()}}));
  EXPECT_EQ(claims.subject, "u1");
  EXPECT_EQ(claims.email, "ada@example.com");
  EXPECT_EQ(claims.issued_at, kEdNow);
  EXPECT_EQ(claims.expires_at, kEdNow + 900);
  EXPECT_EQ(claims.issuer, kBaseUrl);
  EXPECT_EQ(claims.audience, kBaseUrl);
}

TEST(Ed25519Jwt, AnUnknownKidAnotherKeyOrATamperedPartIsInvalid) {
  const Ed25519Key key = Ed25519Key::generate("k1");
  const Ed25519Key other = Ed25519Key::generate("k2");
  const Ed25519Jwt jwt(kBaseUrl, kBaseUrl, fixed_clock(kEdNow));
  const std::string token = jwt.sign(key, payload(kEdNow, kEdNow + 900));
  const auto ring = lookup_in({{"k1", key.public_key()}, {"k2", other.public_key()}});

  EXPECT_EQ(failure_of(jwt, jwt.sign(Ed25519Key::generate("k3"), payload(kEdNow, kEdNow + 900)), ring),
            ErrorCode::invalid_token);
  EXPECT_EQ(failure_of(jwt, token, lookup_in({{"k1", other.public_key()}})), ErrorCode::invalid_token);
  const auto dot = token.find('.');
  const std::string forged_payload = token.substr(0, dot + 1) +
                                     base64url_encode(payload(kEdNow, kEdNow + 900, R"(,"admin":true)")) +
                                     token.substr(token.rfind('.'));
  EXPECT_EQ(failure_of(jwt, forged_payload, ring), ErrorCode::invalid_token);
  std::string flipped = token;
  flipped[flipped.size() - 2] = flipped[flipped.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(failure_of(jwt, flipped, ring), ErrorCode::invalid_token);
  EXPECT_EQ(failure_of(jwt, token.substr(0, token.rfind('.') + 1), ring), ErrorCode::invalid_token);
}

TEST(Ed25519Jwt, OnlyAnEdDsaHeaderWithAKidIsAccepted) {
  const Ed25519Key key = Ed25519Key::generate("k1");
  const Ed25519Jwt jwt(kBaseUrl, kBaseUrl, fixed_clock(kEdNow));
  const auto ring = lookup_in({{"k1", key.public_key()}});
  const std::string body = base64url_encode(payload(kEdNow, kEdNow + 900));
  for (const std::string header : {R"({"alg":"HS256","kid":"k1"})", R"({"alg":"none","kid":"k1"})",
                                   R"({"alg":"EdDSA"})", R"({"alg":"EdDSA","kid":7})",
                                   R"({"alg":"EdDSA","kid":"k1","crit":["exp"]})"}) {
    SCOPED_TRACE(header);
    const std::string input = base64url_encode(header) + "." + body;
    EXPECT_EQ(failure_of(jwt, input + "." + base64url_encode(key.sign(input)), ring), ErrorCode::invalid_token);
  }
}

TEST(Ed25519Jwt, ClaimsFollowTheSameRulesAsHs256WithIssuerAndAudienceRequired) {
  const Ed25519Key key = Ed25519Key::generate("k1");
  const Ed25519Jwt jwt(kBaseUrl, kBaseUrl, fixed_clock(kEdNow));
  const auto ring = lookup_in({{"k1", key.public_key()}});
  EXPECT_EQ(failure_of(jwt, jwt.sign(key, payload(kEdNow - 900, kEdNow)), ring), ErrorCode::token_expired);
  EXPECT_EQ(failure_of(jwt, jwt.sign(key, R"({"sub":"u1","exp":)" + std::to_string(kEdNow + 60) + R"(,"aud":")" +
                                              kBaseUrl + "\"}"),
                       ring),
            ErrorCode::invalid_token)
      << "no iss";
  EXPECT_EQ(failure_of(jwt, jwt.sign(key, R"({"sub":"u1","exp":)" + std::to_string(kEdNow + 60) + R"(,"iss":")" +
                                              kBaseUrl + "\"}"),
                       ring),
            ErrorCode::invalid_token)
      << "no aud";
  const Ed25519Jwt elsewhere("https://other.example", "https://other.example", fixed_clock(kEdNow));
  EXPECT_EQ(failure_of(elsewhere, jwt.sign(key, payload(kEdNow, kEdNow + 900)), ring), ErrorCode::invalid_token);
  EXPECT_EQ(failure_of(jwt, jwt.sign(key, payload(kEdNow + 3600, kEdNow + 7200)), ring), ErrorCode::invalid_token)
      << "issued in the future";
}

class Ed25519Interop : public testing::Test {
 protected:
  void SetUp() override {
    if (!test_pyjwt::python_with_pyjwt() ||
        test_pyjwt::run(*test_pyjwt::python_with_pyjwt() + " -c 'import cryptography' 2>/dev/null").exit_code != 0) {
      GTEST_SKIP() << "no python3 with PyJWT and cryptography (Debian: python3-jwt python3-cryptography)";
    }
  }
  static std::string python() { return *test_pyjwt::python_with_pyjwt(); }
};

TEST_F(Ed25519Interop, PyJwtVerifiesATokenWithThePublicJwk) {
  // PyJWT checks exp and iat against the real time, so this token is signed now.
  const Ed25519Key key = Ed25519Key::generate("k1");
  const std::int64_t now = unix_ms(system_clock()()) / 1000;
  const std::string token = Ed25519Jwt(kBaseUrl, kBaseUrl, system_clock()).sign(key, payload(now, now + 900));
  const std::string verify =
      " -c 'import jwt, sys; k = jwt.PyJWK.from_json(sys.argv[1]); "
      "c = jwt.decode(sys.argv[2], k.key, algorithms=[\"EdDSA\"], audience=sys.argv[3], issuer=sys.argv[3]); "
      "print(jwt.get_unverified_header(sys.argv[2])[\"kid\"], c[\"sub\"], c[\"email\"])' ";
  const auto result = test_pyjwt::run(python() + verify + "'" + key.public_jwk() + "' " + token + " " + kBaseUrl);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.output, "k1 u1 ada@example.com");

  const auto wrong_key =
      test_pyjwt::run(python() + verify + "'" + Ed25519Key::generate("k1").public_jwk() + "' " + token + " " +
                      kBaseUrl + " 2>/dev/null");
  EXPECT_NE(wrong_key.exit_code, 0);
}

TEST_F(Ed25519Interop, ATokenPyJwtSignsWithTheSameSeedVerifies) {
  const Ed25519Key key = rfc8037_key("k9");
  const auto signed_by_pyjwt = test_pyjwt::run(
      python() +
      " -c 'import jwt, sys, base64; "
      "from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey; "
      "seed = base64.urlsafe_b64decode(sys.argv[1] + \"=\"); "
      "print(jwt.encode({\"sub\": \"u7\", \"iat\": 1700000000, \"exp\": 1700000900, \"iss\": sys.argv[2], "
      "\"aud\": sys.argv[2]}, Ed25519PrivateKey.from_private_bytes(seed), algorithm=\"EdDSA\", "
      "headers={\"kid\": \"k9\"}))' " +
      std::string(kRfcSeed) + " " + kBaseUrl);
  ASSERT_EQ(signed_by_pyjwt.exit_code, 0);
  const TokenClaims claims =
      Ed25519Jwt(kBaseUrl, kBaseUrl, fixed_clock(kEdNow)).verify(signed_by_pyjwt.output, lookup_in({{"k9", key.public_key()}}));
  EXPECT_EQ(claims.subject, "u7");
  EXPECT_EQ(claims.expires_at, kEdNow + 900);
}

}  // namespace
}  // namespace taskbox::core

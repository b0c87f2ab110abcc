// jwt.h against a second implementation: PyJWT (Debian's python3-jwt) signs tokens that
// taskbox must accept, and verifies the tokens taskbox issues.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "taskbox/core/error.h"
#include "taskbox/core/jwt.h"
#include "fixed_clock.h"
#include "pyjwt_runner.h"

namespace taskbox::core {
namespace {

// Only characters that need no quoting in a shell command.
const std::string kInteropSecret = "interopSecret0123456789abcdefghijklmn";
constexpr std::int64_t kInteropNow = 1'700'000'000;

using test_support::fixed_clock;

using test_pyjwt::CommandResult;
using test_pyjwt::python_with_pyjwt;
using test_pyjwt::run;

class JwtInterop : public testing::Test {
 protected:
  void SetUp() override {
    python_ = python_with_pyjwt();
    if (!python_) GTEST_SKIP() << "no python3 with PyJWT (Debian package python3-jwt)";
  }

  // A token PyJWT signs over `claims` (a Python dict literal) with `algorithm` and `secret`.
  std::string pyjwt_sign(const std::string& claims, const std::string& algorithm = "HS256",
                         const std::string& secret = kInteropSecret) const {
    const CommandResult result = run(*python_ + " -c 'import jwt, sys; print(jwt.encode(" + claims +
                                     ", sys.argv[1], algorithm=sys.argv[2]))' " + secret + " " + algorithm);
    EXPECT_EQ(result.exit_code, 0);
    return result.output;
  }

  // PyJWT's verdict on `token`: exit code 0 and "sub email jti" on success.
  CommandResult pyjwt_verify(const std::string& token, const std::string& secret = kInteropSecret) const {
    return run(*python_ +
               " -c 'import jwt, sys; c = jwt.decode(sys.argv[1], sys.argv[2], algorithms=[\"HS256\"], "
               "issuer=\"taskbox\", options={\"require\": [\"exp\", \"sub\"]}); "
               "print(c[\"sub\"], c[\"email\"], c[\"jti\"])' " +
               token + " " + secret + " 2>/dev/null");
  }

  std::optional<std::string> python_;
};

TEST_F(JwtInterop, TokenWithOnlySubAndExpFromPyJwtIsAccepted) {
  const std::string token =
      pyjwt_sign("{\"sub\": \"user-1\", \"exp\": " + std::to_string(kInteropNow + 600) + "}");
  const JwtCodec codec(kInteropSecret, "taskbox", fixed_clock(kInteropNow));
  const TokenClaims claims = codec.verify(token);
  EXPECT_EQ(claims.subject, "user-1");
  EXPECT_EQ(claims.expires_at, kInteropNow + 600);
  EXPECT_EQ(claims.token_id, "");
  EXPECT_FALSE(claims.issuer.has_value());
}

TEST_F(JwtInterop, TokenWithEveryClaimFromPyJwtIsAccepted) {
  const std::string token = pyjwt_sign("{\"sub\": \"user-2\", \"email\": \"ada@example.com\", \"iat\": " +
                                       std::to_string(kInteropNow) + ", \"exp\": " + std::to_string(kInteropNow + 60) +
                                       ", \"jti\": \"abc123\", \"iss\": \"taskbox\"}");
  const TokenClaims claims = JwtCodec(kInteropSecret, "taskbox", fixed_clock(kInteropNow)).verify(token);
  EXPECT_EQ(claims.subject, "user-2");
  EXPECT_EQ(claims.email, "ada@example.com");
  EXPECT_EQ(claims.issued_at, kInteropNow);
  EXPECT_EQ(claims.token_id, "abc123");
  EXPECT_EQ(claims.issuer, "taskbox");
}

TEST_F(JwtInterop, PyJwtTokenPastItsExpIsExpired) {
  const std::string token = pyjwt_sign("{\"sub\": \"user-1\", \"exp\": " + std::to_string(kInteropNow) + "}");
  try {
    JwtCodec(kInteropSecret, "taskbox", fixed_clock(kInteropNow)).verify(token);
    FAIL() << "an expired token was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::token_expired);
  }
}

TEST_F(JwtInterop, PyJwtTokensWithAnotherSecretOrAlgorithmAreInvalid) {
  const std::string claims = "{\"sub\": \"user-1\", \"exp\": " + std::to_string(kInteropNow + 600) + "}";
  const struct {
    const char* name;
    std::string token;
  } cases[] = {
      {"other secret", pyjwt_sign(claims, "HS256", kInteropSecret + "x")},
      {"HS384", pyjwt_sign(claims, "HS384")},
      {"HS512", pyjwt_sign(claims, "HS512")},
  };
  const JwtCodec codec(kInteropSecret, "taskbox", fixed_clock(kInteropNow));
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    try {
      codec.verify(c.token);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::invalid_token);
    }
  }
}

TEST_F(JwtInterop, IssuedTokenVerifiesInPyJwt) {
  // PyJWT checks exp and iat against the real time, so this token is issued now.
  const JwtCodec codec(kInteropSecret, "taskbox", system_clock());
  const IssuedToken issued = codec.issue("user-3", "ada@example.com", std::chrono::seconds(600));
  const CommandResult result = pyjwt_verify(issued.token);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.output, "user-3 ada@example.com " + issued.claims.token_id);
}

TEST_F(JwtInterop, PyJwtRejectsAnIssuedTokenUnderAnotherSecret) {
  const JwtCodec codec(kInteropSecret, "taskbox", system_clock());
  const CommandResult result =
      pyjwt_verify(codec.issue("user-3", "a@b.co", std::chrono::seconds(600)).token, kInteropSecret + "x");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(result.output, "");
}

}  // namespace
}  // namespace taskbox::core

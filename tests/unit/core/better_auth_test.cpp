// Better Auth's wire format: sign-up and sign-in bodies, and better-call's signed values.
#include "taskbox/core/better_auth.h"

#include <gtest/gtest.h>

#include "request_test_support.h"
#include "taskbox/core/random.h"

namespace taskbox::core {
namespace {

using test::error_of;
using test::fields_of;
using test::repeat;

const std::string kBetterAuthSecret = "better-auth-test-secret-0123456789abcdef";

TEST(SignCookieValue, MatchesBetterCallsSignature) {
  // Node: crypto.createHmac("sha256", secret).update(value).digest("base64")
  EXPECT_EQ(sign_cookie_value(kBetterAuthSecret, "Zp4yq1eUq3xX7bTQyW0kR2sN9mJvL8cA"),
            "Zp4yq1eUq3xX7bTQyW0kR2sN9mJvL8cA.P0K30Prhg4q826OQAYX6lRP9oAW1HsBghVhpoA6sCf0=");
  EXPECT_EQ(sign_cookie_value(kBetterAuthSecret, "a"), "a.F7P0kBoK9RKEKqu7dFc5A8H8cCnflhgFD2JosMhs8DU=");
}

TEST(VerifyCookieValue, ReturnsTheValueOnlyForItsOwnSignature) {
  const std::string value = random_alphanumeric(32);
  const std::string signed_value = sign_cookie_value(kBetterAuthSecret, value);
  EXPECT_EQ(verify_cookie_value(kBetterAuthSecret, signed_value), value);
  EXPECT_FALSE(verify_cookie_value("another-secret-0123456789abcdefghijkl", signed_value).has_value());

  const struct {
    const char* name;
    std::string text;
  } refused[] = {
      {"empty", ""},
      {"no signature", value},
      {"nothing before the dot", "." + signed_value.substr(value.size() + 1)},
      {"another value", "X" + signed_value.substr(1)},
      {"signature cut short", signed_value.substr(0, signed_value.size() - 1)},
      {"signature without its padding", signed_value.substr(0, signed_value.size() - 1) + "A"},
      {"base64url signature", value + "." + std::string(43, '_') + "="},
      {"signature of the empty value", "." + sign_cookie_value(kBetterAuthSecret, "").substr(1)},
  };
  for (const auto& c : refused) {
    SCOPED_TRACE(c.name);
    EXPECT_FALSE(verify_cookie_value(kBetterAuthSecret, c.text).has_value());
  }
}

TEST(VerifyCookieValue, SplitsAtTheLastDot) {
  const std::string signed_value = sign_cookie_value(kBetterAuthSecret, "a.b");
  EXPECT_EQ(verify_cookie_value(kBetterAuthSecret, signed_value), "a.b");
}

TEST(ParseSignUpEmail, NormalizesLikeRegistration) {
  const RegisterRequest request = parse_sign_up_email(
      R"({"name":"  Ada  ","email":" Ada@Example.COM ","password":"correct horse","image":"x","rememberMe":true})");
  EXPECT_EQ(request.name, "Ada");
  EXPECT_EQ(request.email, "ada@example.com");
  EXPECT_EQ(request.password, "correct horse");
  EXPECT_EQ(parse_sign_up_email(R"({"name":"","email":"a@b.co","password":"12345678"})").name, "");
}

TEST(ParseSignUpEmail, RefusesAsBetterAuthDoes) {
  const struct {
    const char* name;
    std::string body;
    ErrorCode code;
    std::vector<std::string> fields;
  } cases[] = {
      {"not json", "{", ErrorCode::invalid_json, {}},
      {"name is required", R"({"email":"a@b.co","password":"12345678"})", ErrorCode::validation_failed, {"name"}},
      {"all missing", "{}", ErrorCode::validation_failed, {"name", "email", "password"}},
      {"not an email", R"({"name":"A","email":"nope","password":"12345678"})", ErrorCode::validation_failed,
       {"email"}},
      {"empty password", R"({"name":"A","email":"a@b.co","password":""})", ErrorCode::validation_failed,
       {"password"}},
      {"rememberMe not a boolean", R"({"name":"A","email":"a@b.co","password":"12345678","rememberMe":"yes"})",
       ErrorCode::validation_failed, {"rememberMe"}},
      {"name too long", R"({"name":")" + repeat("n", 101) + R"(","email":"a@b.co","password":"12345678"})",
       ErrorCode::validation_failed, {"name"}},
      {"short password", R"({"name":"A","email":"a@b.co","password":"1234567"})", ErrorCode::password_too_short,
       {}},
      {"long password", R"({"name":"A","email":"a@b.co","password":")" + repeat("p", 129) + R"("})",
       ErrorCode::password_too_long, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto error = error_of([&] { parse_sign_up_email(c.body); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), c.code);
    EXPECT_EQ(fields_of(*error), c.fields);
  }
  // Lengths are code points: 8 emoji are a long enough password.
  EXPECT_NO_THROW(
      parse_sign_up_email(R"({"name":"A","email":"a@b.co","password":")" + repeat(test::kEmoji, 8) + R"("})"));
}

TEST(ParseSignInEmail, AcceptsAnyPasswordUpToTheMaximum) {
  const LoginRequest request = parse_sign_in_email(R"({"email":" Ada@Example.com","password":"x"})");
  EXPECT_EQ(request.email, "ada@example.com");
  EXPECT_EQ(request.password, "x");
  EXPECT_NO_THROW(parse_sign_in_email(R"({"email":"a@b.co","password":"","callbackURL":"/home"})"));
}

TEST(ParseSignInEmail, RefusesAsBetterAuthDoes) {
  const struct {
    const char* name;
    std::string body;
    ErrorCode code;
  } cases[] = {
      {"array body", "[]", ErrorCode::invalid_json},
      {"password missing", R"({"email":"a@b.co"})", ErrorCode::validation_failed},
      {"email a number", R"({"email":1,"password":"x"})", ErrorCode::validation_failed},
      {"callbackURL not a string", R"({"email":"a@b.co","password":"x","callbackURL":1})",
       ErrorCode::validation_failed},
      {"not an email", R"({"email":"nope","password":"x"})", ErrorCode::invalid_email},
      {"long password", R"({"email":"a@b.co","password":")" + repeat("p", 129) + R"("})",
       ErrorCode::password_too_long},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto error = error_of([&] { parse_sign_in_email(c.body); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), c.code);
  }
}

TEST(RandomAlphanumeric, HasTheLengthAndAlphabetAsked) {
  const std::string token = random_alphanumeric(32);
  EXPECT_EQ(token.size(), 32u);
  EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            std::string::npos);
  EXPECT_NE(token, random_alphanumeric(32));
  EXPECT_EQ(random_alphanumeric(0), "");
}

}  // namespace
}  // namespace taskbox::core

// requests.h, part 1: bodies that are not JSON objects, emails, registration and login.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "taskbox/core/error.h"
#include "request_test_support.h"
#include "taskbox/core/requests.h"

namespace taskbox::core {
namespace {

using namespace test;

std::string register_body(const std::string& email, const std::string& password) {
  return R"({"email":")" + email + R"(","password":")" + password + R"("})";
}

TEST(RequestBodies, NonObjectsAndMalformedJsonAreInvalidJson) {
  const struct {
    const char* name;
    std::string body;
  } cases[] = {
      {"empty", ""},
      {"white space only", "  \n"},
      {"null", "null"},
      {"array", "[]"},
      {"array of an object", R"([{"email":"a@b.co","password":"12345678"}])"},
      {"string", "\"a@b.co\""},
      {"number", "42"},
      {"boolean", "true"},
      {"unterminated", R"({"email":"a@b.co")"},
      {"trailing garbage", register_body("a@b.co", "12345678") + "x"},
      {"two objects", "{}{}"},
      {"invalid UTF-8 in a value", register_body("a@b.co", "1234567\xFF")},
      {"overlong UTF-8 in a value", register_body("a@b.co", "1234567\xC0\xAF")},
      {"surrogate in a value", register_body("a@b.co", "1234567\xED\xA0\x80")},
      {"nested 100000 levels deep", std::string(100000, '[') + std::string(100000, ']')},
      {"object nested 100000 levels deep", repeat(R"({"a":)", 100000) + "1" + std::string(100000, '}')},
      {"number beyond double", R"({"email":"a@b.co","password":"12345678","n":1e999})"},
  };
  const std::function<void(const std::string&)> parsers[] = {
      [](const std::string& body) { parse_register_request(body); },
      [](const std::string& body) { parse_login_request(body); },
      [](const std::string& body) { parse_new_task(body); },
      [](const std::string& body) { parse_task_replacement(body); },
      [](const std::string& body) { parse_task_patch(body); },
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    for (std::size_t i = 0; i < std::size(parsers); ++i) {
      SCOPED_TRACE("parser #" + std::to_string(i));
      const auto error = error_of([&] { parsers[i](c.body); });
      ASSERT_TRUE(error.has_value());
      EXPECT_EQ(error->code(), ErrorCode::invalid_json);
    }
  }
}

TEST(NormalizeEmail, TrimsAndLowerCases) {
  EXPECT_EQ(normalize_email("  Ada@Example.COM \t"), "ada@example.com");
  EXPECT_EQ(normalize_email("\xC2\xA0" "Ada@b.co\xE3\x80\x80"), "ada@b.co");
  EXPECT_EQ(normalize_email("ada@b.co"), "ada@b.co");
}

TEST(IsValidEmail, AcceptsOrdinaryAddressesAndRejectsMalformedOnes) {
  const struct {
    const char* name;
    std::string email;
    bool valid;
  } cases[] = {
      {"simple", "a@b.co", true},
      {"plus and dots", "ada.lovelace+todo@mail.example.org", true},
      {"254 characters", repeat("a", 248) + "@b.com", true},
      {"255 characters", repeat("a", 249) + "@b.com", false},
      {"empty", "", false},
      {"no at", "ada.example.com", false},
      {"nothing before at", "@b.co", false},
      {"two ats", "a@b@c.co", false},
      {"no dot in domain", "a@b", false},
      {"domain starts with dot", "a@.co", false},
      {"domain ends with dot", "a@b.", false},
      {"double dot in domain", "a@b..co", false},
      {"space inside", "a b@c.co", false},
      {"angle brackets", "<a@b.co>", false},
      {"comma", "a,b@c.co", false},
      {"control character", "a\x01@b.co", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(is_valid_email(c.email), c.valid);
  }
}

TEST(Emails, RedactedFormKeepsTheDomainAndHidesWhatIsNotAnEmail) {
  EXPECT_EQ(redact_email("ada@example.com"), "a***@example.com");
  EXPECT_EQ(redact_email("\xC3\xA9mile@b.co"), "\xC3\xA9***@b.co");  // a whole code point
  EXPECT_EQ(redact_email("x@b.co"), "x***@b.co");
  // A password typed into the email field is not an email and is never echoed.
  EXPECT_EQ(redact_email("hunter2-correct-horse"), "(not an email)");
  EXPECT_EQ(redact_email(""), "(not an email)");
  EXPECT_EQ(redact_email(std::string(300, 'a') + "@b.co"), "(not an email)");
}

TEST(ParseRegisterRequest, NormalizesTheEmailAndTrimsTheName) {
  const RegisterRequest request = parse_register_request(
      R"({"email":"  Ada@Example.COM ","password":" pass word ","name":"  Ada Lovelace  ","x":[1]})");
  EXPECT_EQ(request.email, "ada@example.com");
  EXPECT_EQ(request.password, " pass word ");  // passwords are taken as typed
  EXPECT_EQ(request.name, "Ada Lovelace");
}

TEST(ParseRegisterRequest, NullOrOmittedNameMeansNoName) {
  EXPECT_EQ(parse_register_request(register_body("a@b.co", "12345678")).name, "");
  EXPECT_EQ(parse_register_request(R"({"email":"a@b.co","password":"12345678","name":null})").name, "");
}

TEST(ParseRegisterRequest, AppliesEveryRule) {
  const struct {
    const char* name;
    std::string body;
    std::vector<std::string> failed;  // empty: accepted
  } cases[] = {
      {"8 ascii password", register_body("a@b.co", repeat("p", 8)), {}},
      {"7 ascii password", register_body("a@b.co", repeat("p", 7)), {"password"}},
      {"8 emoji password", register_body("a@b.co", repeat(kEmoji, 8)), {}},
      {"7 emoji password (28 bytes)", register_body("a@b.co", repeat(kEmoji, 7)), {"password"}},
      {"128 password", register_body("a@b.co", repeat("p", 128)), {}},
      {"129 password", register_body("a@b.co", repeat("p", 129)), {"password"}},
      {"128 emoji password", register_body("a@b.co", repeat(kEmoji, 128)), {}},
      {"129 emoji password", register_body("a@b.co", repeat(kEmoji, 129)), {"password"}},
      {"empty password", register_body("a@b.co", ""), {"password"}},
      {"bad email", register_body("not-an-email", "12345678"), {"email"}},
      {"email with inner space", register_body("a b@c.co", "12345678"), {"email"}},
      {"NUL in the name", R"({"email":"a@b.co","password":"12345678","name":"Ada\u0000"})", {"name"}},
      {"100 name", R"({"email":"a@b.co","password":"12345678","name":")" + repeat("n", 100) + "\"}", {}},
      {"101 name", R"({"email":"a@b.co","password":"12345678","name":")" + repeat("n", 101) + "\"}",
       {"name"}},
      {"100 emoji name", R"({"email":"a@b.co","password":"12345678","name":")" + repeat(kEmoji, 100) + "\"}",
       {}},
      {"101 name trimmed to 100", R"({"email":"a@b.co","password":"12345678","name":" )" + repeat("n", 100) + "\"}",
       {}},
      {"missing everything", "{}", {"email", "password"}},
      {"missing password", R"({"email":"a@b.co"})", {"password"}},
      {"email is a number", R"({"email":1,"password":"12345678"})", {"email"}},
      {"email is null", R"({"email":null,"password":"12345678"})", {"email"}},
      {"password is true", R"({"email":"a@b.co","password":true})", {"password"}},
      {"password is null", R"({"email":"a@b.co","password":null})", {"password"}},
      {"password is an array", R"({"email":"a@b.co","password":["12345678"]})", {"password"}},
      {"name is a number", R"({"email":"a@b.co","password":"12345678","name":5})", {"name"}},
      {"name is an object", R"({"email":"a@b.co","password":"12345678","name":{}})", {"name"}},
      {"every field wrong", R"({"email":"x","password":"1","name":false})", {"email", "name", "password"}},
      {"unknown fields ignored", R"({"email":"a@b.co","password":"12345678","role":"admin","id":7})", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto error = error_of([&] { parse_register_request(c.body); });
    if (c.failed.empty()) {
      EXPECT_FALSE(error.has_value()) << (error ? error->detail() : "");
      continue;
    }
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), ErrorCode::validation_failed);
    EXPECT_EQ(sorted_fields_of(*error), c.failed);
    for (const auto& field : error->field_errors()) EXPECT_FALSE(field.message.empty());
  }
}

TEST(ParseRegisterRequest, ValidationMessagesNeverEchoThePassword) {
  const std::string password = "short!7";
  const auto error = error_of([&] { parse_register_request(register_body("a@b.co", password)); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->detail().find(password), std::string::npos);
  for (const auto& field : error->field_errors()) EXPECT_EQ(field.message.find(password), std::string::npos);
}

TEST(ParseLoginRequest, NormalizesTheEmailWithoutCheckingItsSyntax) {
  const LoginRequest request = parse_login_request(R"({"email":"  NOT AN EMAIL ","password":"x"})");
  EXPECT_EQ(request.email, "not an email");
  EXPECT_EQ(request.password, "x");
}

TEST(ParseLoginRequest, RequiresStringEmailAndPassword) {
  const struct {
    const char* name;
    std::string body;
    std::vector<std::string> failed;
  } cases[] = {
      {"missing both", "{}", {"email", "password"}},
      {"email null", R"({"email":null,"password":"x"})", {"email"}},
      {"password number", R"({"email":"a@b.co","password":12345678})", {"password"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto error = error_of([&] { parse_login_request(c.body); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), ErrorCode::validation_failed);
    EXPECT_EQ(sorted_fields_of(*error), c.failed);
  }
}

}  // namespace
}  // namespace taskbox::core

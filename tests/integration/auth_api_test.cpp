// Registration, login, logout and `me` over HTTP against the real binary.
#include <cstdio>

#include "api_test.h"
#include "taskbox/core/jwt.h"

namespace taskbox::testing {
namespace {

class AuthApiTest : public ApiTest {};

std::string register_body(const std::string& email, const std::string& password, const std::string& name_json = "") {
  std::string body = R"({"email":)" + json_string(email) + R"(,"password":)" + json_string(password);
  if (!name_json.empty()) body += R"(,"name":)" + name_json;
  return body + "}";
}

TEST_F(AuthApiTest, RegisterReturnsUserTokenAndSessionCookie) {
  const auto response = client->post("/api/auth/register",
                                     register_body("  Ada.Lovelace@Example.COM ", "correct horse", R"("  Ada  ")"));
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  const auto body = response.json();
  const auto& user = body.get("user");
  EXPECT_TRUE(is_uuid_v4(user.get("id").to_str())) << user.get("id").to_str();
  EXPECT_EQ(user.get("email").to_str(), "ada.lovelace@example.com");
  EXPECT_EQ(user.get("name").to_str(), "Ada");
  EXPECT_TRUE(is_timestamp(user.get("created_at").to_str()));
  EXPECT_FALSE(user.contains("password_hash"));
  EXPECT_EQ(body.get("token_type").to_str(), "Bearer");
  EXPECT_EQ(body.get("expires_in").get<double>(), 3600);
  const std::string token = body.get("token").to_str();
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2);
  EXPECT_EQ(response.header("Set-Cookie"),
            "taskbox_session=" + token + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=3600");
}

TEST_F(AuthApiTest, RegisterWithoutNameGivesEmptyName) {
  const auto response = client->post("/api/auth/register", register_body(unique_email(), "password1", "null"));
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(response.json().get("user").get("name").to_str(), "");
}

TEST_F(AuthApiTest, DuplicateEmailIsRejectedWhateverItsCase) {
  const std::string email = unique_email("dup");
  register_account(*client, email);
  std::string shouted = email;
  for (auto& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto response = client->post("/api/auth/register", register_body(" " + shouted + " ", "another password"));
  expect_problem(response, 409, "email_taken");
}

TEST_F(AuthApiTest, RegisterValidation) {
  const std::string emoji = "\xF0\x9F\x98\x80";  // one code point, four bytes
  std::string emoji7, emoji8, long_name;
  for (int i = 0; i < 7; ++i) emoji7 += emoji;
  emoji8 = emoji7 + emoji;
  for (int i = 0; i < 101; ++i) long_name += "\xC3\xA9";  // é: 101 code points, 202 bytes
  struct Case {
    const char* name;
    std::string body;
    std::string fields;  // expected "errors" fields; empty: expect 201
  };
  const Case cases[] = {
      {"missing email", R"({"password":"password1"})", "email"},
      {"email without at", register_body("ada.example.com", "password1"), "email"},
      {"email without dot in domain", register_body("ada@localhost", "password1"), "email"},
      {"email with space", register_body("ada lovelace@example.com", "password1"), "email"},
      {"email not a string", R"({"email":42,"password":"password1"})", "email"},
      {"password too short", register_body(unique_email(), "seven77"), "password"},
      {"password 7 emoji", register_body(unique_email(), emoji7), "password"},
      {"password 8 emoji", register_body(unique_email(), emoji8), ""},
      {"password 129", register_body(unique_email(), std::string(129, 'p')), "password"},
      {"password 128", register_body(unique_email(), std::string(128, 'p')), ""},
      {"password null", R"({"email":"x@y.co","password":null})", "password"},
      {"name 101 code points", register_body(unique_email(), "password1", json_string(long_name)), "name"},
      {"name 100 code points", register_body(unique_email(), "password1", json_string(long_name.substr(2))), ""},
      {"name not a string", register_body(unique_email(), "password1", "7"), "name"},
      {"everything wrong", R"({"email":"nope","password":"x","name":false})", "email,password,name"},
      {"unknown fields ignored", R"({"email":")" + unique_email() + R"(","password":"password1","role":"admin"})", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto response = client->post("/api/auth/register", c.body);
    if (c.fields.empty()) {
      EXPECT_EQ(response.status, 201) << response.body;
    } else {
      expect_problem(response, 422, "validation_failed");
      EXPECT_EQ(error_fields(response), c.fields) << response.body;
    }
  }
}

TEST_F(AuthApiTest, LoginReturnsSessionAndFailuresLookIdentical) {
  const auto account = register_account(*client, unique_email("login"), "the right password");
  const auto ok = client->post("/api/auth/login",
                               R"({"email":)" + json_string("  " + account.email + " ") + R"(,"password":"the right password"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().get("user").get("id").to_str(), account.id);
  EXPECT_EQ(ok.json().get("token_type").to_str(), "Bearer");
  EXPECT_NE(ok.json().get("token").to_str(), account.token);  // every token has its own jti
  EXPECT_NE(ok.header("Set-Cookie").find("taskbox_session="), std::string::npos);

  const auto wrong_password = client->post(
      "/api/auth/login", R"({"email":)" + json_string(account.email) + R"(,"password":"the wrong password"})");
  const auto unknown_email = client->post(
      "/api/auth/login", R"({"email":)" + json_string(unique_email("ghost")) + R"(,"password":"the wrong password"})");
  expect_problem(wrong_password, 401, "invalid_credentials");
  expect_problem(unknown_email, 401, "invalid_credentials");
  EXPECT_EQ(wrong_password.body, unknown_email.body);
  EXPECT_FALSE(wrong_password.has_header("Set-Cookie"));
}

TEST_F(AuthApiTest, LoginComparesEmailsCaseInsensitively) {
  const std::string email = unique_email("grace");
  register_account(*client, "Grace." + email, "the right password");
  std::string shouted = "grace." + email;
  for (auto& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto ok = client->post("/api/auth/login",
                               R"({"email":)" + json_string(shouted) + R"(,"password":"the right password"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().get("user").get("email").to_str(), "grace." + email);
}

TEST_F(AuthApiTest, LoginBodyErrors) {
  expect_problem(client->post("/api/auth/login", "not json"), 400, "invalid_json");
  expect_problem(client->post("/api/auth/login", R"(["a@b.co","pw"])"), 400, "invalid_json");
  const auto missing = client->post("/api/auth/login", R"({"email":"a@b.co"})");
  expect_problem(missing, 422, "validation_failed");
  EXPECT_EQ(error_fields(missing), "password");
}

TEST_F(AuthApiTest, MeAcceptsBearerHeaderAndSessionCookie) {
  const auto account = register_account(*client);
  const auto by_header = client->get("/api/auth/me", bearer(account.token));
  ASSERT_EQ(by_header.status, 200) << by_header.body;
  EXPECT_EQ(by_header.json().get("user").get("id").to_str(), account.id);
  EXPECT_EQ(by_header.json().get("user").get("email").to_str(), account.email);
  const auto by_cookie = client->get("/api/auth/me", {{"Cookie", "theme=dark; " + account.cookie}});
  ASSERT_EQ(by_cookie.status, 200) << by_cookie.body;
  EXPECT_EQ(by_cookie.json().get("user").get("id").to_str(), account.id);
}

TEST_F(AuthApiTest, MissingTokenAnswersWithBearerChallenge) {
  for (const auto& headers : {httplib::Headers{}, httplib::Headers{{"Authorization", "Basic YTpi"}},
                              httplib::Headers{{"Cookie", "taskbox_session="}}}) {
    const auto response = client->get("/api/auth/me", headers);
    expect_problem(response, 401, "missing_token");
    EXPECT_EQ(response.header("WWW-Authenticate"), "Bearer");
  }
}

TEST_F(AuthApiTest, LogoutRevokesTheTokenAndClearsTheCookie) {
  const auto account = register_account(*client);
  const auto second_session = client->post(
      "/api/auth/login", R"({"email":)" + json_string(account.email) + R"(,"password":)" + json_string(account.password) + "}");
  const auto logout = client->post("/api/auth/logout", "", bearer(account.token));
  EXPECT_EQ(logout.status, 204) << logout.body;
  EXPECT_TRUE(logout.body.empty());
  const std::string cleared = logout.header("Set-Cookie");
  EXPECT_EQ(cleared.rfind("taskbox_session=;", 0), 0u) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;

  const auto reused = client->get("/api/auth/me", bearer(account.token));
  expect_problem(reused, 401, "invalid_token");
  EXPECT_EQ(reused.header("WWW-Authenticate"), "Bearer error=\"invalid_token\"");
  expect_problem(client->get("/api/auth/me", {{"Cookie", account.cookie}}), 401, "invalid_token");
  expect_problem(client->post("/api/auth/logout", "", bearer(account.token)), 401, "invalid_token");
  // Other sessions of the same user stay valid.
  EXPECT_EQ(client->get("/api/auth/me", bearer(second_session.json().get("token").to_str())).status, 200);
}

TEST_F(AuthApiTest, LogoutRequiresAuthentication) {
  expect_problem(client->post("/api/auth/logout", ""), 401, "missing_token");
}

}  // namespace
}  // namespace taskbox::testing

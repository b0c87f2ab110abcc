// Better Auth's JWT plugin against the real binary: a token from /api/auth/token verified
// the way a FastAPI backend does it, with PyJWT's PyJWKClient fetching /api/auth/jwks
// (Debian's python3-jwt with python3-cryptography); and what voids such a token.
#include "../unit/core/pyjwt_runner.h"
#include "admin_test.h"

namespace taskbox::testing {
namespace {

using JwksTest = AdminTest;

// Signs a Better Auth user up and returns {user id, the bearer plugin's session token}.
std::pair<std::string, std::string> jwks_sign_up(HttpClient& client, const std::string& email) {
  const auto answer = client.post("/api/auth/sign-up/email",
                                  R"({"name":"Ada","email":)" + json_string(email) + R"(,"password":"correct horse"})",
                                  {{"Content-Type", "application/json"}});
  EXPECT_EQ(answer.status, 200) << answer.body;
  return {answer.json().get("user").get("id").to_str(), answer.header("set-auth-token")};
}

std::string jwks_token(HttpClient& client, const std::string& session_token) {
  const auto answer = client.get("/api/auth/token", bearer(session_token));
  EXPECT_EQ(answer.status, 200) << answer.body;
  return answer.json().get("token").to_str();
}

// What a FastAPI dependency runs on each request (with the client made once).
std::string pyjwk_verify(const std::string& python, const std::string& base_url, const std::string& token,
                         const std::string& audience) {
  const std::string script =
      "import jwt\n"
      "client = jwt.PyJWKClient(\"" + base_url + "/api/auth/jwks\")\n"
      "token = \"" + token + "\"\n"
      "key = client.get_signing_key_from_jwt(token)\n"
      "try:\n"
      "    claims = jwt.decode(token, key.key, algorithms=[\"EdDSA\"], audience=\"" + audience +
      "\", issuer=\"" + base_url + "\")\n"
      "    print(claims[\"sub\"], claims[\"email\"], claims[\"exp\"] - claims[\"iat\"])\n"
      "except jwt.InvalidTokenError as e:\n"
      "    print(type(e).__name__)\n";
  return core::test_pyjwt::run(python + " -c '" + script + "' 2>&1").output;
}

TEST_F(JwksTest, TokensVerifyWithPyJwtsPyJwkClient) {
  const auto& python = core::test_pyjwt::python_with_pyjwt();
  if (!python || core::test_pyjwt::run(*python + " -c 'import cryptography' 2>/dev/null").exit_code != 0) {
    GTEST_SKIP() << "PyJWT with python3-cryptography is not installed (python3-jwt, python3-cryptography)";
  }
  const auto [user_id, session] = jwks_sign_up(*client, "ada@example.com");
  const std::string token = jwks_token(*client, session);
  EXPECT_EQ(pyjwk_verify(*python, server->url(), token, server->url()), user_id + " ada@example.com 900");
  EXPECT_EQ(pyjwk_verify(*python, server->url(), token, "http://another.example"), "InvalidAudienceError");
  // get-session's header carries the same kind of token.
  const auto session_answer = client->get("/api/auth/get-session", bearer(session));
  EXPECT_EQ(pyjwk_verify(*python, server->url(), session_answer.header("set-auth-jwt"), server->url()),
            user_id + " ada@example.com 900");
}

TEST_F(JwksTest, ANewPasswordOrADeletedUserVoidsTheToken) {
  const auto [ada_id, ada_session] = jwks_sign_up(*client, "ada@example.com");
  const std::string ada_token = jwks_token(*client, ada_session);
  ASSERT_EQ(client->get("/api/me/tasks", bearer(ada_token)).status, 200);
  const auto changed = admin_with_input({"users", "set-password", "ada@example.com"}, "another long password\n");
  ASSERT_EQ(changed.exit_code, 0) << changed.stderr_text;
  const auto refused = client->get("/api/me/tasks", bearer(ada_token));
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.problem_code(), "invalid_token");

  const auto [bob_id, bob_session] = jwks_sign_up(*client, "bob@example.com");
  const std::string bob_token = jwks_token(*client, bob_session);
  ASSERT_EQ(client->get("/api/me/tasks", bearer(bob_token)).status, 200);
  const auto removed = admin({"users", "delete", "bob@example.com"});
  ASSERT_EQ(removed.exit_code, 0) << removed.stderr_text;
  EXPECT_EQ(client->get("/api/me/tasks", bearer(bob_token)).status, 401);
}

}  // namespace
}  // namespace taskbox::testing

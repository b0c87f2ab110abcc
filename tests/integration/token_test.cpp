// Presenting tokens: every rejection reason, expiry, and interoperability with a
// second JWT implementation (PyJWT, Debian's python3-jwt).
#include <cstdio>

#include "api_test.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/jwt.h"

namespace taskbox::testing {
namespace {

class TokenTest : public ApiTest {};

// Debian's python3 (the one python3-jwt installs into), not whichever python3 is first on PATH.
std::string run_python(const std::string& script) {
  const std::string command = "/usr/bin/python3 -c '" + script + "' 2>&1";
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    pclose(pipe);
  }
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  return output;
}

core::Clock fixed_clock(std::chrono::system_clock::time_point at) {
  return [at] { return at; };
}

std::string with_header(const std::string& header_json, const std::string& token, const std::string& signature) {
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  return core::base64url_encode(header_json) + token.substr(first, second - first) + "." + signature;
}

TEST_F(TokenTest, RejectsEveryKindOfBadToken) {
  const auto account = register_account(*client);
  const auto now = std::chrono::system_clock::now();
  const core::JwtCodec same_secret(kTestSecret, "taskbox", fixed_clock(now));
  const core::JwtCodec other_secret(std::string(40, 'x'), "taskbox", fixed_clock(now));
  const core::JwtCodec other_issuer(kTestSecret, "someone-else", fixed_clock(now));
  const std::string good = same_secret.issue(account.id, account.email, std::chrono::minutes(5)).token;
  const std::string signature = good.substr(good.rfind('.') + 1);
  std::string tampered = good;
  tampered[tampered.size() - 10] = tampered[tampered.size() - 10] == 'A' ? 'B' : 'A';

  struct Case {
    const char* name;
    std::string token;
  };
  const Case cases[] = {
      {"garbage", "not-a-token"},
      {"three empty parts", ".."},
      {"four parts", good + ".x"},
      {"tampered signature", tampered},
      {"signed with another secret", other_secret.issue(account.id, account.email, std::chrono::minutes(5)).token},
      {"alg none", with_header(R"({"alg":"none","typ":"JWT"})", good, "")},
      {"alg HS512 header", with_header(R"({"alg":"HS512","typ":"JWT"})", good, signature)},
      {"no alg", with_header(R"({"typ":"JWT"})", good, signature)},
      {"other issuer", other_issuer.issue(account.id, account.email, std::chrono::minutes(5)).token},
      {"unknown user", same_secret.issue("00000000-0000-4000-8000-000000000000", "x@y.co", std::chrono::minutes(5)).token},
      {"long garbage", std::string(7000, 'a') + "." + std::string(10, 'b') + "." + signature},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto response = client->get("/api/auth/me", bearer(c.token));
    expect_problem(response, 401, "invalid_token");
    EXPECT_EQ(response.header("WWW-Authenticate"), "Bearer error=\"invalid_token\"");
  }
  EXPECT_EQ(client->get("/api/auth/me", bearer(good)).status, 200);
}

TEST_F(TokenTest, ExpiredTokenHasItsOwnCode) {
  const auto account = register_account(*client);
  const core::JwtCodec past(kTestSecret, "taskbox", fixed_clock(std::chrono::system_clock::now() - std::chrono::hours(2)));
  const std::string expired = past.issue(account.id, account.email, std::chrono::hours(1)).token;
  for (const auto& headers : {bearer(expired), httplib::Headers{{"Cookie", "taskbox_session=" + expired}}}) {
    const auto response = client->get("/api/me/tasks", headers);
    expect_problem(response, 401, "token_expired");
    EXPECT_EQ(response.header("WWW-Authenticate"), "Bearer error=\"invalid_token\"");
  }
  // An expired token with a bad signature is invalid, not expired.
  const core::JwtCodec past_other(std::string(40, 'y'), "taskbox",
                                  fixed_clock(std::chrono::system_clock::now() - std::chrono::hours(2)));
  expect_problem(client->get("/api/me/tasks", bearer(past_other.issue(account.id, "", std::chrono::hours(1)).token)),
                 401, "invalid_token");
}

TEST_F(TokenTest, AcceptsTokensSignedByPyJwtWithSubAndExpOnly) {
  const auto account = register_account(*client);
  const std::string token = run_python("import jwt, time; print(jwt.encode({\"sub\": \"" + account.id +
                                       "\", \"exp\": int(time.time()) + 600}, \"" + kTestSecret +
                                       "\", algorithm=\"HS256\"))");
  ASSERT_EQ(std::count(token.begin(), token.end(), '.'), 2) << token;
  const auto me = client->get("/api/auth/me", bearer(token));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json().get("user").get("id").to_str(), account.id);
  // Without a jti, logout revokes that exact token.
  EXPECT_EQ(client->post("/api/auth/logout", "", bearer(token)).status, 204);
  expect_problem(client->get("/api/auth/me", bearer(token)), 401, "invalid_token");
  EXPECT_EQ(client->get("/api/auth/me", bearer(account.token)).status, 200);
}

TEST_F(TokenTest, RejectsPyJwtTokensWithoutExpOrWithNoneAlg) {
  const auto account = register_account(*client);
  const std::string no_exp = run_python("import jwt; print(jwt.encode({\"sub\": \"" + account.id + "\"}, \"" +
                                        kTestSecret + "\", algorithm=\"HS256\"))");
  expect_problem(client->get("/api/auth/me", bearer(no_exp)), 401, "invalid_token");
  const std::string hs512 = run_python("import jwt, time; print(jwt.encode({\"sub\": \"" + account.id +
                                       "\", \"exp\": int(time.time()) + 600}, \"" + kTestSecret +
                                       "\", algorithm=\"HS512\"))");
  expect_problem(client->get("/api/auth/me", bearer(hs512)), 401, "invalid_token");
}

TEST_F(TokenTest, IssuedTokensVerifyInPyJwt) {
  const auto account = register_account(*client);
  const std::string verified = run_python(
      "import jwt; c = jwt.decode(\"" + account.token + "\", \"" + kTestSecret +
      "\", algorithms=[\"HS256\"], issuer=\"taskbox\", options={\"require\": [\"exp\", \"iat\", \"sub\", \"jti\"]}); "
      "h = jwt.get_unverified_header(\"" + account.token + "\"); "
      "print(c[\"sub\"], c[\"email\"], c[\"exp\"] - c[\"iat\"], h[\"alg\"], h[\"typ\"])");
  EXPECT_EQ(verified, account.id + " " + account.email + " 3600 HS256 JWT");
}

TEST_F(TokenTest, RevocationAndTokensSurviveRestart) {
  TempDir data;
  ProcessOptions opts;
  opts.data_dir = data.path();  // no secret in the environment: generated and kept
  std::string kept, revoked;
  {
    TaskboxProcess first(opts);
    HttpClient http(first.url());
    kept = register_account(http).token;
    revoked = register_account(http).token;
    EXPECT_EQ(http.post("/api/auth/logout", "", bearer(revoked)).status, 204);
    EXPECT_EQ(first.signal_and_wait(SIGTERM), 0);
  }
  TaskboxProcess second(opts);
  HttpClient http(second.url());
  EXPECT_EQ(http.get("/api/auth/me", bearer(kept)).status, 200);
  expect_problem(http.get("/api/auth/me", bearer(revoked)), 401, "invalid_token");
}

}  // namespace
}  // namespace taskbox::testing

// Rules every response follows: headers, 404/405, hostile bodies, CSRF, cookies, logs.
#include "api_test.h"

namespace taskbox::testing {
namespace {

class HttpRulesTest : public ApiTest {};

void expect_security_headers(const HttpResponse& response) {
  EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(response.header("Referrer-Policy").empty());
  const bool framing_denied = response.header("X-Frame-Options") == "DENY" ||
                              response.header("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos;
  EXPECT_TRUE(framing_denied);
}

TEST_F(HttpRulesTest, SecurityHeadersOnEveryKindOfResponse) {
  const auto account = register_account(*client);
  const HttpResponse responses[] = {
      client->get("/healthz"),
      client->get("/api/me/tasks", bearer(account.token)),
      client->get("/api/me/tasks"),
      client->get("/api/nothing/here/at/all"),
      client->request("DELETE", "/api/auth/login"),
      client->post("/api/auth/login", "{"),
      client->get("/"),
      client->get("/no-such-page"),
  };
  for (const auto& response : responses) {
    SCOPED_TRACE(std::to_string(response.status) + " " + response.body.substr(0, 80));
    EXPECT_NE(response.status, 0) << response.error;
    expect_security_headers(response);
  }
  // Errors from the HTTP parser itself carry them too.
  const std::string raw = raw_http(server->host(), server->port(), "GET / HTTP/1.1\r\nHost: x\r\nRange: bytes=9-1,x\r\n\r\n");
  EXPECT_NE(raw.find("X-Content-Type-Options: nosniff"), std::string::npos) << raw;
}

TEST_F(HttpRulesTest, HealthzAnswersWhenTheDatabaseDoes) {
  const auto response = client->get("/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  EXPECT_EQ(response.body, R"({"status":"ok"})");
}

TEST_F(HttpRulesTest, UnknownApiPathsAre404AndWrongMethods405WithAllow) {
  expect_problem(client->get("/api/unknown"), 404, "not_found");
  expect_problem(client->get("/api"), 404, "not_found");
  expect_problem(client->post("/api/me/tasks/1/complete/extra", "{}"), 404, "not_found");
  struct Case {
    std::string method, path, allow;
  };
  const Case cases[] = {
      {"GET", "/api/auth/login", "POST"},
      {"DELETE", "/api/auth/register", "POST"},
      {"POST", "/api/auth/me", "GET, HEAD"},
      {"PUT", "/api/me/tasks", "GET, HEAD, POST"},
      {"POST", "/api/me/tasks/1", "GET, HEAD, PUT, PATCH, DELETE"},
      {"GET", "/api/me/tasks/1/complete", "PATCH"},
      {"OPTIONS", "/api/me/tasks", "GET, HEAD, POST"},
      {"POST", "/healthz", "GET, HEAD"},
      {"DELETE", "/", "GET, HEAD"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path);
    const auto response = client->request(c.method, c.path, "{}");
    expect_problem(response, 405, "method_not_allowed");
    EXPECT_EQ(response.header("Allow"), c.allow);
  }
}

TEST_F(HttpRulesTest, HostileBodiesGetClearErrors) {
  const auto account = register_account(*client);
  std::string deep(100000, '[');
  std::string deep_object;
  for (int i = 0; i < 5000; ++i) deep_object += R"({"a":)";
  struct Case {
    const char* name;
    std::string body;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {"100000 nested arrays", deep, 400, "invalid_json"},
      {"5000 nested objects", deep_object, 400, "invalid_json"},
      {"invalid UTF-8", "{\"title\":\"\xC3\x28\"}", 400, "invalid_json"},
      {"overlong UTF-8", "{\"title\":\"\xC0\xAF\"}", 400, "invalid_json"},
      {"lone surrogate escape", R"({"title":"\ud800"})", 400, "invalid_json"},
      {"not an object", R"("title")", 400, "invalid_json"},
      {"null", "null", 400, "invalid_json"},
      {"empty", "", 400, "invalid_json"},
      {"trailing garbage", R"({"title":"a"} x)", 400, "invalid_json"},
      {"huge number", R"({"title":"a","n":1e999})", 400, "invalid_json"},
      {"NUL byte in a string", std::string("{\"title\":\"a\0b\"}", 15), 400, "invalid_json"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    expect_problem(client->post("/api/me/tasks", c.body, bearer(account.token)), c.status, c.code);
  }
  // The server is still fine afterwards.
  EXPECT_EQ(client->get("/healthz").status, 200);
}

TEST_F(HttpRulesTest, BodiesOverOneMebibyteAre413) {
  const auto account = register_account(*client);
  const std::string big = R"({"title":"x","description":")" + std::string(1100 * 1024, 'a') + R"("})";
  const auto response = client->post("/api/me/tasks", big, bearer(account.token));
  expect_problem(response, 413, "payload_too_large");
  // Exactly at the limit is parsed (and then fails validation on length, not size).
  const std::string at_limit = R"({"title":"x","description":")" + std::string(1024 * 1024 - 32, 'a') + R"("})";
  ASSERT_LE(at_limit.size(), 1024u * 1024u);
  expect_problem(client->post("/api/me/tasks", at_limit, bearer(account.token)), 422, "validation_failed");
  EXPECT_EQ(client->get("/api/me/tasks", bearer(account.token)).header("X-Total-Count"), "0");
}

TEST_F(HttpRulesTest, CookieAuthenticatedWritesMustComeFromTheSameOrigin) {
  const auto account = register_account(*client);
  const std::string own_origin = server->url();
  const std::string body = R"({"title":"from a browser"})";
  struct Case {
    const char* name;
    httplib::Headers headers;
    int status;
  };
  const Case cases[] = {
      {"same origin", {{"Cookie", account.cookie}, {"Origin", own_origin}}, 201},
      {"same origin with trailing slash", {{"Cookie", account.cookie}, {"Origin", own_origin + "/"}}, 201},
      {"other origin", {{"Cookie", account.cookie}, {"Origin", "http://evil.example"}}, 403},
      {"other port", {{"Cookie", account.cookie}, {"Origin", "http://127.0.0.1:1"}}, 403},
      {"https variant", {{"Cookie", account.cookie}, {"Origin", "https://" + own_origin.substr(7)}}, 403},
      {"null origin", {{"Cookie", account.cookie}, {"Origin", "null"}}, 403},
      {"no origin, cross-site fetch", {{"Cookie", account.cookie}, {"Sec-Fetch-Site", "cross-site"}}, 403},
      {"no origin, same-origin fetch", {{"Cookie", account.cookie}, {"Sec-Fetch-Site", "same-origin"}}, 201},
      {"no origin, no fetch metadata (curl)", {{"Cookie", account.cookie}}, 201},
      {"bearer token from another origin", {{"Authorization", "Bearer " + account.token}, {"Origin", "http://evil.example"}}, 201},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto response = client->post("/api/me/tasks", body, c.headers);
    if (c.status == 403) {
      expect_problem(response, 403, "csrf_rejected");
    } else {
      EXPECT_EQ(response.status, c.status) << response.body;
    }
  }
  // Reads are not state-changing: a cross-origin GET with the cookie is answered.
  EXPECT_EQ(client->get("/api/me/tasks", {{"Cookie", account.cookie}, {"Origin", "http://evil.example"}}).status, 200);
  // Logout with the cookie is a write too.
  expect_problem(client->post("/api/auth/logout", "", {{"Cookie", account.cookie}, {"Origin", "http://evil.example"}}),
                 403, "csrf_rejected");
  EXPECT_EQ(client->get("/api/me/tasks", bearer(account.token)).header("X-Total-Count"), "5");
}

class SecureCookieTest : public ApiTest {
 protected:
  ProcessOptions options() override { return {{"--cookie-secure", "true"}, {}, std::nullopt, true}; }
};

TEST_F(SecureCookieTest, CookieIsSecureWhenConfigured) {
  const auto response = client->post("/api/auth/register", R"({"email":")" + unique_email() + R"(","password":"password1"})");
  ASSERT_EQ(response.status, 201);
  const std::string cookie = response.header("Set-Cookie");
  EXPECT_NE(cookie.find("; HttpOnly; SameSite=Strict; Path=/; Max-Age=3600; Secure"), std::string::npos) << cookie;
}

class BehindProxyTest : public ApiTest {
 protected:
  ProcessOptions options() override { return {{}, {{"TASKBOX_TRUSTED_PROXIES", "127.0.0.1"}}, std::nullopt, true}; }
};

TEST_F(BehindProxyTest, HttpsFromATrustedProxyMakesTheCookieSecureAndSetsTheOrigin) {
  const httplib::Headers via_https = {{"X-Forwarded-Proto", "https"}, {"Host", "todo.example.com"}};
  const auto response = client->post("/api/auth/register", R"({"email":")" + unique_email() + R"(","password":"password1"})",
                                      via_https);
  ASSERT_EQ(response.status, 201);
  EXPECT_NE(response.header("Set-Cookie").find("; Secure"), std::string::npos);
  EXPECT_FALSE(response.header("Strict-Transport-Security").empty());
  const std::string cookie = response.header("Set-Cookie").substr(0, response.header("Set-Cookie").find(';'));
  httplib::Headers browser = via_https;
  browser.emplace("Cookie", cookie);
  browser.emplace("Origin", "https://todo.example.com");
  EXPECT_EQ(client->post("/api/me/tasks", R"({"title":"x"})", browser).status, 201);
  // Plain http through the same proxy: no Secure flag.
  const auto plain = client->post("/api/auth/register", R"({"email":")" + unique_email() + R"(","password":"password1"})");
  EXPECT_EQ(plain.header("Set-Cookie").find("Secure"), std::string::npos);
}

TEST_F(HttpRulesTest, ProxyHeadersAreIgnoredFromUntrustedPeers) {
  const auto response = client->post("/api/auth/register", R"({"email":")" + unique_email() + R"(","password":"password1"})",
                                     {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(response.status, 201);
  EXPECT_EQ(response.header("Set-Cookie").find("Secure"), std::string::npos);
}

TEST_F(HttpRulesTest, BodylessWritesWithoutContentLengthKeepTheConnectionUsable) {
  const auto account = register_account(*client);
  const auto task = create_task(*client, account.token, "delete me with curl -X DELETE");
  const std::string auth = "Authorization: Bearer " + account.token + "\r\n";
  // Two requests on one keep-alive connection; the first has no Content-Length (curl
  // -X DELETE, a browser's fetch without a body).
  const auto replies = raw_http_sequence(
      server->host(), server->port(),
      {"DELETE /api/me/tasks/" + task.at("id").to_str() + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
       "GET /api/me/tasks HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"});
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].rfind("HTTP/1.1 204", 0), 0u) << replies[0];
  EXPECT_EQ(replies[1].rfind("HTTP/1.1 200", 0), 0u) << replies[1];
  EXPECT_NE(replies[1].find("X-Total-Count: 0"), std::string::npos) << replies[1];
}

TEST_F(HttpRulesTest, LogsNeverContainSecretsPasswordsTokensOrCookies) {
  const std::string password = "very-secret-password-42";
  const auto account = register_account(*client, unique_email("logcheck"), password);
  client->post("/api/auth/login", R"({"email":")" + account.email + R"(","password":"wrong-password-99"})");
  client->get("/api/me/tasks?token=" + account.token, {{"Cookie", account.cookie}});
  client->get("/api/auth/me", bearer(account.token));
  client->get("/api/auth/me", bearer(account.token + "tampered"));
  client->post("/api/auth/logout", "", bearer(account.token));
  const std::string log = server->log();
  EXPECT_NE(log.find("path=/api/auth/me"), std::string::npos) << "access log missing: " << log;
  EXPECT_NE(log.find("event=login_failed"), std::string::npos) << "audit log missing: " << log;
  EXPECT_NE(log.find("event=token_rejected"), std::string::npos) << "audit log missing: " << log;
  for (const std::string& secret : {password, std::string("wrong-password-99"), account.token,
                                    account.token.substr(account.token.rfind('.') + 1), kTestSecret}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << "log leaks " << secret.substr(0, 12) << "...";
  }
  EXPECT_EQ(log.find("token="), std::string::npos) << "query strings must not be logged";
}

}  // namespace
}  // namespace taskbox::testing

// HTTP rules only a real process shows: a bodyless write without Content-Length on a
// keep-alive connection (raw bytes), error answers that keep their connection, and a log
// (the whole of its stderr) without secrets.
// The route-level rules are scenarios: tests/scenario/http_rules_scenarios_test.cpp.
#include "api_test.h"

namespace taskbox::testing {
namespace {

class HttpRulesTest : public ApiTest {};

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

// An error answer to a request that was read whole keeps its connection, as any other
// answer does (cpp-httplib alone closes after every status of 400 or more), so a client
// refused at once (401, 422, 429, 503 busy) sends its next request without a new handshake.
TEST_F(HttpRulesTest, ErrorAnswersKeepTheConnectionOpen) {
  const auto replies = raw_http_sequence(
      server->host(), server->port(),
      {"GET /api/me/tasks HTTP/1.1\r\nHost: x\r\n\r\n",
       "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
       "DELETE /api/me/tasks/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer not.a.token\r\n\r\n",
       "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"});
  ASSERT_EQ(replies.size(), 4u);
  const char* statuses[] = {"HTTP/1.1 401", "HTTP/1.1 422", "HTTP/1.1 401"};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(replies[i].rfind(statuses[i], 0), 0u) << replies[i];
    EXPECT_EQ(replies[i].find("Connection: close"), std::string::npos) << replies[i];
    EXPECT_NE(replies[i].find("Keep-Alive: timeout="), std::string::npos) << replies[i];
  }
  EXPECT_EQ(replies[3].rfind("HTTP/1.1 200", 0), 0u) << replies[3];

  // A client that asks to close is answered so.
  const std::string closing =
      raw_http(server->host(), server->port(), "GET /api/me/tasks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(closing.rfind("HTTP/1.1 401", 0), 0u) << closing;
  EXPECT_NE(closing.find("Connection: close"), std::string::npos) << closing;
  // A request the server could not read whole still ends its connection.
  const std::string malformed =
      raw_http(server->host(), server->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");
  EXPECT_EQ(malformed.rfind("HTTP/1.1 400", 0), 0u) << malformed;
  EXPECT_NE(malformed.find("Connection: close"), std::string::npos) << malformed;
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

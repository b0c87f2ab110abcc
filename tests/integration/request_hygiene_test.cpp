// Attacks on how requests are taken in: login CSRF, pipelined requests after a
// body-less write, forwarded addresses from an untrusted proxy, file modes, audience.
#include <sys/stat.h>

#include "api_test.h"
#include "raw_socket.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/jwt.h"

namespace taskbox::testing {
namespace {

class RequestHygieneTest : public ApiTest {};

// A page on another site posting a form to /api/auth/login would sign the visitor into
// the attacker's account (and then read what they type into it).
TEST_F(RequestHygieneTest, CrossSiteFormPostsToLoginAndRegisterAreRejected) {
  const auto attacker = register_account(*client, unique_email("attacker"), "attacker password");
  // What a cross-site <form enctype="text/plain"> sends: JSON-looking text, a foreign Origin.
  const std::string form_body = R"({"email":")" + attacker.email + R"(","password":"attacker password","x":"="})";
  const httplib::Headers cross_site = {{"Origin", "https://evil.example"}, {"Content-Type", "text/plain"}};
  for (const char* path : {"/api/auth/login", "/api/auth/register"}) {
    SCOPED_TRACE(path);
    const auto response = client->post(path, form_body, cross_site);
    expect_problem(response, 403, "csrf_rejected");
    EXPECT_FALSE(response.has_header("Set-Cookie"));
  }
  // Without Origin, a browser's Sec-Fetch-Site says where the request came from.
  expect_problem(client->post("/api/auth/login", form_body, {{"Sec-Fetch-Site", "cross-site"}}), 403,
                 "csrf_rejected");
  // The credential check was never reached: no failed login and no session.
  EXPECT_EQ(server->log().find("event=login_failed"), std::string::npos);
  // Same-origin pages, same-site tools and clients that send no Origin (curl) log in.
  EXPECT_EQ(client->post("/api/auth/login", form_body, {{"Origin", server->url()}}).status, 200);
  EXPECT_EQ(client->post("/api/auth/login", form_body, {{"Sec-Fetch-Site", "same-origin"}}).status, 200);
  EXPECT_EQ(client->post("/api/auth/login", form_body).status, 200);
  // A Bearer token is not sent by browsers on their own: writes carrying one are allowed.
  EXPECT_EQ(client->post("/api/me/tasks", R"({"title":"t"})",
                         {{"Origin", "https://evil.example"}, {"Authorization", "Bearer " + attacker.token}})
                .status,
            201);
  // Unknown /api paths are covered by the rule too.
  expect_problem(client->post("/api/nothing-here", "{}", cross_site), 403, "csrf_rejected");
}

// A body-less DELETE and the next request in the same write: the library read the
// second request as the first one's body.
TEST_F(RequestHygieneTest, PipelinedRequestsAfterABodylessWriteAreAllAnswered) {
  const auto account = register_account(*client);
  const auto task = create_task(*client, account.token, "delete me");
  const std::string auth = "Authorization: Bearer " + account.token + "\r\n";
  RawConnection connection(server->host(), server->port());
  ASSERT_TRUE(connection.valid());
  ASSERT_TRUE(connection.send("DELETE /api/me/tasks/" + task.at("id").to_str() + " HTTP/1.1\r\nHost: x\r\n" + auth +
                              "\r\nGET /api/me/tasks HTTP/1.1\r\nHost: x\r\n" + auth +
                              "\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  const std::string replies = connection.read_until_closed(std::chrono::seconds(10));
  const auto second = replies.find("HTTP/1.1 200", 1);
  EXPECT_EQ(replies.rfind("HTTP/1.1 204", 0), 0u) << replies;
  ASSERT_NE(second, std::string::npos) << replies;
  EXPECT_NE(replies.find("X-Total-Count: 0"), std::string::npos) << replies;
  EXPECT_NE(replies.find(R"({"status":"ok"})"), std::string::npos) << replies;
}

TEST_F(RequestHygieneTest, PipelinedGetsAreAllAnswered) {
  RawConnection connection(server->host(), server->port());
  ASSERT_TRUE(connection.valid());
  std::string requests;
  for (int i = 0; i < 5; ++i) requests += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  requests += "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_TRUE(connection.send(requests));
  const std::string replies = connection.read_until_closed(std::chrono::seconds(10));
  std::size_t answers = 0;
  for (auto at = replies.find("HTTP/1.1 200"); at != std::string::npos; at = replies.find("HTTP/1.1 200", at + 1)) {
    ++answers;
  }
  EXPECT_EQ(answers, 6u) << replies;
}

// A proxy set up without TASKBOX_TRUSTED_PROXIES makes every client one address; that
// used to happen silently.
TEST_F(RequestHygieneTest, ForwardedForFromAnUntrustedPeerIsIgnoredWithOneWarning) {
  for (int i = 0; i < 3; ++i) client->get("/healthz", {{"X-Forwarded-For", "203.0.113." + std::to_string(i)}});
  const std::string log = server->log();
  const std::string warning = "ignoring X-Forwarded-For from a peer that is not a trusted proxy";
  const auto first = log.find(warning);
  ASSERT_NE(first, std::string::npos) << log;
  EXPECT_EQ(log.find(warning, first + 1), std::string::npos) << "warned more than once";
  EXPECT_NE(log.find("TASKBOX_TRUSTED_PROXIES"), std::string::npos);
  EXPECT_NE(log.find("peer=127.0.0.1"), std::string::npos);
}

class UmaskTest : public ApiTest {
 protected:
  void SetUp() override {
    previous_ = ::umask(022);  // a typical shell's umask, inherited by the server
    ApiTest::SetUp();
  }
  void TearDown() override { ::umask(previous_); }
  mode_t previous_ = 022;
};

TEST_F(UmaskTest, DatabaseFilesAndTheSecretAreOwnerOnlyWhateverTheUmask) {
  const auto account = register_account(*client);
  create_task(*client, account.token, "write something");
  for (const char* name : {"taskbox.db", "taskbox.db-wal", "taskbox.db-shm"}) {
    SCOPED_TRACE(name);
    struct stat info {};
    ASSERT_EQ(::stat((server->data_dir() / name).c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
  }
  struct stat dir {};
  ASSERT_EQ(::stat(server->data_dir().c_str(), &dir), 0);
  EXPECT_EQ(dir.st_mode & 0077, 0u);
}

class AudienceTest : public ApiTest {
 protected:
  ProcessOptions options() override { return {{}, {{"TASKBOX_JWT_AUDIENCE", "todo-api"}}, std::nullopt, true}; }
};

// With a secret shared among apps, a token another app minted must not open taskbox.
TEST_F(AudienceTest, IssuedTokensCarryTheAudienceAndOthersAreRefused) {
  const auto account = register_account(*client);
  const auto payload = core::base64url_decode(account.token.substr(
      account.token.find('.') + 1, account.token.rfind('.') - account.token.find('.') - 1));
  ASSERT_TRUE(payload.has_value());
  EXPECT_NE(payload->find(R"("aud":"todo-api")"), std::string::npos) << *payload;
  EXPECT_EQ(client->get("/api/auth/me", bearer(account.token)).status, 200);

  const auto now = core::system_clock();
  const core::JwtCodec other_app(kTestSecret, "taskbox", now, std::string("billing-api"));
  const core::JwtCodec no_audience(kTestSecret, "taskbox", now);
  for (const auto& token : {other_app.issue(account.id, account.email, std::chrono::minutes(5)).token,
                            no_audience.issue(account.id, account.email, std::chrono::minutes(5)).token}) {
    expect_problem(client->get("/api/auth/me", bearer(token)), 401, "invalid_token");
  }
}

}  // namespace
}  // namespace taskbox::testing

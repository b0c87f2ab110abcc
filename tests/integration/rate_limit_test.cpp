// The failed-login limit: per (client address, normalized email), 10 in 15 minutes by
// default, with Retry-After; X-Forwarded-For believed only from trusted proxies.
#include "api_test.h"

#include <thread>

namespace taskbox::testing {
namespace {

std::string login_body(const std::string& email, const std::string& password) {
  return R"({"email":)" + json_string(email) + R"(,"password":)" + json_string(password) + "}";
}

class RateLimitTest : public ApiTest {};

TEST_F(RateLimitTest, TenFailuresLockThatAddressAndEmailOnly) {
  const auto account = register_account(*client, unique_email("locked"), "the right password");
  const auto bystander = register_account(*client, unique_email("bystander"), "another password");
  for (int i = 0; i < 10; ++i) {
    SCOPED_TRACE(i);
    // The email's case and spacing do not make a new key.
    const std::string email = i % 2 ? account.email : "  " + account.email + " ";
    expect_problem(client->post("/api/auth/login", login_body(email, "wrong guess")), 401, "invalid_credentials");
  }
  const auto locked = client->post("/api/auth/login", login_body(account.email, "the right password"));
  expect_problem(locked, 429, "too_many_attempts");
  const int retry_after = std::stoi(locked.header("Retry-After"));
  EXPECT_GT(retry_after, 800);
  EXPECT_LE(retry_after, 900);
  expect_problem(client->post("/api/auth/login", login_body(account.email, "wrong guess")), 429, "too_many_attempts");
  // Another email from the same address is not affected.
  EXPECT_EQ(client->post("/api/auth/login", login_body(bystander.email, "another password")).status, 200);
  // Existing sessions keep working.
  EXPECT_EQ(client->get("/api/auth/me", bearer(account.token)).status, 200);
  EXPECT_NE(server->log().find("event=login_rate_limited"), std::string::npos);
}

TEST_F(RateLimitTest, UnknownEmailsAreLimitedToo) {
  const std::string ghost = unique_email("ghost");
  for (int i = 0; i < 10; ++i) client->post("/api/auth/login", login_body(ghost, "guess"));
  expect_problem(client->post("/api/auth/login", login_body(ghost, "guess")), 429, "too_many_attempts");
}

TEST_F(RateLimitTest, ASuccessfulLoginClearsEarlierFailures) {
  const auto account = register_account(*client, unique_email(), "the right password");
  for (int i = 0; i < 9; ++i) client->post("/api/auth/login", login_body(account.email, "wrong"));
  EXPECT_EQ(client->post("/api/auth/login", login_body(account.email, "the right password")).status, 200);
  for (int i = 0; i < 9; ++i) client->post("/api/auth/login", login_body(account.email, "wrong"));
  EXPECT_EQ(client->post("/api/auth/login", login_body(account.email, "the right password")).status, 200);
}

class ShortWindowTest : public ApiTest {
 protected:
  ProcessOptions options() override {
    return {{"--login-max-failures", "3", "--login-window", "2"}, {}, std::nullopt, true};
  }
};

TEST_F(ShortWindowTest, LimitsAreConfigurableAndTheLockEndsWithTheWindow) {
  const auto account = register_account(*client, unique_email(), "the right password");
  for (int i = 0; i < 3; ++i) client->post("/api/auth/login", login_body(account.email, "wrong"));
  const auto locked = client->post("/api/auth/login", login_body(account.email, "the right password"));
  expect_problem(locked, 429, "too_many_attempts");
  EXPECT_LE(std::stoi(locked.header("Retry-After")), 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // the window itself is what is under test
  EXPECT_EQ(client->post("/api/auth/login", login_body(account.email, "the right password")).status, 200);
}

class TrustedProxyTest : public ApiTest {
 protected:
  ProcessOptions options() override {
    return {{"--login-max-failures", "3"}, {{"TASKBOX_TRUSTED_PROXIES", "127.0.0.1"}}, std::nullopt, true};
  }
};

TEST_F(TrustedProxyTest, ForwardedAddressIsTheKeyBehindATrustedProxy) {
  const auto account = register_account(*client, unique_email(), "the right password");
  const httplib::Headers attacker = {{"X-Forwarded-For", "203.0.113.7"}};
  const httplib::Headers owner = {{"X-Forwarded-For", "198.51.100.20"}};
  for (int i = 0; i < 3; ++i) client->post("/api/auth/login", login_body(account.email, "wrong"), attacker);
  expect_problem(client->post("/api/auth/login", login_body(account.email, "the right password"), attacker), 429,
                 "too_many_attempts");
  EXPECT_EQ(client->post("/api/auth/login", login_body(account.email, "the right password"), owner).status, 200);
  // A client cannot escape by prepending its own X-Forwarded-For entries: the proxy's
  // (right-most) entry is the one believed.
  const httplib::Headers spoofing = {{"X-Forwarded-For", "10.9.9.9, 203.0.113.7"}};
  expect_problem(client->post("/api/auth/login", login_body(account.email, "the right password"), spoofing), 429,
                 "too_many_attempts");
}

TEST_F(RateLimitTest, ForwardedForIsIgnoredFromAnUntrustedPeer) {
  const auto account = register_account(*client, unique_email(), "the right password");
  for (int i = 0; i < 10; ++i) {
    client->post("/api/auth/login", login_body(account.email, "wrong"), {{"X-Forwarded-For", "192.0.2." + std::to_string(i)}});
  }
  expect_problem(client->post("/api/auth/login", login_body(account.email, "the right password"),
                              {{"X-Forwarded-For", "192.0.2.200"}}),
                 429, "too_many_attempts");
}

}  // namespace
}  // namespace taskbox::testing

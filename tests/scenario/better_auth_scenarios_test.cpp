// Better Auth's email-and-password routes (better-auth 1.7.25) against an in-process
// server: the answers and errors its client expects, the signed session cookie, expiry
// and the sliding refresh by the scenario's clock, sign-out, and the origin rule.
#include <gtest/gtest.h>

#include <map>

#include "scenario.h"
#include "taskbox/core/better_auth.h"

namespace taskbox::scenario {
namespace {

using namespace std::chrono_literals;

const std::string kAdaEmail = "ada@example.com";
const std::string kAdaPassword = "correct horse";
const Pairs kJson = {{"Content-Type", "application/json"}};

std::string sign_up_body(const std::string& email, const std::string& password, const std::string& name = "Ada") {
  return R"({"name":)" + json_string(name) + R"(,"email":)" + json_string(email) + R"(,"password":)" +
         json_string(password) + "}";
}

std::string sign_in_body(const std::string& email, const std::string& password) {
  return R"({"email":)" + json_string(email) + R"(,"password":)" + json_string(password) + "}";
}

// A Better Auth error answer: its status, {"message","code"} as application/json.
Step refusal(std::string name, std::string url, std::string body, int status, std::string code, std::string message,
             std::vector<std::string> events = {}) {
  return Step{.name = std::move(name), .method = "POST", .url = std::move(url), .body = std::move(body),
              .status = status, .body_lacks = {"problem", "\"type\""},
              .json_is = {{"code", std::move(code)}, {"message", std::move(message)}}, .headers_are = kJson,
              .events = std::move(events)};
}

std::vector<Scenario> better_auth_scenarios() {
  std::vector<Scenario> scenarios;
  scenarios.push_back({"BetterAuthAnswers", {
      {.name = "sign up", .method = "POST", .url = "/api/auth/sign-up/email",
       .body = sign_up_body("  Ada@Example.com ", kAdaPassword, " Ada "),
       .json_is = {{"user.email", kAdaEmail}, {"user.name", "Ada"}, {"user.emailVerified", "false"},
                   {"user.image", "null"}, {"user.createdAt", "2027-01-15T08:00:00.000Z"},
                   {"user.updatedAt", "2027-01-15T08:00:00.000Z"}},
       .headers_are = kJson, .save = {{"token", "token"}, {"id", "user.id"}}},
      refusal("the same email again", "/api/auth/sign-up/email", sign_up_body("ADA@example.com", kAdaPassword), 422,
              "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "User already exists. Use another email."),
      refusal("a short password", "/api/auth/sign-up/email", sign_up_body("bob@example.com", "1234567"), 400,
              "PASSWORD_TOO_SHORT", "Password too short"),
      refusal("a long password", "/api/auth/sign-up/email", sign_up_body("bob@example.com", std::string(129, 'p')),
              400, "PASSWORD_TOO_LONG", "Password too long"),
      refusal("not an email", "/api/auth/sign-up/email", sign_up_body("bob", kAdaPassword), 400, "VALIDATION_ERROR",
              "[body.email] Invalid email address"),
      refusal("no name", "/api/auth/sign-up/email", R"({"email":"bob@example.com","password":"correct horse"})", 400,
              "VALIDATION_ERROR", "[body.name] is required"),
      {.name = "sign in", .method = "POST", .url = "/api/auth/sign-in/email", .body = sign_in_body(kAdaEmail, kAdaPassword),
       .json_is = {{"redirect", "false"}, {"user.id", "{id}"}, {"user.email", kAdaEmail}}, .headers_are = kJson,
       .save = {{"second", "token"}}},
      refusal("a wrong password", "/api/auth/sign-in/email", sign_in_body(kAdaEmail, "wrong password"), 401,
              "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password", {"login_failed"}),
      refusal("an unknown email", "/api/auth/sign-in/email", sign_in_body("nobody@example.com", kAdaPassword), 401,
              "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password", {"login_failed"}),
      refusal("sign in with no email", "/api/auth/sign-in/email", sign_in_body("ada", kAdaPassword), 400,
              "INVALID_EMAIL", "Invalid email"),
      refusal("sign in with no password", "/api/auth/sign-in/email", R"({"email":"ada@example.com"})", 400,
              "VALIDATION_ERROR", "[body.password] is required"),
      {.name = "no session: null", .url = "/api/auth/get-session", .body_is = "null",
       .headers_are = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}, {"Pragma", "no-cache"},
                       {"Set-Cookie", ""}}},
      {.name = "sign out without a session", .method = "POST", .url = "/api/auth/sign-out",
       .body_is = R"({"success":true})"},
      {.name = "get-session is no POST", .method = "POST", .url = "/api/auth/get-session", .status = 405,
       .json_is = {{"code", "METHOD_NOT_ALLOWED"}}, .headers_are = {{"Allow", "GET, HEAD"}}},
  }});

  Scenario limit{"BetterAuthSignInKeepsTheLoginLimit", {
      {.name = "sign up", .method = "POST", .url = "/api/auth/sign-up/email", .body = sign_up_body(kAdaEmail, kAdaPassword)},
  }, [](app::Config& c) { c.login_max_failures = 2; }};
  for (int i = 1; i <= 2; ++i) {
    limit.steps.push_back(refusal("failure " + std::to_string(i), "/api/auth/sign-in/email",
                                  sign_in_body(kAdaEmail, "wrong"), 401, "INVALID_EMAIL_OR_PASSWORD",
                                  "Invalid email or password", {"login_failed"}));
  }
  limit.steps.push_back({.name = "locked even with the right password", .method = "POST",
                         .url = "/api/auth/sign-in/email", .body = sign_in_body(kAdaEmail, kAdaPassword), .status = 429,
                         .body_is = R"({"message":"Too many requests. Please try again later."})",
                         .headers_are = {{"Retry-After", "900"}, {"X-Retry-After", "900"}, {"Set-Cookie", ""}},
                         .events = {"login_rate_limited"}});
  scenarios.push_back(limit);

  // Better Auth's originCheck on callbackURL: a safe path, or a URL on a trusted origin.
  const auto with_callback = [](std::string body, const std::string& url) {
    body.pop_back();
    return body + R"(,"callbackURL":)" + json_string(url) + "}";
  };
  Scenario callbacks{"BetterAuthCallbackUrls", {
      {.name = "sign up", .method = "POST", .url = "/api/auth/sign-up/email", .body = sign_up_body(kAdaEmail, kAdaPassword)},
      {.name = "a path", .method = "POST", .url = "/api/auth/sign-in/email",
       .body = with_callback(sign_in_body(kAdaEmail, kAdaPassword), "/dashboard?tab=1"),
       .json_is = {{"redirect", "true"}, {"url", "/dashboard?tab=1"}, {"user.email", kAdaEmail}},
       .headers_are = {{"Location", "/dashboard?tab=1"}}},
      {.name = "our own origin", .method = "POST", .url = "/api/auth/sign-in/email",
       .body = with_callback(sign_in_body(kAdaEmail, kAdaPassword), "http://127.0.0.1:{port}/home"),
       .json_is = {{"redirect", "true"}, {"url", "http://127.0.0.1:{port}/home"}}},
      {.name = "a trusted origin", .method = "POST", .url = "/api/auth/sign-in/email",
       .body = with_callback(sign_in_body(kAdaEmail, kAdaPassword), "http://localhost:3000/welcome"),
       .json_is = {{"redirect", "true"}, {"url", "http://localhost:3000/welcome"}}},
  }, [](app::Config& c) { c.trusted_origins = {"http://localhost:3000"}; }};
  for (const char* url : {"https://evil.example/welcome", "//evil.example/welcome", "/\\evil.example",
                                 "http://localhost:3000@evil.example/", "/%2F%2Fevil.example", "javascript:alert(1)"}) {
    callbacks.steps.push_back(refusal(std::string("sign in to ") + url, "/api/auth/sign-in/email",
                                      with_callback(sign_in_body(kAdaEmail, kAdaPassword), url), 403,
                                      "INVALID_CALLBACK_URL", "Invalid callbackURL", {"csrf_rejected"}));
  }
  callbacks.steps.push_back(refusal("sign up with one", "/api/auth/sign-up/email",
                                    with_callback(sign_up_body("bob@example.com", kAdaPassword), "https://evil.example"),
                                    403, "INVALID_CALLBACK_URL", "Invalid callbackURL", {"csrf_rejected"}));
  callbacks.steps.push_back(refusal("and no account was made", "/api/auth/sign-in/email",
                                    sign_in_body("bob@example.com", kAdaPassword), 401, "INVALID_EMAIL_OR_PASSWORD",
                                    "Invalid email or password", {"login_failed"}));
  scenarios.push_back(callbacks);

  scenarios.push_back({"BetterAuthRoutesKeepTheOriginRule", {
      refusal("sign up from another site", "/api/auth/sign-up/email", sign_up_body(kAdaEmail, kAdaPassword), 403,
              "INVALID_ORIGIN", "Invalid origin", {"csrf_rejected"}),
      {.name = "sign up from our own origin", .method = "POST", .url = "/api/auth/sign-up/email",
       .body = sign_up_body(kAdaEmail, kAdaPassword), .headers = {{"Origin", "http://127.0.0.1:{port}"}}},
      refusal("sign in from another site", "/api/auth/sign-in/email", sign_in_body(kAdaEmail, kAdaPassword), 403,
              "INVALID_ORIGIN", "Invalid origin", {"csrf_rejected"}),
  }});
  for (std::size_t i : {0u, 2u}) scenarios.back().steps[i].headers = {{"Origin", "http://evil.example"}};
  return scenarios;
}

INSTANTIATE_TEST_SUITE_P(BetterAuth, ApiScenario, testing::ValuesIn(better_auth_scenarios()), scenario_name);

// ---- cookies, by hand: a table cannot read several Set-Cookie headers.

std::vector<std::string> set_cookies(const Answer& answer) {
  std::vector<std::string> out;
  for (const auto& [name, value] : answer.headers) {
    if (name == "Set-Cookie" || name == "set-cookie") out.push_back(value);
  }
  return out;
}

// "name=value" of a Set-Cookie value, as a browser sends it back.
std::string cookie_pair(const std::string& set_cookie) { return set_cookie.substr(0, set_cookie.find(';')); }

std::string json_member(const std::string& body, const std::string& path) {
  picojson::value value;
  EXPECT_EQ(picojson::parse(value, body), "") << body;
  for (std::size_t start = 0; start <= path.size();) {
    const auto dot = std::min(path.find('.', start), path.size());
    const std::string key = path.substr(start, dot - start);
    if (!value.is<picojson::object>() || !value.contains(key)) return "<none>";
    value = value.get(key);
    start = dot + 1;
  }
  return value.is<std::string>() ? value.get<std::string>() : value.serialize();
}

class BetterAuthCookies : public testing::Test {
 protected:
  explicit BetterAuthCookies(const std::function<void(app::Config&)>& configure = {}) : server_(configure) {}

  // Signs Ada up; returns the answer and keeps her cookie.
  Answer sign_up() {
    Answer answer = send(server_, "POST", "/api/auth/sign-up/email", sign_up_body(kAdaEmail, kAdaPassword));
    EXPECT_EQ(answer.status, 200) << answer.body;
    const auto cookies = set_cookies(answer);
    EXPECT_EQ(cookies.size(), 1u);
    if (!cookies.empty()) cookie_ = cookie_pair(cookies.front());
    return answer;
  }
  Answer get_session(const std::string& cookie) {
    return send(server_, "GET", "/api/auth/get-session", "", {{"Cookie", cookie}});
  }
  Answer list_tasks(const std::string& cookie) {
    return send(server_, "GET", "/api/me/tasks", "", {{"Cookie", cookie}});
  }

  TestServer server_;
  std::string cookie_;
};

TEST_F(BetterAuthCookies, SignUpSetsTheSessionCookieBetterCallWould) {
  const Answer answer = sign_up();
  const std::string token = json_member(answer.body, "token");
  ASSERT_EQ(token.size(), 32u);
  EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            std::string::npos);
  // better-call: encodeURIComponent(token + "." + base64(HMAC-SHA-256(secret, token))).
  // NOTE: cpp-httplib's client URL-decodes header values, so the answer shows the cookie
  // decoded; the encoding itself is tested in tests/unit/app/better_auth_cookie_test.cpp
  // and against better-call's own serializer in tests/betterauth/.
  EXPECT_EQ(set_cookies(answer).front(), "better-auth.session_token=" + core::sign_cookie_value(kSecret, token) +
                                             "; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax");
}

TEST_F(BetterAuthCookies, TheCookieShowsTheSessionAndOpensTheTaskApi) {
  const Answer signed_up = sign_up();
  const Answer session = get_session(cookie_);
  ASSERT_EQ(session.status, 200);
  EXPECT_EQ(json_member(session.body, "session.token"), json_member(signed_up.body, "token"));
  EXPECT_EQ(json_member(session.body, "session.userId"), json_member(signed_up.body, "user.id"));
  EXPECT_EQ(json_member(session.body, "session.expiresAt"), "2027-01-22T08:00:00.000Z");
  EXPECT_EQ(json_member(session.body, "session.createdAt"), "2027-01-15T08:00:00.000Z");
  EXPECT_EQ(json_member(session.body, "session.ipAddress"), "127.0.0.1");
  EXPECT_EQ(json_member(session.body, "user.email"), kAdaEmail);
  EXPECT_TRUE(set_cookies(session).empty());  // nothing to refresh yet
  EXPECT_EQ(list_tasks(cookie_).status, 200);
  // Among other cookies too.
  EXPECT_EQ(get_session("theme=dark; " + cookie_).body, session.body);
}

TEST_F(BetterAuthCookies, ATamperedOrForeignCookieIsRefused) {
  sign_up();
  const std::string name = "better-auth.session_token=";
  std::string tampered = cookie_;
  tampered[name.size()] = tampered[name.size()] == 'A' ? 'B' : 'A';  // the token's first character
  const std::string unsigned_token = name + json_member(get_session(cookie_).body, "session.token");
  const std::string foreign = name + core::sign_cookie_value("another-secret-0123456789abcdefghij",
                                                             json_member(get_session(cookie_).body, "session.token"));
  for (const std::string& cookie : {tampered, unsigned_token, foreign, name + "garbage", name}) {
    SCOPED_TRACE(cookie);
    const Answer session = get_session(cookie);
    EXPECT_EQ(session.status, 200);
    EXPECT_EQ(session.body, "null");
    EXPECT_TRUE(set_cookies(session).empty());  // Better Auth leaves an unsigned cookie alone
  }
  const Answer tasks = list_tasks(tampered);
  EXPECT_EQ(tasks.status, 401);
  EXPECT_NE(tasks.body.find("\"code\":\"invalid_token\""), std::string::npos) << tasks.body;
  server_.take_events();
}

TEST_F(BetterAuthCookies, ASessionExpiresAfterSevenDaysUnread) {
  sign_up();
  server_.clock().advance(7 * 24h);
  EXPECT_EQ(list_tasks(cookie_).status, 200);  // valid at its very expiry, as Better Auth's
  server_.clock().advance(1ms);
  EXPECT_EQ(list_tasks(cookie_).status, 401);
  const Answer expired = get_session(cookie_);
  EXPECT_EQ(expired.body, "null");
  EXPECT_EQ(set_cookies(expired), (std::vector<std::string>{
                                      "better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
                                      "better-auth.session_data=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
                                      "better-auth.dont_remember=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"}));
  server_.take_events();
}

TEST_F(BetterAuthCookies, ReadingADayOldSessionMovesItsExpiry) {
  sign_up();
  server_.clock().advance(24h - 1s);
  Answer session = get_session(cookie_);
  EXPECT_EQ(json_member(session.body, "session.expiresAt"), "2027-01-22T08:00:00.000Z");
  EXPECT_TRUE(set_cookies(session).empty());
  server_.clock().advance(1s);
  session = get_session(cookie_);
  EXPECT_EQ(json_member(session.body, "session.expiresAt"), "2027-01-23T08:00:00.000Z");
  EXPECT_EQ(json_member(session.body, "session.updatedAt"), "2027-01-16T08:00:00.000Z");
  EXPECT_EQ(json_member(session.body, "session.createdAt"), "2027-01-15T08:00:00.000Z");
  const auto refreshed = set_cookies(session);
  ASSERT_EQ(refreshed.size(), 1u);
  EXPECT_EQ(cookie_pair(refreshed.front()), cookie_);  // the same session, signed the same
  EXPECT_NE(refreshed.front().find("; Max-Age=604800;"), std::string::npos);
  // Past the first expiry, alive thanks to the refresh; the task API reads without moving it.
  server_.clock().advance(6 * 24h + 1h);
  EXPECT_EQ(list_tasks(cookie_).status, 200);
  EXPECT_EQ(json_member(get_session(cookie_).body, "session.expiresAt"), "2027-01-29T09:00:00.000Z");
}

// `rememberMe: false` (Better Auth's setSessionCookie): a one-day session whose cookie
// ends with the browser session, a signed "don't remember me" cookie beside it, and no
// refresh while that cookie is presented; a later sign-in that remembers clears it.
TEST_F(BetterAuthCookies, RememberMeFalseGivesABrowserSessionCookieForOneDay) {
  sign_up();
  const std::string body = R"({"email":")" + kAdaEmail + R"(","password":")" + kAdaPassword + R"(","rememberMe":false})";
  const Answer signed_in = send(server_, "POST", "/api/auth/sign-in/email", body);
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  const std::string token = json_member(signed_in.body, "token");
  EXPECT_EQ(set_cookies(signed_in),
            (std::vector<std::string>{
                "better-auth.session_token=" + core::sign_cookie_value(kSecret, token) + "; Path=/; HttpOnly; SameSite=Lax",
                "better-auth.dont_remember=" + core::sign_cookie_value(kSecret, "true") +
                    "; Path=/; HttpOnly; SameSite=Lax"}));
  const std::string cookies =
      cookie_pair(set_cookies(signed_in)[0]) + "; " + cookie_pair(set_cookies(signed_in)[1]);

  Answer session = get_session(cookies);
  EXPECT_EQ(json_member(session.body, "session.expiresAt"), "2027-01-16T08:00:00.000Z");
  server_.clock().advance(24h);  // a remembered session would be refreshed now
  session = get_session(cookies);
  EXPECT_EQ(json_member(session.body, "session.expiresAt"), "2027-01-16T08:00:00.000Z");
  EXPECT_TRUE(set_cookies(session).empty());
  server_.clock().advance(1ms);
  EXPECT_EQ(get_session(cookies).body, "null");

  // Remembered again: the "don't remember me" cookie is cleared.
  const Answer remembered = send(server_, "POST", "/api/auth/sign-in/email", sign_in_body(kAdaEmail, kAdaPassword),
                                 {{"Cookie", cookies}});
  ASSERT_EQ(remembered.status, 200) << remembered.body;
  const auto cleared = set_cookies(remembered);
  ASSERT_EQ(cleared.size(), 2u);
  EXPECT_NE(cleared[0].find("; Max-Age=604800;"), std::string::npos) << cleared[0];
  EXPECT_EQ(cleared[1], "better-auth.dont_remember=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
  // A forged "don't remember me" cookie stops no refresh.
  server_.clock().advance(24h);
  const Answer forged = get_session(cookie_pair(cleared[0]) + "; better-auth.dont_remember=true.forged");
  EXPECT_EQ(set_cookies(forged).size(), 1u);
}

TEST_F(BetterAuthCookies, DisableRefreshReadsWithoutMovingTheExpiry) {
  sign_up();
  server_.clock().advance(24h);
  const Answer kept = send(server_, "GET", "/api/auth/get-session?disableRefresh=true", "", {{"Cookie", cookie_}});
  EXPECT_EQ(json_member(kept.body, "session.expiresAt"), "2027-01-22T08:00:00.000Z");
  EXPECT_TRUE(set_cookies(kept).empty());
  // As Better Auth's Boolean() coercion: an empty value is false.
  const Answer moved = send(server_, "GET", "/api/auth/get-session?disableRefresh=", "", {{"Cookie", cookie_}});
  EXPECT_EQ(json_member(moved.body, "session.expiresAt"), "2027-01-23T08:00:00.000Z");
}

TEST_F(BetterAuthCookies, SignOutEndsTheSessionEverywhere) {
  sign_up();
  const Answer second = send(server_, "POST", "/api/auth/sign-in/email", sign_in_body(kAdaEmail, kAdaPassword));
  const std::string other_cookie = cookie_pair(set_cookies(second).front());
  const Answer out = send(server_, "POST", "/api/auth/sign-out", "", {{"Cookie", cookie_}});
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(out.body, R"({"success":true})");
  EXPECT_EQ(set_cookies(out).size(), 3u);
  EXPECT_EQ(set_cookies(out).front(), "better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(get_session(cookie_).body, "null");
  EXPECT_EQ(list_tasks(cookie_).status, 401);
  // Only that session: the other sign-in lives on.
  EXPECT_NE(get_session(other_cookie).body, "null");
  server_.take_events();
}

TEST_F(BetterAuthCookies, SignOutFromAnotherSiteIsRefusedAndEndsNothing) {
  sign_up();
  const Answer out =
      send(server_, "POST", "/api/auth/sign-out", "", {{"Cookie", cookie_}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(out.status, 403);
  EXPECT_EQ(json_member(out.body, "code"), "INVALID_ORIGIN");
  EXPECT_TRUE(set_cookies(out).empty());
  EXPECT_NE(get_session(cookie_).body, "null");
  EXPECT_EQ(server_.take_events(), std::vector<std::string>{"csrf_rejected"});
}

TEST_F(BetterAuthCookies, TaskboxLogoutEndsABetterAuthSessionToo) {
  sign_up();
  EXPECT_EQ(send(server_, "POST", "/api/auth/logout", "", {{"Cookie", cookie_}}).status, 204);
  EXPECT_EQ(get_session(cookie_).body, "null");
}

// Better Auth's bearer plugin: the signed token comes in `set-auth-token`, and goes back
// in `Authorization: Bearer`, signed or bare, in place of the cookie.
std::string header(const Answer& answer, const std::string& name) {
  const auto found = answer.headers.find(name);
  return found == answer.headers.end() ? "" : found->second;
}

TEST_F(BetterAuthCookies, TheBearerPluginsHeaderCarriesTheSignedToken) {
  const Answer answer = sign_up();
  const std::string token = json_member(answer.body, "token");
  EXPECT_EQ(header(answer, "set-auth-token"), core::sign_cookie_value(kSecret, token));
  EXPECT_EQ(header(answer, "Access-Control-Expose-Headers"), "set-auth-token");
  const Answer signed_in = send(server_, "POST", "/api/auth/sign-in/email", sign_in_body(kAdaEmail, kAdaPassword));
  EXPECT_EQ(header(signed_in, "set-auth-token"),
            core::sign_cookie_value(kSecret, json_member(signed_in.body, "token")));
  // Not on answers that set no session.
  EXPECT_EQ(header(get_session(cookie_), "set-auth-token"), "");
  EXPECT_EQ(header(send(server_, "POST", "/api/auth/sign-out", "", {{"Cookie", cookie_}}), "set-auth-token"), "");
}

TEST_F(BetterAuthCookies, ABearerHeaderPresentsTheSessionSignedOrBare) {
  const Answer answer = sign_up();
  const std::string token = json_member(answer.body, "token");
  const std::string signed_token = header(answer, "set-auth-token");
  std::string tampered = signed_token;
  tampered[0] = tampered[0] == 'A' ? 'B' : 'A';
  const auto by_bearer = [&](const std::string& method, const std::string& url, const std::string& value,
                             const Pairs& more = {}) {
    Pairs headers = {{"Authorization", "Bearer " + value}};
    headers.insert(headers.end(), more.begin(), more.end());
    return send(server_, method, url, "", headers);
  };
  EXPECT_EQ(json_member(by_bearer("GET", "/api/auth/get-session", signed_token).body, "session.token"), token);
  EXPECT_EQ(json_member(by_bearer("GET", "/api/auth/get-session", token).body, "session.token"), token);
  EXPECT_EQ(by_bearer("GET", "/api/auth/get-session", tampered).body, "null");
  EXPECT_EQ(by_bearer("GET", "/api/me/tasks", signed_token).status, 200);
  EXPECT_EQ(by_bearer("GET", "/api/me/tasks", token).status, 200);
  EXPECT_EQ(by_bearer("GET", "/api/me/tasks", tampered).status, 401);
  // A bearer header is no ambient credential: the origin rule does not apply to it.
  const Answer out = by_bearer("POST", "/api/auth/sign-out", signed_token, {{"Origin", "http://elsewhere.example"}});
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(get_session(cookie_).body, "null");
  EXPECT_EQ(by_bearer("GET", "/api/me/tasks", token).status, 401);
  server_.take_events();
}

TEST_F(BetterAuthCookies, ARefreshSendsTheTokenAgain) {
  sign_up();
  server_.clock().advance(24h);
  const Answer refreshed = get_session(cookie_);
  EXPECT_EQ(header(refreshed, "set-auth-token"),
            core::sign_cookie_value(kSecret, json_member(refreshed.body, "session.token")));
}

class SecureBetterAuthCookies : public BetterAuthCookies {
 protected:
  SecureBetterAuthCookies() : BetterAuthCookies([](app::Config& c) { c.cookie_secure = app::CookieSecure::always; }) {}
};

TEST_F(SecureBetterAuthCookies, CarryTheSecurePrefixAndAttribute) {
  sign_up();
  EXPECT_EQ(cookie_.rfind("__Secure-better-auth.session_token=", 0), 0u) << cookie_;
  EXPECT_NE(get_session(cookie_).body, "null");
  const Answer out = send(server_, "POST", "/api/auth/sign-out", "", {{"Cookie", cookie_}});
  EXPECT_EQ(set_cookies(out).front(),
            "__Secure-better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax");
}

}  // namespace
}  // namespace taskbox::scenario

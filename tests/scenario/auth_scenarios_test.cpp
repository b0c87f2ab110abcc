// Registration, login, logout, `me` and the login limits, as scenarios against an
// in-process server. The limit windows and token expiry pass by the scenario's clock.
#include <gtest/gtest.h>

#include "scenario.h"

namespace taskbox::scenario {
namespace {

using namespace std::chrono_literals;

std::string login_body(const std::string& email, const std::string& password) {
  return R"({"email":)" + json_string(email) + R"(,"password":)" + json_string(password) + "}";
}

Step login(std::string name, const std::string& email, const std::string& password, int status,
           std::vector<std::string> events = {}) {
  Step step{.name = std::move(name), .method = "POST", .url = "/api/auth/login", .body = login_body(email, password),
            .status = status, .events = std::move(events)};
  if (status == 401) step.problem = "invalid_credentials";
  if (status == 429) step.problem = "too_many_attempts";
  return step;
}

const Pairs kNoCookie = {{"Set-Cookie", ""}};

std::vector<Scenario> auth_scenarios() {
  const std::string ada = "ada@example.com";
  std::vector<Scenario> scenarios;

  scenarios.push_back({"SessionLifecycle", {
      {.name = "register with messy email and name", .method = "POST", .url = "/api/auth/register",
       .body = R"({"email":"  Ada.Lovelace@Example.COM ","password":"correct horse","name":"  Ada  "})",
       .status = 201,
       .body_has = {R"("email":"ada.lovelace@example.com")", R"("name":"Ada")", R"("token_type":"Bearer")",
                    R"("expires_in":3600)", R"("created_at":"2027-01-15T08:00:00.000Z")"},
       .body_lacks = {"password"},
       .headers_are = {{"Content-Type", "application/json"},
                       {"Set-Cookie", "taskbox_session={ada.token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=3600"}},
       .save = {{"ada.token", "token"}, {"ada.id", "user.id"}}},
      {.name = "me by bearer", .url = "/api/auth/me", .headers = {{"Authorization", "Bearer {ada.token}"}},
       .body_has = {R"("id":"{ada.id}")", R"("email":"ada.lovelace@example.com")"}},
      {.name = "me by cookie among others", .url = "/api/auth/me",
       .headers = {{"Cookie", "theme=dark; taskbox_session={ada.token}"}}, .body_has = {R"("id":"{ada.id}")"}},
      {.name = "login in capitals", .method = "POST", .url = "/api/auth/login",
       .body = R"({"email":" ADA.LOVELACE@EXAMPLE.COM ","password":"correct horse"})",
       .body_has = {R"("id":"{ada.id}")"}, .body_lacks = {"{ada.token}"}, .save = {{"second.token", "token"}}},
      {.name = "logout", .method = "POST", .url = "/api/auth/logout",
       .headers = {{"Authorization", "Bearer {ada.token}"}}, .status = 204,
       .headers_are = {{"Set-Cookie", "taskbox_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"}}},
      {.name = "the logged-out token is refused", .url = "/api/auth/me",
       .headers = {{"Authorization", "Bearer {ada.token}"}}, .status = 401,
       .headers_are = {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}}, .events = {"token_rejected"},
       .problem = "invalid_token"},
      {.name = "also as a cookie", .url = "/api/auth/me", .headers = {{"Cookie", "taskbox_session={ada.token}"}},
       .status = 401, .events = {"token_rejected"}, .problem = "invalid_token"},
      {.name = "logout twice", .method = "POST", .url = "/api/auth/logout",
       .headers = {{"Authorization", "Bearer {ada.token}"}}, .status = 401, .events = {"token_rejected"},
       .problem = "invalid_token"},
      {.name = "the other session lives on", .url = "/api/auth/me",
       .headers = {{"Authorization", "Bearer {second.token}"}}, .body_has = {R"("id":"{ada.id}")"}},
  }});

  scenarios.push_back({"TokensExpireWithTheClock", {
      register_step("ada", ada),
      {.name = "valid to its last second", .url = "/api/auth/me", .headers = {{"Authorization", "Bearer {ada.token}"}},
       .advance = 3599s},
      {.name = "expired at its hour", .url = "/api/me/tasks",
       .headers = {{"Authorization", "Bearer {ada.token}"}}, .advance = 1s, .status = 401,
       .headers_are = {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}}, .events = {"token_expired"},
       .problem = "token_expired"},
      {.name = "as a cookie too", .url = "/api/me/tasks", .headers = {{"Cookie", "taskbox_session={ada.token}"}},
       .status = 401, .events = {"token_expired"}, .problem = "token_expired"},
      login("a new login gets a fresh token", ada, "a long password", 200),
  }});

  scenarios.push_back({"MissingTokens", {
      {.name = "no credentials", .url = "/api/auth/me", .status = 401, .headers_are = {{"WWW-Authenticate", "Bearer"}},
       .problem = "missing_token"},
      {.name = "basic auth is no token", .url = "/api/auth/me", .headers = {{"Authorization", "Basic YTpi"}},
       .status = 401, .headers_are = {{"WWW-Authenticate", "Bearer"}}, .problem = "missing_token"},
      {.name = "empty cookie", .url = "/api/auth/me", .headers = {{"Cookie", "taskbox_session="}}, .status = 401,
       .problem = "missing_token"},
      {.name = "logout needs a token", .method = "POST", .url = "/api/auth/logout", .status = 401,
       .problem = "missing_token"},
  }});

  scenarios.push_back({"RegistrationRules", {
      register_step("ada", ada),
      {.name = "same email shouted", .method = "POST", .url = "/api/auth/register",
       .body = R"({"email":" ADA@EXAMPLE.COM ","password":"another password"})", .status = 409,
       .headers_are = kNoCookie, .problem = "email_taken"},
      {.name = "no name is an empty name", .method = "POST", .url = "/api/auth/register",
       .body = R"({"email":"nameless@example.com","password":"password1","name":null})", .status = 201,
       .body_has = {R"("name":"")"}},
      {.name = "unknown fields are ignored", .method = "POST", .url = "/api/auth/register",
       .body = R"({"email":"role@example.com","password":"password1","role":"admin"})", .status = 201,
       .body_lacks = {"admin"}},
      {.name = "everything wrong", .method = "POST", .url = "/api/auth/register",
       .body = R"({"email":"nope","password":"x","name":false})", .status = 422,
       .body_has = {R"("field":"email")", R"("field":"password")", R"("field":"name")"},
       .problem = "validation_failed"},
      {.name = "not JSON", .method = "POST", .url = "/api/auth/register", .body = "not json", .status = 400,
       .problem = "invalid_json"},
  }});

  // Each rule of the register body at its edge (the parser's own tests hold the rest).
  const std::string emoji = "\xF0\x9F\x98\x80";  // one code point, four bytes
  std::string emoji7, long_name;
  for (int i = 0; i < 7; ++i) emoji7 += emoji;
  for (int i = 0; i < 101; ++i) long_name += "\xC3\xA9";  // 101 code points, 202 bytes
  const auto body = [](const std::string& email, const std::string& password, const std::string& name_json = "") {
    return R"({"email":)" + json_string(email) + R"(,"password":)" + json_string(password) +
           (name_json.empty() ? "" : R"(,"name":)" + name_json) + "}";
  };
  const struct {
    std::string name, body, failed_field;  // failed_field empty: 201
  } rules[] = {
      {"missing email", R"({"password":"password1"})", "email"},
      {"email without at", body("ada.example.com", "password1"), "email"},
      {"email without dot in domain", body("ada@localhost", "password1"), "email"},
      {"email with space", body("ada lovelace@example.com", "password1"), "email"},
      {"email not a string", R"({"email":42,"password":"password1"})", "email"},
      {"password too short", body("a@example.com", "seven77"), "password"},
      {"password of 7 emoji", body("b@example.com", emoji7), "password"},
      {"password of 8 emoji", body("c@example.com", emoji7 + emoji), ""},
      {"password of 129", body("d@example.com", std::string(129, 'p')), "password"},
      {"password of 128", body("e@example.com", std::string(128, 'p')), ""},
      {"password null", R"({"email":"x@y.co","password":null})", "password"},
      {"name of 101 code points", body("f@example.com", "password1", json_string(long_name)), "name"},
      {"name of 100 code points", body("g@example.com", "password1", json_string(long_name.substr(2))), ""},
      {"name not a string", body("h@example.com", "password1", "7"), "name"},
  };
  Scenario validation{"RegistrationValidation", {}};
  for (const auto& rule : rules) {
    Step step{.name = rule.name, .method = "POST", .url = "/api/auth/register", .body = rule.body, .status = 201};
    if (!rule.failed_field.empty()) {
      step.status = 422;
      step.body_has = {R"("errors":[{"field":")" + rule.failed_field + R"(")"};
      step.problem = "validation_failed";
    }
    validation.steps.push_back(step);
  }
  scenarios.push_back(validation);

  scenarios.push_back({"LoginFailuresLookAlike", {
      register_step("ada", ada, "the right password"),
      login("wrong password", ada, "the wrong password", 401, {"login_failed"}),
      login("unknown email", "ghost@example.com", "the wrong password", 401, {"login_failed"}),
      {.name = "login body not JSON", .method = "POST", .url = "/api/auth/login", .body = R"(["a@b.co","pw"])",
       .status = 400, .problem = "invalid_json"},
      {.name = "login without password", .method = "POST", .url = "/api/auth/login", .body = R"({"email":"a@b.co"})",
       .status = 422, .body_has = {R"("field":"password")"}, .problem = "validation_failed"},
  }});

  // The pair limit (3 here) locks the email from this address for the window, whatever
  // the password; the window passes by the clock.
  Scenario window{"PairLimitLiftsWhenTheWindowPasses", {register_step("ada", ada, "the right password")},
                  [](app::Config& c) {
                    c.login_max_failures = 3;
                    c.login_window = std::chrono::seconds(120);
                  }};
  for (int i = 1; i <= 3; ++i) {
    window.steps.push_back(login("failure " + std::to_string(i), i % 2 ? ada : "  ADA@example.com ", "wrong", 401,
                                 {"login_failed"}));
  }
  window.steps.push_back({.name = "locked even with the right password", .method = "POST", .url = "/api/auth/login",
                          .body = login_body(ada, "the right password"), .status = 429,
                          .headers_are = {{"Retry-After", "120"}, {"Set-Cookie", ""}},
                          .events = {"login_rate_limited"}, .problem = "too_many_attempts"});
  window.steps.push_back({.name = "the session still works", .url = "/api/auth/me",
                          .headers = {{"Authorization", "Bearer {ada.token}"}}});
  window.steps.push_back(login("another email from the address is free", "ghost@example.com", "x", 401, {"login_failed"}));
  Step later = login("still locked 100 s later", ada, "the right password", 429, {"login_rate_limited"});
  later.advance = 100s;
  later.headers_are = {{"Retry-After", "20"}};
  window.steps.push_back(later);
  Step lifted = login("free once the window passed", ada, "the right password", 200);
  lifted.advance = 21s;
  window.steps.push_back(lifted);
  scenarios.push_back(window);

  Scenario ghost{"UnknownEmailsAreLimitedToo", {}, [](app::Config& c) { c.login_max_failures = 2; }};
  for (int i = 0; i < 2; ++i) ghost.steps.push_back(login("guess", "ghost@example.com", "x", 401, {"login_failed"}));
  ghost.steps.push_back(login("locked", "ghost@example.com", "x", 429, {"login_rate_limited"}));
  scenarios.push_back(ghost);

  Scenario success{"ASuccessClearsEarlierFailures", {register_step("ada", ada, "the right password")},
                   [](app::Config& c) { c.login_max_failures = 3; }};
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 2; ++i) success.steps.push_back(login("failure", ada, "wrong", 401, {"login_failed"}));
    success.steps.push_back(login("right password", ada, "the right password", 200));
  }
  scenarios.push_back(success);

  // Behind a trusted proxy the forwarded address is the key: the attacker's address is
  // locked, the owner's is not.
  Scenario proxy{"TheForwardedAddressIsTheKeyBehindATrustedProxy", {register_step("ada", ada, "the right password")},
                 [](app::Config& c) {
                   c.login_max_failures = 2;
                   c.trusted_proxies = {"127.0.0.1"};
                 }};
  const Pairs attacker = {{"X-Forwarded-For", "203.0.113.7"}};
  for (int i = 0; i < 2; ++i) {
    Step guess = login("attacker guesses", ada, "wrong", 401, {"login_failed"});
    guess.headers = attacker;
    proxy.steps.push_back(guess);
  }
  Step locked = login("attacker locked", ada, "the right password", 429, {"login_rate_limited"});
  locked.headers = attacker;
  proxy.steps.push_back(locked);
  Step owner = login("owner from elsewhere", ada, "the right password", 200);
  owner.headers = {{"X-Forwarded-For", "203.0.113.7, 198.51.100.20"}};
  proxy.steps.push_back(owner);
  // Entries a client prepends itself are not believed: the proxy's own (right-most) is.
  Step spoofing = login("attacker prepends an address", ada, "the right password", 429, {"login_rate_limited"});
  spoofing.headers = {{"X-Forwarded-For", "10.9.9.9, 203.0.113.7"}};
  proxy.steps.push_back(spoofing);
  scenarios.push_back(proxy);

  // Without a trusted proxy, X-Forwarded-For changes nothing: every guess counts for the
  // peer (and the server says once that it ignores the header).
  Scenario untrusted{"ForwardedForIsIgnoredFromAnUntrustedPeer", {register_step("ada", ada, "the right password")},
                     [](app::Config& c) { c.login_max_failures = 3; }};
  for (int i = 0; i < 3; ++i) {
    Step guess = login("guess from a claimed address", ada, "wrong", 401, {"login_failed"});
    guess.headers = {{"X-Forwarded-For", "192.0.2." + std::to_string(i)}};
    untrusted.steps.push_back(guess);
  }
  Step still_locked = login("locked whatever it claims", ada, "the right password", 429, {"login_rate_limited"});
  still_locked.headers = {{"X-Forwarded-For", "192.0.2.200"}};
  untrusted.steps.push_back(still_locked);
  scenarios.push_back(untrusted);

  return scenarios;
}

INSTANTIATE_TEST_SUITE_P(Auth, ApiScenario, testing::ValuesIn(auth_scenarios()), scenario_name);

}  // namespace
}  // namespace taskbox::scenario

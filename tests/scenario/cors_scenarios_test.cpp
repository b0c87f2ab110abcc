// Origins the operator trusts besides the server's own (--trusted-origins,
// BETTER_AUTH_TRUSTED_ORIGINS): their pages may sign in and write with cookies, and get
// credentialed CORS for the API; every other origin is refused as before. Without
// trusted origins, nothing differs from a server that knows no CORS at all.
#include <gtest/gtest.h>

#include "scenario.h"

namespace taskbox::scenario {
namespace {

const std::string kFrontend = "http://localhost:3000";  // e.g. a Next.js dev server
const std::string kEvil = "http://evil.example";
const std::string kCorsCookie = "taskbox_session={ada.token}";
const std::string kTask = R"({"title":"from the frontend"})";
const std::string kSignUp = R"({"name":"Bob","email":"bob@example.com","password":"correct horse"})";

// What a browser sends before a JSON write from another origin.
Pairs preflight_from(const std::string& origin, const std::string& method = "POST") {
  return {{"Origin", origin}, {"Access-Control-Request-Method", method},
          {"Access-Control-Request-Headers", "content-type"}};
}

Pairs cookie_from(const std::string& origin) { return {{"Cookie", kCorsCookie}, {"Origin", origin}}; }

// An answer with no CORS header at all.
const Pairs kNoCors = {{"Access-Control-Allow-Origin", ""}, {"Access-Control-Allow-Credentials", ""},
                       {"Access-Control-Allow-Methods", ""}, {"Access-Control-Expose-Headers", ""}};

// An answer a page of kFrontend may read, cookies included.
Pairs readable_by_frontend(Pairs more = {}) {
  Pairs headers = {{"Access-Control-Allow-Origin", kFrontend}, {"Access-Control-Allow-Credentials", "true"},
                   {"Access-Control-Expose-Headers", "set-auth-token, set-auth-jwt"}, {"Vary", "Origin"}};
  headers.insert(headers.end(), more.begin(), more.end());
  return headers;
}

Pairs with_headers(Pairs base, const Pairs& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

void trust_frontend(app::Config& c) { c.trusted_origins = {kFrontend}; }

std::vector<Scenario> cors_scenarios() {
  std::vector<Scenario> scenarios;

  scenarios.push_back({"WithoutTrustedOriginsNothingChanges", {
      register_step("ada", "ada@example.com"),
      {.name = "a preflight is an OPTIONS like any other", .method = "OPTIONS", .url = "/api/me/tasks",
       .headers = preflight_from(kFrontend), .status = 405,
       .headers_are = with_headers(kNoCors, {{"Allow", "GET, HEAD, POST"}, {"Vary", ""}}), .problem = "method_not_allowed"},
      {.name = "a cookie write from the frontend", .method = "POST", .url = "/api/me/tasks", .body = kTask,
       .headers = cookie_from(kFrontend), .status = 403, .headers_are = kNoCors, .events = {"csrf_rejected"},
       .problem = "csrf_rejected"},
      {.name = "a read from the frontend", .url = "/api/me/tasks", .headers = cookie_from(kFrontend),
       .headers_are = with_headers(kNoCors, {{"Vary", ""}})},
      {.name = "a sign-up from the frontend", .method = "POST", .url = "/api/auth/sign-up/email", .body = kSignUp,
       .headers = {{"Origin", kFrontend}}, .status = 403, .json_is = {{"code", "INVALID_ORIGIN"}},
       .headers_are = kNoCors, .events = {"csrf_rejected"}},
  }});

  scenarios.push_back({"ATrustedOriginGetsCredentialedCors", {
      {.name = "preflight of a JSON write", .method = "OPTIONS", .url = "/api/me/tasks",
       .headers = preflight_from(kFrontend), .status = 204, .body_is = "",
       .headers_are = readable_by_frontend({{"Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE"},
                                            {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
                                            {"Access-Control-Max-Age", "600"}})},
      {.name = "preflight of a delete, origin as typed differently", .method = "OPTIONS", .url = "/api/me/tasks/1",
       .headers = preflight_from("HTTP://LocalHost:3000", "DELETE"), .status = 204,
       .headers_are = readable_by_frontend()},
      {.name = "preflight of a Better Auth route", .method = "OPTIONS", .url = "/api/auth/sign-in/email",
       .headers = preflight_from(kFrontend), .status = 204, .headers_are = readable_by_frontend()},
      {.name = "register from the frontend", .method = "POST", .url = "/api/auth/register",
       .body = R"({"email":"ada@example.com","password":"a long password"})", .headers = {{"Origin", kFrontend}},
       .status = 201, .headers_are = readable_by_frontend(), .save = {{"ada.token", "token"}}},
      {.name = "a cookie write from the frontend", .method = "POST", .url = "/api/me/tasks", .body = kTask,
       .headers = cookie_from(kFrontend), .status = 201, .headers_are = readable_by_frontend()},
      {.name = "a cookie read from the frontend", .url = "/api/me/tasks", .headers = cookie_from(kFrontend),
       .headers_are = readable_by_frontend({{"X-Total-Count", "1"}})},
      {.name = "its errors are readable too", .url = "/api/me/tasks", .headers = {{"Origin", kFrontend}},
       .status = 401, .headers_are = readable_by_frontend(), .problem = "missing_token"},
      {.name = "Better Auth sign-up from the frontend", .method = "POST", .url = "/api/auth/sign-up/email",
       .body = kSignUp, .headers = {{"Origin", kFrontend}}, .json_is = {{"user.email", "bob@example.com"}},
       .headers_are = readable_by_frontend()},
      {.name = "the server's own origin needs no CORS", .method = "POST", .url = "/api/me/tasks", .body = kTask,
       .headers = cookie_from("http://127.0.0.1:{port}"), .status = 201,
       .headers_are = with_headers(kNoCors, {{"Vary", "Origin"}})},
      {.name = "no CORS outside the API", .url = "/healthz", .headers = {{"Origin", kFrontend}},
       .headers_are = with_headers(kNoCors, {{"Vary", ""}})},
  }, trust_frontend});

  // The origin rule keeps holding for every origin that is not listed.
  Scenario untrusted{"OriginsNotTrustedStayRefused", {register_step("ada", "ada@example.com")}, trust_frontend};
  for (const std::string& origin : {kEvil, std::string("http://localhost:3001"), std::string("https://localhost:3000"),
                                    std::string("http://sub.localhost:3000"), std::string("null")}) {
    untrusted.steps.push_back({.name = "preflight from " + origin, .method = "OPTIONS", .url = "/api/me/tasks",
                               .headers = preflight_from(origin), .status = 405,
                               .headers_are = with_headers(kNoCors, {{"Vary", "Origin"}}), .problem = "method_not_allowed"});
    untrusted.steps.push_back({.name = "a cookie write from " + origin, .method = "POST", .url = "/api/me/tasks",
                               .body = kTask, .headers = cookie_from(origin), .status = 403, .headers_are = kNoCors,
                               .events = {"csrf_rejected"}, .problem = "csrf_rejected"});
    untrusted.steps.push_back({.name = "a read from " + origin, .url = "/api/me/tasks", .headers = cookie_from(origin),
                               .headers_are = with_headers(kNoCors, {{"Vary", "Origin"}})});
  }
  untrusted.steps.push_back({.name = "no Origin, cross-site fetch metadata", .method = "POST", .url = "/api/me/tasks",
                             .body = kTask, .headers = {{"Cookie", kCorsCookie}, {"Sec-Fetch-Site", "cross-site"}},
                             .status = 403, .events = {"csrf_rejected"}, .problem = "csrf_rejected"});
  untrusted.steps.push_back({.name = "Better Auth sign-in from another site", .method = "POST",
                             .url = "/api/auth/sign-in/email",
                             .body = R"({"email":"ada@example.com","password":"a long password"})",
                             .headers = {{"Origin", kEvil}}, .status = 403, .json_is = {{"code", "INVALID_ORIGIN"}},
                             .headers_are = kNoCors, .events = {"csrf_rejected"}});
  untrusted.steps.push_back({.name = "no write got through", .url = "/api/me/tasks", .headers = kAda,
                             .headers_are = {{"X-Total-Count", "0"}}});
  scenarios.push_back(untrusted);

  return scenarios;
}

INSTANTIATE_TEST_SUITE_P(Cors, ApiScenario, testing::ValuesIn(cors_scenarios()), scenario_name);

}  // namespace
}  // namespace taskbox::scenario

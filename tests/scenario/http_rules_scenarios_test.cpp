// Rules every answer follows, as scenarios against an in-process server: security
// headers, 404/405, hostile and oversized bodies, the origin rule for cookie writes, and
// the Secure cookie. What needs raw bytes or a whole process stays in
// tests/integration/http_rules_test.cpp.
#include <gtest/gtest.h>

#include "scenario.h"

namespace taskbox::scenario {
namespace {

const std::string kCookie = "taskbox_session={ada.token}";
const std::string kRegisterBody = R"({"email":"ada@example.com","password":"password1"})";
const std::string kCookieAttributes = "; HttpOnly; SameSite=Strict; Path=/; Max-Age=3600";
const std::string kSessionCookie = kCookie + kCookieAttributes;

// The security headers, whatever else a step expects.
Step secured(Step step) {
  step.headers_are.insert(step.headers_are.end(),
                          {{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"},
                           {"X-Frame-Options", "DENY"}});
  return step;
}

std::vector<Scenario> http_rules_scenarios() {
  std::vector<Scenario> scenarios;

  const int home = TASKBOX_WITH_UI ? 200 : 404;  // without the UI, "/" says how to get it
  scenarios.push_back({"SecurityHeadersOnEveryKindOfResponse", {
      register_step("ada", "ada@example.com"),
      secured({.name = "health", .url = "/healthz"}),
      secured({.name = "a list", .url = "/api/me/tasks", .headers = kAda}),
      secured({.name = "no token", .url = "/api/me/tasks", .status = 401, .problem = "missing_token"}),
      secured({.name = "no route", .url = "/api/nothing/here/at/all", .status = 404, .problem = "not_found"}),
      secured({.name = "wrong method", .method = "DELETE", .url = "/api/auth/login", .status = 405,
               .problem = "method_not_allowed"}),
      secured({.name = "bad JSON", .method = "POST", .url = "/api/auth/login", .body = "{", .status = 400,
               .problem = "invalid_json"}),
      secured({.name = "home page", .url = "/", .status = home}),
      secured({.name = "no such page", .url = "/no-such-page", .status = 404}),
      // An error of the HTTP parser itself, before any route.
      secured({.name = "unparsable range", .url = "/", .headers = {{"Range", "bytes=9-1,x"}}, .status = 416}),
  }});

  scenarios.push_back({"HealthzAnswersWhenTheDatabaseDoes", {
      {.name = "health", .url = "/healthz", .body_is = R"({"status":"ok"})",
       .headers_are = {{"Content-Type", "application/json"}}},
  }});

  Scenario methods{"UnknownApiPathsAre404AndWrongMethods405WithAllow", {
      {.name = "unknown", .url = "/api/unknown", .status = 404, .problem = "not_found"},
      {.name = "bare /api", .url = "/api", .status = 404, .problem = "not_found"},
      {.name = "past a route", .method = "POST", .url = "/api/me/tasks/1/complete/extra", .body = "{}", .status = 404,
       .problem = "not_found"},
  }};
  const auto not_allowed = [](const std::string& method, const std::string& url, const std::string& allow) {
    const bool sends_body = method != "GET" && method != "OPTIONS";
    return Step{.name = method + " " + url, .method = method, .url = url, .body = sends_body ? "{}" : "",
                .status = 405, .headers_are = {{"Allow", allow}}, .problem = "method_not_allowed"};
  };
  methods.steps.insert(methods.steps.end(), {
      not_allowed("GET", "/api/auth/login", "POST"),
      not_allowed("DELETE", "/api/auth/register", "POST"),
      not_allowed("POST", "/api/auth/me", "GET, HEAD"),
      not_allowed("PUT", "/api/me/tasks", "GET, HEAD, POST"),
      not_allowed("POST", "/api/me/tasks/1", "GET, HEAD, PUT, PATCH, DELETE"),
      not_allowed("GET", "/api/me/tasks/1/complete", "PATCH"),
      not_allowed("OPTIONS", "/api/me/tasks", "GET, HEAD, POST"),
      not_allowed("POST", "/healthz", "GET, HEAD"),
      not_allowed("DELETE", "/", "GET, HEAD"),
  });
  scenarios.push_back(methods);

  std::string deep_object;
  for (int i = 0; i < 5000; ++i) deep_object += R"({"a":)";
  const std::pair<std::string, std::string> hostile[] = {
      {"100000 nested arrays", std::string(100000, '[')},
      {"5000 nested objects", deep_object},
      {"invalid UTF-8", "{\"title\":\"\xC3\x28\"}"},
      {"overlong UTF-8", "{\"title\":\"\xC0\xAF\"}"},
      {"lone surrogate escape", R"({"title":"\ud800"})"},
      {"not an object", R"("title")"},
      {"null", "null"},
      {"empty", ""},
      {"trailing garbage", R"({"title":"a"} x)"},
      {"huge number", R"({"title":"a","n":1e999})"},
      {"NUL byte in a string", std::string("{\"title\":\"a\0b\"}", 15)},
  };
  Scenario bodies{"HostileBodiesGetClearErrors", {register_step("ada", "ada@example.com")}};
  for (const auto& [name, body] : hostile) {
    Pairs headers = kAda;
    headers.emplace_back("Content-Type", "application/json");  // also for the empty body
    bodies.steps.push_back({.name = name, .method = "POST", .url = "/api/me/tasks", .body = body, .headers = headers,
                            .status = 400, .problem = "invalid_json"});
  }
  bodies.steps.push_back({.name = "the server is still fine", .url = "/healthz"});
  scenarios.push_back(bodies);

  // One MiB of body is the limit: over it is 413 before parsing; exactly at it is parsed
  // (and then fails on the description's length, not on size).
  const std::string prefix = R"({"title":"x","description":")", suffix = R"("})";
  const std::size_t mebibyte = 1024 * 1024;
  scenarios.push_back({"BodiesOverOneMebibyteAre413", {
      register_step("ada", "ada@example.com"),
      {.name = "1.1 MiB", .method = "POST", .url = "/api/me/tasks",
       .body = prefix + std::string(1100 * 1024, 'a') + suffix, .headers = kAda, .status = 413,
       .problem = "payload_too_large"},
      {.name = "exactly 1 MiB", .method = "POST", .url = "/api/me/tasks",
       .body = prefix + std::string(mebibyte - prefix.size() - suffix.size(), 'a') + suffix, .headers = kAda,
       .status = 422, .json_is = {{"errors.*.field", "description"}}, .problem = "validation_failed"},
      {.name = "nothing was created", .url = "/api/me/tasks", .headers = kAda, .headers_are = {{"X-Total-Count", "0"}}},
  }});

  // A write authenticated by the cookie must come from the server's own origin; curl
  // (no Origin, no fetch metadata) and bearer tokens are not browsers' ambient credentials.
  const std::string body = R"({"title":"from a browser"})";
  const struct {
    std::string name;
    Pairs headers;
    bool allowed;
  } writes[] = {
      {"same origin", {{"Cookie", kCookie}, {"Origin", "http://127.0.0.1:{port}"}}, true},
      {"same origin with trailing slash", {{"Cookie", kCookie}, {"Origin", "http://127.0.0.1:{port}/"}}, true},
      {"other origin", {{"Cookie", kCookie}, {"Origin", "http://evil.example"}}, false},
      {"other port", {{"Cookie", kCookie}, {"Origin", "http://127.0.0.1:1"}}, false},
      {"https variant", {{"Cookie", kCookie}, {"Origin", "https://127.0.0.1:{port}"}}, false},
      {"null origin", {{"Cookie", kCookie}, {"Origin", "null"}}, false},
      {"no origin, cross-site fetch", {{"Cookie", kCookie}, {"Sec-Fetch-Site", "cross-site"}}, false},
      {"no origin, same-origin fetch", {{"Cookie", kCookie}, {"Sec-Fetch-Site", "same-origin"}}, true},
      {"no origin, no fetch metadata (curl)", {{"Cookie", kCookie}}, true},
      {"bearer token from another origin", {{"Authorization", "Bearer {ada.token}"}, {"Origin", "http://evil.example"}},
       true},
  };
  Scenario csrf{"CookieAuthenticatedWritesMustComeFromTheSameOrigin", {register_step("ada", "ada@example.com")}};
  for (const auto& write : writes) {
    Step step{.name = write.name, .method = "POST", .url = "/api/me/tasks", .body = body, .headers = write.headers,
              .status = 201};
    if (!write.allowed) {
      step.status = 403;
      step.events = {"csrf_rejected"};
      step.problem = "csrf_rejected";
    }
    csrf.steps.push_back(step);
  }
  const Pairs evil_cookie = {{"Cookie", kCookie}, {"Origin", "http://evil.example"}};
  csrf.steps.push_back({.name = "a cross-origin read is answered", .url = "/api/me/tasks", .headers = evil_cookie});
  csrf.steps.push_back({.name = "logout by cookie is a write too", .method = "POST", .url = "/api/auth/logout",
                        .headers = evil_cookie, .status = 403, .events = {"csrf_rejected"},
                        .problem = "csrf_rejected"});
  csrf.steps.push_back({.name = "only the allowed writes made tasks", .url = "/api/me/tasks", .headers = kAda,
                        .headers_are = {{"X-Total-Count", "5"}}});
  scenarios.push_back(csrf);

  Step secure_register = register_step("ada", "ada@example.com", "password1");
  secure_register.headers_are = {{"Set-Cookie", kSessionCookie + "; Secure"}};
  scenarios.push_back({"CookieIsSecureWhenConfigured", {secure_register},
                       [](app::Config& c) { c.cookie_secure = app::CookieSecure::always; }});

  // Behind a trusted proxy, https at the proxy makes the cookie Secure, adds HSTS and
  // makes the proxy's host the origin browsers write from.
  const Pairs via_https = {{"X-Forwarded-Proto", "https"}, {"Host", "todo.example.com"}};
  Step https_register = register_step("ada", "ada@example.com", "password1");
  https_register.headers = via_https;
  https_register.headers_are = {{"Set-Cookie", kSessionCookie + "; Secure"},
                                {"Strict-Transport-Security", "max-age=31536000"}};
  Pairs browser = via_https;
  browser.insert(browser.end(), {{"Cookie", kCookie}, {"Origin", "https://todo.example.com"}});
  Step plain_register = register_step("bob", "bob@example.com", "password1");
  plain_register.name = "bob registers over plain http through the same proxy";
  plain_register.headers_are = {{"Set-Cookie", "taskbox_session={bob.token}" + kCookieAttributes},
                                {"Strict-Transport-Security", ""}};
  scenarios.push_back({"HttpsFromATrustedProxyMakesTheCookieSecureAndSetsTheOrigin", {
      https_register,
      {.name = "a browser write from the proxy's origin", .method = "POST", .url = "/api/me/tasks",
       .body = R"({"title":"x"})", .headers = browser, .status = 201},
      plain_register,
  }, [](app::Config& c) { c.trusted_proxies = {"127.0.0.1"}; }});

  Step untrusted = register_step("ada", "ada@example.com", "password1");
  untrusted.headers = {{"X-Forwarded-Proto", "https"}};
  untrusted.headers_are = {{"Set-Cookie", kSessionCookie}, {"Strict-Transport-Security", ""}};
  scenarios.push_back({"ProxyHeadersAreIgnoredFromUntrustedPeers", {untrusted}});

  return scenarios;
}

INSTANTIATE_TEST_SUITE_P(HttpRules, ApiScenario, testing::ValuesIn(http_rules_scenarios()), scenario_name);

}  // namespace
}  // namespace taskbox::scenario

// Every route of a real Server, walked: only the sign-in routes (taskbox's and Better
// Auth's) may be unguarded under /api, and every guarded route really refuses a caller
// without a token.
#include <gtest/gtest.h>

#include <iostream>

#include "router.h"
#include "scenario.h"

namespace taskbox::scenario {
namespace {

// A concrete URL for a pattern: ":user_id" is "me", any other parameter "1".
std::string url_for(const std::string& pattern) {
  std::string url;
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    const auto colon = pattern.find(':', pos);
    if (colon == std::string::npos) break;
    const auto end = std::min(pattern.find('/', colon), pattern.size());
    url += pattern.substr(pos, colon - pos);
    url += pattern.compare(colon, end - colon, ":user_id") == 0 ? "me" : "1";
    pos = end;
  }
  return url + pattern.substr(std::min(pos, pattern.size()));
}

// Better Auth's routes that answer a caller without a session by design: get-session with
// null, sign-out with success (tests/scenario/better_auth_scenarios_test.cpp); and the
// JWT plugin's public keys.
bool better_auth_session_route(const app::RouteInfo& route) {
  return (route.method == "GET" && route.pattern == "/api/auth/get-session") ||
         (route.method == "POST" && route.pattern == "/api/auth/sign-out") ||
         (route.method == "GET" && route.pattern == "/api/auth/jwks");  // public keys, for anyone
}

TEST(RouteTable, EveryApiRouteButTheSignInRoutesIsGuarded) {
  TestServer server;
  const auto routes = server.server().routes();
  ASSERT_FALSE(routes.empty());
  std::cout << "method  pattern                                  guard\n";
  for (const auto& route : routes) {
    std::cout << route.method << std::string(8 - std::min<std::size_t>(7, route.method.size()), ' ') << route.pattern
              << std::string(41 - std::min<std::size_t>(40, route.pattern.size()), ' ')
              << (route.guard.empty() ? "(public)" : route.guard) << "\n";
    const bool api = app::is_api_path(route.pattern);
    const bool signs_in =
        route.method == "POST" && (route.pattern == "/api/auth/register" || route.pattern == "/api/auth/login" ||
                                   route.pattern == "/api/auth/sign-up/email" ||
                                   route.pattern == "/api/auth/sign-in/email");
    if (api && !signs_in && !better_auth_session_route(route)) {
      EXPECT_FALSE(route.guard.empty()) << route.method << " " << route.pattern << " has no guard";
    }
    if (signs_in) {
      EXPECT_TRUE(route.guard.empty()) << route.pattern << " must work without a token";
    }
  }
}

TEST(RouteTable, EveryGuardedRouteRefusesACallerWithoutAToken) {
  TestServer server;
  int guarded = 0;
  for (const auto& route : server.server().routes()) {
    if (route.guard.empty()) continue;
    ++guarded;
    SCOPED_TRACE(route.method + " " + route.pattern);
    const Answer answer = send(server, route.method, url_for(route.pattern), route.method == "GET" ? "" : "{}");
    EXPECT_EQ(answer.status, 401) << answer.body;
    // NOTE: Better Auth's routes answer in Better Auth's words.
    const std::string code = route.guard == "better_auth_session" ? "UNAUTHORIZED" : "missing_token";
    EXPECT_NE(answer.body.find("\"code\":\"" + code + "\""), std::string::npos) << answer.body;
  }
  EXPECT_GE(guarded, 9);  // 7 task routes, logout, me
}

}  // namespace
}  // namespace taskbox::scenario

#include "router.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "taskbox/core/error.h"

namespace taskbox::app {
namespace {

httplib::Request request(const std::string& method, const std::string& path) {
  httplib::Request req;
  req.method = method;
  req.path = path;
  return req;
}

// Records which handler ran and with which parameters.
struct Calls {
  std::string handler;
  std::string user_id;
  std::string task_id;
};

Handler recording(Calls& calls, const std::string& name) {
  return [&calls, name](const httplib::Request&, httplib::Response&, const PathParams& params) {
    calls.handler = name;
    calls.user_id = std::string(params.get("user_id"));
    calls.task_id = std::string(params.get("task_id"));
  };
}

class RouterTest : public testing::Test {
 protected:
  void SetUp() override {
    PublicRoutes routes(router_);
    routes.add("POST", "/api/auth/login", recording(calls_, "login"));
    routes.add("GET", "/api/:user_id/tasks", recording(calls_, "list"));
    routes.add("POST", "/api/:user_id/tasks", recording(calls_, "create"));
    routes.add("GET", "/api/:user_id/tasks/:task_id", recording(calls_, "get"));
    routes.add("PUT", "/api/:user_id/tasks/:task_id", recording(calls_, "replace"));
    routes.add("PATCH", "/api/:user_id/tasks/:task_id", recording(calls_, "patch"));
    routes.add("DELETE", "/api/:user_id/tasks/:task_id", recording(calls_, "delete"));
    routes.add("PATCH", "/api/:user_id/tasks/:task_id/complete", recording(calls_, "complete"));
    routes.add("GET", "/healthz", recording(calls_, "health"));
  }

  // The core::Error dispatch throws, or nullopt when a handler ran; res_ holds the answer.
  std::optional<core::Error> dispatch(const std::string& method, const std::string& path) {
    res_ = httplib::Response{};
    try {
      router_.dispatch(request(method, path), res_);
    } catch (const core::Error& e) {
      return e;
    }
    return std::nullopt;
  }

  httplib::Response res_;

  Router router_;
  Calls calls_;
};

TEST_F(RouterTest, RoutesByMethodAndPathAndExtractsParameters) {
  const struct {
    const char* method;
    const char* path;
    const char* handler;
    const char* user_id;
    const char* task_id;
  } cases[] = {
      {"POST", "/api/auth/login", "login", "", ""},
      {"GET", "/api/me/tasks", "list", "me", ""},
      {"POST", "/api/me/tasks", "create", "me", ""},
      {"GET", "/api/0b6a2c1e-0000-4000-8000-000000000001/tasks/17", "get",
       "0b6a2c1e-0000-4000-8000-000000000001", "17"},
      {"PUT", "/api/me/tasks/17", "replace", "me", "17"},
      {"PATCH", "/api/me/tasks/17", "patch", "me", "17"},
      {"DELETE", "/api/me/tasks/17", "delete", "me", "17"},
      {"PATCH", "/api/me/tasks/17/complete", "complete", "me", "17"},
      {"HEAD", "/api/me/tasks", "list", "me", ""},
      {"GET", "/healthz", "health", "", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.method) + " " + c.path);
    calls_ = {};
    EXPECT_EQ(dispatch(c.method, c.path), std::nullopt);
    EXPECT_EQ(calls_.handler, c.handler);
    EXPECT_EQ(calls_.user_id, c.user_id);
    EXPECT_EQ(calls_.task_id, c.task_id);
  }
}

TEST_F(RouterTest, KnownPathWithAnotherMethodIs405ListingTheAllowedOnes) {
  const struct {
    const char* method;
    const char* path;
    const char* allow;
  } cases[] = {
      {"DELETE", "/api/me/tasks", "GET, HEAD, POST"},
      {"POST", "/api/me/tasks/17", "GET, HEAD, PUT, PATCH, DELETE"},
      {"GET", "/api/me/tasks/17/complete", "PATCH"},
      {"GET", "/api/auth/login", "POST"},
      {"HEAD", "/api/auth/login", "POST"},
      {"POST", "/healthz", "GET, HEAD"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.method) + " " + c.path);
    calls_ = {};
    const auto error = dispatch(c.method, c.path);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), core::ErrorCode::method_not_allowed);
    EXPECT_EQ(res_.get_header_value("Allow"), c.allow);
    EXPECT_EQ(calls_.handler, "");
  }
}

TEST_F(RouterTest, UnknownApiPathIs404) {
  for (const char* path : {"/api", "/api/", "/api/nope", "/api/me/tasks/", "/api/me/tasks/17/", "/api//tasks",
                           "/api/me/tasks/17/complete/extra", "/api/me/task"}) {
    SCOPED_TRACE(path);
    const auto error = dispatch("GET", path);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), core::ErrorCode::not_found);
  }
}

TEST_F(RouterTest, NonApiGetAndHeadGoToTheFallback) {
  router_.set_fallback(recording(calls_, "ui"));
  for (const char* method : {"GET", "HEAD"}) {
    for (const char* path : {"/", "/signin", "/_next/static/app.js", "/apix", "/healthz/x"}) {
      SCOPED_TRACE(std::string(method) + " " + path);
      calls_ = {};
      EXPECT_EQ(dispatch(method, path), std::nullopt);
      EXPECT_EQ(calls_.handler, "ui");
    }
  }
  calls_ = {};
  ASSERT_TRUE(dispatch("GET", "/api/nope").has_value());  // the API never falls back to the UI
  EXPECT_EQ(calls_.handler, "");
}

TEST_F(RouterTest, NonApiPostIs405AllowingGetAndHead) {
  router_.set_fallback(recording(calls_, "ui"));
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    SCOPED_TRACE(method);
    const auto error = dispatch(method, "/signin");
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), core::ErrorCode::method_not_allowed);
    EXPECT_EQ(res_.get_header_value("Allow"), "GET, HEAD");
    EXPECT_EQ(calls_.handler, "");
  }
}

TEST_F(RouterTest, WithoutAFallbackEveryUnknownPathIs404) {
  const auto error = dispatch("GET", "/signin");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code(), core::ErrorCode::not_found);
}

TEST_F(RouterTest, SaysWhichRouteAnsweredEvenWhenItsHandlerThrows) {
  router_.set_fallback(recording(calls_, "ui"));
  PublicRoutes(router_).add("GET", "/boom", [](const httplib::Request&, httplib::Response&, const PathParams&) {
    throw core::Error(core::ErrorCode::unavailable, "down");
  });
  const auto routes = router_.routes();
  const auto answered_by = [&](const std::string& method, const std::string& path) {
    std::size_t answered = 0;
    httplib::Response res;
    try {
      router_.dispatch(request(method, path), res, answered);
    } catch (const core::Error&) {
    }
    return answered;
  };
  const auto list = answered_by("GET", "/api/me/tasks");
  ASSERT_LT(list, routes.size());
  EXPECT_EQ(routes[list].method + " " + routes[list].pattern, "GET /api/:user_id/tasks");
  EXPECT_EQ(routes[answered_by("HEAD", "/api/me/tasks")].pattern, "/api/:user_id/tasks");
  EXPECT_EQ(routes[answered_by("GET", "/boom")].pattern, "/boom");
  EXPECT_EQ(answered_by("GET", "/signin"), Router::kFallback);
  EXPECT_EQ(answered_by("GET", "/api/nope"), Router::kNoRoute);
  EXPECT_EQ(answered_by("DELETE", "/api/me/tasks"), Router::kNoRoute);  // 405
}

TEST(DisplayPattern, WritesParametersInBraces) {
  EXPECT_EQ(display_pattern("/api/:user_id/tasks/:task_id/complete"), "/api/{user_id}/tasks/{task_id}/complete");
  EXPECT_EQ(display_pattern("/api/auth/login"), "/api/auth/login");
  EXPECT_EQ(display_pattern("/"), "/");
  EXPECT_EQ(display_pattern(""), "/");
}

// A guard that admits requests carrying "X-Key: open" and hands the handler the key.
RouteGroup<std::string>::Guard key_guard() {
  return [](const httplib::Request& req, const PathParams&) {
    std::string key = req.get_header_value("X-Key");
    if (key != "open") throw core::Error(core::ErrorCode::missing_token, "Authentication required");
    return key;
  };
}

TEST(RouteGroup, RunsItsGuardBeforeEveryHandlerAndPassesWhatItFound) {
  Router router;
  RouteGroup<std::string> group(router, "/api/:user_id/things", "key", key_guard());
  std::string seen;
  group.add("GET", "/:thing_id", [&seen](const httplib::Request&, httplib::Response&, const PathParams& params,
                                         const std::string& key) {
    seen = key + " " + std::string(params.get("user_id")) + " " + std::string(params.get("thing_id"));
  });
  httplib::Response res;
  auto req = request("GET", "/api/me/things/7");
  try {
    router.dispatch(req, res);
    ADD_FAILURE() << "the guard let a request without the key through";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::missing_token);
  }
  EXPECT_EQ(seen, "");
  req.headers.emplace("X-Key", "open");
  router.dispatch(req, res);
  EXPECT_EQ(seen, "open me 7");
}

TEST(RouteGroup, TheTableNamesEachRoutesGuard) {
  Router router;
  PublicRoutes(router).add("GET", "/healthz", [](const httplib::Request&, httplib::Response&, const PathParams&) {});
  RouteGroup<std::string> group(router, "/api/things", "key", key_guard());
  group.add("POST", "", [](const httplib::Request&, httplib::Response&, const PathParams&, const std::string&) {});
  group.add("DELETE", "/:id", [](const httplib::Request&, httplib::Response&, const PathParams&, const std::string&) {});
  const auto table = router.routes();
  ASSERT_EQ(table.size(), 3u);
  EXPECT_EQ(table[0].pattern, "/healthz");
  EXPECT_EQ(table[0].guard, "");
  EXPECT_EQ(table[1].method, "POST");
  EXPECT_EQ(table[1].pattern, "/api/things");
  EXPECT_EQ(table[1].guard, "key");
  EXPECT_EQ(table[2].pattern, "/api/things/:id");
  EXPECT_EQ(table[2].guard, "key");
}

TEST(Router, ErrorStyleIsThatOfTheRoutesAtThePath) {
  Router router;
  const Handler nothing = [](const httplib::Request&, httplib::Response&, const PathParams&) {};
  PublicRoutes(router, "/api/auth").add("POST", "/login", nothing);
  PublicRoutes(router, "/api/auth", ErrorStyle::better_auth).add("GET", "/get-session", nothing);
  EXPECT_EQ(router.error_style("/api/auth/get-session"), ErrorStyle::better_auth);
  EXPECT_EQ(router.error_style("/api/auth/login"), ErrorStyle::problem);
  EXPECT_EQ(router.error_style("/api/auth/get-session/more"), ErrorStyle::problem);
  EXPECT_EQ(router.error_style("/api/unknown"), ErrorStyle::problem);
  EXPECT_EQ(router.routes()[1].error_style, ErrorStyle::better_auth);
}

TEST(PathParams, UnknownNameIsEmpty) {
  PathParams params;
  params.add("user_id", "me");
  EXPECT_EQ(params.get("user_id"), "me");
  EXPECT_EQ(params.get("task_id"), "");
}

TEST(IsApiPath, CoversApiAndNothingElse) {
  EXPECT_TRUE(is_api_path("/api"));
  EXPECT_TRUE(is_api_path("/api/"));
  EXPECT_TRUE(is_api_path("/api/me/tasks"));
  EXPECT_FALSE(is_api_path("/apix"));
  EXPECT_FALSE(is_api_path("/"));
  EXPECT_FALSE(is_api_path("/healthz"));
  EXPECT_FALSE(is_api_path("/x/api/"));
}

}  // namespace
}  // namespace taskbox::app

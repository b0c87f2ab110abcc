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
    router_.add("POST", "/api/auth/login", recording(calls_, "login"));
    router_.add("GET", "/api/:user_id/tasks", recording(calls_, "list"));
    router_.add("POST", "/api/:user_id/tasks", recording(calls_, "create"));
    router_.add("GET", "/api/:user_id/tasks/:task_id", recording(calls_, "get"));
    router_.add("PUT", "/api/:user_id/tasks/:task_id", recording(calls_, "replace"));
    router_.add("PATCH", "/api/:user_id/tasks/:task_id", recording(calls_, "patch"));
    router_.add("DELETE", "/api/:user_id/tasks/:task_id", recording(calls_, "delete"));
    router_.add("PATCH", "/api/:user_id/tasks/:task_id/complete", recording(calls_, "complete"));
    router_.add("GET", "/healthz", recording(calls_, "health"));
  }

  // The core::Error dispatch throws, or nullopt when a handler ran.
  std::optional<core::Error> dispatch(const std::string& method, const std::string& path) {
    httplib::Response res;
    try {
      router_.dispatch(request(method, path), res);
    } catch (const core::Error& e) {
      return e;
    }
    return std::nullopt;
  }

  static std::string header(const core::Error& error, const std::string& name) {
    for (const auto& h : error.headers()) {
      if (h.name == name) return h.value;
    }
    return "";
  }

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
    EXPECT_EQ(error->status(), 405);
    EXPECT_EQ(header(*error, "Allow"), c.allow);
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
    EXPECT_EQ(header(*error, "Allow"), "GET, HEAD");
    EXPECT_EQ(calls_.handler, "");
  }
}

TEST_F(RouterTest, WithoutAFallbackEveryUnknownPathIs404) {
  const auto error = dispatch("GET", "/signin");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code(), core::ErrorCode::not_found);
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

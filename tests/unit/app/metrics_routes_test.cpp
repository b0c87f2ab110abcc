#include "metrics_routes.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "taskbox/core/error.h"

namespace taskbox::app {
namespace {

httplib::Request scrape_request(const std::string& method, const std::string& path, const std::string& authorization = "") {
  httplib::Request req;
  req.method = method;
  req.path = path;
  if (!authorization.empty()) req.headers.emplace("Authorization", authorization);
  return req;
}

const Handler kNothing = [](const httplib::Request&, httplib::Response&, const PathParams&) {};

TEST(RouteMetricsTable, CountsUnderTheRoutePatternTheUiOrUnmatched) {
  Router router;
  PublicRoutes routes(router);
  routes.add("GET", "/api/:user_id/tasks/:task_id", kNothing);
  routes.add("POST", "/api/auth/login", kNothing);
  router.set_fallback(kNothing);
  Metrics metrics(Metrics::Gauges{});
  const RouteMetricsTable table(metrics, router.routes());

  table.answered_by(0, "GET").record(200, 0.001);
  table.answered_by(0, "HEAD").record(200, 0.001);  // HEAD is served by, and counted with, GET
  table.answered_by(1, "POST").record(401, 0.001);
  table.answered_by(Router::kFallback, "GET").record(404, 0.001);
  table.answered_by(Router::kNoRoute, "DELETE").record(405, 0.001);
  table.answered_by(Router::kNoRoute, "BREW").record(400, 0.001);

  const std::string text = metrics.scrape();
  for (const char* series : {R"({method="GET",route="/api/{user_id}/tasks/{task_id}",status="200"} 2)",
                             R"({method="POST",route="/api/auth/login",status="401"} 1)",
                             R"({method="GET",route="ui",status="404"} 1)",
                             R"({method="DELETE",route="unmatched",status="405"} 1)",
                             R"({method="other",route="unmatched",status="400"} 1)"}) {
    EXPECT_NE(text.find(std::string("taskbox_http_requests_total") + series), std::string::npos) << series << "\n"
                                                                                                 << text;
  }
  EXPECT_EQ(text.find("BREW"), std::string::npos);
}

// The core::Error code GET /metrics throws on the main port, or nullopt when it answered.
std::optional<core::ErrorCode> scrape_error(const Router& router, const std::string& authorization,
                                            httplib::Response& res) {
  try {
    router.dispatch(scrape_request("GET", "/metrics", authorization), res);
  } catch (const core::Error& e) {
    return e.code();
  }
  return std::nullopt;
}

TEST(MetricsRoutes, TheMainPortServesMetricsOnlyToTheToken) {
  Metrics metrics(Metrics::Gauges{});
  metrics.count_login(LoginOutcome::success);
  Router router;
  bind_metrics_routes(router, metrics, "scrape-token-0123456789");
  ASSERT_EQ(router.routes().size(), 1u);
  EXPECT_EQ(router.routes()[0].guard, "metrics_token");
  httplib::Response res;
  EXPECT_EQ(scrape_error(router, "", res), core::ErrorCode::missing_token);
  EXPECT_EQ(scrape_error(router, "Bearer scrape-token-012345678", res), core::ErrorCode::invalid_token);
  EXPECT_EQ(scrape_error(router, "Basic c2NyYXBlLXRva2VuLTAxMjM0NTY3ODk=", res), core::ErrorCode::missing_token);
  EXPECT_EQ(scrape_error(router, "Bearer scrape-token-0123456789", res), std::nullopt);
  EXPECT_EQ(res.get_header_value("Content-Type"), kMetricsContentType);
  EXPECT_EQ(res.get_header_value("Cache-Control"), "no-store");
  EXPECT_NE(res.body.find(R"(taskbox_logins_total{outcome="success"} 1)"), std::string::npos) << res.body;
}

TEST(MetricsRoutes, WithoutATokenTheMainPortSaysNotFound) {
  Metrics metrics(Metrics::Gauges{});
  Router router;
  router.set_fallback(kNothing);
  bind_metrics_routes(router, metrics, "");
  httplib::Response res;
  EXPECT_EQ(scrape_error(router, "", res), core::ErrorCode::not_found);
  EXPECT_EQ(scrape_error(router, "Bearer anything-at-all-0123", res), core::ErrorCode::not_found);
}

}  // namespace
}  // namespace taskbox::app

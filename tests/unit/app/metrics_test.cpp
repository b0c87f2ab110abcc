// Metrics through their text exposition: what a scraper reads is what is tested.
#include "metrics.h"

#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace taskbox::app {
namespace {

// The value of the sample written exactly as `series` (name and labels), if present.
std::optional<double> sample(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return std::nullopt;
}

TEST(Metrics, CountsRequestsByMethodRouteAndStatus) {
  Metrics metrics(Metrics::Gauges{});
  RouteMetrics& list = metrics.route("GET", "/api/{user_id}/tasks");
  list.record(200, 0.002);
  list.record(200, 0.003);
  list.record(401, 0.0001);
  list.record(418, 0.0001);  // not a status taskbox answers with: still counted
  EXPECT_EQ(&metrics.route("GET", "/api/{user_id}/tasks"), &list);
  const std::string text = metrics.scrape();
  const std::string labels = R"(method="GET",route="/api/{user_id}/tasks")";
  EXPECT_EQ(sample(text, "taskbox_http_requests_total{" + labels + R"(,status="200"})"), 2);
  EXPECT_EQ(sample(text, "taskbox_http_requests_total{" + labels + R"(,status="401"})"), 1);
  EXPECT_EQ(sample(text, "taskbox_http_requests_total{" + labels + R"(,status="418"})"), 1);
  EXPECT_EQ(sample(text, "taskbox_http_requests_total{" + labels + R"(,status="500"})"), std::nullopt);
  EXPECT_NE(text.find("# TYPE taskbox_http_requests_total counter"), std::string::npos) << text;
}

TEST(Metrics, LatencyIsAHistogramPerRoute) {
  Metrics metrics(Metrics::Gauges{});
  RouteMetrics& login = metrics.route("POST", "/api/auth/login");
  login.record(200, 0.08);
  login.record(401, 0.3);
  metrics.route("GET", "/healthz");  // a route with no requests yet has empty buckets
  const std::string text = metrics.scrape();
  const std::string name = "taskbox_http_request_duration_seconds";
  const std::string labels = R"(method="POST",route="/api/auth/login")";
  EXPECT_NE(text.find("# TYPE " + name + " histogram"), std::string::npos);
  EXPECT_EQ(sample(text, name + "_count{" + labels + "}"), 2);
  EXPECT_NEAR(*sample(text, name + "_sum{" + labels + "}"), 0.38, 1e-9);
  EXPECT_EQ(sample(text, name + "_bucket{" + labels + R"(,le="0.05"})"), 0);
  EXPECT_EQ(sample(text, name + "_bucket{" + labels + R"(,le="0.1"})"), 1);
  EXPECT_EQ(sample(text, name + "_bucket{" + labels + R"(,le="0.5"})"), 2);
  EXPECT_EQ(sample(text, name + "_bucket{" + labels + R"(,le="+Inf"})"), 2);
  EXPECT_EQ(sample(text, name + R"(_count{method="GET",route="/healthz"})"), 0);
}

TEST(Metrics, EveryLoginOutcomeAndLimitIsThereFromTheStart) {
  Metrics metrics(Metrics::Gauges{});
  metrics.count_login(LoginOutcome::success);
  metrics.count_login(LoginOutcome::busy);
  metrics.count_login(LoginOutcome::busy);
  metrics.count_refusal(Limit::task_quota);
  const std::string text = metrics.scrape();
  for (const auto outcome : {LoginOutcome::success, LoginOutcome::invalid_credentials, LoginOutcome::rate_limited,
                             LoginOutcome::busy, LoginOutcome::failed}) {
    const double expected = outcome == LoginOutcome::success ? 1 : outcome == LoginOutcome::busy ? 2 : 0;
    EXPECT_EQ(sample(text, R"(taskbox_logins_total{outcome=")" + std::string(label_of(outcome)) + R"("})"), expected);
  }
  for (const auto limit : {Limit::login, Limit::registration, Limit::connections, Limit::task_quota,
                           Limit::hash_queue, Limit::request_timeout}) {
    const double expected = limit == Limit::task_quota ? 1 : 0;
    EXPECT_EQ(sample(text, R"(taskbox_limit_refusals_total{limit=")" + std::string(label_of(limit)) + R"("})"),
              expected);
  }
}

TEST(Metrics, GaugesAreReadAtEachScrape) {
  double open = 3;
  Metrics metrics(Metrics::Gauges{[&open] { return open; }, [] { return 4096.0; }});
  EXPECT_EQ(sample(metrics.scrape(), "taskbox_open_connections"), 3);
  open = 5;
  const std::string text = metrics.scrape();
  EXPECT_EQ(sample(text, "taskbox_open_connections"), 5);
  EXPECT_EQ(sample(text, "taskbox_database_size_bytes"), 4096);
}

// A database size that cannot be read now (PostgreSQL away) leaves the last one read,
// rather than dropping the gauge to 0.
TEST(Metrics, AnUnreadableDatabaseSizeKeepsTheLastOne) {
  std::optional<double> size = 8192.0;
  Metrics metrics(Metrics::Gauges{{}, [&size] { return size; }});
  EXPECT_EQ(sample(metrics.scrape(), "taskbox_database_size_bytes"), 8192);
  size.reset();
  EXPECT_EQ(sample(metrics.scrape(), "taskbox_database_size_bytes"), 8192);
}

TEST(Metrics, ConcurrentRecordingLosesNothing) {
  Metrics metrics(Metrics::Gauges{});
  RouteMetrics& route = metrics.route("GET", "/healthz");
  constexpr int kThreads = 4;
  constexpr int kEach = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&route, t] {
      for (int i = 0; i < kEach; ++i) route.record(t % 2 == 0 ? 200 : 503, 0.001);
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string text = metrics.scrape();
  EXPECT_EQ(sample(text, R"(taskbox_http_requests_total{method="GET",route="/healthz",status="200"})"),
            kThreads / 2 * kEach);
  EXPECT_EQ(sample(text, R"(taskbox_http_requests_total{method="GET",route="/healthz",status="503"})"),
            kThreads / 2 * kEach);
  EXPECT_EQ(sample(text, R"(taskbox_http_request_duration_seconds_count{method="GET",route="/healthz"})"),
            kThreads * kEach);
}

}  // namespace
}  // namespace taskbox::app

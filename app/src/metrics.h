#pragma once
// The server's Prometheus metrics: requests and their latency by route, logins by
// outcome, refusals by limit, and gauges read at scrape time (open connections, the
// database's size). prometheus-cpp holds the values and writes the text format.
//
// Label values are bounded: routes are the route table's patterns (plus "ui" and
// "unmatched"), statuses are HTTP statuses, outcomes and limits are the enums below.

#include <array>
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace prometheus {
class Counter;
class Histogram;
template <typename T>
class Family;
}  // namespace prometheus

namespace taskbox::app {

// The Content-Type of Metrics::scrape()'s text (exposition format 0.0.4).
inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

enum class LoginOutcome { success, invalid_credentials, rate_limited, busy, failed };
// The contract's abuse limits, as label values of the refusals counter.
enum class Limit { login, registration, connections, task_quota, hash_queue, request_timeout };

std::string_view label_of(LoginOutcome outcome);  // e.g. "rate_limited"
std::string_view label_of(Limit limit);           // e.g. "task_quota"

// The request metrics of one (method, route) pair. Safe to record into from any thread;
// once a status has been seen, recording it takes no lookup: an atomic counter increment
// and one histogram observation (prometheus-cpp holds the histogram's lock for it).
class RouteMetrics {
 public:
  // Counts one answer with `status` that took `seconds`.
  void record(int status, double seconds);

 private:
  friend class Metrics;
  // The statuses taskbox answers with; their counters are cached after first use.
  static constexpr std::size_t kCachedStatuses = 20;

  RouteMetrics(prometheus::Family<prometheus::Counter>& requests, prometheus::Histogram& latency,
               std::string method, std::string route);
  prometheus::Counter& requests_with(int status);

  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Histogram& latency_;
  const std::string method_;
  const std::string route_;
  std::array<std::atomic<prometheus::Counter*>, kCachedStatuses> by_status_{};
};

class Metrics {
 public:
  // Values read at each scrape.
  struct Gauges {
    std::function<double()> open_connections;
    std::function<std::optional<double>()> database_bytes;  // nullopt: unknown now
  };

  explicit Metrics(Gauges gauges);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // The metrics of requests that `route` answered for `method` ("GET",
  // "/api/{user_id}/tasks"). The same pair gives the same object, which lives as long as
  // this; get it once (at start), not per request.
  RouteMetrics& route(std::string_view method, std::string_view route);

  void count_login(LoginOutcome outcome);
  void count_refusal(Limit limit);

  // Every metric in the text exposition format.
  std::string scrape() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace taskbox::app

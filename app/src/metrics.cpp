#include "metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

namespace taskbox::app {
namespace {

constexpr std::array<int, 20> kCachedStatusList = {200, 201, 204, 304, 400, 401, 403, 404, 405, 408,
                                                   409, 413, 414, 415, 422, 429, 431, 500, 503, 507};

// Seconds; from a cached static file (well under a millisecond) to a login that waited
// for the hash queue (seconds).
const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                 0.1,    0.25,  0.5,    1,     2.5,  5,    10};

constexpr LoginOutcome kLoginOutcomes[] = {LoginOutcome::success, LoginOutcome::invalid_credentials,
                                           LoginOutcome::rate_limited, LoginOutcome::busy, LoginOutcome::failed};
constexpr Limit kLimits[] = {Limit::login,      Limit::registration, Limit::connections,
                             Limit::task_quota, Limit::hash_queue,   Limit::request_timeout};

}  // namespace

std::string_view label_of(LoginOutcome outcome) {
  switch (outcome) {
    case LoginOutcome::success: return "success";
    case LoginOutcome::invalid_credentials: return "invalid_credentials";
    case LoginOutcome::rate_limited: return "rate_limited";
    case LoginOutcome::busy: return "busy";
    case LoginOutcome::failed: return "failed";
  }
  return "failed";
}

std::string_view label_of(Limit limit) {
  switch (limit) {
    case Limit::login: return "login";
    case Limit::registration: return "registration";
    case Limit::connections: return "connections";
    case Limit::task_quota: return "task_quota";
    case Limit::hash_queue: return "hash_queue";
    case Limit::request_timeout: return "request_timeout";
  }
  return "login";
}

RouteMetrics::RouteMetrics(prometheus::Family<prometheus::Counter>& requests, prometheus::Histogram& latency,
                           std::string method, std::string route)
    : requests_(requests), latency_(latency), method_(std::move(method)), route_(std::move(route)) {
  static_assert(kCachedStatusList.size() == kCachedStatuses);
}

prometheus::Counter& RouteMetrics::requests_with(int status) {
  const auto add = [&]() -> prometheus::Counter& {
    return requests_.Add({{"method", method_}, {"route", route_}, {"status", std::to_string(status)}});
  };
  const auto cached = std::find(kCachedStatusList.begin(), kCachedStatusList.end(), status);
  if (cached == kCachedStatusList.end()) return add();
  auto& slot = by_status_[static_cast<std::size_t>(cached - kCachedStatusList.begin())];
  prometheus::Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    // NOTE: Add returns the existing counter for the same labels, so threads racing
    // here all store the same pointer.
    counter = &add();
    slot.store(counter, std::memory_order_release);
  }
  return *counter;
}

void RouteMetrics::record(int status, double seconds) {
  requests_with(status).Increment();
  latency_.Observe(seconds);
}

struct Metrics::Impl {
  explicit Impl(Gauges g)
      : gauges(std::move(g)),
        requests(prometheus::BuildCounter()
                     .Name("taskbox_http_requests_total")
                     .Help("HTTP requests answered, by method, route pattern and status")
                     .Register(registry)),
        latency(prometheus::BuildHistogram()
                    .Name("taskbox_http_request_duration_seconds")
                    .Help("Time from the first byte of a request to its answer, by method and route pattern")
                    .Register(registry)),
        logins(prometheus::BuildCounter()
                   .Name("taskbox_logins_total")
                   .Help("Login attempts that reached the password check or a limit, by outcome")
                   .Register(registry)),
        refusals(prometheus::BuildCounter()
                     .Name("taskbox_limit_refusals_total")
                     .Help("Requests and connections refused by an abuse limit, by limit")
                     .Register(registry)),
        open_connections(prometheus::BuildGauge()
                             .Name("taskbox_open_connections")
                             .Help("Client connections open on the main port")
                             .Register(registry)
                             .Add({})),
        database_bytes(prometheus::BuildGauge()
                           .Name("taskbox_database_size_bytes")
                           .Help("Bytes the database takes: the SQLite file with its write-ahead log, or PostgreSQL's pg_database_size")
                           .Register(registry)
                           .Add({})) {
    // Every outcome and limit from the start, so rate() sees the first event.
    for (const auto outcome : kLoginOutcomes) {
      by_outcome[static_cast<std::size_t>(outcome)] = &logins.Add({{"outcome", std::string(label_of(outcome))}});
    }
    for (const auto limit : kLimits) {
      by_limit[static_cast<std::size_t>(limit)] = &refusals.Add({{"limit", std::string(label_of(limit))}});
    }
  }

  Gauges gauges;
  prometheus::Registry registry;
  prometheus::Family<prometheus::Counter>& requests;
  prometheus::Family<prometheus::Histogram>& latency;
  prometheus::Family<prometheus::Counter>& logins;
  prometheus::Family<prometheus::Counter>& refusals;
  prometheus::Gauge& open_connections;
  prometheus::Gauge& database_bytes;
  std::array<prometheus::Counter*, std::size(kLoginOutcomes)> by_outcome{};
  std::array<prometheus::Counter*, std::size(kLimits)> by_limit{};
  std::mutex routes_mutex;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<RouteMetrics>> routes;
};

Metrics::Metrics(Gauges gauges) : impl_(std::make_unique<Impl>(std::move(gauges))) {}

Metrics::~Metrics() = default;

RouteMetrics& Metrics::route(std::string_view method, std::string_view route) {
  std::lock_guard lock(impl_->routes_mutex);
  auto& slot = impl_->routes[{std::string(method), std::string(route)}];
  if (!slot) {
    auto& latency = impl_->latency.Add({{"method", std::string(method)}, {"route", std::string(route)}},
                                       kLatencyBuckets);
    slot.reset(new RouteMetrics(impl_->requests, latency, std::string(method), std::string(route)));
  }
  return *slot;
}

void Metrics::count_login(LoginOutcome outcome) { impl_->by_outcome[static_cast<std::size_t>(outcome)]->Increment(); }

void Metrics::count_refusal(Limit limit) { impl_->by_limit[static_cast<std::size_t>(limit)]->Increment(); }

std::string Metrics::scrape() const {
  if (impl_->gauges.open_connections) impl_->open_connections.Set(impl_->gauges.open_connections());
  if (impl_->gauges.database_bytes) {
    // NOTE: when the size cannot be read now, the gauge keeps the last one read.
    if (const auto bytes = impl_->gauges.database_bytes()) impl_->database_bytes.Set(*bytes);
  }
  return prometheus::TextSerializer().Serialize(impl_->registry.Collect());
}

}  // namespace taskbox::app

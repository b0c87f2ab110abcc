#pragma once
// GET /metrics, served only when enabled (contract): on the main port behind the metrics
// token, or on a listener of its own (--metrics-listen) without authentication.

#include <string>
#include <string_view>
#include <vector>

#include "http_server.h"
#include "metrics.h"
#include "router.h"

namespace taskbox::app {

// Which RouteMetrics a request counts under, resolved for every route at start so that a
// request only looks up an index: a route's own (HEAD counts with its GET route), "ui" for
// the web UI, "unmatched" by method for everything no route took (404, 405, a request
// the HTTP layer refused before routing).
class RouteMetricsTable {
 public:
  RouteMetricsTable(Metrics& metrics, const std::vector<RouteInfo>& routes);
  // `answered` as Router::dispatch set it (Router::kNoRoute when dispatch never ran).
  RouteMetrics& answered_by(std::size_t answered, std::string_view method) const;

 private:
  std::vector<RouteMetrics*> by_route_;
  RouteMetrics* ui_;
  std::vector<RouteMetrics*> unmatched_;  // by kMethods, the last one for any other method
};

// GET /metrics on the main port. With a token: the metrics, to `Authorization: Bearer
// <token>` only. Without one: 404 not_found, as a problem rather than the UI's 404 page,
// so that a scraper pointed at the wrong port reads why.
void bind_metrics_routes(Router& router, const Metrics& metrics, std::string token);

// Makes `listener` answer GET /metrics with the metrics and anything else with a 404
// problem. It runs no guard: bind it where only the scraper can reach it.
void serve_metrics_only(HttpServer& listener, const Metrics& metrics);

}  // namespace taskbox::app

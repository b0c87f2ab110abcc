#include "metrics_routes.h"

#include <algorithm>
#include <iterator>

#include "guards.h"
#include "problem.h"
#include "taskbox/core/error.h"

namespace taskbox::app {
namespace {

// Methods that get a label of their own; any other is "other" (label values stay bounded).
constexpr std::string_view kMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

void send_metrics(httplib::Response& res, const Metrics& metrics) {
  res.set_header("Cache-Control", "no-store");
  res.set_content(metrics.scrape(), kMetricsContentType);
}

}  // namespace

RouteMetricsTable::RouteMetricsTable(Metrics& metrics, const std::vector<RouteInfo>& routes)
    : ui_(&metrics.route("GET", "ui")) {
  for (const auto& route : routes) by_route_.push_back(&metrics.route(route.method, display_pattern(route.pattern)));
  for (const auto method : kMethods) unmatched_.push_back(&metrics.route(method, "unmatched"));
  unmatched_.push_back(&metrics.route("other", "unmatched"));
}

RouteMetrics& RouteMetricsTable::answered_by(std::size_t answered, std::string_view method) const {
  if (answered < by_route_.size()) return *by_route_[answered];
  if (answered == Router::kFallback) return *ui_;
  const auto known = std::find(std::begin(kMethods), std::end(kMethods), method);
  return *unmatched_[static_cast<std::size_t>(known - std::begin(kMethods))];
}

void bind_metrics_routes(Router& router, const Metrics& metrics, std::string token) {
  if (token.empty()) {
    PublicRoutes(router).add("GET", "/metrics", [](const httplib::Request&, httplib::Response&, const PathParams&) {
      throw core::Error(core::ErrorCode::not_found, "Metrics are not served on this port");
    });
    return;
  }
  RouteGroup<MetricsScraper> scrapers(router, "", "metrics_token", require_metrics_token(std::move(token)));
  scrapers.add("GET", "/metrics",
               [&metrics](const httplib::Request&, httplib::Response& res, const PathParams&, const MetricsScraper&) {
                 send_metrics(res, metrics);
               });
}

void serve_metrics_only(HttpServer& listener, const Metrics& metrics) {
  listener.Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& res) { send_metrics(res, metrics); });
  listener.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (HttpServer::current_request_timed_out()) {
      send_problem(res, core::Error(core::ErrorCode::request_timeout, "The request took too long to arrive"));
    } else {
      send_status_problem(res, res.status);
    }
    return httplib::Server::HandlerResponse::Handled;
  });
  listener.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) { set_security_headers(res); });
}

}  // namespace taskbox::app

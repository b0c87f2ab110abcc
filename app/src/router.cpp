#include "router.h"

#include "taskbox/core/error.h"

namespace taskbox::app {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 1;  // skip the leading '/'
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    segments.push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

}  // namespace

std::string_view PathParams::get(std::string_view name) const {
  for (const auto& [key, value] : values_) {
    if (key == name) return value;
  }
  return {};
}

bool is_api_path(std::string_view path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

std::string display_pattern(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 4);
  for (const auto segment : split_path(pattern)) {
    out.push_back('/');
    if (!segment.empty() && segment.front() == ':') {
      out.append("{").append(segment.substr(1)).append("}");
    } else {
      out.append(segment);
    }
  }
  return out.empty() ? "/" : out;
}

void Router::add(std::string method, std::string_view pattern, std::string guard, Handler handler,
                 ErrorStyle style) {
  Route route{std::move(method), std::string(pattern), {}, std::move(guard), std::move(handler), style};
  for (const auto segment : split_path(pattern)) route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
}

std::vector<RouteInfo> Router::routes() const {
  std::vector<RouteInfo> table;
  for (const auto& route : routes_) table.push_back({route.method, route.pattern, route.guard, route.error_style});
  return table;
}

ErrorStyle Router::error_style(std::string_view path) const {
  const auto segments = split_path(path);
  for (const Route& route : routes_) {
    PathParams params;
    if (match(route, segments, params)) return route.error_style;
  }
  return ErrorStyle::problem;
}

bool Router::match(const Route& route, const std::vector<std::string_view>& segments, PathParams& params) {
  if (route.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& expected = route.segments[i];
    if (!expected.empty() && expected.front() == ':') {
      if (segments[i].empty()) return false;
      params.add(std::string_view(expected).substr(1), segments[i]);
    } else if (expected != segments[i]) {
      return false;
    }
  }
  return true;
}

void Router::dispatch(const httplib::Request& req, httplib::Response& res, std::size_t& answered) const {
  answered = kNoRoute;
  const std::string_view path = req.path;
  const std::string_view method = req.method == "HEAD" ? std::string_view("GET") : req.method;
  const auto segments = split_path(path);
  std::string allow;
  for (std::size_t index = 0; index < routes_.size(); ++index) {
    const Route& route = routes_[index];
    PathParams params;
    if (!match(route, segments, params)) continue;
    if (route.method == method) {
      answered = index;
      route.handler(req, res, params);
      return;
    }
    if (allow.find(route.method) == std::string::npos) {
      if (!allow.empty()) allow += ", ";
      allow += route.method == "GET" ? "GET, HEAD" : route.method;
    }
  }
  if (!allow.empty()) {
    res.set_header("Allow", allow);
    throw core::Error(core::ErrorCode::method_not_allowed, req.method + " is not allowed here");
  }
  if (is_api_path(path) || !fallback_) {
    throw core::Error(core::ErrorCode::not_found, "No such API endpoint");
  }
  if (method != "GET") {
    res.set_header("Allow", "GET, HEAD");
    throw core::Error(core::ErrorCode::method_not_allowed, req.method + " is not allowed here");
  }
  answered = kFallback;
  fallback_(req, res, PathParams{});
}

}  // namespace taskbox::app

#pragma once
// Method + path routing for the API, with the contract's 404/405 rules: a known path
// with another method answers 405 and an Allow header. Patterns are literal segments
// and `:name` parameters, e.g. "/api/:user_id/tasks/:task_id".

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http.h"

namespace taskbox::app {

class PathParams {
 public:
  void add(std::string_view name, std::string_view value) { values_.emplace_back(name, value); }
  // The value of `:name`; empty when the route has no such parameter.
  std::string_view get(std::string_view name) const;

 private:
  std::vector<std::pair<std::string_view, std::string_view>> values_;
};

using Handler = std::function<void(const httplib::Request&, httplib::Response&, const PathParams&)>;

class Router {
 public:
  void add(std::string method, std::string_view pattern, Handler handler);

  // Handles requests no route matches, for GET and HEAD outside /api (the web UI).
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  // Routes one request. Throws core::Error for 404/405; handlers may throw anything.
  void dispatch(const httplib::Request& req, httplib::Response& res) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // ":name" marks a parameter
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string_view>& segments, PathParams& params);

  std::vector<Route> routes_;
  Handler fallback_;
};

// True for paths under /api (the JSON API), where unknown paths answer 404 not_found.
bool is_api_path(std::string_view path);

}  // namespace taskbox::app

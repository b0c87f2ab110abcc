#pragma once
// Method + path routing for the API, with the contract's 404/405 rules: a known path
// with another method answers 405 and an Allow header. Patterns are literal segments
// and `:name` parameters, e.g. "/api/:user_id/tasks/:task_id".
//
// Routes are added through groups. A group has a path prefix and, usually, a guard: a
// function that runs before every handler of the group and hands it what it
// established (the caller, the owner of the tasks), or throws. A handler of a guarded
// group cannot run without its guard, and each route records the guard it has, so a
// test can walk the table and find a route that has none.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http.h"
#include "problem.h"

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

// One row of the route table, for tests and documentation.
struct RouteInfo {
  std::string method;
  std::string pattern;
  std::string guard;  // empty: the route is public
  ErrorStyle error_style = ErrorStyle::problem;
};

class Router {
 public:
  // Handles requests no route matches, for GET and HEAD outside /api (the web UI).
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  // What answered a request: an index into routes(), or one of these.
  static constexpr std::size_t kNoRoute = static_cast<std::size_t>(-1);   // 404, 405
  static constexpr std::size_t kFallback = static_cast<std::size_t>(-2);  // the web UI

  // Routes one request. Throws core::Error for 404/405 (a 405 sets Allow on `res`);
  // handlers may throw anything. `answered` is set before the handler runs, so it holds
  // even when the handler throws.
  void dispatch(const httplib::Request& req, httplib::Response& res, std::size_t& answered) const;
  void dispatch(const httplib::Request& req, httplib::Response& res) const {
    std::size_t answered = kNoRoute;
    dispatch(req, res, answered);
  }

  std::vector<RouteInfo> routes() const;

  // How errors of a request for `path` are written: the style of the routes at that path
  // (whatever their method), else problem+json.
  ErrorStyle error_style(std::string_view path) const;

 private:
  template <typename Context>
  friend class RouteGroup;
  friend class PublicRoutes;

  void add(std::string method, std::string_view pattern, std::string guard, Handler handler,
           ErrorStyle style = ErrorStyle::problem);

  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // ":name" marks a parameter
    std::string guard;
    Handler handler;
    ErrorStyle error_style;
  };
  static bool match(const Route& route, const std::vector<std::string_view>& segments, PathParams& params);

  std::vector<Route> routes_;
  Handler fallback_;
};

// Routes anyone may call (register, login, the health probe). Kept apart by name so
// that adding one is a visible choice.
class PublicRoutes {
 public:
  explicit PublicRoutes(Router& router, std::string prefix = "", ErrorStyle style = ErrorStyle::problem)
      : router_(router), prefix_(std::move(prefix)), style_(style) {}
  void add(std::string method, std::string_view pattern, Handler handler) {
    router_.add(std::move(method), prefix_ + std::string(pattern), "", std::move(handler), style_);
  }

 private:
  Router& router_;
  std::string prefix_;
  ErrorStyle style_;
};

// Routes under `prefix` that all run behind one guard, which turns the request into a
// `Context` (or throws core::Error) before the handler sees it.
template <typename Context>
class RouteGroup {
 public:
  using Guard = std::function<Context(const httplib::Request&, const PathParams&)>;
  using GuardedHandler =
      std::function<void(const httplib::Request&, httplib::Response&, const PathParams&, const Context&)>;

  RouteGroup(Router& router, std::string prefix, std::string guard_name, Guard guard,
             ErrorStyle style = ErrorStyle::problem)
      : router_(router),
        prefix_(std::move(prefix)),
        guard_name_(std::move(guard_name)),
        guard_(std::move(guard)),
        style_(style) {}

  void add(std::string method, std::string_view pattern, GuardedHandler handler) {
    router_.add(std::move(method), prefix_ + std::string(pattern), guard_name_,
                [guard = guard_, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res,
                                                               const PathParams& params) {
                  const Context context = guard(req, params);
                  handler(req, res, params, context);
                },
                style_);
  }

 private:
  Router& router_;
  std::string prefix_;
  std::string guard_name_;
  Guard guard_;
  ErrorStyle style_;
};

// True for paths under /api (the JSON API), where unknown paths answer 404 not_found.
bool is_api_path(std::string_view path);

// A route pattern as the docs write it: "/api/:user_id/tasks" is "/api/{user_id}/tasks".
std::string display_pattern(std::string_view pattern);

}  // namespace taskbox::app

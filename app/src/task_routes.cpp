#include "task_routes.h"

#include <charconv>

#include "guards.h"
#include "problem.h"
#include "render.h"
#include "taskbox/core/error.h"
#include "taskbox/core/requests.h"

namespace taskbox::app {
namespace {

using Request = httplib::Request;
using Response = httplib::Response;

core::Error task_not_found() { return core::Error(core::ErrorCode::not_found, "Task not found"); }

// A task id is a positive decimal integer; anything else cannot name a task.
std::int64_t task_id(const PathParams& params) {
  const std::string_view text = params.get("task_id");
  std::int64_t id = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || text.front() == '+' || result.ec != std::errc() ||
      result.ptr != text.data() + text.size() || id < 1) {
    throw task_not_found();
  }
  return id;
}

std::optional<std::string> query_value(const Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

void send_task_or_404(Response& res, const std::optional<core::Task>& task) {
  if (!task) throw task_not_found();
  send_json(res, 200, task_json(*task));
}

}  // namespace

void bind_task_routes(Router& router, TaskRouteDeps deps) {
  RouteGroup<Owner> tasks(router, "/api/:user_id/tasks", "owner", require_owner(deps.authenticator, deps.trust));
  const auto now = [clock = deps.clock] { return core::unix_ms(clock()); };

  tasks.add("GET", "", [deps](const Request& req, Response& res, const PathParams&, const Owner& owner) {
    core::RawTaskListQuery raw{query_value(req, "status"), query_value(req, "sort"), query_value(req, "order"),
                               query_value(req, "limit"), query_value(req, "offset")};
    const auto page = deps.tasks.list(owner.user_id, core::parse_task_list_query(raw));
    res.set_header("X-Total-Count", std::to_string(page.total));
    send_json(res, 200, tasks_json(page.tasks));
  });

  tasks.add("POST", "", [deps, now](const Request& req, Response& res, const PathParams&, const Owner& owner) {
    const auto input = core::parse_new_task(req.body);
    const auto task = deps.tasks.create(owner.user_id, input.title, input.description, now(), deps.max_tasks_per_user);
    res.set_header("Location", "/api/" + owner.user_id + "/tasks/" + std::to_string(task.id));
    send_json(res, 201, task_json(task));
  });

  tasks.add("GET", "/:task_id", [deps](const Request&, Response& res, const PathParams& params, const Owner& owner) {
    send_task_or_404(res, deps.tasks.find(owner.user_id, task_id(params)));
  });

  // PUT, PATCH and PATCH .../complete differ only in how the body becomes changes.
  const auto update = [deps, now](core::TaskChanges (*parse)(std::string_view)) {
    return [deps, now, parse](const Request& req, Response& res, const PathParams& params, const Owner& owner) {
      const auto id = task_id(params);
      send_task_or_404(res, deps.tasks.update(owner.user_id, id, parse(req.body), now()));
    };
  };
  tasks.add("PUT", "/:task_id", update(core::parse_task_replacement));
  tasks.add("PATCH", "/:task_id", update(core::parse_task_patch));
  tasks.add("PATCH", "/:task_id/complete", update(core::parse_completion));

  tasks.add("DELETE", "/:task_id", [deps](const Request&, Response& res, const PathParams& params, const Owner& owner) {
    if (!deps.tasks.remove(owner.user_id, task_id(params))) throw task_not_found();
    res.status = 204;
  });
}

}  // namespace taskbox::app

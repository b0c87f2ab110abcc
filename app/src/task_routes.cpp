#include "task_routes.h"

#include <charconv>

#include "problem.h"
#include "render.h"
#include "taskbox/core/error.h"
#include "taskbox/core/requests.h"

namespace taskbox::app {
namespace {

using Request = httplib::Request;
using Response = httplib::Response;

// The caller's own id, from `me` or their literal id; anyone else's id is 403.
const std::string& owner_id(const PathParams& params, const Principal& principal) {
  const std::string_view requested = params.get("user_id");
  if (requested != "me" && requested != principal.user.id) {
    throw core::Error(core::ErrorCode::forbidden, "You may only access your own tasks");
  }
  return principal.user.id;
}

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

void bind_task_routes(Router& router, const TaskRouteDeps& deps) {
  const auto& auth = deps.authenticator;
  const auto now = [&deps] { return core::unix_ms(deps.clock()); };

  router.add("GET", "/api/:user_id/tasks",
             authed(auth, [&deps](const Request& req, Response& res, const PathParams& params, const Principal& p) {
               const std::string& user_id = owner_id(params, p);
               core::RawTaskListQuery raw{query_value(req, "status"), query_value(req, "sort"),
                                          query_value(req, "order"), query_value(req, "limit"),
                                          query_value(req, "offset")};
               const auto page = deps.tasks.list(user_id, core::parse_task_list_query(raw));
               res.set_header("X-Total-Count", std::to_string(page.total));
               send_json(res, 200, tasks_json(page.tasks));
             }));

  router.add("POST", "/api/:user_id/tasks",
             authed(auth, [&deps, now](const Request& req, Response& res, const PathParams& params, const Principal& p) {
               const std::string& user_id = owner_id(params, p);
               const auto input = core::parse_new_task(req.body);
               const auto task = deps.tasks.create(user_id, input.title, input.description, now(), deps.max_tasks_per_user);
               res.set_header("Location", "/api/" + user_id + "/tasks/" + std::to_string(task.id));
               send_json(res, 201, task_json(task));
             }));

  router.add("GET", "/api/:user_id/tasks/:task_id",
             authed(auth, [&deps](const Request&, Response& res, const PathParams& params, const Principal& p) {
               const std::string& user_id = owner_id(params, p);
               send_task_or_404(res, deps.tasks.find(user_id, task_id(params)));
             }));

  // PUT, PATCH and PATCH .../complete differ only in how the body becomes changes.
  const auto update = [&deps, now](core::TaskChanges (*parse)(std::string_view)) {
    return authed(deps.authenticator,
                  [&deps, now, parse](const Request& req, Response& res, const PathParams& params, const Principal& p) {
                    const std::string& user_id = owner_id(params, p);
                    const auto id = task_id(params);
                    send_task_or_404(res, deps.tasks.update(user_id, id, parse(req.body), now()));
                  });
  };
  router.add("PUT", "/api/:user_id/tasks/:task_id", update(core::parse_task_replacement));
  router.add("PATCH", "/api/:user_id/tasks/:task_id", update(core::parse_task_patch));
  router.add("PATCH", "/api/:user_id/tasks/:task_id/complete", update(core::parse_completion));

  router.add("DELETE", "/api/:user_id/tasks/:task_id",
             authed(auth, [&deps](const Request&, Response& res, const PathParams& params, const Principal& p) {
               const std::string& user_id = owner_id(params, p);
               if (!deps.tasks.remove(user_id, task_id(params))) throw task_not_found();
               res.status = 204;
             }));
}

}  // namespace taskbox::app

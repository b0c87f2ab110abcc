#include "render.h"

#include "taskbox/core/clock.h"

namespace taskbox::app {

void write_user(core::JsonWriter& out, const core::User& user) {
  out.begin_object()
      .member("id", user.id)
      .member("email", user.email)
      .member("name", user.name)
      .member("created_at", core::format_timestamp(user.created_at))
      .end_object();
}

void write_task(core::JsonWriter& out, const core::Task& task) {
  out.begin_object()
      .member("id", task.id)
      .member("user_id", task.user_id)
      .member("title", task.title)
      .member("description", task.description)
      .member("completed", task.completed)
      .member("created_at", core::format_timestamp(task.created_at))
      .member("updated_at", core::format_timestamp(task.updated_at))
      .end_object();
}

void write_better_auth_user(core::JsonWriter& out, const core::User& user) {
  out.begin_object();
  write_better_auth_user_members(out, user);
  out.end_object();
}

void write_better_auth_user_members(core::JsonWriter& out, const core::User& user) {
  const std::string created = core::format_timestamp(user.created_at);
  out.member("id", user.id)
      .member("name", user.name)
      .member("email", user.email)
      .member("emailVerified", false)
      .key("image")
      .null()
      .member("createdAt", created)
      .member("updatedAt", created);
}

void write_better_auth_session(core::JsonWriter& out, const storage::SessionRecord& session, const std::string& token) {
  out.begin_object()
      .member("id", session.id)
      .member("token", token)
      .member("userId", session.user_id)
      .member("expiresAt", core::format_timestamp(session.expires_at))
      .member("createdAt", core::format_timestamp(session.created_at))
      .member("updatedAt", core::format_timestamp(session.updated_at))
      .member("ipAddress", session.ip_address)
      .member("userAgent", session.user_agent)
      .end_object();
}

std::string better_auth_sign_up_json(const std::string& token, const core::User& user) {
  core::JsonWriter out;
  out.begin_object().member("token", token).key("user");
  write_better_auth_user(out, user);
  return std::move(out.end_object()).str();
}

std::string better_auth_sign_in_json(const std::string& token, const core::User& user,
                                     const std::optional<std::string>& callback_url) {
  core::JsonWriter out;
  out.begin_object().member("redirect", callback_url.has_value()).member("token", token);
  if (callback_url) out.member("url", *callback_url);
  out.key("user");
  write_better_auth_user(out, user);
  return std::move(out.end_object()).str();
}

std::string better_auth_session_json(const storage::SessionRecord& session, const std::string& token,
                                     const core::User& user) {
  core::JsonWriter out;
  out.begin_object().key("session");
  write_better_auth_session(out, session, token);
  out.key("user");
  write_better_auth_user(out, user);
  return std::move(out.end_object()).str();
}

std::string task_json(const core::Task& task) {
  core::JsonWriter out;
  write_task(out, task);
  return std::move(out).str();
}

std::string tasks_json(const std::vector<core::Task>& tasks) {
  core::JsonWriter out;
  out.reserve(tasks.size() * 220 + 2);
  out.begin_array();
  for (const auto& task : tasks) write_task(out, task);
  out.end_array();
  return std::move(out).str();
}

}  // namespace taskbox::app

#pragma once
// JSON shapes of the contract's objects.

#include <optional>
#include <string>
#include <vector>

#include "taskbox/core/json_writer.h"
#include "taskbox/core/model.h"
#include "taskbox/storage/repositories.h"

namespace taskbox::app {

// {"id","email","name","created_at"}
void write_user(core::JsonWriter& out, const core::User& user);
// {"id","user_id","title","description","completed","created_at","updated_at"}
void write_task(core::JsonWriter& out, const core::Task& task);

// Better Auth's user: {"id","name","email","emailVerified","image","createdAt","updatedAt"}.
// taskbox keeps no image and does not verify emails: null and false; updatedAt is
// createdAt (a taskbox user changes nothing of it but the password).
void write_better_auth_user(core::JsonWriter& out, const core::User& user);
// The same members into an object the caller opened (a token's payload).
void write_better_auth_user_members(core::JsonWriter& out, const core::User& user);
// Better Auth's session: {"id","token","userId","expiresAt","createdAt","updatedAt",
// "ipAddress","userAgent"}.
void write_better_auth_session(core::JsonWriter& out, const storage::SessionRecord& session, const std::string& token);
// The answer of sign-up, {"token","user"}, and of sign-in, {"redirect":false,"token","user"},
// or {"redirect":true,"token","url","user"} with a callbackURL.
std::string better_auth_sign_up_json(const std::string& token, const core::User& user);
std::string better_auth_sign_in_json(const std::string& token, const core::User& user,
                                     const std::optional<std::string>& callback_url = std::nullopt);
// The answer of get-session: {"session","user"}.
std::string better_auth_session_json(const storage::SessionRecord& session, const std::string& token,
                                     const core::User& user);

std::string task_json(const core::Task& task);
std::string tasks_json(const std::vector<core::Task>& tasks);

}  // namespace taskbox::app

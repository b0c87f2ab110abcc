#pragma once
// Parsing and validation of request bodies and queries. Every function either returns
// a value that satisfies the contract's rules or throws core::Error:
// 400 invalid_json for a body that is not a JSON object, 422 validation_failed with
// one entry per failed field otherwise. Unknown fields are ignored.

#include <optional>
#include <string>
#include <string_view>

#include "taskbox/core/model.h"

namespace taskbox::core {

// Bounds of the contract, in Unicode code points.
inline constexpr std::size_t kMaxEmailLength = 254;
inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr std::size_t kMaxPasswordLength = 128;
// The registration rule for a password: kMinPasswordLength to kMaxPasswordLength code points.
bool password_length_ok(std::string_view password);
inline constexpr std::size_t kMaxNameLength = 100;
inline constexpr std::size_t kMaxTitleLength = 200;
inline constexpr std::size_t kMaxDescriptionLength = 2000;
inline constexpr std::int64_t kMaxListLimit = 1000;

struct RegisterRequest {
  std::string email;  // normalized: trimmed, lower-cased
  std::string password;
  std::string name;  // trimmed; empty when omitted
  // Better Auth's `rememberMe` (its routes only): false asks for a one-day session whose
  // cookie ends with the browser session.
  bool remember_me = true;
  // Better Auth's `callbackURL` (its routes only): where the client goes next.
  std::optional<std::string> callback_url{};
};

struct LoginRequest {
  std::string email;  // normalized like registration, not checked for syntax
  std::string password;
  bool remember_me = true;  // as RegisterRequest's
  std::optional<std::string> callback_url{};  // as RegisterRequest's
};

struct NewTask {
  std::string title;  // trimmed
  std::string description;
};

// Raw list query parameters as they came in (absent = nullopt).
struct RawTaskListQuery {
  std::optional<std::string> status, sort, order, limit, offset;
};

// Trimmed, lower-cased email (the stored and compared form).
std::string normalize_email(std::string_view email);
// Syntax check of a normalized email: local@domain.tld without spaces, at most 254.
bool is_valid_email(std::string_view normalized_email);
// An email as it may appear in a log: "a***@example.com" for an email address, and
// "(not an email)" for anything else, so a password typed into the email field never
// reaches the log.
std::string redact_email(std::string_view normalized_email);

RegisterRequest parse_register_request(std::string_view body);
LoginRequest parse_login_request(std::string_view body);
NewTask parse_new_task(std::string_view body);
// PUT: title required; description and completed optional.
TaskChanges parse_task_replacement(std::string_view body);
// PATCH: any of title, description, completed.
TaskChanges parse_task_patch(std::string_view body);
// PATCH .../complete: `{"completed": bool}`; an empty body toggles.
TaskChanges parse_completion(std::string_view body);
TaskListQuery parse_task_list_query(const RawTaskListQuery& raw);

}  // namespace taskbox::core

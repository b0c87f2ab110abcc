#pragma once
// The one error type of taskbox: a stable domain code, a public message that is safe to
// show to any client, and what the caller can do about it (the failed fields, when to
// retry). It knows nothing of HTTP: app/ maps codes to statuses, headers and
// problem+json in one place. Internal detail never goes to a client; it is logged.

#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace taskbox::core {

enum class ErrorCode {
  invalid_json,
  validation_failed,
  // Better Auth's own refusals of a sign-up or sign-in body (better_auth.h).
  invalid_email,
  password_too_short,
  password_too_long,
  payload_too_large,
  not_found,
  method_not_allowed,
  email_taken,
  invalid_credentials,
  too_many_attempts,
  missing_token,
  invalid_token,
  token_expired,
  csrf_rejected,
  invalid_callback_url,  // Better Auth's callbackURL names an origin not trusted
  forbidden,
  bad_request,
  request_timeout,
  task_limit_reached,
  too_many_connections,
  busy,
  unavailable,
  storage_full,
  internal_error,
};

// Stable wire name of a code, e.g. "invalid_json".
std::string_view code_name(ErrorCode code);

// One failed rule of a request body or query: `{"field":"title","message":"..."}`.
struct FieldError {
  std::string field;
  std::string message;
};

class Error : public std::exception {
 public:
  Error(ErrorCode code, std::string detail) : code_(code), detail_(std::move(detail)) {}

  ErrorCode code() const noexcept { return code_; }
  const std::string& detail() const noexcept { return detail_; }
  const std::vector<FieldError>& field_errors() const noexcept { return fields_; }
  // How long until trying again may succeed (a limit or a busy resource); none: never.
  std::optional<std::chrono::seconds> retry_after() const noexcept { return retry_after_; }
  const char* what() const noexcept override { return detail_.c_str(); }

  Error& with_field(std::string field, std::string message) {
    fields_.push_back({std::move(field), std::move(message)});
    return *this;
  }
  Error& with_retry_after(std::chrono::seconds wait) {
    retry_after_ = wait;
    return *this;
  }
  // Detail for the server's log only (e.g. an SQLite message); never sent to a client.
  Error& with_log_detail(std::string detail) {
    log_detail_ = std::move(detail);
    return *this;
  }
  const std::string& log_detail() const noexcept { return log_detail_; }

 private:
  ErrorCode code_;
  std::string detail_;
  std::vector<FieldError> fields_;
  std::optional<std::chrono::seconds> retry_after_;
  std::string log_detail_;
};

// 422 validation_failed carrying every failed rule, in the order they were found.
Error validation_error(std::vector<FieldError> fields);

}  // namespace taskbox::core

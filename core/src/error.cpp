#include "taskbox/core/error.h"

namespace taskbox::core {

std::string_view code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_json: return "invalid_json";
    case ErrorCode::validation_failed: return "validation_failed";
    case ErrorCode::invalid_email: return "invalid_email";
    case ErrorCode::password_too_short: return "password_too_short";
    case ErrorCode::password_too_long: return "password_too_long";
    case ErrorCode::payload_too_large: return "payload_too_large";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::method_not_allowed: return "method_not_allowed";
    case ErrorCode::email_taken: return "email_taken";
    case ErrorCode::invalid_credentials: return "invalid_credentials";
    case ErrorCode::too_many_attempts: return "too_many_attempts";
    case ErrorCode::missing_token: return "missing_token";
    case ErrorCode::invalid_token: return "invalid_token";
    case ErrorCode::token_expired: return "token_expired";
    case ErrorCode::csrf_rejected: return "csrf_rejected";
    case ErrorCode::invalid_callback_url: return "invalid_callback_url";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::bad_request: return "bad_request";
    case ErrorCode::request_timeout: return "request_timeout";
    case ErrorCode::task_limit_reached: return "task_limit_reached";
    case ErrorCode::too_many_connections: return "too_many_connections";
    case ErrorCode::busy: return "busy";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::storage_full: return "storage_full";
    case ErrorCode::internal_error: return "internal_error";
  }
  return "internal_error";
}

Error validation_error(std::vector<FieldError> fields) {
  Error error(ErrorCode::validation_failed, "Request validation failed");
  for (auto& field : fields) error.with_field(std::move(field.field), std::move(field.message));
  return error;
}

}  // namespace taskbox::core

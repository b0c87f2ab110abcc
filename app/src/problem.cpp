#include "problem.h"

#include <algorithm>
#include <cctype>

#include "taskbox/core/json_writer.h"

namespace taskbox::app {

int http_status(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::invalid_json: return 400;
    case core::ErrorCode::bad_request: return 400;
    case core::ErrorCode::validation_failed: return 422;
    case core::ErrorCode::invalid_email: return 422;
    case core::ErrorCode::password_too_short: return 422;
    case core::ErrorCode::password_too_long: return 422;
    case core::ErrorCode::payload_too_large: return 413;
    case core::ErrorCode::not_found: return 404;
    case core::ErrorCode::method_not_allowed: return 405;
    case core::ErrorCode::email_taken: return 409;
    case core::ErrorCode::invalid_credentials: return 401;
    case core::ErrorCode::too_many_attempts: return 429;
    case core::ErrorCode::missing_token: return 401;
    case core::ErrorCode::invalid_token: return 401;
    case core::ErrorCode::token_expired: return 401;
    case core::ErrorCode::csrf_rejected: return 403;
    case core::ErrorCode::invalid_callback_url: return 403;
    case core::ErrorCode::forbidden: return 403;
    case core::ErrorCode::request_timeout: return 408;
    case core::ErrorCode::task_limit_reached: return 409;
    case core::ErrorCode::too_many_connections: return 429;
    case core::ErrorCode::busy: return 503;
    case core::ErrorCode::unavailable: return 503;
    case core::ErrorCode::storage_full: return 507;
    case core::ErrorCode::internal_error: return 500;
  }
  return 500;
}

const char* status_title(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return httplib::status_message(status);
  }
}

namespace {

void write_problem(httplib::Response& res, int status, std::string_view code, std::string_view detail,
                   const std::vector<core::FieldError>& fields) {
  core::JsonWriter body;
  body.begin_object()
      .member("type", "about:blank")
      .member("title", status_title(status))
      .member("status", status)
      .member("detail", detail)
      .member("code", code);
  if (!fields.empty()) {
    body.key("errors").begin_array();
    for (const auto& field : fields) {
      body.begin_object().member("field", field.field).member("message", field.message).end_object();
    }
    body.end_array();
  }
  body.end_object();
  res.status = status;
  res.set_content(std::move(body).str(), "application/problem+json");
}

}  // namespace

void send_problem(httplib::Response& res, const core::Error& error) {
  if (const auto wait = error.retry_after()) {
    res.set_header("Retry-After", std::to_string(std::max<std::chrono::seconds::rep>(1, wait->count())));
  }
  switch (error.code()) {
    case core::ErrorCode::missing_token: res.set_header("WWW-Authenticate", "Bearer"); break;
    case core::ErrorCode::invalid_token:
    case core::ErrorCode::token_expired:
      res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      break;
    default: break;
  }
  write_problem(res, http_status(error.code()), core::code_name(error.code()), error.detail(), error.field_errors());
}

namespace {

struct BetterAuthError {
  int status;
  std::string code;
  std::string message;
};

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "[body.email] Invalid email address; [body.name] is required", as better-call joins
// the issues of a body that fails its schema.
std::string validation_message(const core::Error& error) {
  std::string out;
  for (const auto& field : error.field_errors()) {
    if (!out.empty()) out += "; ";
    out += "[body." + field.field + "] " + field.message;
  }
  return out.empty() ? error.detail() : out;
}

BetterAuthError better_auth_error(const core::Error& error) {
  using core::ErrorCode;
  switch (error.code()) {
    case ErrorCode::invalid_json: return {400, "VALIDATION_ERROR", error.detail()};
    case ErrorCode::validation_failed: return {400, "VALIDATION_ERROR", validation_message(error)};
    case ErrorCode::invalid_email: return {400, "INVALID_EMAIL", "Invalid email"};
    case ErrorCode::password_too_short: return {400, "PASSWORD_TOO_SHORT", "Password too short"};
    case ErrorCode::password_too_long: return {400, "PASSWORD_TOO_LONG", "Password too long"};
    case ErrorCode::email_taken:
      return {422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "User already exists. Use another email."};
    case ErrorCode::invalid_credentials: return {401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password"};
    case ErrorCode::csrf_rejected: return {403, "INVALID_ORIGIN", "Invalid origin"};
    case ErrorCode::invalid_callback_url: return {403, "INVALID_CALLBACK_URL", "Invalid callbackURL"};
    case ErrorCode::missing_token: return {401, "UNAUTHORIZED", "Unauthorized"};
    case ErrorCode::too_many_attempts: return {429, "", "Too many requests. Please try again later."};
    default: return {http_status(error.code()), upper(core::code_name(error.code())), error.detail()};
  }
}

}  // namespace

void send_better_auth_error(httplib::Response& res, const core::Error& error) {
  const BetterAuthError answer = better_auth_error(error);
  if (const auto wait = error.retry_after()) {
    const std::string seconds = std::to_string(std::max<std::chrono::seconds::rep>(1, wait->count()));
    res.set_header("Retry-After", seconds);
    if (answer.status == 429) res.set_header("X-Retry-After", seconds);
  }
  core::JsonWriter body;
  body.begin_object().member("message", answer.message);
  if (!answer.code.empty()) body.member("code", answer.code);
  body.end_object();
  send_json(res, answer.status, std::move(body).str());
}

void send_error(httplib::Response& res, const core::Error& error, ErrorStyle style) {
  if (style == ErrorStyle::better_auth) {
    send_better_auth_error(res, error);
  } else {
    send_problem(res, error);
  }
}

void send_status_problem(httplib::Response& res, int status) {
  core::ErrorCode code = status >= 500 ? core::ErrorCode::internal_error : core::ErrorCode::bad_request;
  const char* detail = status >= 500 ? "Internal server error" : status_title(status);
  if (status == 404) code = core::ErrorCode::not_found, detail = "Not found";
  if (status == 413) code = core::ErrorCode::payload_too_large, detail = "Request body exceeds 1 MiB";
  write_problem(res, status, core::code_name(code), detail, {});
}

void set_security_headers(httplib::Response& res) {
  const auto set_if_absent = [&res](const char* name, const char* value) {
    if (!res.has_header(name)) res.set_header(name, value);
  };
  set_if_absent("X-Content-Type-Options", "nosniff");
  set_if_absent("Referrer-Policy", "no-referrer");
  set_if_absent("X-Frame-Options", "DENY");
  set_if_absent("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  set_if_absent("Cross-Origin-Opener-Policy", "same-origin");
  set_if_absent("Cross-Origin-Resource-Policy", "same-origin");
}

std::string closing_problem_bytes(int status, std::string_view code, std::string_view detail,
                                  std::string_view retry_after) {
  httplib::Response res;
  write_problem(res, status, code, detail, {});
  if (!retry_after.empty()) res.set_header("Retry-After", std::string(retry_after));
  res.set_header("Cache-Control", "no-store");
  set_security_headers(res);
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + status_title(status) + "\r\n";
  for (const auto& [name, value] : res.headers) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(res.body.size()) + "\r\nConnection: close\r\n\r\n";
  return out + res.body;
}

void send_json(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), "application/json");
}

}  // namespace taskbox::app

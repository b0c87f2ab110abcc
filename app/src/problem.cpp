#include "problem.h"

#include "taskbox/core/json_writer.h"

namespace taskbox::app {

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
  for (const auto& header : error.headers()) res.set_header(header.name, header.value);
  write_problem(res, error.status(), core::code_name(error.code()), error.detail(), error.field_errors());
}

void send_status_problem(httplib::Response& res, int status) {
  core::ErrorCode code = status >= 500 ? core::ErrorCode::internal_error : core::ErrorCode::bad_request;
  const char* detail = status >= 500 ? "Internal server error" : status_title(status);
  if (status == 404) code = core::ErrorCode::not_found, detail = "Not found";
  if (status == 413) code = core::ErrorCode::payload_too_large, detail = "Request body exceeds 1 MiB";
  write_problem(res, status, core::code_name(code), detail, {});
}

void send_json(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), "application/json");
}

}  // namespace taskbox::app

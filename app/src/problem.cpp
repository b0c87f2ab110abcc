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
  switch (status) {
    case 404: return write_problem(res, status, "not_found", "Not found", {});
    case 413: return write_problem(res, status, "payload_too_large", "Request body exceeds 1 MiB", {});
    default:
      if (status >= 500) return write_problem(res, status, "internal_error", "Internal server error", {});
      return write_problem(res, status, "bad_request", status_title(status), {});
  }
}

void send_json(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), "application/json");
}

}  // namespace taskbox::app

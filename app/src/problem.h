#pragma once
// The one place errors become responses: RFC 9457 problem details with a stable `code`.

#include <string>

#include "http.h"
#include "taskbox/core/error.h"

namespace taskbox::app {

// Writes `error` as application/problem+json, with the headers it carries.
void send_problem(httplib::Response& res, const core::Error& error);

// Writes a problem for a bare status from the HTTP layer (e.g. 400 from the parser, 413).
void send_status_problem(httplib::Response& res, int status);

// Writes a JSON body with `status`.
void send_json(httplib::Response& res, int status, std::string body);

// Reason phrase of a status, e.g. "Unprocessable Content" for 422.
const char* status_title(int status);

}  // namespace taskbox::app

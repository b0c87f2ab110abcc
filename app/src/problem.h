#pragma once
// The one place errors become responses: each core::ErrorCode's HTTP status and headers,
// written as RFC 9457 problem details with a stable `code`, or, on the routes Better
// Auth's clients call, as Better Auth's `{"message","code"}` with Better Auth's statuses.

#include <string>
#include <string_view>

#include "http.h"
#include "taskbox/core/error.h"

namespace taskbox::app {

// How a route's errors are written.
enum class ErrorStyle {
  problem,      // the contract's problem+json
  better_auth,  // Better Auth's {"message","code"} (better-auth 1.7.25)
};

// The HTTP status of a domain error code, e.g. 422 for validation_failed.
int http_status(core::ErrorCode code);

// Writes `error` as application/problem+json with its status and the headers that go with
// it: Retry-After when it says when to retry, WWW-Authenticate for a missing or refused
// token. (A 405's Allow header is the router's: it knows the methods.)
void send_problem(httplib::Response& res, const core::Error& error);

// Writes `error` as Better Auth's server would answer its equivalent: its status and
// `{"message","code"}` as application/json (a refused limit: 429 with only a message and
// X-Retry-After, as its rate limiter does). Codes Better Auth has no equivalent for keep
// their status, with their name upper-cased as `code`.
void send_better_auth_error(httplib::Response& res, const core::Error& error);

// send_problem() or send_better_auth_error(), as `style` says.
void send_error(httplib::Response& res, const core::Error& error, ErrorStyle style);

// Writes a problem for a bare status from the HTTP layer (e.g. 400 from the parser, 413).
void send_status_problem(httplib::Response& res, int status);

// Sets the headers every response carries (nosniff, no referrer, no framing, a closed
// CSP, same-origin isolation) unless the handler set its own.
void set_security_headers(httplib::Response& res);

// A whole problem answer as bytes, closing the connection, for answers written on a raw
// socket before any request was read (a connection over its limit, plain HTTP on the
// HTTPS port): the same body and headers as every other problem.
std::string closing_problem_bytes(int status, std::string_view code, std::string_view detail,
                                  std::string_view retry_after = {});

// Writes a JSON body with `status`.
void send_json(httplib::Response& res, int status, std::string body);

// Reason phrase of a status, e.g. "Unprocessable Content" for 422.
const char* status_title(int status);

}  // namespace taskbox::app

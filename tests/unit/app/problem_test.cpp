#include "problem.h"

#include <gtest/gtest.h>
#include <picojson.h>

#include <string>

namespace taskbox::app {
namespace {

using core::Error;
using core::ErrorCode;

TEST(HttpStatus, MapsEveryDomainCodeToTheContractsStatus) {
  const struct {
    ErrorCode code;
    int status;
  } cases[] = {
      {ErrorCode::invalid_json, 400},        {ErrorCode::validation_failed, 422},
      {ErrorCode::payload_too_large, 413},   {ErrorCode::not_found, 404},
      {ErrorCode::method_not_allowed, 405},  {ErrorCode::email_taken, 409},
      {ErrorCode::invalid_credentials, 401}, {ErrorCode::too_many_attempts, 429},
      {ErrorCode::missing_token, 401},       {ErrorCode::invalid_token, 401},
      {ErrorCode::token_expired, 401},       {ErrorCode::csrf_rejected, 403},
      {ErrorCode::forbidden, 403},           {ErrorCode::bad_request, 400},
      {ErrorCode::request_timeout, 408},     {ErrorCode::task_limit_reached, 409},
      {ErrorCode::too_many_connections, 429}, {ErrorCode::busy, 503},
      {ErrorCode::unavailable, 503},         {ErrorCode::storage_full, 507},
      {ErrorCode::internal_error, 500},        {ErrorCode::invalid_email, 422},
      {ErrorCode::password_too_short, 422},  {ErrorCode::password_too_long, 422},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(core::code_name(c.code)));
    EXPECT_EQ(http_status(c.code), c.status);
  }
}

picojson::object problem_body(const httplib::Response& res) {
  picojson::value parsed;
  const std::string error = picojson::parse(parsed, res.body);
  EXPECT_EQ(error, "");
  return parsed.is<picojson::object>() ? parsed.get<picojson::object>() : picojson::object{};
}

TEST(SendProblem, WritesProblemJsonWithStatusCodeAndFields) {
  httplib::Response res;
  send_problem(res, core::validation_error({{"title", "is required"}}));
  EXPECT_EQ(res.status, 422);
  EXPECT_EQ(res.get_header_value("Content-Type"), "application/problem+json");
  auto body = problem_body(res);
  EXPECT_EQ(body["status"].get<double>(), 422);
  EXPECT_EQ(body["code"].get<std::string>(), "validation_failed");
  EXPECT_EQ(body["title"].get<std::string>(), "Unprocessable Content");
  EXPECT_EQ(body["errors"].get<picojson::array>().size(), 1u);
  EXPECT_FALSE(res.has_header("Retry-After"));
  EXPECT_FALSE(res.has_header("WWW-Authenticate"));
}

TEST(SendProblem, RetryAfterComesFromTheError) {
  httplib::Response res;
  send_problem(res, Error(ErrorCode::too_many_attempts, "slow down").with_retry_after(std::chrono::seconds(42)));
  EXPECT_EQ(res.status, 429);
  EXPECT_EQ(res.get_header_value("Retry-After"), "42");

  httplib::Response soon;
  send_problem(soon, Error(ErrorCode::busy, "busy").with_retry_after(std::chrono::seconds(0)));
  EXPECT_EQ(soon.get_header_value("Retry-After"), "1");  // never "retry after 0 s"
}

TEST(SendProblem, TokenProblemsChallengeForABearerToken) {
  httplib::Response missing;
  send_problem(missing, Error(ErrorCode::missing_token, "Authentication required"));
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.get_header_value("WWW-Authenticate"), "Bearer");
  for (const auto code : {ErrorCode::invalid_token, ErrorCode::token_expired}) {
    httplib::Response res;
    send_problem(res, Error(code, "no"));
    EXPECT_EQ(res.get_header_value("WWW-Authenticate"), "Bearer error=\"invalid_token\"");
  }
  httplib::Response wrong_password;
  send_problem(wrong_password, Error(ErrorCode::invalid_credentials, "Invalid email or password"));
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_FALSE(wrong_password.has_header("WWW-Authenticate"));
}

TEST(SendBetterAuthError, AnswersWithBetterAuthsStatusCodeAndMessage) {
  const struct {
    Error error;
    int status;
    const char* body;
  } cases[] = {
      {Error(ErrorCode::invalid_credentials, "x"), 401,
       R"({"message":"Invalid email or password","code":"INVALID_EMAIL_OR_PASSWORD"})"},
      {Error(ErrorCode::email_taken, "x"), 422,
       R"({"message":"User already exists. Use another email.","code":"USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"})"},
      {Error(ErrorCode::password_too_short, "x"), 400,
       R"({"message":"Password too short","code":"PASSWORD_TOO_SHORT"})"},
      {Error(ErrorCode::password_too_long, "x"), 400, R"({"message":"Password too long","code":"PASSWORD_TOO_LONG"})"},
      {Error(ErrorCode::invalid_email, "x"), 400, R"({"message":"Invalid email","code":"INVALID_EMAIL"})"},
      {Error(ErrorCode::csrf_rejected, "x"), 403, R"({"message":"Invalid origin","code":"INVALID_ORIGIN"})"},
      {core::validation_error({{"email", "Invalid email address"}, {"name", "is required"}}), 400,
       R"({"message":"[body.email] Invalid email address; [body.name] is required","code":"VALIDATION_ERROR"})"},
      {Error(ErrorCode::busy, "The server is busy"), 503, R"({"message":"The server is busy","code":"BUSY"})"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(core::code_name(c.error.code())));
    httplib::Response res;
    send_better_auth_error(res, c.error);
    EXPECT_EQ(res.status, c.status);
    EXPECT_EQ(res.body, c.body);
    EXPECT_EQ(res.get_header_value("Content-Type"), "application/json");
  }
}

TEST(SendBetterAuthError, ALimitIsBetterAuthsRateLimitAnswer) {
  httplib::Response res;
  send_better_auth_error(res, Error(ErrorCode::too_many_attempts, "x").with_retry_after(std::chrono::seconds(42)));
  EXPECT_EQ(res.status, 429);
  EXPECT_EQ(res.body, R"({"message":"Too many requests. Please try again later."})");
  EXPECT_EQ(res.get_header_value("X-Retry-After"), "42");
  EXPECT_EQ(res.get_header_value("Retry-After"), "42");
}

TEST(SendError, PicksTheRenderingOfTheStyle) {
  httplib::Response problem;
  send_error(problem, Error(ErrorCode::invalid_credentials, "Invalid email or password"), ErrorStyle::problem);
  EXPECT_EQ(problem.get_header_value("Content-Type"), "application/problem+json");
  httplib::Response better_auth;
  send_error(better_auth, Error(ErrorCode::invalid_credentials, "x"), ErrorStyle::better_auth);
  EXPECT_EQ(better_auth.get_header_value("Content-Type"), "application/json");
}

}  // namespace
}  // namespace taskbox::app

#include "taskbox/core/error.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace taskbox::core {
namespace {

TEST(ErrorCode, MapsToTheContractsNamesAndStatuses) {
  const struct {
    ErrorCode code;
    const char* name;
    int status;
  } cases[] = {
      {ErrorCode::invalid_json, "invalid_json", 400},
      {ErrorCode::validation_failed, "validation_failed", 422},
      {ErrorCode::payload_too_large, "payload_too_large", 413},
      {ErrorCode::not_found, "not_found", 404},
      {ErrorCode::method_not_allowed, "method_not_allowed", 405},
      {ErrorCode::email_taken, "email_taken", 409},
      {ErrorCode::invalid_credentials, "invalid_credentials", 401},
      {ErrorCode::too_many_attempts, "too_many_attempts", 429},
      {ErrorCode::missing_token, "missing_token", 401},
      {ErrorCode::invalid_token, "invalid_token", 401},
      {ErrorCode::token_expired, "token_expired", 401},
      {ErrorCode::csrf_rejected, "csrf_rejected", 403},
      {ErrorCode::forbidden, "forbidden", 403},
      {ErrorCode::bad_request, "bad_request", 400},
      {ErrorCode::request_timeout, "request_timeout", 408},
      {ErrorCode::task_limit_reached, "task_limit_reached", 409},
      {ErrorCode::too_many_connections, "too_many_connections", 429},
      {ErrorCode::busy, "busy", 503},
      {ErrorCode::unavailable, "unavailable", 503},
      {ErrorCode::storage_full, "storage_full", 507},
      {ErrorCode::internal_error, "internal_error", 500},
  };
  std::set<std::string_view> names;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(code_name(c.code), c.name);
    EXPECT_EQ(http_status(c.code), c.status);
    EXPECT_EQ(Error(c.code, "detail").status(), c.status);
    names.insert(code_name(c.code));
  }
  EXPECT_EQ(names.size(), std::size(cases));
}

TEST(ValidationError, KeepsEveryFieldInOrder) {
  const Error error = validation_error({{"title", "is required"}, {"description", "is too long"}});
  EXPECT_EQ(error.code(), ErrorCode::validation_failed);
  ASSERT_EQ(error.field_errors().size(), 2u);
  EXPECT_EQ(error.field_errors()[0].field, "title");
  EXPECT_EQ(error.field_errors()[1].field, "description");
  EXPECT_EQ(error.field_errors()[1].message, "is too long");
}

TEST(Error, KeepsLogDetailApartFromThePublicMessage) {
  Error error(ErrorCode::internal_error, "Internal server error");
  error.with_log_detail("disk I/O error").with_header("Retry-After", "1");
  EXPECT_STREQ(error.what(), "Internal server error");
  EXPECT_EQ(error.detail(), "Internal server error");
  EXPECT_EQ(error.log_detail(), "disk I/O error");
  ASSERT_EQ(error.headers().size(), 1u);
  EXPECT_EQ(error.headers()[0].name, "Retry-After");
}

}  // namespace
}  // namespace taskbox::core

#include "taskbox/core/error.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace taskbox::core {
namespace {

TEST(ErrorCode, HasTheContractsNames) {
  const struct {
    ErrorCode code;
    const char* name;
  } cases[] = {
      {ErrorCode::invalid_json, "invalid_json"},
      {ErrorCode::validation_failed, "validation_failed"},
      {ErrorCode::invalid_email, "invalid_email"},
      {ErrorCode::password_too_short, "password_too_short"},
      {ErrorCode::password_too_long, "password_too_long"},
      {ErrorCode::payload_too_large, "payload_too_large"},
      {ErrorCode::not_found, "not_found"},
      {ErrorCode::method_not_allowed, "method_not_allowed"},
      {ErrorCode::email_taken, "email_taken"},
      {ErrorCode::invalid_credentials, "invalid_credentials"},
      {ErrorCode::too_many_attempts, "too_many_attempts"},
      {ErrorCode::missing_token, "missing_token"},
      {ErrorCode::invalid_token, "invalid_token"},
      {ErrorCode::token_expired, "token_expired"},
      {ErrorCode::csrf_rejected, "csrf_rejected"},
      {ErrorCode::invalid_callback_url, "invalid_callback_url"},
      {ErrorCode::forbidden, "forbidden"},
      {ErrorCode::bad_request, "bad_request"},
      {ErrorCode::request_timeout, "request_timeout"},
      {ErrorCode::task_limit_reached, "task_limit_reached"},
      {ErrorCode::too_many_connections, "too_many_connections"},
      {ErrorCode::busy, "busy"},
      {ErrorCode::unavailable, "unavailable"},
      {ErrorCode::storage_full, "storage_full"},
      {ErrorCode::internal_error, "internal_error"},
  };
  std::set<std::string_view> names;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(code_name(c.code), c.name);
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
  error.with_log_detail("disk I/O error");
  EXPECT_STREQ(error.what(), "Internal server error");
  EXPECT_EQ(error.detail(), "Internal server error");
  EXPECT_EQ(error.log_detail(), "disk I/O error");
  EXPECT_EQ(error.retry_after(), std::nullopt);
}

TEST(Error, SaysWhenToRetry) {
  const Error error = Error(ErrorCode::busy, "busy").with_retry_after(std::chrono::seconds(3));
  EXPECT_EQ(error.retry_after(), std::chrono::seconds(3));
}

}  // namespace
}  // namespace taskbox::core

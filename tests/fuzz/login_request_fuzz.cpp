// POST /api/auth/login bodies: parse_login_request either rejects with a 4xx naming
// email/password, or returns a normalized email (trimmed, ASCII lower case) and the
// password as sent, both well-formed UTF-8; accepted values round-trip through JSON.

#include "fuzz_support.h"
#include "taskbox/core/requests.h"

namespace core = taskbox::core;
using taskbox::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  core::LoginRequest request;
  try {
    request = core::parse_login_request(taskbox::fuzz::as_text(data, size));
  } catch (const core::Error& e) {
    taskbox::fuzz::check_rejection(e, {"email", "password"});
    return 0;
  }
  check(request.email == core::normalize_email(request.email), "email is normalized");
  for (const char c : request.email) check(c < 'A' || c > 'Z', "email has no ASCII upper case");
  check(core::is_valid_utf8(request.email) && core::is_valid_utf8(request.password), "strings are UTF-8");

  core::JsonWriter body;
  body.begin_object().member("email", request.email).member("password", request.password).end_object();
  const auto again = core::parse_login_request(body.str());
  check(again.email == request.email && again.password == request.password,
        "an accepted login round-trips through JSON");
  return 0;
}

// POST /api/auth/register bodies: parse_register_request either rejects with a 4xx
// naming email/password/name, or returns a normalized, valid email, a password of
// 8..128 code points and a trimmed name of at most 100; written back as JSON, the
// accepted values parse to themselves.

#include "fuzz_support.h"
#include "taskbox/core/requests.h"

namespace core = taskbox::core;
using taskbox::fuzz::check;

namespace {

std::string register_body(const core::RegisterRequest& r) {
  core::JsonWriter body;
  body.begin_object().member("email", r.email).member("password", r.password).member("name", r.name).end_object();
  return std::move(body).str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  core::RegisterRequest request;
  try {
    request = core::parse_register_request(taskbox::fuzz::as_text(data, size));
  } catch (const core::Error& e) {
    taskbox::fuzz::check_rejection(e, {"email", "password", "name"});
    return 0;
  }
  check(request.email == core::normalize_email(request.email), "email is normalized");
  check(core::is_valid_email(request.email), "email is valid");
  taskbox::fuzz::check_text(request.email, 5, core::kMaxEmailLength, true, "email is 5..254 code points");
  taskbox::fuzz::check_text(request.password, core::kMinPasswordLength, core::kMaxPasswordLength, false,
                            "password is 8..128 code points");
  taskbox::fuzz::check_text(request.name, 0, core::kMaxNameLength, true, "name is trimmed, 0..100 code points");

  const auto again = core::parse_register_request(register_body(request));
  check(again.email == request.email && again.password == request.password && again.name == request.name,
        "an accepted registration round-trips through JSON");
  return 0;
}

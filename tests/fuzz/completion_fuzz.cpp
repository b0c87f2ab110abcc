// PATCH /api/{user_id}/tasks/{id}/complete bodies: parse_completion toggles exactly
// when the body is blank (Unicode white space only); otherwise it rejects with a 4xx
// naming only `completed`, or sets `completed` and nothing else.

#include "fuzz_support.h"
#include "taskbox/core/requests.h"

namespace core = taskbox::core;
using taskbox::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = taskbox::fuzz::as_text(data, size);
  core::TaskChanges changes;
  try {
    changes = core::parse_completion(body);
  } catch (const core::Error& e) {
    check(!core::trim(body).empty(), "a blank body is never rejected");
    taskbox::fuzz::check_rejection(e, {"completed"});
    return 0;
  }
  check(!changes.title && !changes.description, "a completion changes nothing but completed");
  if (core::trim(body).empty()) {
    check(changes.toggle_completed && !changes.completed, "a blank body toggles");
    return 0;
  }
  check(!changes.toggle_completed && changes.completed.has_value(), "a body sets completed");

  const auto again = core::parse_completion(taskbox::fuzz::task_body(changes));
  check(taskbox::fuzz::same_changes(again, changes), "an accepted completion round-trips through JSON");
  return 0;
}

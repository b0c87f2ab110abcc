// PUT /api/{user_id}/tasks/{id} bodies: parse_task_replacement either rejects with a
// 4xx naming title/description/completed, or returns a change that always has a valid
// title, never toggles, and round-trips through JSON.

#include "fuzz_support.h"
#include "taskbox/core/requests.h"

namespace core = taskbox::core;
using taskbox::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  core::TaskChanges changes;
  try {
    changes = core::parse_task_replacement(taskbox::fuzz::as_text(data, size));
  } catch (const core::Error& e) {
    taskbox::fuzz::check_rejection(e, {"title", "description", "completed"});
    return 0;
  }
  check(changes.title.has_value(), "a replacement has a title");
  check(!changes.toggle_completed, "a replacement never toggles");
  taskbox::fuzz::check_task_fields(changes);

  const auto again = core::parse_task_replacement(taskbox::fuzz::task_body(changes));
  check(taskbox::fuzz::same_changes(again, changes), "an accepted replacement round-trips through JSON");
  return 0;
}

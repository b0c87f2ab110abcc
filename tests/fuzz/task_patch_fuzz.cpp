// PATCH /api/{user_id}/tasks/{id} bodies: parse_task_patch either rejects with a 4xx
// naming title/description/completed, or returns a change whose present fields are
// valid (any may be absent), never toggles, and round-trips through JSON.

#include "fuzz_support.h"
#include "taskbox/core/requests.h"

namespace core = taskbox::core;
using taskbox::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  core::TaskChanges changes;
  try {
    changes = core::parse_task_patch(taskbox::fuzz::as_text(data, size));
  } catch (const core::Error& e) {
    taskbox::fuzz::check_rejection(e, {"title", "description", "completed"});
    return 0;
  }
  check(!changes.toggle_completed, "a patch never toggles");
  taskbox::fuzz::check_task_fields(changes);

  const auto again = core::parse_task_patch(taskbox::fuzz::task_body(changes));
  check(taskbox::fuzz::same_changes(again, changes), "an accepted patch round-trips through JSON");
  return 0;
}

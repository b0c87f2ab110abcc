// POST /api/{user_id}/tasks bodies: parse_new_task either rejects with a 4xx naming
// title/description, or returns a trimmed title of 1..200 code points and a
// description of at most 2000; accepted values round-trip through JSON.

#include "fuzz_support.h"
#include "taskbox/core/requests.h"

namespace core = taskbox::core;
using taskbox::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  core::NewTask task;
  try {
    task = core::parse_new_task(taskbox::fuzz::as_text(data, size));
  } catch (const core::Error& e) {
    taskbox::fuzz::check_rejection(e, {"title", "description"});
    return 0;
  }
  core::TaskChanges fields;
  fields.title = task.title;
  fields.description = task.description;
  taskbox::fuzz::check_task_fields(fields);

  const auto again = core::parse_new_task(taskbox::fuzz::task_body(fields));
  check(again.title == task.title && again.description == task.description,
        "an accepted new task round-trips through JSON");
  return 0;
}

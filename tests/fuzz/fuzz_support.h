#pragma once
// Shared by the fuzz targets: how a broken invariant stops the run, and the rules every
// request parser of core/requests.h promises (a core::Error with a 4xx status naming
// known fields, or a value whose strings are well-formed and within their bounds).

#include <sanitizer/common_interface_defs.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "taskbox/core/error.h"
#include "taskbox/core/json_writer.h"
#include "taskbox/core/model.h"
#include "taskbox/core/requests.h"
#include "taskbox/core/text.h"

namespace taskbox::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A broken invariant: say which, then trap so libFuzzer keeps the input as a crash.
// The message goes through the sanitizer's report channel, which libFuzzer keeps open
// even when it closes the target's stderr (-close_fd_mask=2).
[[noreturn]] inline void fail(const char* what) {
  const std::string line = std::string("fuzz invariant broken: ") + what;
  __sanitizer_report_error_summary(line.c_str());
  __builtin_trap();
}

inline void check(bool ok, const char* what) {
  if (!ok) fail(what);
}

// A rejected body: 400 invalid_json with no field errors, or 422 validation_failed with
// one entry per failed field, each one of `fields` and none twice.
inline void check_rejection(const core::Error& e, std::initializer_list<std::string_view> fields) {
  if (e.code() == core::ErrorCode::invalid_json) {
    check(e.field_errors().empty(), "invalid_json names no field");
    return;
  }
  check(e.code() == core::ErrorCode::validation_failed, "a rejection is invalid_json or validation_failed");
  check(!e.field_errors().empty(), "validation_failed names a field");
  const auto& errors = e.field_errors();
  for (std::size_t i = 0; i < errors.size(); ++i) {
    bool known = false;
    for (const auto field : fields) known = known || errors[i].field == field;
    check(known, "a failed field is one of the body's fields");
    check(!errors[i].message.empty(), "a failed field says why");
    for (std::size_t j = 0; j < i; ++j) check(errors[j].field != errors[i].field, "a field fails once");
  }
}

// A string a parser returned: well-formed UTF-8, [min, max] code points, trimmed if asked.
inline void check_text(std::string_view s, std::size_t min, std::size_t max, bool trimmed, const char* what) {
  check(core::is_valid_utf8(s), what);
  const std::size_t length = core::code_point_count(s);
  check(length >= min && length <= max, what);
  if (trimmed) check(core::trim(s) == s, what);
}

// The title/description/completed members of `changes` as a JSON body, for round trips.
inline std::string task_body(const core::TaskChanges& changes) {
  core::JsonWriter body;
  body.begin_object();
  if (changes.title) body.member("title", *changes.title);
  if (changes.description) body.member("description", *changes.description);
  if (changes.completed) body.member("completed", *changes.completed);
  body.end_object();
  return std::move(body).str();
}

inline bool same_changes(const core::TaskChanges& a, const core::TaskChanges& b) {
  return a.title == b.title && a.description == b.description && a.completed == b.completed &&
         a.toggle_completed == b.toggle_completed;
}

// Checks a title/description pair that a task parser accepted.
inline void check_task_fields(const core::TaskChanges& changes) {
  if (changes.title) {
    check_text(*changes.title, 1, core::kMaxTitleLength, true, "title is trimmed, 1..200 code points");
  }
  if (changes.description) {
    check_text(*changes.description, 0, core::kMaxDescriptionLength, false, "description is 0..2000 code points");
  }
}

}  // namespace taskbox::fuzz

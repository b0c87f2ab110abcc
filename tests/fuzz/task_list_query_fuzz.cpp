// GET /api/{user_id}/tasks query parameters: the input is lines of `name=value`
// (status, sort, order, limit, offset; a later line wins, a missing one is absent).
// parse_task_list_query must agree with an independent reading of the contract: it
// rejects with 422 naming exactly the invalid parameters, or returns their values
// with the defaults for the absent ones.

#include <optional>
#include <utility>
#include <vector>

#include "fuzz_support.h"
#include "taskbox/core/requests.h"

namespace core = taskbox::core;
using taskbox::fuzz::check;

namespace {

// A plain decimal integer: optional '-', then digits, within int64; nullopt otherwise.
std::optional<std::int64_t> decimal(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const int digit = c - '0';
    if (__builtin_mul_overflow(value, 10, &value) ||
        __builtin_add_overflow(value, negative ? -digit : digit, &value)) {
      return std::nullopt;
    }
  }
  return value;
}

template <typename T>
bool one_of(const std::optional<std::string>& raw, T& out, std::initializer_list<std::pair<std::string_view, T>> names) {
  for (const auto& [name, value] : names) {
    if (*raw == name) {
      out = value;
      return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = taskbox::fuzz::as_text(data, size);
  core::RawTaskListQuery raw;
  while (!input.empty()) {
    const auto end = input.find('\n');
    const std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, equals);
    std::string value(line.substr(equals + 1));
    if (name == "status") raw.status = value;
    else if (name == "sort") raw.sort = value;
    else if (name == "order") raw.order = value;
    else if (name == "limit") raw.limit = value;
    else if (name == "offset") raw.offset = value;
  }

  // What the contract says, worked out here without the parser.
  using core::SortOrder, core::TaskSort, core::TaskStatusFilter;
  core::TaskListQuery expected;
  std::vector<std::string_view> invalid;
  if (raw.status && !one_of<TaskStatusFilter>(raw.status, expected.status,
                                              {{"all", TaskStatusFilter::all},
                                               {"pending", TaskStatusFilter::pending},
                                               {"completed", TaskStatusFilter::completed}})) {
    invalid.push_back("status");
  }
  if (raw.sort && !one_of<TaskSort>(raw.sort, expected.sort,
                                    {{"created", TaskSort::created},
                                     {"updated", TaskSort::updated},
                                     {"title", TaskSort::title}})) {
    invalid.push_back("sort");
  }
  expected.order = expected.sort == TaskSort::title ? SortOrder::asc : SortOrder::desc;
  if (raw.order && !one_of<SortOrder>(raw.order, expected.order, {{"asc", SortOrder::asc}, {"desc", SortOrder::desc}})) {
    invalid.push_back("order");
  }
  if (raw.limit) {
    const auto limit = decimal(*raw.limit);
    if (limit && *limit >= 1 && *limit <= core::kMaxListLimit) expected.limit = *limit;
    else invalid.push_back("limit");
  }
  if (raw.offset) {
    const auto offset = decimal(*raw.offset);
    if (offset && *offset >= 0) expected.offset = *offset;
    else invalid.push_back("offset");
  }

  core::TaskListQuery query;
  try {
    query = core::parse_task_list_query(raw);
  } catch (const core::Error& e) {
    check(e.code() == core::ErrorCode::validation_failed, "a bad query is validation_failed");
    check(e.field_errors().size() == invalid.size(), "the query names every invalid parameter");
    for (std::size_t i = 0; i < invalid.size(); ++i) {
      check(e.field_errors()[i].field == invalid[i], "the query names the invalid parameters in order");
    }
    return 0;
  }
  check(invalid.empty(), "an invalid parameter is rejected");
  check(query.status == expected.status && query.sort == expected.sort && query.order == expected.order &&
            query.limit == expected.limit && query.offset == expected.offset,
        "an accepted query has the values asked for and the defaults otherwise");
  return 0;
}

#pragma once
// Internal to the storage backends: where the next page of a task list starts,
// remembered from the page before it. With OFFSET, a database steps over every skipped
// row (SQLite and PostgreSQL alike): on SQLite the last 100 of 100 000 tasks took 11 ms
// against 0.13 ms for the first 100. A client paging through a list asks for
// offset 0, then 100, then 200...; each page remembers its last row, and the next page
// seeks to it through the index instead of counting rows, at the first page's cost.
//
// A remembered position is only right while the user's tasks are unchanged since: it
// carries users.task_version as it was, which every insert, update and delete of the
// user's tasks moves in its own transaction (SQLite: migration 4; PostgreSQL: triggers). A stale one is not used.

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>

#include "taskbox/core/model.h"

namespace taskbox::storage::paging {

// The last row of a page, by its sort key: a time (created, updated) or a title, then id.
struct PageCursor {
  std::int64_t task_version = 0;
  std::int64_t time = 0;
  std::string title;
  std::int64_t id = 0;
};

// The shape of a list (its status filter, sort and order) as a number below 18: a list
// query's SQL and its cursors are kept per shape.
int list_shape(const core::TaskListQuery& query);

// The cursor after `last`, the last row of a full page, taken at `task_version`.
PageCursor cursor_after(const core::Task& last, core::TaskSort sort, std::int64_t task_version);

class PageCursors {
 public:
  // The cursor for the page of `user_id` that starts at `offset`, if one was remembered
  // while the user's tasks were at `task_version` (they are now). `shape` tells the
  // list's filter, sort and order apart.
  std::optional<PageCursor> find(const std::string& user_id, int shape, std::int64_t offset,
                                 std::int64_t task_version);
  void remember(const std::string& user_id, int shape, std::int64_t offset, PageCursor cursor);
  // The cursor remembered for that page, whatever the user's tasks are now: for a
  // backend that checks task_version in the same statement that reads the page
  // (PostgreSQL), and forget()s a stale one.
  std::optional<PageCursor> peek(const std::string& user_id, int shape, std::int64_t offset) const;
  void forget(const std::string& user_id, int shape, std::int64_t offset);
  // Counts a page that started from a peek()ed cursor.
  void count_use();
  // How many pages started from a cursor (for tests).
  std::uint64_t uses() const;

 private:
  // NOTE: bounded; when full it starts over, and a lost cursor costs one OFFSET page.
  static constexpr std::size_t kMaxCursors = 4096;
  using Key = std::tuple<std::string, int, std::int64_t>;
  mutable std::mutex mutex_;
  std::map<Key, PageCursor> cursors_;
  std::uint64_t uses_ = 0;
};

}  // namespace taskbox::storage::paging

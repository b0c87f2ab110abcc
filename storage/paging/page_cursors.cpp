#include "page_cursors.h"

namespace taskbox::storage::paging {

int list_shape(const core::TaskListQuery& query) {
  return (static_cast<int>(query.status) * 3 + static_cast<int>(query.sort)) * 2 + static_cast<int>(query.order);
}

PageCursor cursor_after(const core::Task& last, core::TaskSort sort, std::int64_t task_version) {
  PageCursor cursor;
  cursor.task_version = task_version;
  cursor.id = last.id;
  if (sort == core::TaskSort::title) cursor.title = last.title;
  else cursor.time = sort == core::TaskSort::updated ? last.updated_at : last.created_at;
  return cursor;
}

std::optional<PageCursor> PageCursors::find(const std::string& user_id, int shape, std::int64_t offset,
                                            std::int64_t task_version) {
  const std::lock_guard lock(mutex_);
  const auto found = cursors_.find(Key{user_id, shape, offset});
  if (found == cursors_.end()) return std::nullopt;
  if (found->second.task_version != task_version) {  // the tasks changed since
    cursors_.erase(found);
    return std::nullopt;
  }
  ++uses_;
  return found->second;
}

std::uint64_t PageCursors::uses() const {
  const std::lock_guard lock(mutex_);
  return uses_;
}

void PageCursors::remember(const std::string& user_id, int shape, std::int64_t offset, PageCursor cursor) {
  const std::lock_guard lock(mutex_);
  if (cursors_.size() >= kMaxCursors) cursors_.clear();
  cursors_.insert_or_assign(Key{user_id, shape, offset}, std::move(cursor));
}

std::optional<PageCursor> PageCursors::peek(const std::string& user_id, int shape, std::int64_t offset) const {
  const std::lock_guard lock(mutex_);
  const auto found = cursors_.find(Key{user_id, shape, offset});
  if (found == cursors_.end()) return std::nullopt;
  return found->second;
}

void PageCursors::forget(const std::string& user_id, int shape, std::int64_t offset) {
  const std::lock_guard lock(mutex_);
  cursors_.erase(Key{user_id, shape, offset});
}

void PageCursors::count_use() {
  const std::lock_guard lock(mutex_);
  ++uses_;
}

}  // namespace taskbox::storage::paging

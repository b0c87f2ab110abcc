#include "page_cursors.h"

namespace taskbox::storage::sqlite::detail {

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

}  // namespace taskbox::storage::sqlite::detail

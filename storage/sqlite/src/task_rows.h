#pragma once
// Internal: the columns of a task row, in the order read_task() reads them.

#include <SQLiteCpp/Statement.h>

#include "taskbox/core/model.h"

namespace taskbox::storage::sqlite {

inline constexpr const char* kTaskColumns = "id, user_id, title, description, completed, created_at, updated_at";

core::Task read_task(SQLite::Statement& row);

}  // namespace taskbox::storage::sqlite

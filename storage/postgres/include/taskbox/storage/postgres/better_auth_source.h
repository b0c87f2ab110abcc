#pragma once
// The PostgreSQL reader of a Better Auth database (taskbox/storage/better_auth_source.h),
// on a connection of its own, in one REPEATABLE READ READ ONLY transaction.

#include <memory>
#include <string>

#include "taskbox/storage/better_auth_source.h"

namespace taskbox::storage::postgres {

// Throws core::Error as storage::open_better_auth_source() says.
std::unique_ptr<BetterAuthSource> open_better_auth_database(const std::string& url);

}  // namespace taskbox::storage::postgres

// open_store() and open_better_auth_source(): the one place that knows both backends.
#include <memory>
#include <string>

#include "taskbox/core/error.h"
#include "taskbox/storage/sqlite/sqlite_store.h"
#include "taskbox/storage/better_auth_source.h"
#include "taskbox/storage/store.h"
#if TASKBOX_WITH_POSTGRES
#include "taskbox/storage/postgres/better_auth_source.h"
#include "taskbox/storage/postgres/postgres_store.h"
#endif

namespace taskbox::storage {

namespace {

// A failure to open: the log detail says why (never the URL, which may hold a password).
core::Error cannot_open(std::string why) {
  return core::Error(core::ErrorCode::internal_error, "Internal server error").with_log_detail(std::move(why));
}

#if !TASKBOX_WITH_POSTGRES
core::Error built_without_postgres() { return cannot_open("this taskbox was built without PostgreSQL support"); }
#endif

}  // namespace

bool is_postgres_url(const std::string& url) {
  return url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0;
}

std::unique_ptr<Store> open_store(const StoreOptions& options) {
  if (options.database_url.empty()) {
    return std::make_unique<sqlite::SqliteStore>(
        sqlite::DatabaseOptions{options.sqlite_file, options.connections, options.durable_commits});
  }
  if (!is_postgres_url(options.database_url)) {
    // NOTE: the URL itself may hold a password, so only its scheme is named.
    throw cannot_open("the database URL must start with postgres:// or postgresql://");
  }
#if TASKBOX_WITH_POSTGRES
  return std::make_unique<postgres::PostgresStore>(options);
#else
  throw built_without_postgres();
#endif
}

std::unique_ptr<BetterAuthSource> open_better_auth_source(const std::string& url) {
  if (!is_postgres_url(url)) throw cannot_open("the Better Auth database URL must start with postgres:// or postgresql://");
#if TASKBOX_WITH_POSTGRES
  return postgres::open_better_auth_database(url);
#else
  throw built_without_postgres();
#endif
}

}  // namespace taskbox::storage

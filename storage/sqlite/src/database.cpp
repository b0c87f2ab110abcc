#include "taskbox/storage/sqlite/database.h"

#include <array>

#include "connection.h"
#include "migrations.h"

namespace taskbox::storage::sqlite {
namespace detail {

Connection::Connection(const std::string& path, bool read_only, bool durable_commits)
    : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX) {
  // NOTE: the busy timeout covers other processes (e.g. the sqlite3 shell); inside this
  // one the write batcher already serializes writes.
  db_.setBusyTimeout(5000);
  db_.exec("PRAGMA foreign_keys=ON");
  db_.exec(durable_commits ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  if (read_only) db_.exec("PRAGMA query_only=ON");
}

StatementUse Connection::statement(const std::string& sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<SQLite::Statement>(db_, sql);
  return StatementUse(*slot);
}

core::Error translate(const SQLite::Exception& e, const char* operation) {
  const int primary = e.getErrorCode() & 0xFF;
  std::string detail = std::string(operation) + ": " + e.what();
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return core::Error(core::ErrorCode::unavailable, "The database is busy; try again")
        .with_retry_after(std::chrono::seconds(1))
        .with_log_detail(std::move(detail));
  }
  if (primary == SQLITE_FULL) {
    return core::Error(core::ErrorCode::storage_full, "The server is out of storage space; nothing was saved")
        .with_log_detail(std::move(detail));
  }
  return core::Error(core::ErrorCode::internal_error, "Internal server error")
      .with_log_detail(std::move(detail));
}

}  // namespace detail

namespace {

// Process-wide SQLite settings; they only take before SQLite initializes, hence once,
// before the first open.
// NOTE: SQLite's memory statistics take one process-wide mutex on every allocation; every
// reader and the writer contended on it under load, and nothing reads the statistics.
// No up-front page-cache block: each connection would allocate and write 87 KiB (20 pages)
// at its first read, 440 KiB of the idle server's memory; pages come as they are read.
void configure_sqlite() {
  static const bool once = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
    return true;
  }();
  (void)once;
}

}  // namespace

Database::Impl::Impl(const DatabaseOptions& options)
    : path(options.path.string()),
      writer(std::make_unique<detail::Connection>(path, false, options.durable_commits)),
      batcher(*writer) {
  writer->exec("PRAGMA journal_mode=WAL");
  detail::migrate(writer->raw());
  const unsigned readers = options.read_connections == 0 ? 1 : options.read_connections;
  for (unsigned i = 0; i < readers; ++i) {
    idle_readers.push_back(std::make_unique<detail::Connection>(path, true, options.durable_commits));
  }
}

Database::Impl::Lease::Lease(Impl& impl) : impl_(impl) {
  std::unique_lock lock(impl_.pool_mutex);
  impl_.pool_returned.wait(lock, [&] { return !impl_.idle_readers.empty(); });
  connection_ = std::move(impl_.idle_readers.back());
  impl_.idle_readers.pop_back();
}

Database::Impl::Lease::~Lease() {
  {
    std::lock_guard lock(impl_.pool_mutex);
    impl_.idle_readers.push_back(std::move(connection_));
  }
  impl_.pool_returned.notify_one();
}

Database::Database(const DatabaseOptions& options) {
  configure_sqlite();  // NOTE: before the first open
  try {
    impl_ = std::make_unique<Impl>(options);
  } catch (const SQLite::Exception& e) {
    throw detail::translate(e, "open database");
  }
}

Database::~Database() = default;

bool Database::ping() noexcept {
  try {
    return impl_->read("ping", [](detail::Connection& c) {
      // NOTE: in WAL mode a connection keeps its cached pages while nothing was committed,
      // so without this a probe would be answered from memory after the file turned bad.
      sqlite3_db_release_memory(c.raw().getHandle());
      auto statement = c.statement("SELECT EXISTS (SELECT 1 FROM users), EXISTS (SELECT 1 FROM tasks)");
      return statement->executeStep();
    });
  } catch (...) {
    return false;
  }
}

std::uint64_t Database::disk_bytes() const noexcept {
  std::uint64_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code error;
    const auto size = std::filesystem::file_size(impl_->path + suffix, error);
    if (!error) total += size;
  }
  return total;
}

WriteStats Database::write_stats() const noexcept { return impl_->batcher.stats(); }

int Database::schema_version() {
  return impl_->read("schema version", [](detail::Connection& c) {
    auto statement = c.statement("PRAGMA user_version");
    statement->executeStep();
    return statement->getColumn(0).getInt();
  });
}

int Database::latest_schema_version() { return detail::latest_schema_version(); }

}  // namespace taskbox::storage::sqlite

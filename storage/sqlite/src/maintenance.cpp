#include "taskbox/storage/maintenance.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "connection.h"
#include "migrations.h"
#include "taskbox/core/error.h"

namespace taskbox::storage {
namespace {

constexpr int kBusyTimeoutMs = 5000;

bool has_table(SQLite::Database& db, const char* name) {
  SQLite::Statement select(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  select.bind(1, name);
  return select.executeStep();
}

// Every row of PRAGMA integrity_check, "ok" when the file is sound.
std::string integrity_report(SQLite::Database& db) {
  SQLite::Statement check(db, "PRAGMA integrity_check");
  std::string report;
  while (check.executeStep()) {
    if (!report.empty()) report += "; ";
    report += check.getColumn(0).getString();
  }
  return report;
}

// The check itself, over an open connection; fills `out.problem` when the file fails it.
void check_open_database(SQLite::Database& db, DatabaseFileCheck& out) {
  out.schema_version = db.execAndGet("PRAGMA user_version").getInt();
  const int latest = sqlite::detail::latest_schema_version();
  if (out.schema_version > latest) {
    out.problem = "its schema version " + std::to_string(out.schema_version) + " is newer than this taskbox's (" +
                  std::to_string(latest) + "); restore it with a newer taskbox";
    return;
  }
  const std::string integrity = integrity_report(db);
  if (integrity != "ok") {
    out.problem = "SQLite's integrity check failed: " + integrity.substr(0, 200);
    return;
  }
  if (out.schema_version < 1 || !has_table(db, "users") || !has_table(db, "tasks")) {
    out.problem = "it is an SQLite database, but not one of taskbox's";
    return;
  }
  out.users = db.execAndGet("SELECT count(*) FROM users").getInt64();
  out.tasks = db.execAndGet("SELECT count(*) FROM tasks").getInt64();
  // NOTE: a file in WAL mode brings its -wal and -shm back beside it when opened; the
  // rollback journal keeps it one file. The server switches it back to WAL at start.
  if (db.execAndGet("PRAGMA journal_mode=DELETE").getString() != "delete") {
    out.problem = "it could not be switched out of WAL mode";
  }
}

}  // namespace

DatabaseFileCheck check_database_file(const std::filesystem::path& file) {
  DatabaseFileCheck out;
  try {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(kBusyTimeoutMs);
    check_open_database(db, out);
  } catch (const SQLite::Exception& e) {
    // NOTE: a file of garbage opens fine and fails at its first read (SQLITE_NOTADB).
    out.problem = std::string("SQLite cannot read it (") + e.what() + ")";
  }
  return out;
}

DatabaseFileCheck backup_database(const std::filesystem::path& source, const std::filesystem::path& destination) {
  try {
    {
      SQLite::Database from(source.string(), SQLite::OPEN_READWRITE);  // NOTE: no OPEN_CREATE
      from.setBusyTimeout(kBusyTimeoutMs);
      SQLite::Database to(destination.string(), SQLite::OPEN_READWRITE);
      to.exec("PRAGMA synchronous=OFF");  // NOTE: the caller fsyncs the finished copy once
      SQLite::Backup backup(to, from);
      // All pages in one step: one snapshot, so writers to `source` never make it start
      // over (which a page-by-page backup does whenever another connection commits).
      // SQLITE_BUSY/LOCKED (e.g. a checkpoint holding the WAL) are retried briefly.
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
      int rc = backup.executeStep(-1);
      while ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        rc = backup.executeStep(-1);
      }
      if (rc != SQLITE_DONE) {
        throw core::Error(core::ErrorCode::unavailable, "The database stayed busy; try again")
            .with_log_detail(std::string("backup: ") + sqlite3_errstr(rc));
      }
    }
    DatabaseFileCheck check = check_database_file(destination);
    if (!check.ok()) {
      throw core::Error(core::ErrorCode::internal_error, "Internal server error")
          .with_log_detail("the copy of " + source.string() + " fails its check: " + check.problem);
    }
    return check;
  } catch (const SQLite::Exception& e) {
    throw sqlite::detail::translate(e, "backup");
  }
}

}  // namespace taskbox::storage

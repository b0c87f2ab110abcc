#pragma once
// Internal: SQLite connections, their prepared-statement cache, the reader pool and the
// writer with its group commit, plus the translation of SQLite errors into core::Error.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "taskbox/core/error.h"
#include "taskbox/core/waiting.h"
#include "taskbox/storage/sqlite/database.h"
#include "page_cursors.h"
#include "write_batcher.h"

namespace taskbox::storage::sqlite::detail {

// A prepared statement in use: reset and unbound when the use ends, so the cached
// statement is ready for the next caller. Never throws from its destructor.
class StatementUse {
 public:
  explicit StatementUse(SQLite::Statement& statement) : statement_(statement) {}
  ~StatementUse() {
    statement_.tryReset();
    statement_.clearBindings();
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  SQLite::Statement* operator->() { return &statement_; }
  SQLite::Statement& operator*() { return statement_; }

 private:
  SQLite::Statement& statement_;
};

class Connection {
 public:
  Connection(const std::string& path, bool read_only, bool durable_commits);

  // The cached prepared statement for `sql` (prepared on first use).
  StatementUse statement(const std::string& sql);
  void exec(const char* sql) { db_.exec(sql); }
  SQLite::Database& raw() { return db_; }

 private:
  SQLite::Database db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

// A core::Error for an SQLite failure: busy/locked become `unavailable` (retry in a
// second), a full disk (SQLITE_FULL, from ENOSPC) `storage_full`, the rest
// `internal_error`. The SQLite message goes to the log detail only.
core::Error translate(const SQLite::Exception& e, const char* operation);

}  // namespace taskbox::storage::sqlite::detail

namespace taskbox::storage::sqlite {

struct Database::Impl {
  explicit Impl(const DatabaseOptions& options);

  // Runs `fn(Connection&)` on a pooled reader. Each statement is its own snapshot; use
  // read_snapshot() when several statements must agree.
  template <typename Fn>
  auto read(const char* operation, Fn&& fn) {
    Lease lease(*this);
    try {
      return fn(lease.connection());
    } catch (const SQLite::Exception& e) {
      throw detail::translate(e, operation);
    }
  }

  // Like read(), inside one read transaction, so every statement in it sees the same
  // snapshot (e.g. a page of tasks and their total count).
  template <typename Fn>
  auto read_snapshot(const char* operation, Fn&& fn) {
    return read(operation, [&](detail::Connection& c) {
      c.statement("BEGIN")->exec();
      struct End {
        detail::Connection& c;
        ~End() {
          try {
            c.statement("COMMIT")->exec();
          } catch (...) {  // NOTE: a read-only transaction has nothing to lose
          }
        }
      } end{c};
      return fn(c);
    });
  }

  // Runs `fn(Connection&)` on the writer as one operation of a group commit (see
  // write_batcher.h): in its own savepoint, inside a transaction that concurrent writes
  // may share, and returns only once that transaction committed. When `fn` throws, only
  // its own changes are undone. `fn` must not call write() itself.
  template <typename Fn>
  auto write(const char* operation, Fn&& fn) {
    using Result = decltype(fn(*writer));
    // NOTE: the batcher bounds the writing itself (one transaction at a time), so the wait
    // for the commit and a leader's turn at it need no CPU place of the server's.
    const core::WaitingScope commit_wait;
    try {
      if constexpr (std::is_void_v<Result>) {
        batcher.run([&](detail::Connection& c) { fn(c); });
      } else {
        std::optional<Result> result;
        batcher.run([&](detail::Connection& c) { result.emplace(fn(c)); });
        return std::move(*result);
      }
    } catch (const SQLite::Exception& e) {
      throw detail::translate(e, operation);
    }
  }

  std::string path;
  std::unique_ptr<detail::Connection> writer;
  detail::WriteBatcher batcher;
  paging::PageCursors page_cursors;  // shared by every TaskRepository of this database

  std::mutex pool_mutex;
  std::condition_variable pool_returned;
  std::vector<std::unique_ptr<detail::Connection>> idle_readers;

 private:
  class Lease {
   public:
    explicit Lease(Impl& impl);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    detail::Connection& connection() { return *connection_; }

   private:
    Impl& impl_;
    std::unique_ptr<detail::Connection> connection_;
  };
};

}  // namespace taskbox::storage::sqlite

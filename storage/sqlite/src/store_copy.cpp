// Copying a whole store (taskbox/storage/copy.h): the SQLite export and import.
#include <limits>
#include <string>
#include <vector>

#include "connection.h"
#include "task_rows.h"
#include "taskbox/storage/sqlite/sqlite_store.h"

namespace taskbox::storage::sqlite {
namespace {

// Hands the rows `sql` selects to `sink` in batches, by keyset: ?1 is the last key of
// the batch before (at first `after`, below every key), ?2 the batch size; `bind_more`
// binds what else the statement takes. Read failures become core::Error; what `sink`
// throws passes as it is.
template <typename Row, typename Key, typename ReadRow, typename KeyOf, typename BindMore>
void in_batches(detail::Connection& c, const char* operation, const std::string& sql, Key after,
                std::size_t batch_rows, ReadRow read_row, KeyOf key_of, BindMore bind_more,
                const BatchSink<Row>& sink) {
  std::vector<Row> rows;
  rows.reserve(batch_rows);
  for (;;) {
    rows.clear();
    try {
      auto select = c.statement(sql);
      select->bind(1, after);
      select->bind(2, static_cast<std::int64_t>(batch_rows));
      bind_more(*select);
      while (select->executeStep()) rows.push_back(read_row(*select));
    } catch (const SQLite::Exception& e) {
      throw detail::translate(e, operation);
    }
    if (rows.empty()) return;
    after = key_of(rows.back());
    sink(rows);
    if (rows.size() < batch_rows) return;
  }
}

void bind_nothing(SQLite::Statement&) {}

UserRow read_user_row(SQLite::Statement& row) {
  return UserRow{core::UserRecord{core::User{row.getColumn(0).getString(), row.getColumn(1).getString(),
                                             row.getColumn(2).getString(), row.getColumn(3).getInt64()},
                                  row.getColumn(4).getString()},
                 row.getColumn(5).getInt64()};
}

class SqliteExport final : public StoreExport {
 public:
  explicit SqliteExport(const std::string& path) try : connection_(path, true, false) {
    connection_.exec("BEGIN");
    // NOTE: a deferred transaction takes its snapshot at its first read: here, so that
    // every read after it, however much later, sees the database as it is now.
    connection_.exec("SELECT count(*) FROM users");
  } catch (const SQLite::Exception& e) {
    throw detail::translate(e, "begin export");
  }

  ~SqliteExport() override {
    try {
      connection_.exec("COMMIT");
    } catch (...) {  // NOTE: a read transaction has nothing to lose
    }
  }

  StoreCounts counts(std::int64_t now_s) override {
    try {
      auto select = connection_.statement(
          "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM tasks), "
          "(SELECT count(*) FROM revoked_tokens WHERE expires_at >= ?)");
      select->bind(1, now_s);
      select->executeStep();
      return StoreCounts{select->getColumn(0).getInt64(), select->getColumn(1).getInt64(),
                         select->getColumn(2).getInt64()};
    } catch (const SQLite::Exception& e) {
      throw detail::translate(e, "count the rows to export");
    }
  }

  void users(std::size_t batch_rows, const BatchSink<UserRow>& sink) override {
    // NOTE: '' sorts before every id (UUIDs; the empty id is never given out).
    in_batches<UserRow>(
        connection_, "export users",
        "SELECT id, email, name, created_at, password_hash, tokens_valid_after FROM users "
        "WHERE id > ?1 ORDER BY id LIMIT ?2",
        std::string(), batch_rows, read_user_row, [](const UserRow& row) { return row.record.user.id; },
        bind_nothing, sink);
  }

  void tasks(std::size_t batch_rows, const BatchSink<core::Task>& sink) override {
    static const std::string sql =
        std::string("SELECT ") + kTaskColumns + " FROM tasks WHERE id > ?1 ORDER BY id LIMIT ?2";
    in_batches<core::Task>(
        connection_, "export tasks", sql, std::numeric_limits<std::int64_t>::min(), batch_rows, read_task,
        [](const core::Task& task) { return task.id; }, bind_nothing, sink);
  }

  void revocations(std::int64_t now_s, std::size_t batch_rows, const BatchSink<RevocationRow>& sink) override {
    in_batches<RevocationRow>(
        connection_, "export revocations",
        "SELECT token_key, expires_at FROM revoked_tokens WHERE token_key > ?1 AND expires_at >= ?3 "
        "ORDER BY token_key LIMIT ?2",
        std::string(), batch_rows,
        [](SQLite::Statement& row) { return RevocationRow{row.getColumn(0).getString(), row.getColumn(1).getInt64()}; },
        [](const RevocationRow& row) { return row.token_key; },
        [now_s](SQLite::Statement& select) { select.bind(3, now_s); }, sink);
  }

 private:
  detail::Connection connection_;
};

class SqliteImport final : public StoreImport {
 public:
  explicit SqliteImport(Database& db) : db_(db) {}

  // NOTE: no lock across the import: one process writes a SQLite file at a time anyway,
  // and `taskbox migrate` only ever writes into PostgreSQL.
  StoreCounts counts() override {
    return db_.impl().read("count the rows held", [](detail::Connection& c) {
      auto select = c.statement(
          "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM tasks), (SELECT count(*) FROM revoked_tokens)");
      select->executeStep();
      return StoreCounts{select->getColumn(0).getInt64(), select->getColumn(1).getInt64(),
                         select->getColumn(2).getInt64()};
    });
  }

  std::int64_t add_users(const std::vector<UserRow>& rows) override {
    return db_.impl().write("import users", [&](detail::Connection& c) {
      auto insert = c.statement(
          "INSERT INTO users (id, email, name, password_hash, created_at, tokens_valid_after) "
          "VALUES (?, ?, ?, ?, ?, ?)");
      std::int64_t written = 0;
      for (const UserRow& row : rows) {
        insert->bindNoCopy(1, row.record.user.id);
        insert->bindNoCopy(2, row.record.user.email);
        insert->bindNoCopy(3, row.record.user.name);
        insert->bindNoCopy(4, row.record.password_hash);
        insert->bind(5, row.record.user.created_at);
        insert->bind(6, row.tokens_valid_after_s);
        written += insert->exec();
        insert->reset();
      }
      return written;
    });
  }

  std::int64_t add_tasks(const std::vector<core::Task>& rows) override {
    return db_.impl().write("import tasks", [&](detail::Connection& c) {
      // NOTE: the ids as they were; AUTOINCREMENT remembers the highest one, so the next
      // task created gets an id above it. The triggers count each user's tasks.
      auto insert = c.statement(
          "INSERT INTO tasks (id, user_id, title, description, completed, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)");
      std::int64_t written = 0;
      for (const core::Task& task : rows) {
        insert->bind(1, task.id);
        insert->bindNoCopy(2, task.user_id);
        insert->bindNoCopy(3, task.title);
        insert->bindNoCopy(4, task.description);
        insert->bind(5, task.completed ? 1 : 0);
        insert->bind(6, task.created_at);
        insert->bind(7, task.updated_at);
        written += insert->exec();
        insert->reset();
      }
      return written;
    });
  }

  std::int64_t add_revocations(const std::vector<RevocationRow>& rows) override {
    return db_.impl().write("import revocations", [&](detail::Connection& c) {
      auto insert = c.statement(
          "INSERT INTO revoked_tokens (token_key, expires_at) VALUES (?, ?) "
          "ON CONFLICT (token_key) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)");
      std::int64_t written = 0;
      for (const RevocationRow& row : rows) {
        insert->bindNoCopy(1, row.token_key);
        insert->bind(2, row.expires_at_s);
        written += insert->exec();
        insert->reset();
      }
      return written;
    });
  }

  Finished finish() override {
    return db_.impl().read("check the import", [](detail::Connection& c) {
      auto select = c.statement(
          "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM tasks), (SELECT count(*) FROM revoked_tokens), "
          "(SELECT count(*) FROM users LEFT JOIN "
          "(SELECT user_id, count(*) AS total, sum(completed) AS completed FROM tasks GROUP BY user_id) AS counted "
          "ON counted.user_id = users.id "
          "WHERE users.task_count <> coalesce(counted.total, 0) "
          "OR users.completed_count <> coalesce(counted.completed, 0))");
      select->executeStep();
      return Finished{StoreCounts{select->getColumn(0).getInt64(), select->getColumn(1).getInt64(),
                                  select->getColumn(2).getInt64()},
                      select->getColumn(3).getInt64()};
    });
  }

  void commit() override {}  // NOTE: each batch committed as it was written

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<StoreExport> SqliteStore::begin_export() {
  return std::make_unique<SqliteExport>(db_.impl().path);
}

std::unique_ptr<StoreImport> SqliteStore::begin_import() { return std::make_unique<SqliteImport>(db_); }

}  // namespace taskbox::storage::sqlite

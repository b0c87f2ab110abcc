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

StoreCounts read_counts(SQLite::Statement& row) {
  return StoreCounts{row.getColumn(0).getInt64(), row.getColumn(1).getInt64(), row.getColumn(2).getInt64(),
                     row.getColumn(3).getInt64(), row.getColumn(4).getInt64()};
}

SessionRecord read_session_row(SQLite::Statement& row) {
  return SessionRecord{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                       row.getColumn(3).getInt64(),  row.getColumn(4).getInt64(),  row.getColumn(5).getInt64(),
                       row.getColumn(6).getString(), row.getColumn(7).getString()};
}

JwkRecord read_key_row(SQLite::Statement& row) {
  JwkRecord key{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                row.getColumn(3).getInt64(),  std::nullopt,                  row.getColumn(5).getString(),
                row.getColumn(6).getString()};
  if (!row.getColumn(4).isNull()) key.expires_at = row.getColumn(4).getInt64();
  return key;
}

// Binds `text` at `index`, or NULL when it is empty (an unset alg or crv).
void bind_text_or_null(SQLite::Statement& statement, int index, const std::string& text) {
  if (text.empty()) statement.bind(index);
  else statement.bindNoCopy(index, text);
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
          "(SELECT count(*) FROM revoked_tokens WHERE expires_at >= ?1), "
          "(SELECT count(*) FROM sessions WHERE expires_at >= ?1 * 1000), (SELECT count(*) FROM jwks)");
      select->bind(1, now_s);
      select->executeStep();
      return read_counts(*select);
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

  void sessions(std::int64_t now_s, std::size_t batch_rows, const BatchSink<SessionRecord>& sink) override {
    in_batches<SessionRecord>(
        connection_, "export sessions",
        "SELECT id, token_key, user_id, expires_at, created_at, updated_at, ip_address, user_agent FROM sessions "
        "WHERE id > ?1 AND expires_at >= ?3 * 1000 ORDER BY id LIMIT ?2",
        std::string(), batch_rows, read_session_row, [](const SessionRecord& row) { return row.id; },
        [now_s](SQLite::Statement& select) { select.bind(3, now_s); }, sink);
  }

  std::vector<JwkRecord> keys() override {
    try {
      auto select = connection_.statement(
          "SELECT id, public_key, private_key, created_at, expires_at, alg, crv FROM jwks ORDER BY id");
      std::vector<JwkRecord> keys;
      while (select->executeStep()) keys.push_back(read_key_row(*select));
      return keys;
    } catch (const SQLite::Exception& e) {
      throw detail::translate(e, "export signing keys");
    }
  }

 private:
  detail::Connection connection_;
};

// Runs `fn()`, turning SQLite failures into core::Error.
template <typename Fn>
auto import_step(const char* operation, Fn&& fn) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    throw detail::translate(e, operation);
  }
}

class SqliteImport final : public StoreImport {
 public:
  // NOTE: a connection of its own, holding the write lock from the start (IMMEDIATE) to
  // commit(), so the import is all or nothing and no other writer interleaves with it.
  explicit SqliteImport(const std::string& path) try : connection_(path, false, true) {
    connection_.exec("BEGIN IMMEDIATE");
  } catch (const SQLite::Exception& e) {
    throw detail::translate(e, "begin import");
  }

  ~SqliteImport() override {
    if (committed_) return;
    try {
      connection_.exec("ROLLBACK");
    } catch (...) {  // NOTE: closing the connection rolls back anyway
    }
  }

  StoreCounts counts() override {
    return import_step("count the rows held", [&] {
      auto select = connection_.statement(
          "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM tasks), (SELECT count(*) FROM revoked_tokens), "
          "(SELECT count(*) FROM sessions), (SELECT count(*) FROM jwks)");
      select->executeStep();
      return read_counts(*select);
    });
  }

  std::int64_t add_users(const std::vector<UserRow>& rows) override {
    return insert_each("import users",
                       "INSERT INTO users (id, email, name, password_hash, created_at, tokens_valid_after) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       rows, [](SQLite::Statement& insert, const UserRow& row) {
                         insert.bindNoCopy(1, row.record.user.id);
                         insert.bindNoCopy(2, row.record.user.email);
                         insert.bindNoCopy(3, row.record.user.name);
                         insert.bindNoCopy(4, row.record.password_hash);
                         insert.bind(5, row.record.user.created_at);
                         insert.bind(6, row.tokens_valid_after_s);
                       });
  }

  std::int64_t add_tasks(const std::vector<core::Task>& rows) override {
    // NOTE: the ids as they were; AUTOINCREMENT remembers the highest one, so the next
    // task created gets an id above it. The triggers count each user's tasks.
    return insert_each("import tasks",
                       "INSERT INTO tasks (id, user_id, title, description, completed, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       rows, [](SQLite::Statement& insert, const core::Task& task) {
                         insert.bind(1, task.id);
                         insert.bindNoCopy(2, task.user_id);
                         insert.bindNoCopy(3, task.title);
                         insert.bindNoCopy(4, task.description);
                         insert.bind(5, task.completed ? 1 : 0);
                         insert.bind(6, task.created_at);
                         insert.bind(7, task.updated_at);
                       });
  }

  std::int64_t add_revocations(const std::vector<RevocationRow>& rows) override {
    return insert_each("import revocations",
                       "INSERT INTO revoked_tokens (token_key, expires_at) VALUES (?, ?) "
                       "ON CONFLICT (token_key) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)",
                       rows, [](SQLite::Statement& insert, const RevocationRow& row) {
                         insert.bindNoCopy(1, row.token_key);
                         insert.bind(2, row.expires_at_s);
                       });
  }

  std::int64_t add_sessions(const std::vector<SessionRecord>& rows) override {
    return insert_each("import sessions",
                       "INSERT INTO sessions (id, token_key, user_id, expires_at, created_at, updated_at, ip_address, "
                       "user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       rows, [](SQLite::Statement& insert, const SessionRecord& row) {
                         insert.bindNoCopy(1, row.id);
                         insert.bindNoCopy(2, row.token_key);
                         insert.bindNoCopy(3, row.user_id);
                         insert.bind(4, row.expires_at);
                         insert.bind(5, row.created_at);
                         insert.bind(6, row.updated_at);
                         insert.bindNoCopy(7, row.ip_address);
                         insert.bindNoCopy(8, row.user_agent);
                       });
  }

  std::int64_t add_keys(const std::vector<JwkRecord>& rows) override {
    return insert_each("import signing keys",
                       "INSERT INTO jwks (id, public_key, private_key, created_at, expires_at, alg, crv) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       rows, [](SQLite::Statement& insert, const JwkRecord& key) {
                         insert.bindNoCopy(1, key.id);
                         insert.bindNoCopy(2, key.public_key);
                         insert.bindNoCopy(3, key.private_key);
                         insert.bind(4, key.created_at);
                         if (key.expires_at) insert.bind(5, *key.expires_at);
                         else insert.bind(5);
                         bind_text_or_null(insert, 6, key.alg);
                         bind_text_or_null(insert, 7, key.crv);
                       });
  }

  Finished finish() override {
    return import_step("check the import", [&] {
      auto select = connection_.statement(
          "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM tasks), (SELECT count(*) FROM revoked_tokens), "
          "(SELECT count(*) FROM sessions), (SELECT count(*) FROM jwks), "
          "(SELECT count(*) FROM users LEFT JOIN "
          "(SELECT user_id, count(*) AS total, sum(completed) AS completed FROM tasks GROUP BY user_id) AS counted "
          "ON counted.user_id = users.id "
          "WHERE users.task_count <> coalesce(counted.total, 0) "
          "OR users.completed_count <> coalesce(counted.completed, 0))");
      select->executeStep();
      return Finished{read_counts(*select), select->getColumn(5).getInt64()};
    });
  }

  void commit() override {
    import_step("commit import", [&] { connection_.exec("COMMIT"); });
    committed_ = true;
  }

 private:
  // Runs the prepared `sql` once per row, `bind` binding the row; returns the rows written.
  template <typename Row, typename Bind>
  std::int64_t insert_each(const char* operation, const std::string& sql, const std::vector<Row>& rows, Bind bind) {
    return import_step(operation, [&] {
      auto insert = connection_.statement(sql);
      std::int64_t written = 0;
      for (const Row& row : rows) {
        bind(*insert, row);
        written += insert->exec();
        insert->reset();
      }
      return written;
    });
  }

  detail::Connection connection_;
  bool committed_ = false;
};

}  // namespace

std::unique_ptr<StoreExport> SqliteStore::begin_export() {
  return std::make_unique<SqliteExport>(db_.impl().path);
}

std::unique_ptr<StoreImport> SqliteStore::begin_import() { return std::make_unique<SqliteImport>(db_.impl().path); }

}  // namespace taskbox::storage::sqlite

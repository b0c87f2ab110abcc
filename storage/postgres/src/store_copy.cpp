// Copying a whole store (taskbox/storage/copy.h): the PostgreSQL export and import.
#include "store_copy.h"

#include <limits>
#include <optional>
#include <vector>

#include "connection.h"
#include "pool.h"
#include "taskbox/core/error.h"
#include "url.h"

namespace taskbox::storage::postgres::detail {
namespace {

// Held by an import for as long as it lasts: one above the migrations' advisory lock.
constexpr const char* kImportLock = "SELECT pg_advisory_lock(32758245649182585)";

// A one-dimensional array in PostgreSQL's text form, so a whole batch travels as a few
// parameters of one statement (unnest) instead of one round trip per row.
class ArrayLiteral {
 public:
  void add(const std::string& text) {
    next();
    // NOTE: every element quoted, so no text is read as NULL, and `"` and `\` escaped:
    // all the array syntax gives special meaning to inside quotes.
    text_ += '"';
    for (const char c : text) {
      if (c == '"' || c == '\\') text_ += '\\';
      text_ += c;
    }
    text_ += '"';
  }
  void add(std::int64_t number) {
    next();
    text_ += std::to_string(number);
  }
  void add(bool value) {
    next();
    text_ += value ? 't' : 'f';
  }
  std::string str() const { return "{" + text_ + "}"; }

 private:
  void next() {
    if (!empty_) text_ += ',';
    empty_ = false;
  }
  std::string text_;
  bool empty_ = true;
};

// PostgreSQL's text cannot hold U+0000, which SQLite's can: say which row has one.
void refuse_nul(const std::string& text, const std::string& whose) {
  if (text.find('\0') == std::string::npos) return;
  throw core::Error(core::ErrorCode::internal_error, "Internal server error")
      .with_log_detail(whose + " holds the NUL character (U+0000), which PostgreSQL's text cannot store");
}

UserRow read_user_row(const Result& rows, int row) {
  return UserRow{core::UserRecord{core::User{rows.text(row, 0), rows.text(row, 1), rows.text(row, 2),
                                             rows.int64(row, 3)},
                                  rows.text(row, 4)},
                 rows.int64(row, 5)};
}

core::Task read_task_row(const Result& rows, int row) {
  core::Task task;
  task.id = rows.int64(row, 0);
  task.user_id = rows.text(row, 1);
  task.title = rows.text(row, 2);
  task.description = rows.text(row, 3);
  task.completed = rows.boolean(row, 4);
  task.created_at = rows.int64(row, 5);
  task.updated_at = rows.int64(row, 6);
  return task;
}

RevocationRow read_revocation_row(const Result& rows, int row) { return RevocationRow{rows.text(row, 0), rows.int64(row, 1)}; }

SessionRecord read_session_row(const Result& rows, int row) {
  return SessionRecord{rows.text(row, 0),  rows.text(row, 1),  rows.text(row, 2), rows.int64(row, 3),
                       rows.int64(row, 4), rows.int64(row, 5), rows.text(row, 6), rows.text(row, 7)};
}

StoreCounts read_counts(const Result& rows) {
  return StoreCounts{rows.int64(0, 0), rows.int64(0, 1), rows.int64(0, 2), rows.int64(0, 3), rows.int64(0, 4)};
}

class PostgresExport final : public StoreExport {
 public:
  PostgresExport(const std::string& url, bool durable_commits)
      : connection_(connect_alone(url, durable_commits, "begin export")) {
    guarded("begin export", [&] {
      connection_->exec_script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      // NOTE: the transaction's snapshot is taken by its first query: here, so that every
      // read after it, however much later, sees the database as it is now.
      connection_->exec_script("SELECT 1");
    });
  }

  ~PostgresExport() override {
    if (!connection_->usable()) return;
    try {
      connection_->exec_script("ROLLBACK");
    } catch (...) {  // NOTE: a read-only transaction has nothing to lose
    }
  }

  StoreCounts counts(std::int64_t now_s) override {
    return guarded("count the rows to export", [&] {
      return read_counts(connection_->exec(
          "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM tasks), "
          "(SELECT count(*) FROM revoked_tokens WHERE expires_at >= $1), "
          "(SELECT count(*) FROM sessions WHERE expires_at >= $1::bigint * 1000), (SELECT count(*) FROM jwks)",
          {now_s}));
    });
  }

  void users(std::size_t batch_rows, const BatchSink<UserRow>& sink) override {
    // NOTE: '' sorts before every id (UUIDs; the empty id is never given out).
    read_in_batches<UserRow>(*connection_, "export users",
                        "SELECT id, email, name, created_at, password_hash, tokens_valid_after FROM users "
                        "WHERE id > $1 ORDER BY id LIMIT $2",
                        std::string(), batch_rows, std::nullopt, read_user_row,
                        [](const UserRow& row) { return row.record.user.id; }, sink);
  }

  void tasks(std::size_t batch_rows, const BatchSink<core::Task>& sink) override {
    read_in_batches<core::Task>(*connection_, "export tasks",
                           "SELECT id, user_id, title, description, completed, created_at, updated_at FROM tasks "
                           "WHERE id > $1 ORDER BY id LIMIT $2",
                           std::numeric_limits<std::int64_t>::min(), batch_rows, std::nullopt, read_task_row,
                           [](const core::Task& task) { return task.id; }, sink);
  }

  void revocations(std::int64_t now_s, std::size_t batch_rows, const BatchSink<RevocationRow>& sink) override {
    read_in_batches<RevocationRow>(*connection_, "export revocations",
                              "SELECT token_key, expires_at FROM revoked_tokens "
                              "WHERE token_key > $1 AND expires_at >= $3 ORDER BY token_key LIMIT $2",
                              std::string(), batch_rows, now_s, read_revocation_row,
                              [](const RevocationRow& row) { return row.token_key; }, sink);
  }

  void sessions(std::int64_t now_s, std::size_t batch_rows, const BatchSink<SessionRecord>& sink) override {
    read_in_batches<SessionRecord>(*connection_, "export sessions",
        "SELECT id, token_key, user_id, expires_at, created_at, updated_at, ip_address, user_agent FROM sessions "
        "WHERE id > $1 AND expires_at >= $3::bigint * 1000 ORDER BY id LIMIT $2",
        std::string(), batch_rows, now_s, read_session_row, [](const SessionRecord& row) { return row.id; }, sink);
  }

  std::vector<JwkRecord> keys() override {
    return guarded("export signing keys", [&] {
      const Result rows = connection_->exec(
          "SELECT id, public_key, private_key, created_at, expires_at, coalesce(alg, ''), coalesce(crv, '') "
          "FROM jwks ORDER BY id");
      std::vector<JwkRecord> keys;
      for (int row = 0; row < rows.rows(); ++row) keys.push_back(read_jwk_row(rows, row));
      return keys;
    });
  }

 private:
  std::unique_ptr<Connection> connection_;
};

class PostgresImport final : public StoreImport {
 public:
  PostgresImport(const std::string& url, bool durable_commits)
      : connection_(connect_alone(url, durable_commits, "begin import")) {
    // NOTE: a session lock, released when the connection closes with the import. Then
    // one transaction for the whole import: an import dropped before commit() (it
    // failed, or its counts did not add up) is rolled back as its connection closes.
    guarded("begin import", [&] {
      connection_->exec_script(kImportLock);
      connection_->exec_script("BEGIN");
    });
  }

  StoreCounts counts() override {
    return guarded("count the rows held", [&] {
      return read_counts(connection_->exec(
          "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM tasks), (SELECT count(*) FROM revoked_tokens), "
          "(SELECT count(*) FROM sessions), (SELECT count(*) FROM jwks)"));
    });
  }

  // NOTE: each batch is one statement (unnest over arrays of its columns), so one
  // transaction and one round trip.
  std::int64_t add_users(const std::vector<UserRow>& rows) override {
    if (rows.empty()) return 0;
    ArrayLiteral ids, emails, names, hashes, created, valid_after;
    for (const UserRow& row : rows) {
      const core::User& user = row.record.user;
      refuse_nul(user.email + user.name + row.record.password_hash, "the user " + user.id);
      ids.add(user.id);
      emails.add(user.email);
      names.add(user.name);
      hashes.add(row.record.password_hash);
      created.add(user.created_at);
      valid_after.add(row.tokens_valid_after_s);
    }
    return guarded("import users", [&] {
      return connection_
          ->exec("INSERT INTO users (id, email, name, password_hash, created_at, tokens_valid_after) "
                 "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])",
                 {ids.str(), emails.str(), names.str(), hashes.str(), created.str(), valid_after.str()})
          .affected();
    });
  }

  std::int64_t add_tasks(const std::vector<core::Task>& rows) override {
    if (rows.empty()) return 0;
    ArrayLiteral ids, users, titles, descriptions, completed, created, updated;
    for (const core::Task& task : rows) {
      refuse_nul(task.title + task.description, "the task " + std::to_string(task.id));
      ids.add(task.id);
      users.add(task.user_id);
      titles.add(task.title);
      descriptions.add(task.description);
      completed.add(task.completed);
      created.add(task.created_at);
      updated.add(task.updated_at);
    }
    return guarded("import tasks", [&] {
      // NOTE: the ids as they were, over the identity column (OVERRIDING SYSTEM VALUE);
      // finish() moves its sequence past them. The triggers count each user's tasks.
      return connection_
          ->exec("INSERT INTO tasks (id, user_id, title, description, completed, created_at, updated_at) "
                 "OVERRIDING SYSTEM VALUE "
                 "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::boolean[], "
                 "$6::bigint[], $7::bigint[])",
                 {ids.str(), users.str(), titles.str(), descriptions.str(), completed.str(), created.str(),
                  updated.str()})
          .affected();
    });
  }

  std::int64_t add_revocations(const std::vector<RevocationRow>& rows) override {
    if (rows.empty()) return 0;
    ArrayLiteral keys, expiries;
    for (const RevocationRow& row : rows) {
      refuse_nul(row.token_key, "a revoked token's key");
      keys.add(row.token_key);
      expiries.add(row.expires_at_s);
    }
    return guarded("import revocations", [&] {
      return connection_
          ->exec("INSERT INTO revoked_tokens (token_key, expires_at) SELECT * FROM unnest($1::text[], $2::bigint[]) "
                 "ON CONFLICT (token_key) DO UPDATE "
                 "SET expires_at = greatest(revoked_tokens.expires_at, excluded.expires_at)",
                 {keys.str(), expiries.str()})
          .affected();
    });
  }

  std::int64_t add_sessions(const std::vector<SessionRecord>& rows) override {
    if (rows.empty()) return 0;
    ArrayLiteral ids, keys, users, expires, created, updated, addresses, agents;
    for (const SessionRecord& row : rows) {
      refuse_nul(row.ip_address + row.user_agent, "the session " + row.id);
      ids.add(row.id);
      keys.add(row.token_key);
      users.add(row.user_id);
      expires.add(row.expires_at);
      created.add(row.created_at);
      updated.add(row.updated_at);
      addresses.add(row.ip_address);
      agents.add(row.user_agent);
    }
    return guarded("import sessions", [&] {
      return connection_
          ->exec("INSERT INTO sessions (id, token_key, user_id, expires_at, created_at, updated_at, ip_address, "
                 "user_agent) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], "
                 "$6::bigint[], $7::text[], $8::text[])",
                 {ids.str(), keys.str(), users.str(), expires.str(), created.str(), updated.str(), addresses.str(),
                  agents.str()})
          .affected();
    });
  }

  std::int64_t add_keys(const std::vector<JwkRecord>& rows) override {
    // NOTE: a handful of rows: one statement each.
    return guarded("import signing keys", [&] {
      std::int64_t written = 0;
      for (const JwkRecord& key : rows) {
        refuse_nul(key.public_key + key.private_key + key.alg + key.crv, "the signing key " + key.id);
        const std::optional<std::string> expires =
            key.expires_at ? std::optional<std::string>(std::to_string(*key.expires_at)) : std::nullopt;
        written += connection_
                       ->exec("INSERT INTO jwks (id, public_key, private_key, created_at, expires_at, alg, crv) "
                              "VALUES ($1, $2, $3, $4, $5, nullif($6, ''), nullif($7, ''))",
                              {key.id, key.public_key, key.private_key, key.created_at, expires, key.alg, key.crv})
                       .affected();
      }
      return written;
    });
  }

  Finished finish() override {
    return guarded("finish import", [&] {
      // NOTE: nextval() too, so the sequence never goes back below a value it already gave
      // out (tasks created and deleted before the import).
      connection_->exec(
          "SELECT setval(pg_get_serial_sequence('tasks', 'id'), "
          "greatest(max(id), nextval(pg_get_serial_sequence('tasks', 'id')))) FROM tasks HAVING count(*) > 0");
      const Result rows = connection_->exec(
          "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM tasks), (SELECT count(*) FROM revoked_tokens), "
          "(SELECT count(*) FROM sessions), (SELECT count(*) FROM jwks), "
          "(SELECT count(*) FROM users LEFT JOIN "
          "(SELECT user_id, count(*) AS total, count(*) FILTER (WHERE completed) AS completed "
          "FROM tasks GROUP BY user_id) AS counted ON counted.user_id = users.id "
          "WHERE users.task_count <> coalesce(counted.total, 0) "
          "OR users.completed_count <> coalesce(counted.completed, 0))");
      return Finished{read_counts(rows), rows.int64(0, 5)};
    });
  }

  void commit() override {
    guarded("commit import", [&] { connection_->exec_script("COMMIT"); });
  }

 private:
  std::unique_ptr<Connection> connection_;
};

}  // namespace

JwkRecord read_jwk_row(const Result& rows, int row) {
  JwkRecord key;
  key.id = rows.text(row, 0);
  key.public_key = rows.text(row, 1);
  key.private_key = rows.text(row, 2);
  key.created_at = rows.int64(row, 3);
  if (!rows.is_null(row, 4)) key.expires_at = rows.int64(row, 4);
  key.alg = rows.text(row, 5);
  key.crv = rows.text(row, 6);
  return key;
}

std::unique_ptr<Connection> connect_alone(const std::string& url, bool durable_commits, const char* operation) {
  try {
    return std::make_unique<Connection>(url, durable_commits);
  } catch (const Failure& failure) {
    core::Error error = translate(failure, operation);
    // NOTE: libpq's messages name the host and user, not the password; masked anyway.
    error.with_log_detail(without_password("PostgreSQL: " + error.log_detail(), url));
    throw error;
  }
}

std::unique_ptr<StoreExport> begin_export(const std::string& url, bool durable_commits) {
  return std::make_unique<PostgresExport>(url, durable_commits);
}

std::unique_ptr<StoreImport> begin_import(const std::string& url, bool durable_commits) {
  return std::make_unique<PostgresImport>(url, durable_commits);
}

}  // namespace taskbox::storage::postgres::detail

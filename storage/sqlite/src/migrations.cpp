#include "migrations.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <array>
#include <string>

#include "taskbox/core/error.h"

namespace taskbox::storage::sqlite::detail {
namespace {

// Migration N (1-based) takes the schema from version N-1 to N. Never edit a released
// migration; append a new one.
constexpr std::array kMigrations = {
    // 1: users, tasks, revoked tokens, login failures.
    R"sql(
      CREATE TABLE users (
        id            TEXT PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        name          TEXT NOT NULL DEFAULT '',
        password_hash TEXT NOT NULL,
        created_at    INTEGER NOT NULL
      );
      CREATE TABLE tasks (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        title       TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        completed   INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      );
      CREATE INDEX tasks_by_user_created ON tasks(user_id, created_at, id);
      CREATE INDEX tasks_by_user_updated ON tasks(user_id, updated_at, id);
      CREATE TABLE revoked_tokens (
        token_key  TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens(expires_at);
      CREATE TABLE login_failures (
        throttle_key TEXT NOT NULL,
        failed_at    INTEGER NOT NULL
      );
      CREATE INDEX login_failures_by_key ON login_failures(throttle_key, failed_at);
      CREATE INDEX login_failures_by_time ON login_failures(failed_at);
    )sql",
    // 2: abuse limits. Login attempts are recorded before the password check (so the
    // limit holds under concurrency) with a keyed hash of the email, never the email;
    // registrations per address; each user's task count, kept by triggers, for the quota.
    // The old failure rows are short-lived and dropped.
    R"sql(
      DROP TABLE login_failures;
      CREATE TABLE login_attempts (
        id           INTEGER PRIMARY KEY,
        address      TEXT NOT NULL,
        email_key    TEXT NOT NULL,
        attempted_at INTEGER NOT NULL
      );
      CREATE INDEX login_attempts_by_pair ON login_attempts(address, email_key, attempted_at);
      CREATE INDEX login_attempts_by_address ON login_attempts(address, attempted_at);
      CREATE INDEX login_attempts_by_time ON login_attempts(attempted_at);
      CREATE TABLE registration_attempts (
        id           INTEGER PRIMARY KEY,
        address      TEXT NOT NULL,
        attempted_at INTEGER NOT NULL
      );
      CREATE INDEX registration_attempts_by_address ON registration_attempts(address, attempted_at);
      CREATE INDEX registration_attempts_by_time ON registration_attempts(attempted_at);
      ALTER TABLE users ADD COLUMN task_count INTEGER NOT NULL DEFAULT 0;
      UPDATE users SET task_count = (SELECT count(*) FROM tasks WHERE tasks.user_id = users.id);
      CREATE TRIGGER tasks_counted_on_insert AFTER INSERT ON tasks BEGIN
        UPDATE users SET task_count = task_count + 1 WHERE id = NEW.user_id;
      END;
      CREATE TRIGGER tasks_counted_on_delete AFTER DELETE ON tasks BEGIN
        UPDATE users SET task_count = task_count - 1 WHERE id = OLD.user_id;
      END;
    )sql",
    // 3: `taskbox users set-password` voids the tokens already issued: a token of the user
    // whose `iat` (Unix seconds) is before tokens_valid_after is refused. 0: none voided.
    R"sql(
      ALTER TABLE users ADD COLUMN tokens_valid_after INTEGER NOT NULL DEFAULT 0;
    )sql",
    // 4: lists of many tasks. A list's total comes from counters instead of count(*) over
    // the user's tasks (10 ms at 100 000), and task_version moves with every change of the
    // user's tasks, in the change's transaction, so a remembered page position is known
    // to be still right (page_cursors.h). Titles get the index the other sorts have.
    R"sql(
      ALTER TABLE users ADD COLUMN completed_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN task_version INTEGER NOT NULL DEFAULT 0;
      UPDATE users SET completed_count =
        (SELECT count(*) FROM tasks WHERE tasks.user_id = users.id AND completed = 1);
      DROP TRIGGER tasks_counted_on_insert;
      DROP TRIGGER tasks_counted_on_delete;
      CREATE TRIGGER tasks_counted_on_insert AFTER INSERT ON tasks BEGIN
        UPDATE users SET task_count = task_count + 1, completed_count = completed_count + NEW.completed,
                         task_version = task_version + 1
          WHERE id = NEW.user_id;
      END;
      CREATE TRIGGER tasks_counted_on_delete AFTER DELETE ON tasks BEGIN
        UPDATE users SET task_count = task_count - 1, completed_count = completed_count - OLD.completed,
                         task_version = task_version + 1
          WHERE id = OLD.user_id;
      END;
      CREATE TRIGGER tasks_counted_on_update AFTER UPDATE ON tasks BEGIN
        UPDATE users SET completed_count = completed_count - OLD.completed + NEW.completed,
                         task_version = task_version + 1
          WHERE id = NEW.user_id;
      END;
      CREATE INDEX tasks_by_user_title ON tasks(user_id, title, id);
    )sql",
    // 5: server-side sessions of the Better Auth routes, found by a digest of their token.
    // A user's sessions go with the user (and with a replaced password).
    R"sql(
      CREATE TABLE sessions (
        id         TEXT PRIMARY KEY,
        token_key  TEXT NOT NULL UNIQUE,
        user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        ip_address TEXT NOT NULL DEFAULT '',
        user_agent TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX sessions_by_user ON sessions(user_id);
      CREATE INDEX sessions_by_expiry ON sessions(expires_at);
    )sql",
    // 6: the signing keys of the EdDSA tokens other services verify, Better Auth's jwks
    // table in taskbox's terms (times in Unix milliseconds; alg and crv NULL: EdDSA).
    R"sql(
      CREATE TABLE jwks (
        id          TEXT PRIMARY KEY,
        public_key  TEXT NOT NULL,
        private_key TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        expires_at  INTEGER,
        alg         TEXT,
        crv         TEXT
      );
    )sql",
};

int user_version(SQLite::Database& db) {
  return db.execAndGet("PRAGMA user_version").getInt();
}

}  // namespace

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

void migrate(SQLite::Database& db) {
  const int current = user_version(db);
  if (current > latest_schema_version()) {
    throw core::Error(core::ErrorCode::internal_error, "Internal server error")
        .with_log_detail("the database has schema version " + std::to_string(current) +
                         ", newer than this taskbox (" + std::to_string(latest_schema_version()) +
                         "); upgrade taskbox");
  }
  for (int version = current + 1; version <= latest_schema_version(); ++version) {
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (user_version(db) >= version) continue;  // another process got here first
    db.exec(kMigrations[static_cast<std::size_t>(version - 1)]);
    db.exec("PRAGMA user_version = " + std::to_string(version));
    transaction.commit();
  }
}

}  // namespace taskbox::storage::sqlite::detail

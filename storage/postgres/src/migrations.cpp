#include "migrations.h"

#include <array>
#include <string>

#include "connection.h"
#include "taskbox/core/error.h"

namespace taskbox::storage::postgres::detail {
namespace {

// The advisory lock migrations hold: "taskbox" in ASCII, a key no other user of the
// database is likely to pick.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(32758245649182584)";

// Migration N (1-based) takes the schema from version N-1 to N. Never edit a released
// migration; append a new one.
constexpr std::array kMigrations = {
    // 1: what SQLite's schema holds at its version 4, in PostgreSQL's terms. Times are
    // Unix milliseconds (seconds for tokens). Titles and emails sort by bytes (COLLATE
    // "C"), as SQLite's BINARY collation does, whatever the database's locale. Each
    // user's task_count/completed_count (for quotas and list totals) and task_version
    // are kept by triggers, in the transaction of the change.
    R"sql(
      CREATE TABLE users (
        id                 text PRIMARY KEY,
        email              text COLLATE "C" NOT NULL CONSTRAINT users_email_key UNIQUE,
        name               text NOT NULL DEFAULT '',
        password_hash      text NOT NULL,
        created_at         bigint NOT NULL,
        task_count         bigint NOT NULL DEFAULT 0,
        completed_count    bigint NOT NULL DEFAULT 0,
        task_version       bigint NOT NULL DEFAULT 0,
        tokens_valid_after bigint NOT NULL DEFAULT 0
      );
      CREATE TABLE tasks (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id     text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        title       text COLLATE "C" NOT NULL,
        description text NOT NULL DEFAULT '',
        completed   boolean NOT NULL DEFAULT false,
        created_at  bigint NOT NULL,
        updated_at  bigint NOT NULL
      );
      CREATE INDEX tasks_by_user_created ON tasks (user_id, created_at, id);
      CREATE INDEX tasks_by_user_updated ON tasks (user_id, updated_at, id);
      CREATE INDEX tasks_by_user_title ON tasks (user_id, title, id);
      CREATE TABLE revoked_tokens (
        token_key  text PRIMARY KEY,
        expires_at bigint NOT NULL
      );
      CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens (expires_at);
      CREATE TABLE login_attempts (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        address      text NOT NULL,
        email_key    text NOT NULL,
        attempted_at bigint NOT NULL
      );
      CREATE INDEX login_attempts_by_pair ON login_attempts (address, email_key, attempted_at);
      CREATE INDEX login_attempts_by_address ON login_attempts (address, attempted_at);
      CREATE INDEX login_attempts_by_time ON login_attempts (attempted_at);
      CREATE TABLE registration_attempts (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        address      text NOT NULL,
        attempted_at bigint NOT NULL
      );
      CREATE INDEX registration_attempts_by_address ON registration_attempts (address, attempted_at);
      CREATE INDEX registration_attempts_by_time ON registration_attempts (attempted_at);

      CREATE FUNCTION taskbox_task_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE users SET task_count = task_count + 1, completed_count = completed_count + NEW.completed::int,
                         task_version = task_version + 1
          WHERE id = NEW.user_id;
        RETURN NULL;
      END $$;
      CREATE FUNCTION taskbox_task_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE users SET task_count = task_count - 1, completed_count = completed_count - OLD.completed::int,
                         task_version = task_version + 1
          WHERE id = OLD.user_id;
        RETURN NULL;
      END $$;
      CREATE FUNCTION taskbox_task_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE users SET completed_count = completed_count - OLD.completed::int + NEW.completed::int,
                         task_version = task_version + 1
          WHERE id = NEW.user_id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER tasks_counted_on_insert AFTER INSERT ON tasks
        FOR EACH ROW EXECUTE FUNCTION taskbox_task_inserted();
      CREATE TRIGGER tasks_counted_on_delete AFTER DELETE ON tasks
        FOR EACH ROW EXECUTE FUNCTION taskbox_task_deleted();
      CREATE TRIGGER tasks_counted_on_update AFTER UPDATE ON tasks
        FOR EACH ROW EXECUTE FUNCTION taskbox_task_updated();
    )sql",
    // 2: server-side sessions of the Better Auth routes (SQLite's version 5), found by a
    // digest of their token. A user's sessions go with the user.
    R"sql(
      CREATE TABLE sessions (
        id         text PRIMARY KEY,
        token_key  text NOT NULL CONSTRAINT sessions_token_key_key UNIQUE,
        user_id    text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at bigint NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        ip_address text NOT NULL DEFAULT '',
        user_agent text NOT NULL DEFAULT ''
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);
    )sql",
    // 3: the signing keys of the EdDSA tokens other services verify (SQLite's version 6),
    // Better Auth's jwks table in taskbox's terms.
    R"sql(
      CREATE TABLE jwks (
        id          text PRIMARY KEY,
        public_key  text NOT NULL,
        private_key text NOT NULL,
        created_at  bigint NOT NULL,
        expires_at  bigint,
        alg         text,
        crv         text
      );
    )sql",
};

}  // namespace

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

int schema_version(Connection& connection) {
  // NOTE: to_regclass: a database never migrated has no table yet, which is version 0.
  const Result version = connection.exec(
      "SELECT CASE WHEN to_regclass('taskbox_schema') IS NULL THEN 0 "
      "ELSE (SELECT coalesce(max(version), 0) FROM taskbox_schema) END");
  return static_cast<int>(version.int64(0, 0));
}

void migrate(Connection& connection) {
  Transaction transaction(connection);
  connection.exec_script(kMigrationLock);
  connection.exec_script("CREATE TABLE IF NOT EXISTS taskbox_schema (version integer NOT NULL)");
  const Result row = connection.exec("SELECT version FROM taskbox_schema");
  const int current = row.empty() ? 0 : static_cast<int>(row.int64(0, 0));
  if (current > latest_schema_version()) {
    throw core::Error(core::ErrorCode::internal_error, "Internal server error")
        .with_log_detail("the database has schema version " + std::to_string(current) +
                         ", newer than this taskbox (" + std::to_string(latest_schema_version()) +
                         "); upgrade taskbox");
  }
  if (current == latest_schema_version()) return;  // NOTE: the rollback only ends the lock
  for (int version = current + 1; version <= latest_schema_version(); ++version) {
    connection.exec_script(kMigrations[static_cast<std::size_t>(version - 1)]);
  }
  if (row.empty()) {
    connection.exec("INSERT INTO taskbox_schema (version) VALUES ($1)", {latest_schema_version()});
  } else {
    connection.exec("UPDATE taskbox_schema SET version = $1", {latest_schema_version()});
  }
  transaction.commit();
}

}  // namespace taskbox::storage::postgres::detail

#include "taskbox/storage/postgres/postgres_store.h"

#include "migrations.h"
#include "pool.h"
#include "repositories.h"
#include "store_copy.h"
#include "url.h"

namespace taskbox::storage::postgres {
namespace {

// How long ping() waits for a pooled connection: a health probe answers promptly.
constexpr std::chrono::milliseconds kPingWaitLimit{1000};

}  // namespace

struct PostgresStore::Impl {
  explicit Impl(const StoreOptions& options)
      : url(options.database_url),
        durable_commits(options.durable_commits),
        pool(options.database_url, options.connections, options.durable_commits),
        users(pool),
        tasks(pool),
        revocations(pool),
        login_attempts(pool),
        registrations(pool),
        sessions(pool),
        jwks(pool) {}

  const std::string url;  // NOTE: may hold a password: never in a message
  const bool durable_commits;
  detail::Pool pool;
  UserTable users;
  TaskTable tasks;
  RevocationTable revocations;
  LoginAttemptTable login_attempts;
  RegistrationAttemptTable registrations;
  SessionTable sessions;
  JwksTable jwks;
};

PostgresStore::PostgresStore(const StoreOptions& options) {
  detail::check_url(options.database_url);
  impl_ = std::make_unique<Impl>(options);
  try {
    // NOTE: the first connection is made here, so a server that cannot be reached, or
    // refuses the login, stops taskbox at start rather than at its first request.
    impl_->pool.run("open database", [](detail::Connection& c) { detail::migrate(c); });
  } catch (core::Error& error) {
    // NOTE: libpq's messages name the host and user, never the password; masked anyway in
    // case a message ever quotes the URL.
    error.with_log_detail(
        detail::without_password("PostgreSQL: " + error.log_detail(), options.database_url));
    throw;
  }
}

PostgresStore::~PostgresStore() = default;

UserRepository& PostgresStore::users() { return impl_->users; }
TaskRepository& PostgresStore::tasks() { return impl_->tasks; }
TokenRevocations& PostgresStore::revocations() { return impl_->revocations; }
LoginAttempts& PostgresStore::login_attempts() { return impl_->login_attempts; }
RegistrationAttempts& PostgresStore::registrations() { return impl_->registrations; }
SessionRepository& PostgresStore::sessions() { return impl_->sessions; }
JwksRepository& PostgresStore::jwks() { return impl_->jwks; }

bool PostgresStore::ping() noexcept {
  try {
    return impl_->pool.run(
        "ping", [](detail::Connection& c) { return c.exec("SELECT 1").rows() == 1; }, kPingWaitLimit);
  } catch (...) {
    return false;
  }
}

std::optional<std::uint64_t> PostgresStore::disk_bytes() const noexcept {
  try {
    return impl_->pool.run(
        "database size",
        [](detail::Connection& c) {
          return static_cast<std::uint64_t>(c.exec("SELECT pg_database_size(current_database())").int64(0, 0));
        },
        kPingWaitLimit);
  } catch (...) {
    return std::nullopt;
  }
}

int PostgresStore::schema_version() {
  return impl_->pool.run("schema version", [](detail::Connection& c) { return detail::schema_version(c); });
}

int PostgresStore::latest_schema_version() const { return detail::latest_schema_version(); }

const char* PostgresStore::backend() const noexcept { return "postgres"; }

std::unique_ptr<StoreExport> PostgresStore::begin_export() {
  return detail::begin_export(impl_->url, impl_->durable_commits);
}

std::unique_ptr<StoreImport> PostgresStore::begin_import() {
  return detail::begin_import(impl_->url, impl_->durable_commits);
}

}  // namespace taskbox::storage::postgres

#include "store_test.h"

#include <cstdlib>

#include "temp_dir.h"
#if TASKBOX_TEST_WITH_POSTGRES
#include "pg_test_database.h"
#endif

namespace taskbox::storage::test {

std::string backend_name(const testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "Sqlite" : "Postgres";
}

void PrintTo(Backend backend, std::ostream* out) { *out << (backend == Backend::sqlite ? "sqlite" : "postgres"); }

struct TestDatabase::Impl {
  std::optional<test_support::TempDir> dir;  // SQLite
#if TASKBOX_TEST_WITH_POSTGRES
  std::optional<test_support::PgTestDatabase> database;  // PostgreSQL
#endif
};

TestDatabase::TestDatabase(Backend backend) : impl_(std::make_unique<Impl>()) {
  if (backend == Backend::sqlite) {
    impl_->dir.emplace();
    return;
  }
#if TASKBOX_TEST_WITH_POSTGRES
  const auto admin_url = test_support::postgres_admin_url();
  if (!admin_url) {
    unavailable_ = test_support::kNoPostgresServer;
    return;
  }
  impl_->database.emplace(*admin_url);
#else
  unavailable_ = "this build has no PostgreSQL backend (libpq was not found, or TASKBOX_POSTGRES is off)";
#endif
}

TestDatabase::~TestDatabase() = default;

std::unique_ptr<Store> TestDatabase::open(unsigned connections) const {
  StoreOptions options;
  options.connections = connections;
  options.durable_commits = false;  // NOTE: fsync proves nothing here and slows every test
  if (impl_->dir) {
    options.sqlite_file = impl_->dir->path() / "taskbox.db";
  }
#if TASKBOX_TEST_WITH_POSTGRES
  if (impl_->database) options.database_url = impl_->database->url();
#endif
  return open_store(options);
}

}  // namespace taskbox::storage::test

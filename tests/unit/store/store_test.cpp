#include "store_test.h"

#include <cstdlib>

#include "temp_dir.h"

namespace taskbox::storage::test {

std::string backend_name(const testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "Sqlite" : "Postgres";
}

void PrintTo(Backend backend, std::ostream* out) { *out << (backend == Backend::sqlite ? "sqlite" : "postgres"); }

struct TestDatabase::Impl {
  std::optional<test_support::TempDir> dir;  // SQLite
  std::string url;                           // PostgreSQL
};

TestDatabase::TestDatabase(Backend backend) : impl_(std::make_unique<Impl>()) {
  if (backend == Backend::sqlite) {
    impl_->dir.emplace();
    return;
  }
  unavailable_ = "PostgreSQL is not tested by this build";
}

TestDatabase::~TestDatabase() = default;

std::unique_ptr<Store> TestDatabase::open(unsigned connections) const {
  StoreOptions options;
  options.connections = connections;
  options.durable_commits = false;  // NOTE: fsync proves nothing here and slows every test
  if (impl_->dir) {
    options.sqlite_file = impl_->dir->path() / "taskbox.db";
  } else {
    options.database_url = impl_->url;
  }
  return open_store(options);
}

}  // namespace taskbox::storage::test

#pragma once
// The fixture of the PostgreSQL backend's tests: a fresh database and a PostgresStore on
// it; every test is skipped, saying why, when no test server is configured.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "pg_test_database.h"
#include "taskbox/core/model.h"
#include "taskbox/storage/postgres/postgres_store.h"

namespace taskbox::storage::postgres::test {

inline StoreOptions options_for(const std::string& url) {
  StoreOptions options;
  options.database_url = url;
  options.connections = 4;
  options.durable_commits = false;  // NOTE: the test cluster does not fsync anyway
  return options;
}

inline core::UserRecord user_record(const std::string& id, const std::string& email) {
  return {core::User{id, email, "Name of " + id, 1'000}, "$argon2id$v=19$m=8,t=1,p=1$hash-of-" + id};
}

class PostgresTest : public testing::Test {
 protected:
  void SetUp() override {
    const auto admin_url = test_support::postgres_admin_url();
    if (!admin_url) GTEST_SKIP() << test_support::kNoPostgresServer;
    database_.emplace(*admin_url);
    store_ = std::make_unique<PostgresStore>(options_for(database_->url()));
  }
  void TearDown() override {
    store_.reset();
    database_.reset();
  }

  // Another store on the same database, as a second taskbox instance would open.
  std::unique_ptr<PostgresStore> second_instance() const {
    return std::make_unique<PostgresStore>(options_for(database_->url()));
  }

  Store& store() { return *store_; }
  UserRepository& users() { return store_->users(); }
  TaskRepository& tasks() { return store_->tasks(); }

  std::optional<test_support::PgTestDatabase> database_;
  std::unique_ptr<PostgresStore> store_;
};

}  // namespace taskbox::storage::postgres::test

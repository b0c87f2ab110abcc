#pragma once
// Test support for the store contract: every test of tests/unit/store/ runs once per
// backend, on a fresh, empty database of its own: a SQLite file in a temporary folder,
// or a new database on the test run's PostgreSQL cluster (TASKBOX_TEST_POSTGRES_URL,
// set by ctest; without it, or in a build without PostgreSQL, the PostgreSQL half is
// skipped with the reason).

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "taskbox/core/model.h"
#include "taskbox/storage/store.h"

namespace taskbox::storage::test {

enum class Backend { sqlite, postgres };

std::string backend_name(const testing::TestParamInfo<Backend>& info);
void PrintTo(Backend backend, std::ostream* out);  // GoogleTest names the parameter with it

// Where one test's data lives; open() opens a store on it (again, for reopen tests).
class TestDatabase {
 public:
  explicit TestDatabase(Backend backend);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // Empty when the backend can be tested here; otherwise why not.
  const std::string& unavailable() const { return unavailable_; }
  std::unique_ptr<Store> open(unsigned connections = 4) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string unavailable_;
};

inline core::UserRecord user_record(const std::string& id, const std::string& email) {
  return {core::User{id, email, "Name of " + id, 1'000}, "$argon2id$v=19$m=8,t=1,p=1$hash-of-" + id};
}

class StoreTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    database_.emplace(GetParam());
    if (!database_->unavailable().empty()) GTEST_SKIP() << database_->unavailable();
    store_ = database_->open();
  }
  void TearDown() override { store_.reset(); }

  Store& store() { return *store_; }
  UserRepository& users() { return store_->users(); }
  TaskRepository& tasks() { return store_->tasks(); }
  // Users "alice" and "bob", whose tasks most tests work with.
  void add_alice_and_bob() {
    users().create(user_record("alice", "alice@example.com"));
    users().create(user_record("bob", "bob@example.com"));
  }
  // Closes the store and opens the same database again.
  void reopen() {
    store_.reset();
    store_ = database_->open();
  }
  // A second store on the same database, as another taskbox instance would open it.
  std::unique_ptr<Store> open_another() const { return database_->open(); }

 private:
  std::optional<TestDatabase> database_;
  std::unique_ptr<Store> store_;
};

}  // namespace taskbox::storage::test

// Runs the TEST_Ps of `suite` on every backend.
#define TASKBOX_ON_EVERY_BACKEND(suite)                                                                   \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                                               \
                           testing::Values(::taskbox::storage::test::Backend::sqlite,                     \
                                           ::taskbox::storage::test::Backend::postgres),                  \
                           ::taskbox::storage::test::backend_name)

#pragma once
// Test support for copying stores (copy.h): a source and a target store, each on a fresh
// database of its backend, in every direction between the backends.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "store_test.h"

namespace taskbox::storage::test {

// "Now" of the copies, in Unix seconds: revocations and sessions expiring before it stay
// behind.
constexpr std::int64_t kNowS = 1'900'000'000;

inline std::string direction_name(const testing::TestParamInfo<std::tuple<Backend, Backend>>& info) {
  const auto name = [](Backend backend) { return backend == Backend::sqlite ? "Sqlite" : "Postgres"; };
  return std::string(name(std::get<0>(info.param))) + "To" + name(std::get<1>(info.param));
}

// A source store and a target store, each on a fresh database of its backend.
class StoreCopyTest : public testing::TestWithParam<std::tuple<Backend, Backend>> {
 protected:
  void SetUp() override {
    source_database_.emplace(std::get<0>(GetParam()));
    target_database_.emplace(std::get<1>(GetParam()));
    for (const TestDatabase* database : {&*source_database_, &*target_database_}) {
      if (!database->unavailable().empty()) GTEST_SKIP() << database->unavailable();
    }
    source_ = source_database_->open();
    target_ = target_database_->open();
  }

  // Another empty store of the target's backend.
  std::unique_ptr<Store> another_target() {
    extra_databases_.push_back(std::make_unique<TestDatabase>(std::get<1>(GetParam())));
    return extra_databases_.back()->open();
  }

  Store& source() { return *source_; }
  Store& target() { return *target_; }

 private:
  std::optional<TestDatabase> source_database_;
  std::optional<TestDatabase> target_database_;
  std::vector<std::unique_ptr<TestDatabase>> extra_databases_;
  std::unique_ptr<Store> source_;
  std::unique_ptr<Store> target_;
};

}  // namespace taskbox::storage::test

// Runs the TEST_Ps of `suite` (a StoreCopyTest) from and to every backend.
#define TASKBOX_IN_EVERY_DIRECTION(suite)                                                           \
  INSTANTIATE_TEST_SUITE_P(Directions, suite,                                                       \
                           testing::Combine(testing::Values(taskbox::storage::test::Backend::sqlite, \
                                                            taskbox::storage::test::Backend::postgres), \
                                            testing::Values(taskbox::storage::test::Backend::sqlite, \
                                                            taskbox::storage::test::Backend::postgres)), \
                           taskbox::storage::test::direction_name)

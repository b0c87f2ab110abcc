// Copying a whole store (copy.h): every direction between the backends, every field of
// every row as it was, the counters and the task ids after the copy, the snapshot the
// export reads, the refusal of a target that holds data, and copy_store()'s own checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "store_copy_fixture.h"
#include "store_test.h"
#include "taskbox/core/error.h"

namespace taskbox::storage {
namespace {

using test::Backend;
using test::kNowS;
using test::StoreCopyTest;
using test::TestDatabase;

auto fields(const core::Task& task) {
  return std::make_tuple(task.id, task.user_id, task.title, task.description, task.completed, task.created_at,
                         task.updated_at);
}

auto fields(const UserRow& row) {
  const core::User& user = row.record.user;
  return std::make_tuple(user.id, user.email, user.name, user.created_at, row.record.password_hash,
                         row.tokens_valid_after_s);
}

auto fields(const RevocationRow& row) { return std::make_tuple(row.token_key, row.expires_at_s); }

// Every row of `store`, read through its export, as tuples of every field.
std::vector<std::tuple<std::string, std::string, std::string, std::int64_t, std::string, std::int64_t>> all_users(
    Store& store) {
  std::vector<std::tuple<std::string, std::string, std::string, std::int64_t, std::string, std::int64_t>> out;
  store.begin_export()->users(kCopyBatchRows, [&](const std::vector<UserRow>& rows) {
    for (const UserRow& row : rows) out.push_back(fields(row));
  });
  return out;
}

std::vector<std::tuple<std::int64_t, std::string, std::string, std::string, bool, std::int64_t, std::int64_t>>
all_tasks(Store& store) {
  std::vector<std::tuple<std::int64_t, std::string, std::string, std::string, bool, std::int64_t, std::int64_t>> out;
  store.begin_export()->tasks(kCopyBatchRows, [&](const std::vector<core::Task>& rows) {
    for (const core::Task& task : rows) out.push_back(fields(task));
  });
  return out;
}

std::vector<std::tuple<std::string, std::int64_t>> live_revocations(Store& store, std::int64_t now_s) {
  std::vector<std::tuple<std::string, std::int64_t>> out;
  store.begin_export()->revocations(now_s, kCopyBatchRows, [&](const std::vector<RevocationRow>& rows) {
    for (const RevocationRow& row : rows) out.push_back(fields(row));
  });
  return out;
}

const core::User kAda{"0c7e2f3a-5d41-4b6e-9f0a-ada000000001", "ada@example.com", "Ada Lovelace ✓", 1'700'000'000'123};
const core::User kBob{"7b1d9e44-2c3f-4a8b-8e6d-b0b000000002", "bob@example.com", "Bõb \"the\" \\builder\\ {1,2}",
                      1'700'000'100'456};
const core::User kCy{"f00dfeed-0000-4000-8000-c00000000003", "cy@example.com", "", 1'700'000'200'789};

// What fill() puts in a store, to check the copy against figures written down here,
// not only against the source.
struct Expected {
  std::vector<std::int64_t> task_ids;  // of the tasks that remain, ascending
  std::int64_t ada_completed = 0;
  std::int64_t ada_all = 0;
  std::int64_t bob_completed = 0;
  std::int64_t bob_all = 0;
};

core::TaskChanges changes(std::optional<std::string> title, std::optional<std::string> description,
                          std::optional<bool> completed) {
  core::TaskChanges out;
  out.title = std::move(title);
  out.description = std::move(description);
  out.completed = completed;
  return out;
}

// Three users (one without tasks, one with a new password and tokens voided before a
// time), tasks completed and not, updated, with text that means something to SQL or
// to PostgreSQL's array syntax, gaps in the ids, and revocations: live, expiring at
// `kNowS` exactly (still live) and expired.
Expected fill(Store& store) {
  UserRepository& users = store.users();
  users.create({kAda, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaC1vZi1hZGE"});
  users.create({kBob, "$argon2id$v=19$m=19456,t=2,p=1$b2xkc2FsdA$b2xkLWhhc2g"});
  users.create({kCy, "$argon2id$v=19$m=19456,t=2,p=1$Y3lzYWx0$aGFzaC1vZi1jeQ"});
  EXPECT_TRUE(users.replace_password(kBob.email, "$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3LWhhc2g",
                                     1'800'000'000));

  TaskRepository& tasks = store.tasks();
  Expected expected;
  const auto keep = [&](const core::Task& task) { expected.task_ids.push_back(task.id); };
  const core::Task milk = tasks.create(kAda.id, "Buy milk", "2 litres, \"organic\"", 1'700'000'001'000, 0);
  keep(milk);
  tasks.update(kAda.id, milk.id, changes(std::nullopt, std::nullopt, true), 1'700'000'002'000);
  const core::Task unicode =
      tasks.create(kAda.id, "日本語のタスク ✓ 🚀 Ünïcødé", "{\"braces\", commas, and \\backslashes\\}\nsecond line",
                   1'700'000'003'000, 0);
  keep(unicode);
  const core::Task gone = tasks.create(kAda.id, "deleted, leaves a gap", "", 1'700'000'004'000, 0);
  EXPECT_TRUE(tasks.remove(kAda.id, gone.id));
  const core::Task null_title = tasks.create(kAda.id, "NULL", "", 1'700'000'005'000, 0);
  keep(null_title);
  const core::Task edited = tasks.create(kAda.id, "first title", "first description", 1'700'000'006'000, 0);
  keep(edited);
  tasks.update(kAda.id, edited.id, changes("  edited title  ", "", true), 1'700'000'007'000);
  tasks.update(kAda.id, edited.id, changes(std::nullopt, "edited again", std::nullopt), 1'700'000'007'000);
  expected.ada_all = 4;
  expected.ada_completed = 2;

  const core::Task report = tasks.create(kBob.id, "Write the report", "", 1'700'000'101'000, 0);
  keep(report);
  tasks.update(kBob.id, report.id, changes(std::nullopt, std::nullopt, true), 1'700'000'102'000);
  keep(tasks.create(kBob.id, "a title with 'quotes' and a \ttab", "desc", 1'700'000'103'000, 0));
  // NOTE: the highest id given out is deleted: the copy must still never hand it out again
  // where it would collide, and never reuse a copied one.
  const core::Task last = tasks.create(kBob.id, "deleted last", "", 1'700'000'104'000, 0);
  EXPECT_TRUE(tasks.remove(kBob.id, last.id));
  expected.bob_all = 2;
  expected.bob_completed = 1;

  TokenRevocations& revocations = store.revocations();
  revocations.revoke("live-token", kNowS + 3'600);
  revocations.revoke("expires-now", kNowS);
  revocations.revoke("expired-token", kNowS - 1);
  std::sort(expected.task_ids.begin(), expected.task_ids.end());
  return expected;
}

std::int64_t total(Store& store, const std::string& user_id, core::TaskStatusFilter status) {
  core::TaskListQuery query;
  query.status = status;
  return store.tasks().list(user_id, query).total;
}

std::vector<std::int64_t> listed_ids(Store& store, const std::string& user_id, core::TaskSort sort,
                                     core::SortOrder order) {
  core::TaskListQuery query;
  query.sort = sort;
  query.order = order;
  std::vector<std::int64_t> ids;
  for (const core::Task& task : store.tasks().list(user_id, query).tasks) ids.push_back(task.id);
  return ids;
}

TEST_P(StoreCopyTest, CopiesEveryFieldOfUsersTasksAndLiveRevocations) {
  const Expected expected = fill(source());
  // NOTE: batches of 2: several per kind, the last one full or short.
  const CopyReport report = copy_store(source(), target(), kNowS, 2);

  const auto task_count = static_cast<std::int64_t>(expected.task_ids.size());
  EXPECT_EQ(report.read.users, 3);
  EXPECT_EQ(report.read.tasks, task_count);
  EXPECT_EQ(report.read.revocations, 2);  // the expired one stays behind
  EXPECT_EQ(report.written.users, 3);
  EXPECT_EQ(report.written.tasks, task_count);
  EXPECT_EQ(report.written.revocations, 2);

  // Every field of every row, as the export of each store reads it.
  EXPECT_EQ(all_users(target()), all_users(source()));
  EXPECT_EQ(all_tasks(target()), all_tasks(source()));
  EXPECT_EQ(live_revocations(target(), 0), live_revocations(source(), kNowS));

  // And as the repositories read them.
  for (const core::User& user : {kAda, kBob, kCy}) {
    const auto copied = target().users().find_by_email(user.email);
    const auto original = source().users().find_by_email(user.email);
    ASSERT_TRUE(copied.has_value()) << user.email;
    EXPECT_EQ(copied->user.id, user.id);
    EXPECT_EQ(copied->user.email, user.email);
    EXPECT_EQ(copied->user.name, user.name);
    EXPECT_EQ(copied->user.created_at, user.created_at);
    EXPECT_EQ(copied->password_hash, original->password_hash);
    EXPECT_EQ(target().users().find_token_owner(user.id, "any").tokens_valid_after_s,
              source().users().find_token_owner(user.id, "any").tokens_valid_after_s);
  }
  EXPECT_EQ(target().users().find_by_email(kBob.email)->password_hash,
            "$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3LWhhc2g");
  EXPECT_EQ(target().users().find_token_owner(kBob.id, "any").tokens_valid_after_s, 1'800'000'000);
  for (const auto& [id, user_id, title, description, completed, created_at, updated_at] : all_tasks(source())) {
    const auto copied = target().tasks().find(user_id, id);
    ASSERT_TRUE(copied.has_value()) << id;
    EXPECT_EQ(fields(*copied), fields(*source().tasks().find(user_id, id)));
  }
  std::vector<std::int64_t> copied_ids;
  for (const auto& row : all_tasks(target())) copied_ids.push_back(std::get<0>(row));
  EXPECT_EQ(copied_ids, expected.task_ids);
  const core::Task unicode = *target().tasks().find(kAda.id, expected.task_ids.at(1));
  EXPECT_EQ(unicode.title, "日本語のタスク ✓ 🚀 Ünïcødé");
  EXPECT_EQ(unicode.description, "{\"braces\", commas, and \\backslashes\\}\nsecond line");
  EXPECT_EQ(target().tasks().find(kAda.id, expected.task_ids.at(2))->title, "NULL");

  // The revocations: live ones and the one expiring now; not the expired one.
  EXPECT_TRUE(target().revocations().is_revoked("live-token"));
  EXPECT_TRUE(target().revocations().is_revoked("expires-now"));
  EXPECT_FALSE(target().revocations().is_revoked("expired-token"));

  // The counters the lists and the quota use: totals per status, task counts.
  for (const auto& [user_id, all, completed] :
       {std::make_tuple(kAda.id, expected.ada_all, expected.ada_completed),
        std::make_tuple(kBob.id, expected.bob_all, expected.bob_completed), std::make_tuple(kCy.id, std::int64_t{0}, std::int64_t{0})}) {
    EXPECT_EQ(total(target(), user_id, core::TaskStatusFilter::all), all) << user_id;
    EXPECT_EQ(total(target(), user_id, core::TaskStatusFilter::completed), completed) << user_id;
    EXPECT_EQ(total(target(), user_id, core::TaskStatusFilter::pending), all - completed) << user_id;
  }
  std::vector<std::tuple<std::string, std::int64_t>> task_counts;
  for (const UserSummary& summary : target().users().list_all()) {
    task_counts.emplace_back(summary.user.email, summary.task_count);
  }
  EXPECT_EQ(task_counts, (std::vector<std::tuple<std::string, std::int64_t>>{
                             {kAda.email, expected.ada_all}, {kBob.email, expected.bob_all}, {kCy.email, 0}}));
  // The quota counts the copied tasks: Bob holds 2, so a limit of 2 refuses a third.
  try {
    target().tasks().create(kBob.id, "over the limit", "", 1'800'000'000'000, 2);
    ADD_FAILURE() << "a third task was created under a limit of 2";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::task_limit_reached);
  }

  // Every sort lists the same tasks in the same order on both.
  for (const core::TaskSort sort : {core::TaskSort::created, core::TaskSort::updated, core::TaskSort::title}) {
    for (const core::SortOrder order : {core::SortOrder::asc, core::SortOrder::desc}) {
      EXPECT_EQ(listed_ids(target(), kAda.id, sort, order), listed_ids(source(), kAda.id, sort, order));
    }
  }

  // New tasks get ids after every copied one, and changes keep the counters right.
  const core::Task fresh = target().tasks().create(kCy.id, "after the copy", "", 1'800'000'000'000, 0);
  EXPECT_GT(fresh.id, expected.task_ids.back());
  const core::Task second = target().tasks().create(kAda.id, "and another", "", 1'800'000'000'001, 0);
  EXPECT_GT(second.id, fresh.id);
  target().tasks().update(kAda.id, expected.task_ids.at(1), changes(std::nullopt, std::nullopt, true),
                          1'800'000'000'002);
  EXPECT_EQ(total(target(), kAda.id, core::TaskStatusFilter::all), expected.ada_all + 1);
  EXPECT_EQ(total(target(), kAda.id, core::TaskStatusFilter::completed), expected.ada_completed + 1);
  EXPECT_TRUE(target().tasks().remove(kAda.id, expected.task_ids.at(0)));
  EXPECT_EQ(total(target(), kAda.id, core::TaskStatusFilter::completed), expected.ada_completed);

  // The source is as it was.
  EXPECT_EQ(total(source(), kAda.id, core::TaskStatusFilter::all), expected.ada_all);
  EXPECT_TRUE(source().revocations().is_revoked("expired-token"));
}

TEST_P(StoreCopyTest, TheBatchSizeChangesNothing) {
  fill(source());
  const auto expected_tasks = all_tasks(source());
  for (const std::size_t batch_rows : {std::size_t{1}, std::size_t{3}, kCopyBatchRows}) {
    const auto copy = another_target();
    const CopyReport report = copy_store(source(), *copy, kNowS, batch_rows);
    EXPECT_EQ(report.written.tasks, static_cast<std::int64_t>(expected_tasks.size())) << batch_rows;
    EXPECT_EQ(all_tasks(*copy), expected_tasks) << batch_rows;
    EXPECT_EQ(all_users(*copy), all_users(source())) << batch_rows;
    EXPECT_EQ(live_revocations(*copy, 0), live_revocations(source(), kNowS)) << batch_rows;
  }
}

TEST_P(StoreCopyTest, AnEmptyStoreCopiesAsNothing) {
  const CopyReport report = copy_store(source(), target(), kNowS);
  EXPECT_EQ(report.read.users + report.read.tasks + report.read.revocations, 0);
  EXPECT_EQ(report.written.users + report.written.tasks + report.written.revocations, 0);
  target().users().create(test::user_record("alice", "alice@example.com"));
  EXPECT_GT(target().tasks().create("alice", "first", "", 1'000, 0).id, 0);
}

TEST_P(StoreCopyTest, RefusesATargetThatHoldsAUserAndWritesNothing) {
  fill(source());
  target().users().create(test::user_record("already-there", "there@example.com"));
  try {
    copy_store(source(), target(), kNowS);
    FAIL() << "copied into a store that holds a user";
  } catch (const TargetNotEmpty& e) {
    EXPECT_EQ(e.held().users, 1);
    EXPECT_EQ(e.held().tasks, 0);
  }
  ASSERT_EQ(target().users().list_all().size(), 1u);
  EXPECT_EQ(target().users().list_all().front().user.email, "there@example.com");
  EXPECT_FALSE(target().users().find_by_email(kAda.email).has_value());
  EXPECT_TRUE(all_tasks(target()).empty());
  EXPECT_FALSE(target().revocations().is_revoked("live-token"));
  EXPECT_EQ(target().tasks().create("already-there", "new", "", 1'000, 0).id, 1);
}

TEST_P(StoreCopyTest, RefusesATargetThatHoldsTasks) {
  fill(source());
  target().users().create(test::user_record("already-there", "there@example.com"));
  target().tasks().create("already-there", "a task", "", 1'000, 0);
  try {
    copy_store(source(), target(), kNowS);
    FAIL() << "copied into a store that holds a task";
  } catch (const TargetNotEmpty& e) {
    EXPECT_EQ(e.held().users, 1);
    EXPECT_EQ(e.held().tasks, 1);
  }
  EXPECT_EQ(all_tasks(target()).size(), 1u);
  EXPECT_EQ(target().users().list_all().size(), 1u);
}

TEST_P(StoreCopyTest, ARevocationTheTargetHoldsKeepsTheLaterExpiry) {
  fill(source());
  // Revocations alone are not taskbox data to protect: e.g. every user was deleted.
  target().revocations().revoke("live-token", kNowS + 7'200);
  target().revocations().revoke("expires-now", kNowS - 100);
  const CopyReport report = copy_store(source(), target(), kNowS);
  EXPECT_EQ(report.written.revocations, 2);
  EXPECT_EQ(live_revocations(target(), 0),
            (std::vector<std::tuple<std::string, std::int64_t>>{{"expires-now", kNowS}, {"live-token", kNowS + 7'200}}));
}

// The export of one store: one snapshot, whatever is written meanwhile.
class StoreExportTest : public test::StoreTest {};

TEST_P(StoreExportTest, ReadsOneSnapshotWhileTheStoreIsWritten) {
  users().create(test::user_record("alice", "alice@example.com"));
  const core::Task first = tasks().create("alice", "before the export", "", 1'000, 0);
  store().revocations().revoke("before", kNowS + 10);

  const auto snapshot = store().begin_export();
  // Written after the export began, by this store and by another instance.
  const auto other_instance = open_another();
  users().create(test::user_record("bob", "bob@example.com"));
  tasks().create("alice", "after the export", "", 2'000, 0);
  other_instance->tasks().create("alice", "after, elsewhere", "", 3'000, 0);
  tasks().update("alice", first.id, changes("changed after", std::nullopt, true), 4'000);
  store().revocations().revoke("after", kNowS + 10);

  const StoreCounts counts = snapshot->counts(kNowS);
  EXPECT_EQ(counts.users, 1);
  EXPECT_EQ(counts.tasks, 1);
  EXPECT_EQ(counts.revocations, 1);
  std::vector<std::string> user_ids;
  snapshot->users(1, [&](const std::vector<UserRow>& rows) {
    for (const UserRow& row : rows) user_ids.push_back(row.record.user.id);
  });
  EXPECT_EQ(user_ids, std::vector<std::string>{"alice"});
  std::vector<core::Task> seen;
  snapshot->tasks(1, [&](const std::vector<core::Task>& rows) { seen.insert(seen.end(), rows.begin(), rows.end()); });
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].title, "before the export");
  EXPECT_FALSE(seen[0].completed);
  std::vector<std::string> keys;
  snapshot->revocations(kNowS, 1, [&](const std::vector<RevocationRow>& rows) {
    for (const RevocationRow& row : rows) keys.push_back(row.token_key);
  });
  EXPECT_EQ(keys, std::vector<std::string>{"before"});
}

TASKBOX_ON_EVERY_BACKEND(StoreExportTest);

// A store whose import drops the last task of every batch yet claims to have written
// it, or owns up to it: copy_store() must notice either way.
class LossyStore final : public Store {
 public:
  LossyStore(Store& inner, bool honest) : inner_(inner), honest_(honest) {}

  UserRepository& users() override { return inner_.users(); }
  TaskRepository& tasks() override { return inner_.tasks(); }
  TokenRevocations& revocations() override { return inner_.revocations(); }
  LoginAttempts& login_attempts() override { return inner_.login_attempts(); }
  RegistrationAttempts& registrations() override { return inner_.registrations(); }
  SessionRepository& sessions() override { return inner_.sessions(); }
  JwksRepository& jwks() override { return inner_.jwks(); }
  bool ping() noexcept override { return inner_.ping(); }
  std::optional<std::uint64_t> disk_bytes() const noexcept override { return inner_.disk_bytes(); }
  int schema_version() override { return inner_.schema_version(); }
  int latest_schema_version() const override { return inner_.latest_schema_version(); }
  const char* backend() const noexcept override { return inner_.backend(); }
  std::unique_ptr<StoreExport> begin_export() override { return inner_.begin_export(); }

  std::unique_ptr<StoreImport> begin_import() override {
    class Lossy final : public StoreImport {
     public:
      Lossy(std::unique_ptr<StoreImport> inner, bool honest) : inner_(std::move(inner)), honest_(honest) {}
      StoreCounts counts() override { return inner_->counts(); }
      std::int64_t add_users(const std::vector<UserRow>& rows) override { return inner_->add_users(rows); }
      std::int64_t add_tasks(const std::vector<core::Task>& rows) override {
        const std::vector<core::Task> kept(rows.begin(), rows.end() - 1);
        const std::int64_t written = inner_->add_tasks(kept);
        return honest_ ? written : static_cast<std::int64_t>(rows.size());
      }
      std::int64_t add_revocations(const std::vector<RevocationRow>& rows) override {
        return inner_->add_revocations(rows);
      }
      std::int64_t add_sessions(const std::vector<SessionRecord>& rows) override { return inner_->add_sessions(rows); }
      std::int64_t add_keys(const std::vector<JwkRecord>& rows) override { return inner_->add_keys(rows); }
      Finished finish() override { return inner_->finish(); }
      void commit() override { inner_->commit(); }

     private:
      std::unique_ptr<StoreImport> inner_;
      bool honest_;
    };
    return std::make_unique<Lossy>(inner_.begin_import(), honest_);
  }

 private:
  Store& inner_;
  bool honest_;
};

TEST_P(StoreCopyTest, ALostRowFailsTheCopy) {
  fill(source());
  for (const bool honest : {true, false}) {
    const auto copy = another_target();
    LossyStore lossy(*copy, honest);
    try {
      copy_store(source(), lossy, kNowS);
      ADD_FAILURE() << "a copy that lost tasks passed its checks (honest: " << honest << ")";
    } catch (const core::Error& e) {
      EXPECT_NE(e.log_detail().find("tasks"), std::string::npos) << e.log_detail();
      EXPECT_NE(e.log_detail().find(honest ? "but wrote" : "but the target holds"), std::string::npos)
          << e.log_detail();
    }
  }
}

// A copy that fails leaves nothing behind (`taskbox migrate`, `taskbox import`), so
// running it again (after fixing what failed) needs no cleaning up first.
TEST_P(StoreCopyTest, AFailedCopyLeavesTheTargetEmptyForTheNextTry) {
  fill(source());
  LossyStore lossy(target(), /*honest=*/false);
  EXPECT_THROW(copy_store(source(), lossy, kNowS, 2), core::Error);
  const StoreCounts held = target().begin_import()->counts();
  EXPECT_EQ(held.users, 0);
  EXPECT_EQ(held.tasks, 0);
  EXPECT_EQ(held.revocations, 0);
  EXPECT_NO_THROW(copy_store(source(), target(), kNowS, 2));
  EXPECT_EQ(target().begin_import()->counts().tasks, source().begin_export()->counts(kNowS).tasks);
}

TASKBOX_IN_EVERY_DIRECTION(StoreCopyTest);

}  // namespace
}  // namespace taskbox::storage

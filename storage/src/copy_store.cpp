// copy_store(): one store's export into another's import, whatever the two backends.
#include <algorithm>
#include <string>

#include "taskbox/core/error.h"
#include "taskbox/storage/copy.h"
#include "taskbox/storage/store.h"

namespace taskbox::storage {
namespace {

core::Error copy_went_wrong(const std::string& why) {
  return core::Error(core::ErrorCode::internal_error, "Internal server error").with_log_detail(why);
}

// Throws when `got` of `what` is not `expected`, naming both and what they count.
void expect_count(const char* what, const char* expected_name, std::int64_t expected, const char* got_name,
                  std::int64_t got) {
  if (got == expected) return;
  throw copy_went_wrong(std::string("the copy does not add up: ") + expected_name + " " + std::to_string(expected) +
                        " " + what + ", " + got_name + " " + std::to_string(got));
}

}  // namespace

std::unique_ptr<StoreImport> begin_import_into_empty(Store& to) {
  // NOTE: the import first: on PostgreSQL it keeps other imports out of the target until
  // it ends, so no two imports can both find it empty.
  auto target = to.begin_import();
  if (const StoreCounts held = target->counts(); held.users != 0 || held.tasks != 0) throw TargetNotEmpty(held);
  return target;
}

CopyReport copy_store(Store& from, Store& to, std::int64_t now_s, std::size_t batch_rows) {
  batch_rows = std::max<std::size_t>(batch_rows, 1);
  const auto target = begin_import_into_empty(to);

  const auto source = from.begin_export();
  const StoreCounts counted = source->counts(now_s);
  CopyReport report;
  // NOTE: users before tasks, which name them.
  source->users(batch_rows, [&](const std::vector<UserRow>& rows) {
    report.read.users += static_cast<std::int64_t>(rows.size());
    report.written.users += target->add_users(rows);
  });
  source->tasks(batch_rows, [&](const std::vector<core::Task>& rows) {
    report.read.tasks += static_cast<std::int64_t>(rows.size());
    report.written.tasks += target->add_tasks(rows);
  });
  source->revocations(now_s, batch_rows, [&](const std::vector<RevocationRow>& rows) {
    report.read.revocations += static_cast<std::int64_t>(rows.size());
    report.written.revocations += target->add_revocations(rows);
  });
  // NOTE: sessions name their users, so they come after them too.
  source->sessions(now_s, batch_rows, [&](const std::vector<SessionRecord>& rows) {
    report.read.sessions += static_cast<std::int64_t>(rows.size());
    report.written.sessions += target->add_sessions(rows);
  });
  const std::vector<JwkRecord> keys = source->keys();
  report.read.keys = static_cast<std::int64_t>(keys.size());
  report.written.keys = target->add_keys(keys);
  const StoreImport::Finished finished = target->finish();

  expect_count("users", "the source's snapshot counted", counted.users, "but read", report.read.users);
  expect_count("tasks", "the source's snapshot counted", counted.tasks, "but read", report.read.tasks);
  expect_count("revoked tokens", "the source's snapshot counted", counted.revocations, "but read",
               report.read.revocations);
  expect_count("sessions", "the source's snapshot counted", counted.sessions, "but read", report.read.sessions);
  expect_count("signing keys", "the source's snapshot counted", counted.keys, "but read", report.read.keys);
  expect_count("users", "read", report.read.users, "but wrote", report.written.users);
  expect_count("tasks", "read", report.read.tasks, "but wrote", report.written.tasks);
  expect_count("revoked tokens", "read", report.read.revocations, "but wrote", report.written.revocations);
  expect_count("sessions", "read", report.read.sessions, "but wrote", report.written.sessions);
  expect_count("signing keys", "read", report.read.keys, "but wrote", report.written.keys);
  expect_count("users", "read", report.read.users, "but the target holds", finished.held.users);
  expect_count("tasks", "read", report.read.tasks, "but the target holds", finished.held.tasks);
  if (finished.miscounted_users != 0) {
    throw copy_went_wrong("the copy does not add up: the task counters of " +
                          std::to_string(finished.miscounted_users) + " users in the target disagree with their tasks");
  }
  target->commit();
  return report;
}

}  // namespace taskbox::storage

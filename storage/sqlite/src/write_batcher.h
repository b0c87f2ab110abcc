#pragma once
// Internal: group commit on the writer connection.
//
// With synchronous=FULL every COMMIT is an fsync, and a write spends nearly all of its
// time waiting for it. So writers that arrive while a commit is under way queue up, and
// the first of them then runs the whole queue in one transaction, each operation in its
// own savepoint, and commits once: concurrent writers share one fsync. There is no timer:
// a lone writer commits at once, and a batch is whatever queued during the last commit.
//
// The promise of one transaction per operation stands: a caller returns only after the
// COMMIT that holds its operation returned, and an operation that throws is undone alone
// (ROLLBACK TO its savepoint) while the rest of its batch commits.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <span>

#include "taskbox/storage/sqlite/database.h"

namespace taskbox::storage::sqlite::detail {

class Connection;

class WriteBatcher {
 public:
  using Operation = std::function<void(Connection&)>;

  // The most operations one transaction takes: a leader answers its own caller only
  // after its whole batch, so a batch is bounded.
  static constexpr std::size_t kMaxBatch = 128;

  explicit WriteBatcher(Connection& writer) : writer_(writer) {}

  // Runs `operation` on the writer inside a transaction it may share with other callers'
  // operations, and returns once that transaction committed. Rethrows what `operation`
  // threw (its changes undone), or the SQLite::Exception that made BEGIN or COMMIT fail
  // or rolled the whole transaction back (then none of its changes were saved).
  // `operation` must not call run() itself: it would wait for its own batch.
  void run(const Operation& operation);

  WriteStats stats() const noexcept;

  // Callers queued now, the batch being run included (for tests).
  std::size_t queued() const;

 private:
  struct Waiter;
  using Batch = std::span<Waiter* const>;

  void lead();
  std::size_t transaction(Batch jobs) noexcept;
  bool run_in_savepoint(Waiter& job) noexcept;
  void rollback() noexcept;

  Connection& writer_;
  mutable std::mutex mutex_;
  // Callers in arrival order; the front one leads, and its batch stays at the front
  // until it is settled.
  std::deque<Waiter*> queue_;
  std::atomic<std::uint64_t> operations_{0};
  std::atomic<std::uint64_t> commits_{0};
};

}  // namespace taskbox::storage::sqlite::detail

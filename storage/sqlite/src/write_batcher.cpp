#include "write_batcher.h"

#include <algorithm>
#include <array>
#include <exception>

#include "connection.h"
#include "taskbox/core/wakeup.h"

namespace taskbox::storage::sqlite::detail {
namespace {

// The error an operation gets when its whole transaction failed: the SQLite error that
// did it (e.g. SQLITE_FULL, so every caller answers "nothing was saved"), or a generic
// one. Each caller gets an exception of its own, since they handle theirs concurrently.
std::exception_ptr transaction_error(const std::exception_ptr& cause) {
  try {
    std::rethrow_exception(cause);
  } catch (const SQLite::Exception& e) {
    // NOTE: rebuilt from the text, not copied: copies of a std::runtime_error share it.
    return std::make_exception_ptr(SQLite::Exception(e.what(), e.getErrorCode()));
  } catch (...) {
    return std::make_exception_ptr(SQLite::Exception("the write transaction failed", SQLITE_ERROR));
  }
}

}  // namespace

struct WriteBatcher::Waiter {
  explicit Waiter(const Operation& op) : operation(op) {}
  const Operation& operation;
  core::Wakeup wakeup;  // NOTE: not the queue's mutex (core/wakeup.h says why)
  std::exception_ptr error;
  bool done = false;   // its operation is settled (error says how)
  bool leads = false;  // it is the front of the queue: it runs the next batch
};

void WriteBatcher::run(const Operation& operation) {
  Waiter self(operation);
  bool first = false;  // NOTE: the first in an empty queue leads at once, unwoken
  {
    const std::lock_guard lock(mutex_);
    queue_.push_back(&self);
    first = queue_.size() == 1;
  }
  if (!first) self.wakeup.wait([&] { return self.done || self.leads; });
  if (!self.done) lead();
  if (self.error) std::rethrow_exception(self.error);
}

WriteStats WriteBatcher::stats() const noexcept {
  return {operations_.load(std::memory_order_relaxed), commits_.load(std::memory_order_relaxed)};
}

std::size_t WriteBatcher::queued() const {
  const std::lock_guard lock(mutex_);
  return queue_.size();
}

// Runs the front of the queue (this caller's batch), then settles it: hands the lead to
// the next caller in line first, so the next batch starts at once, then wakes each caller.
void WriteBatcher::lead() {
  std::array<Waiter*, kMaxBatch> batch{};
  std::size_t size = 0;
  {
    const std::lock_guard lock(mutex_);
    size = std::min(queue_.size(), kMaxBatch);
    std::copy_n(queue_.begin(), size, batch.begin());
  }
  operations_.fetch_add(size, std::memory_order_relaxed);
  for (Batch rest(batch.data(), size); !rest.empty();) rest = rest.subspan(transaction(rest));
  Waiter* next = nullptr;
  {
    const std::lock_guard lock(mutex_);
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(size));
    if (!queue_.empty()) next = queue_.front();
  }
  if (next != nullptr) next->wakeup.signal([next] { next->leads = true; });
  batch[0]->done = true;  // NOTE: the leader itself, on this thread
  for (std::size_t i = 1; i < size; ++i) {
    Waiter* caller = batch[i];
    caller->wakeup.signal([caller] { caller->done = true; });
  }
}

// One transaction over the front of `jobs`; returns how many jobs it settled. That is
// all of them, unless a job's failure made SQLite roll back the whole transaction (e.g.
// SQLITE_FULL, SQLITE_IOERR): then the jobs before it lost their changes and fail too,
// and the ones after it are left for a new transaction.
std::size_t WriteBatcher::transaction(Batch jobs) noexcept {
  std::size_t settled = jobs.size();
  std::exception_ptr failure;
  try {
    writer_.statement("BEGIN IMMEDIATE")->exec();
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      if (!run_in_savepoint(*jobs[i])) {
        settled = i + 1;
        failure = jobs[i]->error;
        break;
      }
    }
    if (!failure) {
      writer_.statement("COMMIT")->exec();
      commits_.fetch_add(1, std::memory_order_relaxed);
      return settled;
    }
  } catch (...) {
    failure = std::current_exception();
  }
  rollback();
  for (std::size_t i = 0; i < settled; ++i) {
    if (!jobs[i]->error) jobs[i]->error = transaction_error(failure);
  }
  return settled;
}

// Runs one job inside a savepoint, undoing only its changes when it throws. False when
// the transaction itself is gone.
bool WriteBatcher::run_in_savepoint(Waiter& job) noexcept {
  try {
    writer_.statement("SAVEPOINT operation")->exec();
    job.operation(writer_);
    writer_.statement("RELEASE operation")->exec();
    return true;
  } catch (...) {
    job.error = std::current_exception();
  }
  try {
    writer_.statement("ROLLBACK TO operation")->exec();
    writer_.statement("RELEASE operation")->exec();
    return true;
  } catch (...) {  // NOTE: "no such savepoint": SQLite rolled back the transaction
    return false;
  }
}

void WriteBatcher::rollback() noexcept {
  try {
    writer_.exec("ROLLBACK");
  } catch (...) {  // NOTE: SQLite may have rolled back already (e.g. after SQLITE_FULL)
  }
}

}  // namespace taskbox::storage::sqlite::detail

#include "pool.h"

namespace taskbox::storage::postgres::detail {

core::Error translate(const Failure& failure, const char* operation) {
  const std::string& state = failure.sqlstate();
  std::string detail = std::string(operation) + ": " + failure.what() +
                       (state.empty() ? std::string() : " (SQLSTATE " + state + ")");
  if (state == "53100") {
    return core::Error(core::ErrorCode::storage_full, "The server is out of storage space; nothing was saved")
        .with_log_detail(std::move(detail));
  }
  // NOTE: a lost or restarting server, one out of connections or memory (class 53), and a
  // conflict still there after kAttempts runs: each may well pass a moment later.
  if (failure.connection_lost() || state.rfind("57P0", 0) == 0 || state.rfind("53", 0) == 0 ||
      failure.retryable()) {
    return core::Error(core::ErrorCode::unavailable, "The database is unavailable; try again shortly")
        .with_retry_after(std::chrono::seconds(1))
        .with_log_detail(std::move(detail));
  }
  return core::Error(core::ErrorCode::internal_error, "Internal server error").with_log_detail(std::move(detail));
}

Pool::Pool(std::string conninfo, unsigned size, bool durable_commits)
    : conninfo_(std::move(conninfo)), size_(size == 0 ? 1 : size), durable_commits_(durable_commits) {}

Pool::~Pool() = default;

std::unique_ptr<Connection> Pool::take(std::chrono::milliseconds wait_limit) {
  std::unique_lock lock(mutex_);
  for (;;) {
    const bool ready = returned_.wait_for(lock, wait_limit, [&] { return !idle_.empty() || open_ < size_; });
    if (!ready) {
      throw core::Error(core::ErrorCode::unavailable, "The database is busy; try again")
          .with_retry_after(std::chrono::seconds(1))
          .with_log_detail("no PostgreSQL connection free within " + std::to_string(wait_limit.count()) +
                           " ms (pool of " + std::to_string(size_) + ")");
    }
    if (idle_.empty()) break;
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    if (!connection->closed_while_idle()) return connection;
    // NOTE: closed by the server while idle: drop it and look again (maybe make one).
    --open_;
    lock.unlock();
    connection.reset();
    lock.lock();
  }
  ++open_;
  lock.unlock();
  try {
    return std::make_unique<Connection>(conninfo_, durable_commits_);
  } catch (...) {
    {
      std::lock_guard relock(mutex_);
      --open_;
    }
    returned_.notify_one();
    throw;
  }
}

void Pool::give_back(std::unique_ptr<Connection> connection) noexcept {
  // NOTE: a connection left mid-transaction (its caller threw past the Transaction) or
  // broken is closed rather than handed to the next caller.
  const bool reusable = connection->usable() && connection->idle();
  {
    std::lock_guard lock(mutex_);
    if (reusable) idle_.push_back(std::move(connection));
    else --open_;
  }
  returned_.notify_one();
}

Pool::Lease::Lease(Pool& pool, std::chrono::milliseconds wait_limit)
    : pool_(pool), connection_(pool.take(wait_limit)) {}

Pool::Lease::~Lease() { pool_.give_back(std::move(connection_)); }

}  // namespace taskbox::storage::postgres::detail

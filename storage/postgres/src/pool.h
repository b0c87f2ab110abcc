#pragma once
// Internal: a bounded pool of connections to one PostgreSQL database, and the boundary
// where libpq failures become core::Error.
//
// At most `size` connections are open; one is made when a caller finds none idle and
// the bound allows, and a caller that finds the pool exhausted waits a bounded time. A
// connection that failed for good (server gone, admin shutdown) or that the server
// closed while it sat idle is dropped, so a server that went away and came back is
// reached again on the next call, without a restart; while it is away, calls throw
// `unavailable`. Every round trip (the wait for a connection and the statements) is a
// core::WaitingScope: the server gives this request's CPU place to another meanwhile.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "connection.h"
#include "taskbox/core/error.h"
#include "taskbox/core/waiting.h"

namespace taskbox::storage::postgres::detail {

// The core::Error for `failure` in `operation`: a full disk `storage_full`; a lost
// server, a shutdown, exhausted server resources or a conflict that kept recurring
// `unavailable`; the rest `internal_error`. The message goes to the log detail only.
core::Error translate(const Failure& failure, const char* operation);

class Pool {
 public:
  Pool(std::string conninfo, unsigned size, bool durable_commits);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // How long a caller waits for a connection before `unavailable` ("busy").
  static constexpr std::chrono::milliseconds kWaitLimit{5000};
  // How many times a transaction that hit a serialization failure or deadlock is run.
  static constexpr int kAttempts = 4;

  // Runs `fn(Connection&)` on a pooled connection; each statement commits on its own
  // unless `fn` opens a Transaction. Run again (a new connection, from the start) when it
  // failed with a serialization failure or deadlock; `fn` must allow that.
  template <typename Fn>
  auto run(const char* operation, Fn&& fn, std::chrono::milliseconds wait_limit = kWaitLimit) {
    const core::WaitingScope waiting;
    for (int attempt = 1;; ++attempt) {
      try {
        Lease lease(*this, wait_limit);
        return fn(lease.connection());
      } catch (const Failure& failure) {
        if (failure.retryable() && attempt < kAttempts) continue;
        throw translate(failure, operation);
      }
    }
  }

  // Like run(), with `fn` inside one transaction that commits when it returns and rolls
  // back when it throws.
  template <typename Fn>
  auto transaction(const char* operation, Fn&& fn) {
    return run(operation, [&](Connection& c) {
      Transaction transaction(c);
      if constexpr (std::is_void_v<decltype(fn(c))>) {
        fn(c);
        transaction.commit();
      } else {
        auto result = fn(c);
        transaction.commit();
        return result;
      }
    });
  }

 private:
  class Lease {
   public:
    Lease(Pool& pool, std::chrono::milliseconds wait_limit);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& connection() { return *connection_; }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> connection_;
  };

  std::unique_ptr<Connection> take(std::chrono::milliseconds wait_limit);
  void give_back(std::unique_ptr<Connection> connection) noexcept;

  const std::string conninfo_;
  const unsigned size_;
  const bool durable_commits_;

  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  unsigned open_ = 0;  // connections idle or leased, and ones being made
};

}  // namespace taskbox::storage::postgres::detail

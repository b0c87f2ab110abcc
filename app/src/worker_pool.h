#pragma once
// The pool of threads that serve connections (one connection per thread while it is
// open). Hand-written over httplib::TaskQueue because the library's pool grows only when
// no thread is idle at the moment of a new connection, and idle threads that were
// notified but not yet awake still count: a burst of connections (slow clients, or
// 200 keep-alive clients at once) could be queued behind the base threads forever.
// This one starts a thread whenever the queue holds more jobs than idle threads.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

#include "http.h"

namespace taskbox::app {

class WorkerPool final : public httplib::TaskQueue {
 public:
  // At least `min_threads` stay; up to `max_threads` run; a thread beyond the minimum
  // that found no job for `idle_timeout` exits.
  WorkerPool(std::size_t min_threads, std::size_t max_threads,
             std::chrono::milliseconds idle_timeout = std::chrono::seconds(3));
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`; false after shutdown().
  bool enqueue(std::function<void()> job) override;
  // Runs what is queued, then waits for every thread to finish.
  void shutdown() override;

  std::size_t threads() const;
  std::size_t queued() const;

 private:
  void work();

  const std::size_t min_threads_;
  const std::size_t max_threads_;
  const std::chrono::milliseconds idle_timeout_;
  mutable std::mutex mutex_;
  std::condition_variable job_ready_;
  std::condition_variable all_stopped_;
  std::deque<std::function<void()>> jobs_;
  std::size_t threads_ = 0;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

}  // namespace taskbox::app

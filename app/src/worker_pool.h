#pragma once
// The threads that serve requests. Two limits:
//   - `places`: how many jobs use the CPU at once. More jobs wait in the queue, in the
//     order they came, rather than as runnable threads: with a thread per busy connection,
//     threads convoyed on the reader pool and SQLite's locks whenever a holder was
//     preempted, and which one went next was luck (README, "Where the tail came from").
//   - `max_threads`: how many threads exist. A job that waits for something other than
//     the CPU (a slow client, the writer's commit, the password hasher) gives its place up
//     for that wait (step_aside/step_back, or core::WaitingScope), keeps its thread, and
//     another thread takes the next job meanwhile.
// Hand-written over httplib::ThreadPool, which has neither limit and grows only when no
// thread is idle at the moment of a new job (notified but not yet awake counts as idle).
// A thread must never wait, while holding a place, on something that a thread without a
// place holds: it could wait for a place that never frees.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

#include "taskbox/core/wakeup.h"

namespace taskbox::app {

class WorkerPool final {
 public:
  // At least `min_threads` stay; up to `max_threads` run; a thread beyond the minimum
  // that found no job for `idle_timeout` exits. `places` 0: no limit but the threads.
  WorkerPool(std::size_t min_threads, std::size_t max_threads, std::size_t places = 0,
             std::chrono::milliseconds idle_timeout = std::chrono::seconds(3));
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`; false after shutdown().
  bool enqueue(std::function<void()> job);
  // Runs what is queued, then waits for every thread to finish.
  void shutdown();

  // For the job running on the current thread: give its place up for a wait, and take
  // one again after it (waiting behind the others that asked first). Nothing when the
  // thread runs no job of a pool with places. Nested calls count.
  static void step_aside();
  static void step_back();
  class Aside {
   public:
    Aside() { step_aside(); }
    ~Aside() { step_back(); }
    Aside(const Aside&) = delete;
    Aside& operator=(const Aside&) = delete;
  };

  std::size_t threads() const;
  std::size_t queued() const;
  std::size_t running() const;

 private:
  struct Returning {
    core::Wakeup wakeup;  // NOTE: not the pool's mutex (core/wakeup.h says why)
    bool admitted = false;
  };

  void work();
  bool place_free() const { return places_ == 0 || running_ < places_; }
  bool can_start_job() const { return !jobs_.empty() && place_free() && returning_.empty(); }
  // Gives free places to the jobs returning from a wait, first come first served.
  void admit_returning();
  // For a job that may start now: starts a thread, or returns true when an idle thread
  // should be woken (job_ready_, notified once the mutex is released).
  bool find_thread_for_job();
  void leave_place();
  void take_place();

  const std::size_t min_threads_;
  const std::size_t max_threads_;
  const std::size_t places_;
  const std::chrono::milliseconds idle_timeout_;
  mutable std::mutex mutex_;
  std::condition_variable job_ready_;
  std::condition_variable all_stopped_;
  std::deque<std::function<void()>> jobs_;
  std::deque<Returning*> returning_;  // NOTE: each lives on its thread's stack until admitted
  std::size_t threads_ = 0;
  std::size_t idle_ = 0;
  std::size_t starting_ = 0;  // started, not yet looking for jobs: as good as idle
  std::size_t running_ = 0;
  bool stopping_ = false;
};

}  // namespace taskbox::app

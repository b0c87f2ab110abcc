#include "worker_pool.h"

#include <algorithm>
#include <thread>

namespace taskbox::app {
namespace {

// The pool whose job the current thread runs, whether the job holds its place now, and
// how deep it is in waits that gave the place up.
struct CurrentJob {
  WorkerPool* pool = nullptr;
  bool holding = false;
  int aside_depth = 0;
};

thread_local CurrentJob current;

}  // namespace

WorkerPool::WorkerPool(std::size_t min_threads, std::size_t max_threads, std::size_t places,
                       std::chrono::milliseconds idle_timeout)
    : min_threads_(std::min(min_threads, std::max<std::size_t>(1, max_threads))),
      max_threads_(std::max<std::size_t>(1, max_threads)),
      places_(places),
      idle_timeout_(idle_timeout) {}

WorkerPool::~WorkerPool() { shutdown(); }

bool WorkerPool::enqueue(std::function<void()> job) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    jobs_.push_back(std::move(job));
    wake = find_thread_for_job();
  }
  if (wake) job_ready_.notify_one();
  return true;
}

// NOTE: an idle thread is woken by the caller after it released the mutex: woken under
// it, the thread blocked on the mutex at once (30 % of the create scenario's context
// switches were such waits on this mutex).
bool WorkerPool::find_thread_for_job() {
  if (!can_start_job()) return false;
  // NOTE: idle threads take one startable job each; only the jobs beyond them need a new
  // thread (a notified thread that is not awake yet still counts as idle).
  const std::size_t startable = places_ == 0 ? jobs_.size() : std::min(jobs_.size(), places_ - running_);
  if (startable > idle_ + starting_ && threads_ < max_threads_) {
    ++threads_;
    ++starting_;
    std::thread([this] { work(); }).detach();
    return false;
  }
  return true;
}

void WorkerPool::admit_returning() {
  while (place_free() && !returning_.empty()) {
    Returning* next = returning_.front();
    returning_.pop_front();
    ++running_;
    next->wakeup.signal([next] { next->admitted = true; });
  }
}

void WorkerPool::work() {
  std::unique_lock lock(mutex_);
  --starting_;
  while (true) {
    if (can_start_job()) {
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      ++running_;
      current = CurrentJob{this, true, 0};
      lock.unlock();
      job();
      job = nullptr;  // NOTE: what the job holds is released outside the lock
      lock.lock();
      if (current.holding) --running_;
      current = CurrentJob{};
      admit_returning();  // NOTE: this thread takes the next queued job itself
      continue;
    }
    if (stopping_ && jobs_.empty()) {
      job_ready_.notify_all();  // NOTE: the idle ones may stop too
      break;
    }
    ++idle_;
    const auto has_work = [this] { return can_start_job() || (stopping_ && jobs_.empty()); };
    bool woken = true;
    if (threads_ <= min_threads_) {
      job_ready_.wait(lock, has_work);
    } else {
      woken = job_ready_.wait_for(lock, idle_timeout_, has_work);
    }
    --idle_;
    // NOTE: threads idle at the same moment all time out together; the ones that find
    // the pool at its minimum stay.
    if (!woken && threads_ > min_threads_) break;
  }
  // NOTE: the last touch of the pool; shutdown() returns only after every thread
  // passed here, so the pool outlives its threads.
  if (--threads_ == 0) all_stopped_.notify_all();
}

void WorkerPool::leave_place() {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    --running_;
    admit_returning();
    wake = find_thread_for_job();  // NOTE: this thread waits now; another takes the next job
  }
  if (wake) job_ready_.notify_one();
}

void WorkerPool::take_place() {
  std::unique_lock lock(mutex_);
  if (place_free() && returning_.empty()) {
    ++running_;
    return;
  }
  Returning me;
  returning_.push_back(&me);
  lock.unlock();
  me.wakeup.wait([&] { return me.admitted; });
}

void WorkerPool::step_aside() {
  if (current.aside_depth++ == 0 && current.holding) {
    current.holding = false;
    current.pool->leave_place();
  }
}

void WorkerPool::step_back() {
  if (--current.aside_depth == 0 && current.pool != nullptr && !current.holding) {
    current.pool->take_place();
    current.holding = true;
  }
}

void WorkerPool::shutdown() {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  job_ready_.notify_all();
  all_stopped_.wait(lock, [this] { return threads_ == 0; });
}

std::size_t WorkerPool::threads() const {
  std::lock_guard lock(mutex_);
  return threads_;
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return jobs_.size();
}

std::size_t WorkerPool::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

}  // namespace taskbox::app

#include "worker_pool.h"

#include <algorithm>
#include <thread>

namespace taskbox::app {

WorkerPool::WorkerPool(std::size_t min_threads, std::size_t max_threads, std::chrono::milliseconds idle_timeout)
    : min_threads_(std::min(min_threads, std::max<std::size_t>(1, max_threads))),
      max_threads_(std::max<std::size_t>(1, max_threads)),
      idle_timeout_(idle_timeout) {}

WorkerPool::~WorkerPool() { shutdown(); }

bool WorkerPool::enqueue(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    jobs_.push_back(std::move(job));
    // NOTE: idle threads take one queued job each; only the jobs beyond them need a
    // new thread.
    if (jobs_.size() > idle_ && threads_ < max_threads_) {
      ++threads_;
      std::thread([this] { work(); }).detach();
    }
  }
  job_ready_.notify_one();
  return true;
}

void WorkerPool::work() {
  std::unique_lock lock(mutex_);
  while (true) {
    if (!jobs_.empty()) {
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
      continue;
    }
    if (stopping_) break;
    ++idle_;
    const auto has_work = [this] { return !jobs_.empty() || stopping_; };
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

}  // namespace taskbox::app

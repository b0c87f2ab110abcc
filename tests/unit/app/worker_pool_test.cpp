#include "worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace taskbox::app {
namespace {

using namespace std::chrono_literals;

// A gate every job waits at until `expected` jobs arrived, or `timeout` passed.
class Gate {
 public:
  explicit Gate(int expected) : expected_(expected) {}
  // True when every expected job reached the gate in time.
  bool arrive_and_wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    ++arrived_;
    peak_ = std::max(peak_, arrived_ - left_);
    all_here_.notify_all();
    const bool complete = all_here_.wait_for(lock, timeout, [&] { return arrived_ >= expected_; });
    ++left_;
    return complete;
  }
  int peak() const {
    std::lock_guard lock(mutex_);
    return peak_;
  }

 private:
  const int expected_;
  mutable std::mutex mutex_;
  std::condition_variable all_here_;
  int arrived_ = 0;
  int left_ = 0;
  int peak_ = 0;
};

// Every job of a burst runs at once, up to the maximum. (The library's pool left some
// queued behind its base threads when those were slow to wake: seen under TSan, where
// 200 slow connections on 64 workers got 8 threads.)
TEST(WorkerPool, ABurstOfLongJobsRunsAtOnce) {
  constexpr int kJobs = 50;
  Gate gate(kJobs);
  std::atomic<int> completed{0};
  {
    WorkerPool pool(2, 64);
    for (int i = 0; i < kJobs; ++i) {
      ASSERT_TRUE(pool.enqueue([&] {
        if (gate.arrive_and_wait(10s)) ++completed;
      }));
    }
  }  // the destructor waits for every job
  EXPECT_EQ(completed.load(), kJobs) << "some jobs waited in the queue while others ran";
}

TEST(WorkerPool, NeverRunsMoreThanTheMaximum) {
  Gate gate(10);  // never complete: at most 4 run together
  {
    WorkerPool pool(1, 4);
    for (int i = 0; i < 10; ++i) pool.enqueue([&] { gate.arrive_and_wait(50ms); });
    EXPECT_LE(pool.threads(), 4u);
  }
  EXPECT_EQ(gate.peak(), 4);
}

TEST(WorkerPool, ShutdownRunsWhatIsQueuedThenRefusesMore) {
  std::atomic<int> ran{0};
  WorkerPool pool(1, 1);
  for (int i = 0; i < 20; ++i) pool.enqueue([&] { ++ran; });
  pool.shutdown();
  EXPECT_EQ(ran.load(), 20);
  EXPECT_EQ(pool.threads(), 0u);
  EXPECT_FALSE(pool.enqueue([&] { ++ran; }));
}

TEST(WorkerPool, ThreadsBeyondTheMinimumExitWhenIdle) {
  WorkerPool pool(1, 8, 0, 20ms);
  Gate gate(6);
  for (int i = 0; i < 6; ++i) pool.enqueue([&] { gate.arrive_and_wait(5s); });
  for (int i = 0; i < 500 && pool.threads() > 1; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(pool.threads(), 1u);
  EXPECT_EQ(pool.queued(), 0u);
}

}  // namespace
}  // namespace taskbox::app
